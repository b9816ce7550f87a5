"""The demo sentences: fictitious, clearly marked, shaped like the region's figures."""

import pytest
from django.db.models import Sum

from coalition.sentences.demo import DEMO_MARK, load_demo_records, load_demo_sentences
from coalition.sentences.models import DefendantCount, Figure, Sentence, Source, VictimCount

pytestmark = pytest.mark.django_db


def test_the_demo_records_marked_fictitious_sentences_and_their_statistics(countries):
    created = load_demo_records("test")
    assert created == Sentence.objects.count()
    assert not Sentence.objects.exclude(summary__startswith=DEMO_MARK).exists()
    for iso2 in ("GT", "CR", "SV", "HN"):
        for year in range(2021, 2025):
            n = Sentence.objects.filter(country__iso2=iso2, year=year).count()
            assert 15 <= n <= 40, (iso2, year, n)
            assert Figure.objects.filter(
                source=Source.national(), country__iso2=iso2, year=year, indicator="convicted"
            ).exists()
    victims = VictimCount.objects.aggregate(n=Sum("count"))["n"]
    women = VictimCount.objects.filter(sex="female").aggregate(n=Sum("count"))["n"]
    minors = VictimCount.objects.filter(age_group="minor").aggregate(n=Sum("count"))["n"]
    convicted = DefendantCount.objects.filter(outcome="convicted")
    men = convicted.filter(sex="male").aggregate(n=Sum("count"))["n"]
    assert women > victims / 2
    assert victims / 4 < minors < victims / 2
    assert men > convicted.aggregate(n=Sum("count"))["n"] / 2


def test_loading_the_demo_again_changes_nothing(countries):
    load_demo_sentences("test")
    before = Sentence.objects.count()
    assert load_demo_sentences("test") == 0
    assert Sentence.objects.count() == before
