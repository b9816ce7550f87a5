"""The record versions that refuse a stale save (pages and API build on them)."""

import pytest

from coalition.core import concurrency
from coalition.core.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def institution(countries):
    return Organization.objects.create(name="Fiscalía de prueba", country=countries["CR"])


def test_a_version_changes_when_a_field_changes_and_not_when_the_record_is_saved_unchanged(
    institution,
):
    first = concurrency.version(institution)
    institution.save()
    assert concurrency.version(institution) == first
    institution.name = "Fiscalía renombrada"
    institution.save()
    assert concurrency.version(institution) != first


def test_changes_lists_what_another_person_changed_since_the_form_was_drawn(institution):
    drawn = concurrency.read_token(concurrency.token(institution))
    Organization.objects.filter(pk=institution.pk).update(name="Otra fiscalía")
    institution.refresh_from_db()
    assert concurrency.changes(drawn, institution) == [
        ("name", "Fiscalía de prueba", "Otra fiscalía")
    ]


def test_an_altered_or_missing_token_reads_as_none(institution):
    assert concurrency.read_token(concurrency.token(institution) + "x") is None
    assert concurrency.read_token("") is None
    assert concurrency.read_token(None) is None
