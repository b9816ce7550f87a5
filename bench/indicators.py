"""Benchmark of the Palermo indicators' regional comparison matrix.

Nine countries (the member countries and the regional level) × fifteen years × a framework
of sixty indicators in five pillars, every assessment answered in full (scores varied from a
fixed random seed) and approved. Then the median time of the matrix page for one year, as a
regional administrator and as a country editor, and the number of queries each request
makes (bounded: it must not grow with the countries, years or indicators).

Run from the repository root: ``.venv/bin/python bench/indicators.py`` (or ``make bench``).
It uses a throwaway SQLite database under /tmp and never touches var/. With ``--postgres``
it uses the database of ``DATABASE_URL`` instead, which must be a throwaway PostgreSQL one.
"""

import os
import random
import statistics
import time
from decimal import Decimal

import harness

SUFFIX = harness.start(postgres_allowed=True)

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from coalition.core.choices import ApprovalState  # noqa: E402
from coalition.core.models import Approval, Country  # noqa: E402
from coalition.indicators import scoring  # noqa: E402
from coalition.indicators.models import (  # noqa: E402
    APPROVAL_KIND,
    Answer,
    Assessment,
    Framework,
    Indicator,
    Instrument,
    Pillar,
)

COUNTRIES = 9
YEARS = list(range(2010, 2025))
PILLARS = ("prosecution", "protection", "prevention", "coordination", "cooperation")
PER_PILLAR = 12  # 60 indicators
REQUESTS = 20
WARM_UP = 2
PAGE_TARGET_MS = 100
QUERY_TARGET = 20
SEED = 20261203
# (answer type, scoring rule, target, the field its answer fills)
KINDS = (
    ("ynp", "ynp", None),
    ("scale", "scale", None),
    ("number", "target", Decimal(20)),
    ("percent", "target", Decimal(100)),
)


def framework():
    """A framework of five pillars of twelve indicators each."""
    made = Framework.objects.create(code="palermo", version=1, name_es="Palermo", name_en="Palermo")
    protocol = Instrument.objects.create(
        code="tip-protocol", short_name_es="Protocolo", name_es="Protocolo de Palermo"
    )
    indicators = []
    for p, code in enumerate(PILLARS, 1):
        pillar = Pillar.objects.create(
            framework=made, code=code, order=p, name_es=code.title(), name_en=code.title()
        )
        for n in range(1, PER_PILLAR + 1):
            answer_type, rule, target = KINDS[n % len(KINDS)]
            indicators.append(
                Indicator(
                    framework=made,
                    pillar=pillar,
                    code=f"P{p}-{n:02d}",
                    order=n,
                    question_es=f"Pregunta {n}",
                    question_en=f"Question {n}",
                    instrument=protocol,
                    article=str(5 + p),
                    answer_type=answer_type,
                    scoring_rule=rule,
                    target=target,
                    weight=Decimal(1 + n % 2),
                )
            )
    Indicator.objects.bulk_create(indicators)
    return made, list(Indicator.objects.filter(framework=made))


def value_for(rng, indicator):
    if indicator.answer_type == "ynp":
        return rng.choice(("yes", "partial", "no"))
    if indicator.answer_type == "scale":
        return Decimal(rng.randint(0, 4))
    return Decimal(rng.randint(0, int(indicator.target)))


def assessments(made, indicators):
    """Every country's fifteen years, answered in full and approved."""
    rng = random.Random(SEED)
    countries = list(Country.objects.active().order_by("is_regional", "iso2")[:COUNTRIES])
    with transaction.atomic():
        records = Assessment.objects.bulk_create(
            Assessment(country=country, year=year, framework=made)
            for country in countries
            for year in YEARS
        )
        answers = []
        for record in records:
            for indicator in indicators:
                value = value_for(rng, indicator)
                field = scoring.FIELD_OF[indicator.answer_type]
                answers.append(
                    Answer(
                        assessment=record,
                        indicator=indicator,
                        score=scoring.score(indicator, value),
                        **{field: value},
                    )
                )
        Answer.objects.bulk_create(answers, batch_size=2000)
        Approval.objects.bulk_create(
            Approval(kind=APPROVAL_KIND, country=c, year=y, state=ApprovalState.APPROVED)
            for c in countries
            for y in YEARS
        )
    return len(countries), len(records), len(answers)


def measure(client, url):
    """(median ms, queries of one request)."""
    for _n in range(WARM_UP):
        assert client.get(url).status_code == 200
    times = []
    for _n in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.content.count(b'class="matrix-score"') >= COUNTRIES * (len(PILLARS) + 1)
    return statistics.median(times), len(captured)


def main():
    call_command("migrate", verbosity=0)
    call_command("load_countries", stdout=open(os.devnull, "w"))  # noqa: SIM115
    made, indicators = framework()
    started = time.perf_counter()
    countries, records, answers = assessments(made, indicators)
    print(
        f"bench-note: {countries} countries × {len(YEARS)} years × {len(indicators)} indicators: "
        f"{records} assessments, {answers:,} answers in {time.perf_counter() - started:.1f} s"
    )
    url = reverse("indicator-matrix") + f"?year={YEARS[-1]}"
    users = (
        ("regional_admin", harness.regional_admin()),
        ("country_editor", harness.country_editor()),
    )
    for name, user in users:
        median, queries = measure(harness.signed_in_client(user), url)
        harness.figure(
            f"indicators_matrix_median_{name}{SUFFIX}", median, "ms", "<", PAGE_TARGET_MS
        )
        harness.figure(
            f"indicators_matrix_queries_{name}{SUFFIX}", queries, "queries", "<=", QUERY_TARGET, 0
        )


if __name__ == "__main__":
    harness.run(main)
