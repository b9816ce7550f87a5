"""Benchmark of the court sentences: the import (``sentences_import.py``), then the statistics.

Import: 100,000 record-level rows in under 10 s, with a peak memory that does not grow
with the file (see ``sentences_import.py``).

Statistics: 1,000,000 record-level sentences (``--records N`` for fewer) of the eight member
countries over fifteen years, each with its defendants and victims counted, inserted in bulk
from a fixed random seed, and the national-records statistics computed from them
(``aggregates.refresh_all``, what every write keeps current). Then the median time of the
regional statistics page for a regional administrator (every figure exact) and for a country
editor (their country exact; the other countries' approved years protected by the disclosure
control), against the bare ``GROUP BY`` over the record tables that the page does not run,
whose time is printed for reference; the bench fails when the page's figures differ from the
GROUP BY's.

Run from the repository root: ``.venv/bin/python bench/sentences.py`` (or ``make bench``).
It uses a throwaway SQLite database under /tmp and never touches var/. With ``--postgres``
it uses the database of ``DATABASE_URL`` instead, which must be a throwaway PostgreSQL one.
"""

import datetime
import json
import os
import random
import statistics
import sys
import time
from collections import defaultdict

import harness
import sentences_import

SUFFIX = harness.start(postgres_allowed=True)

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.urls import reverse  # noqa: E402

from coalition.core.choices import ApprovalState  # noqa: E402
from coalition.core.models import Approval, Country  # noqa: E402
from coalition.sentences import aggregates  # noqa: E402
from coalition.sentences.models import (  # noqa: E402
    APPROVAL_KIND,
    DefendantCount,
    Sentence,
    Source,
    VictimCount,
    exploitation_key,
)
from coalition.sentences.statistics import tables  # noqa: E402

RECORDS = 1_000_000
YEARS = list(range(2010, 2025))
BATCH = 20_000
REQUESTS = 20
WARM_UP = 2
PAGE_TARGET_MS = 100
SEED = 20261203
FORMS = [["sexual"]] * 50 + [["forced_labour"]] * 20 + [["sexual", "forced_labour"]] * 10
FORMS += [["domestic_servitude"]] * 6 + [["forced_begging"]] * 4 + [["illegal_adoption"]] * 2
FORMS += [[]] * 8
SEXES = ["female"] * 45 + ["male"] * 50 + ["other"] + ["unknown"] * 4
AGES = ["adult"] * 70 + ["minor"] * 25 + ["unknown"] * 5
OUTCOMES = ["convicted"] * 3 + ["acquitted"]
DEFENDANT_AGES = ["adult"] * 90 + ["minor"] * 2 + ["unknown"] * 8
VICTIM_FORMS = ["sexual"] * 60 + ["forced_labour"] * 25 + ["domestic_servitude"] * 10
VICTIM_FORMS += ["forced_begging", "forced_marriage", "other", "mixed", "organ_removal"]


def records_wanted():
    """``--records N`` (for developing the bench), else one million."""
    args = sys.argv[1:]
    if "--records" in args:
        return int(args[args.index("--records") + 1])
    return RECORDS


# --- the data -------------------------------------------------------------------------------


