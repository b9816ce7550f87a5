"""What a sentence keeps, who reads it, and the statistics kept from it."""

import datetime

import pytest
from django.db import IntegrityError

from coalition.core import access
from coalition.sentences import aggregates
from coalition.sentences.models import Figure, Sentence, Source, court_file_hash
from coalition.sentences.tests.factories import sentence

pytestmark = pytest.mark.django_db


def test_the_court_file_number_is_kept_only_as_a_keyed_hash(countries, settings):
    record = sentence(countries["GT"], court_file="C-01077-2021-00012")
    stored = Sentence.objects.values().get(pk=record.pk)
    assert "01077" not in str(stored)
    assert record.court_file_hash == court_file_hash("GT", "c 01077 2021 00012")
    settings.SENTENCE_HASH_KEY = "another key entirely, of enough length"
    assert record.court_file_hash != court_file_hash("GT", "C-01077-2021-00012")


def test_the_same_court_file_twice_in_one_country_is_refused(countries):
    sentence(countries["GT"], court_file="C-1-2021")
    with pytest.raises(IntegrityError):
        sentence(countries["GT"], court_file="c1/2021")


def test_the_same_court_file_number_in_two_countries_is_two_files(countries):
    sentence(countries["GT"], court_file="C-1-2021")
    sentence(countries["CR"], court_file="C-1-2021")
    assert Sentence.objects.count() == 2


def test_the_reference_is_pseudonymous_and_names_country_and_year(countries):
    record = sentence(countries["CR"], final_date=datetime.date(2022, 1, 5))
    assert record.reference.startswith("CR-2022-")
    assert len(record.reference) == len("CR-2022-") + 6


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("regional_admin", {"GT", "CR"}),
        ("gt_editor", {"GT"}),
        ("cr_editor", {"CR"}),
        ("cr_contributor", set()),
        ("partner", set()),
        ("auditor", set()),
    ],
)
def test_records_are_read_by_their_country_editors_and_regional_admins_only(
    personas, countries, persona, sees
):
    sentence(countries["GT"])
    sentence(countries["CR"])
    user = personas[persona]
    for action in ("view", "edit", "export", "approve"):
        visible = access.restrict(Sentence.objects.all(), user, action)
        assert {s.country.iso2 for s in visible} == sees, action


def _value(country, indicator, dimension="total", category="total", sex="total", age="total"):
    return (
        Figure.objects.filter(
            source=Source.national(),
            country=country,
            indicator=indicator,
            dimension=dimension,
            category=category,
            sex=sex,
            age=age,
        )
        .values_list("value", flat=True)
        .first()
    )


def test_the_statistics_follow_every_write(countries):
    gt = countries["GT"]
    sentence(
        gt,
        forms=("sexual", "forced_labour"),
        defendants=(
            ("convicted", "male", "adult", "GT", 2),
            ("convicted", "female", "adult", "HN", 1),
            ("acquitted", "male", "adult", "GT", 1),
        ),
        victims=(
            ("female", "minor", "GT", "sexual", 3),
            ("male", "adult", "HN", "forced_labour", 2),
        ),
    )
    assert _value(gt, "convicted") == 3
    assert _value(gt, "prosecuted") == 4
    assert _value(gt, "convicted", sex="female", age="adult") == 1
    assert _value(gt, "convicted", dimension="citizenship", category="HN") == 1
    assert _value(gt, "convicted", dimension="exploitation", category="mixed") == 3
    assert _value(gt, "victims") == 5
    assert _value(gt, "victims", age="minor") == 3
    assert _value(gt, "victims", dimension="exploitation", category="forced_labour") == 2
    second = sentence(gt, defendants=(("convicted", "male", "minor", "SV", 1),))
    assert _value(gt, "convicted") == 4
    second.delete()
    aggregates.refresh(gt.pk, [second.year])
    assert _value(gt, "convicted") == 3


def test_refreshing_everything_gives_the_figures_kept_on_write(countries):
    sentence(countries["GT"])
    sentence(countries["CR"], final_date=datetime.date(2020, 2, 2))
    kept = sorted(
        Figure.objects.values_list(
            "country_id", "year", "indicator", "category", "sex", "age", "value"
        )
    )
    aggregates.refresh_all()
    again = sorted(
        Figure.objects.values_list(
            "country_id", "year", "indicator", "category", "sex", "age", "value"
        )
    )
    assert kept == again and kept
