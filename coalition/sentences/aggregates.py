"""The national records' statistics, kept current from the sentences.

Reading the statistics must not scan the sentences: with a million of them the bare
``GROUP BY`` takes most of a second. As DHIS2 keeps its analytics tables, each write (a
sentence saved or deleted, an import) recomputes the figures of the (country, year) it
touched, in the same transaction, into ``Figure`` rows of the national-records source. The
statistics pages, exports, shares and other capabilities' metrics read those rows only.

Figures follow GLOTIP's grain:
- persons convicted (defendants convicted) and persons prosecuted (convicted and
  acquitted: every defendant judged by a final sentence);
- detected victims (the victims the sentences recognize);
each as a total by sex and age group (with their totals), by citizenship and by form of
exploitation (a defendant counts under the sentence's form: "mixed" when it names several);
- the penalties, as totals: final sentences, those with a prison term, the prison years
  imposed, fines, sentences ordering reparation and the amounts (rounded to whole units).
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Q, Sum

from coalition.sentences.choices import PENALTY_INDICATORS, Dimension, Indicator, Outcome
from coalition.sentences.choices import TOTAL_CATEGORY as TOTAL
from coalition.sentences.models import (
    DefendantCount,
    Figure,
    Sentence,
    Source,
    VictimCount,
    exploitation_key,
)


def _add(cells, indicator, sex, age, citizenship, exploitation, count):
    """Add ``count`` persons to every figure they fall in."""
    for figure_sex in (TOTAL, sex):
        for figure_age in (TOTAL, age):
            cells[(indicator, Dimension.TOTAL, TOTAL, figure_sex, figure_age)] += count
    cells[(indicator, Dimension.CITIZENSHIP, citizenship, TOTAL, TOTAL)] += count
    if exploitation:
        cells[(indicator, Dimension.EXPLOITATION, exploitation, TOTAL, TOTAL)] += count


def compute(country_id, year):
    """{(indicator, dimension, category, sex, age): value} of one country and year, from
    its sentences."""
    cells = defaultdict(int)
    sentences = Sentence.objects.filter(country_id=country_id, year=year)
    # Grouped by the sentence's forms, not by sentence: a handful of rows a year, not one
    # per sentence (an import of a country's history refreshes every year it wrote).
    defendants = (
        DefendantCount.objects.filter(sentence__in=sentences)
        .values("sentence__exploitation_forms", "outcome", "sex", "age_group", "citizenship")
        .annotate(n=Sum("count"))
    )
    for row in defendants:
        form = exploitation_key(row["sentence__exploitation_forms"])
        key = (row["sex"], row["age_group"], row["citizenship"], form)
        _add(cells, Indicator.PROSECUTED, *key, row["n"])
        if row["outcome"] == Outcome.CONVICTED:
            _add(cells, Indicator.CONVICTED, *key, row["n"])
    victims = (
        VictimCount.objects.filter(sentence__in=sentences)
        .values("sex", "age_group", "citizenship", "exploitation")
        .annotate(n=Sum("count"))
    )
    for row in victims:
        key = (row["sex"], row["age_group"], row["citizenship"], row["exploitation"])
        _add(cells, Indicator.VICTIMS, *key, row["n"])
    penalties = sentences.aggregate(
        **{
            Indicator.SENTENCES: Count("pk"),
            Indicator.PRISON: Count("pk", filter=Q(prison_years__gt=0)),
            Indicator.PRISON_YEARS: Sum("prison_years"),
            Indicator.FINES: Sum("fine_amount"),
            Indicator.REPARATIONS: Count("pk", filter=Q(reparation_ordered=True)),
            Indicator.REPARATION_AMOUNT: Sum("reparation_amount"),
        }
    )
    for indicator in PENALTY_INDICATORS:
        cells[(indicator, Dimension.TOTAL, TOTAL, TOTAL, TOTAL)] = round(penalties[indicator] or 0)
    return {key: value for key, value in cells.items() if value}


def refresh(country_id, years):
    """Recompute the national-records figures of ``country_id`` for each of ``years``."""
    source = Source.national()
    with transaction.atomic():
        for year in sorted(set(years)):
            Figure.objects.filter(source=source, country_id=country_id, year=year).delete()
            Figure.objects.bulk_create(
                Figure(
                    source=source,
                    country_id=country_id,
                    year=year,
                    indicator=indicator,
                    dimension=dimension,
                    category=category,
                    sex=sex,
                    age=age,
                    value=value,
                )
                for (indicator, dimension, category, sex, age), value in compute(
                    country_id, year
                ).items()
            )


def refresh_all():
    """Recompute every country and year (after a restore, or to check the kept figures)."""
    pairs = Sentence.objects.values_list("country_id", "year").distinct()
    by_country = defaultdict(set)
    for country_id, year in pairs:
        by_country[country_id].add(year)
    source = Source.national()
    with transaction.atomic():
        Figure.objects.filter(source=source).delete()
        for country_id, years in by_country.items():
            refresh(country_id, years)
