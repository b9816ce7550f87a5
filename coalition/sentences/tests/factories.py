"""Fictitious sentences for tests, built as the pages and the import build them."""

import datetime
import itertools

from coalition.sentences import aggregates
from coalition.sentences.models import DefendantCount, Offence, Sentence, VictimCount

_numbers = itertools.count(1)


def offence(country, category="trafficking", article=None, name="Trata de personas"):
    article = article or f"Art. {100 + next(_numbers)}"
    return Offence.objects.create(
        country=country, category=category, name=name, legal_article=article
    )


def sentence(
    country,
    *,
    final_date=datetime.date(2021, 6, 30),
    forms=("sexual",),
    defendants=(("convicted", "male", "adult", "GT", 2),),
    victims=(("female", "minor", "GT", "sexual", 3),),
    court_file=None,
    refresh=True,
    **fields,
):
    """One sentence of ``country`` with its counts: defendants as (outcome, sex, age group,
    citizenship, count), victims as (sex, age group, citizenship, form, count)."""
    record = Sentence(
        country=country,
        court_level="first_instance",
        final_date=final_date,
        exploitation_forms=list(forms),
        **fields,
    )
    record.set_court_file(court_file or f"C-{next(_numbers)}-{final_date.year}")
    record.save()
    DefendantCount.objects.bulk_create(
        DefendantCount(sentence=record, outcome=o, sex=s, age_group=a, citizenship=c, count=n)
        for o, s, a, c, n in defendants
    )
    VictimCount.objects.bulk_create(
        VictimCount(sentence=record, sex=s, age_group=a, citizenship=c, exploitation=e, count=n)
        for s, a, c, e, n in victims
    )
    if refresh:
        aggregates.refresh(country.pk, [record.year])
    return record