def insert_sentences(count):
    """``count`` sentences with one or two rows of defendants and of victims, inserted with
    ``executemany`` in batches (the ORM one by one would take hours)."""
    rng = random.Random(SEED)
    countries = list(Country.objects.members().active().values_list("pk", "iso2"))
    citizenships = [iso2 for _pk, iso2 in countries] + ["MX", "XX"]
    json_cast = "::jsonb" if connection.vendor == "postgresql" else ""
    sentence_sql = (
        f"INSERT INTO {Sentence._meta.db_table} (id, created, updated, country_id, reference, "
        "court_file_hash, court_level, area_id, final_date, year, exploitation_forms, "
        "prison_years, fine_amount, reparation_ordered, reparation_amount, summary, "
        f"created_by_id) VALUES (%s, %s, %s, %s, %s, %s, %s, NULL, %s, %s, %s{json_cast}, "
        "%s, NULL, %s, NULL, '', NULL)"
    )
    counted = "sex, age_group, citizenship, count, sentence_id"
    defendant_sql = (
        f"INSERT INTO {DefendantCount._meta.db_table} ({counted}, outcome) "
        "VALUES (%s, %s, %s, %s, %s, %s)"
    )
    victim_sql = (
        f"INSERT INTO {VictimCount._meta.db_table} ({counted}, exploitation) "
        "VALUES (%s, %s, %s, %s, %s, %s)"
    )
    now = datetime.datetime.now(datetime.UTC)
    for start in range(0, count, BATCH):
        sentences, defendants, victims = [], [], []
        for pk in range(start + 1, min(start + BATCH, count) + 1):
            country_id, iso2 = countries[pk % len(countries)]
            year = YEARS[(pk // len(countries)) % len(YEARS)]
            day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
            forms = rng.choice(FORMS)
            sentences.append(
                (pk, now, now, country_id, f"{iso2}-{year}-{pk:08d}", f"{pk:064x}",
                 "first_instance", day, year, json.dumps(forms),
                 rng.choice((None, 5, 8, 12, 15)), rng.random() < 0.3)
            )  # fmt: skip
            cells = set()
            for _n in range(rng.choice((1, 1, 2))):
                cell = (
                    rng.choice(OUTCOMES),
                    rng.choice(SEXES),
                    rng.choice(DEFENDANT_AGES),
                    rng.choice([iso2] * 6 + citizenships),
                )
                if cell not in cells:
                    cells.add(cell)
                    defendants.append((*cell[1:], rng.randint(1, 3), pk, cell[0]))
            cells = set()
            for _n in range(rng.choice((1, 2))):
                cell = (
                    rng.choice(SEXES),
                    rng.choice(AGES),
                    rng.choice([iso2] * 8 + citizenships),
                    rng.choice(VICTIM_FORMS),
                )
                if cell not in cells:
                    cells.add(cell)
                    victims.append((*cell[:3], rng.randint(1, 4), pk, cell[3]))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sentence_sql, sentences)
            cursor.executemany(defendant_sql, defendants)
            cursor.executemany(victim_sql, victims)


def approve_all_but_the_last_year():
    """Every country's years approved but the last: the other countries' approved figures
    are what a country editor's regional page protects."""
    Approval.objects.bulk_create(
        Approval(kind=APPROVAL_KIND, country=country, year=year, state=ApprovalState.APPROVED)
        for country in Country.objects.members().active()
        for year in YEARS[:-1]
    )


# --- the statistics ------------------------------------------------------------------------


def group_by(country_id=None):
    """The page's figures from the record tables themselves: the bare GROUP BY that the
    statistics table spares every page. {(indicator, kind, ...): value}."""
    where = "" if country_id is None else f"WHERE s.country_id = {int(country_id)}"
    sentence = Sentence._meta.db_table
    defendants_sql = (
        "SELECT s.country_id, s.year, s.exploitation_forms, d.outcome, d.sex, d.age_group, "
        f"d.citizenship, SUM(d.count) FROM {DefendantCount._meta.db_table} d JOIN {sentence} s "
        f"ON s.id = d.sentence_id {where} GROUP BY s.country_id, s.year, s.exploitation_forms, "
        "d.outcome, d.sex, d.age_group, d.citizenship"
    )
    victims_sql = (
        "SELECT s.country_id, s.year, v.exploitation, v.sex, v.age_group, v.citizenship, "
        f"SUM(v.count) FROM {VictimCount._meta.db_table} v JOIN {sentence} s "
        f"ON s.id = v.sentence_id {where} GROUP BY s.country_id, s.year, v.exploitation, "
        "v.sex, v.age_group, v.citizenship"
    )
    with connection.cursor() as cursor:
        cursor.execute(defendants_sql)
        defendants = cursor.fetchall()
        cursor.execute(victims_sql)
        victims = cursor.fetchall()
    values = defaultdict(int)

    def add(indicator, country, year, sex, age, citizenship, form, n):
        for key in (
            (indicator, "year", year),
            (indicator, "country", country),
            (indicator, "total"),
            (indicator, "cell", sex, age),
            (indicator, "sex", sex),
            (indicator, "age", age),
            (indicator, "citizenship", citizenship),
            (indicator, "exploitation", form or tables.UNRECORDED),
        ):
            values[key] += n

    for country, year, forms, outcome, sex, age, citizenship, n in defendants:
        forms = json.loads(forms) if isinstance(forms, str) else forms
        form = exploitation_key(forms)
        add("prosecuted", country, year, sex, age, citizenship, form, n)
        if outcome == "convicted":
            add("convicted", country, year, sex, age, citizenship, form, n)
    for country, year, form, sex, age, citizenship, n in victims:
        add("victims", country, year, sex, age, citizenship, form, n)
    return dict(values)


def page_values(user, country_ids):
    """The figures the statistics page shows ``user`` (all of them exact here)."""
    stats = tables.compute(user, Source.national(), country_ids, YEARS)
    people = set(tables.INDICATORS)
    return {key: count.value for key, count in stats.values.items() if key[0] in people}


def same_figures(name, expected, shown):
    """Fail the bench when the page and the GROUP BY disagree on any figure."""
    differing = [
        key for key in set(expected) | set(shown) if expected.get(key, 0) != (shown.get(key) or 0)
    ]
    if differing:
        print(f"bench-note: {name}: figures that differ, e.g. {sorted(differing)[:3]}")
    print(f"bench-note: {name}: {len(expected)} figures compared with the GROUP BY")
    harness.figure(f"statistics_figures_differing_{name}", len(differing), "figures", "==", 0, 0)


def median_ms(client, url):
    for _n in range(WARM_UP):
        client.get(url)
    times = []
    for _n in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(times)


def statistics_bench(count):
    """Insert ``count`` sentences, then time the regional statistics page and the GROUP BY."""
    started = time.perf_counter()
    insert_sentences(count)
    print(f"bench-note: inserted {count:,} sentences in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    aggregates.refresh_all()
    took = time.perf_counter() - started
    print(f"bench-note: statistics of {count:,} sentences computed in {took:.1f} s")
    approve_all_but_the_last_year()
    admin = harness.regional_admin()
    editor = harness.country_editor("GT")
    members = list(Country.objects.members().active().values_list("pk", flat=True))
    guatemala = Country.objects.get(iso2="GT").pk

    times = []
    for _n in range(3):
        started = time.perf_counter()
        expected = group_by()
        times.append((time.perf_counter() - started) * 1000)
    print(
        f"bench-note: sentences_group_by_median{SUFFIX} {statistics.median(times):.1f} ms "
        "(the bare GROUP BY over the record tables, which the page does not run)"
    )
    same_figures("regional_admin", expected, page_values(admin, members))
    same_figures("country_editor", group_by(guatemala), page_values(editor, [guatemala]))

    url = reverse("sentence-statistics")
    for name, user in (("regional_admin", admin), ("country_editor", editor)):
        client = harness.signed_in_client(user)
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        first = (time.perf_counter() - started) * 1000
        median = median_ms(client, url)
        print(f"bench-note: statistics_page_first_{name}{SUFFIX} {first:.1f} ms (before any cache)")
        harness.figure(f"statistics_page_median_{name}{SUFFIX}", median, "ms", "<", PAGE_TARGET_MS)


def main():
    if "--records" not in sys.argv[1:]:
        sentences_import.measure_import()
    call_command("migrate", verbosity=0)
    call_command("load_countries", stdout=open(os.devnull, "w"))  # noqa: SIM115
    statistics_bench(records_wanted())


if __name__ == "__main__":
    harness.run(main)
