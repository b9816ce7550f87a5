"""One answer for every list page's export (``core.exports``): the format asked for, in the
language asked for, refused with 400 for a bad format, language or filter and with 403 for
those who may not export, audited with its file name, row count and filters."""

import django_filters
import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils.translation import gettext_lazy as _

from coalition.core import exports
from coalition.core.filters import FilterSet
from coalition.core.models import AuditEntry, Country
from coalition.core.tests.exported import table
from coalition.lib.exports import Column


class CodeFilterSet(FilterSet):
    iso2 = django_filters.ChoiceFilter(choices=[("CR", "CR"), ("GT", "GT")])

    class Meta:
        model = Country
        fields = ["iso2"]


COLUMNS = [Column(_("Name"), "name_en", width=30), Column(_("Code"), "iso2")]


@pytest.fixture
def ask(personas):
    def make(persona="regional_admin", **params):
        request = RequestFactory().get("/countries/", params)
        request.user = personas[persona]
        request.session = {}
        return request

    return make


def answer(request, filterset=None, **kwargs):
    return exports.respond(
        request,
        name=_("countries"),
        title=_("Countries"),
        columns=COLUMNS,
        rows=Country.objects.filter(iso2__in=["CR", "GT"]).order_by("iso2"),
        model=Country,
        filterset=filterset,
        **kwargs,
    )


def test_asked_is_any_export_parameter(ask):
    assert exports.asked(ask(export="xlsx")) and exports.asked(ask(export=""))
    assert not exports.asked(ask(page="2"))


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "XLSX"])
def test_the_file_is_the_format_asked_for_named_after_the_list_and_the_day(ask, countries, fmt):
    response = answer(ask(export=fmt, lang="en"))
    assert response.status_code == 200
    suffix = fmt.lower()
    assert response["Content-Type"] == exports.exports.CONTENT_TYPES[suffix]
    assert 'filename="countries-' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(f'.{suffix}"')
    rows = table(response)
    assert rows == [("Name", "Code"), ("Costa Rica", "CR"), ("Guatemala", "GT")]


def test_the_language_is_the_pages_or_the_one_asked_for(ask, countries):
    assert table(answer(ask(export="csv", lang="es")))[0] == ("Nombre", "Código")
    assert table(answer(ask(export="csv", lang="en")))[0] == ("Name", "Code")
    response = answer(ask(export="csv", lang="fr"))
    assert response.status_code == 400 and "lang=es" in response.content.decode()


def test_a_fixed_format_wins_over_the_parameter(ask, countries):
    response = answer(ask(export="csv"), fmt="xlsx")
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_an_unknown_format_is_refused_naming_the_parameter(ask, countries):
    for value in ("pdf", ""):
        response = answer(ask(export=value))
        assert response.status_code == 400
        assert "export=xlsx" in response.content.decode()
    assert not AuditEntry.objects.filter(action="export").exists()


def test_a_filter_that_is_not_valid_is_refused_naming_it(ask, countries):
    request = ask(export="xlsx", iso2="ZZ")
    filterset = CodeFilterSet(request.GET, queryset=Country.objects.all())
    response = answer(request, filterset=filterset)
    assert response.status_code == 400
    assert "iso2" in response.content.decode()
    assert exports.filter_errors(None) is None


@pytest.mark.parametrize("persona", ["partner", "cr_contributor", "auditor"])
def test_those_who_may_not_export_are_refused_and_the_refusal_recorded(ask, countries, persona):
    with pytest.raises(PermissionDenied):
        answer(ask(persona, export="xlsx"))
    assert AuditEntry.objects.filter(action="permission_denied").exists()
    assert not AuditEntry.objects.filter(action="export").exists()


def test_a_country_editor_exports_and_the_export_is_audited(ask, countries):
    response = answer(ask("cr_editor", export="csv", q="costa", lang="en"))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="export")
    assert entry.object_type == "core.country"
    assert entry.after["format"] == "csv" and entry.after["count"] == 2
    assert entry.after["q"] == "costa" and "lang" not in entry.after
    assert entry.after["file"].startswith("countries-") and entry.after["file"].endswith(".csv")
