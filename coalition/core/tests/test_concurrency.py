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


def test_the_version_a_form_carries_is_never_counted_as_a_change_the_user_made(countries):
    """The token is signed with the second it was made: the one drawn again when the form
    comes back differs from the page's after a second, and that is no change of values (a
    progress saved with a file and the same values adds no version to its history)."""
    from unittest import mock

    from django import forms as django_forms

    from coalition.core import concurrency, stale
    from coalition.core.models import Country

    country = countries["CR"]
    with mock.patch("django.core.signing.time.time", return_value=1_700_000_000):
        sent = concurrency.token(country)
    form_class = django_forms.modelform_factory(Country, fields=["name_es"])
    form = form_class({"name_es": country.name_es, stale.FIELD: sent}, instance=country)
    stale.add_field(form, country)
    assert form.initial[stale.FIELD] != sent
    assert form.is_valid()
    assert not form.has_changed()
