"""Numbers out of range in every numeric parameter, in the API and in the pages.

Whatever number a user or a script writes into a query parameter or a path (far past what
the database can hold, a float that overflows, not a number at all), the answer is a
refusal naming the parameter (400), an empty result, or 404 — never a server error.

- The API's parameters come from its own OpenAPI schema: every GET operation, every
  integer or number parameter in the query or the path.
- The pages' parameters come from what each page reads: every GET page of the URL sweep
  is requested once while the parameters it looks up are noted, then each numeric one
  (a FilterSet's number or record filter, ``page``, or one read through
  ``coalition.lib.text.int_or_none``) gets every bad value.
- Every ``<int:...>`` path parameter of the pages gets numbers the database cannot hold.

Everything is requested as a country editor and as the regional administrator, over one
set of fixtures per test.
"""

import sys
from urllib.parse import quote, urlencode

import django_filters
import pytest
import weasyprint
from django.http import QueryDict
from django.urls import converters

from coalition.core.filters import FilterSet
from coalition.core.models import Membership, Organization
from coalition.core.tests import test_url_sweep as url_sweep
from coalition.lib import text

BAD_NUMBERS = [
    "99999999999999999999999",
    "-99999999999999999999999",
    "-2.5863211293031466e+281",
    "1e309",
    "NaN",
    "-1",
    "0",
    "abc",
]
# What an <int:...> path parameter can be given: its pattern takes digits only.
BAD_PATH_NUMBERS = ["99999999999999999999999", "9223372036854775808", "0"]
READERS = ["cr_editor", "regional_admin"]


@pytest.fixture(autouse=True)
def no_pdf_layout(monkeypatch):
    """PDFs are rendered from their templates but not laid out: what a page does with its
    parameters is under test, not the seconds a layout takes."""

    class Layout:
        def __init__(self, **kwargs):
            pass

        def write_pdf(self):
            return b"%PDF-1.7"

    monkeypatch.setattr(weasyprint, "HTML", Layout)


@pytest.fixture
def clients(countries, organizations, personas, client_for):
    """A client per reader, over the records of every app's URL-sweep samples."""
    fixtures = {"countries": countries, "organizations": organizations, "personas": personas}
    samples = url_sweep.collect_samples(fixtures)
    readers = {name: client_for(name) for name in READERS}
    for client in readers.values():
        client.raise_request_exception = False  # a server error is a finding, not a crash
    return readers, samples


def _server_errors(client, url, persona):
    status = _get(client, url).status_code
    if status >= 500:
        return [f"GET {url} as {persona}: answered {status}"]
    return []


# --- the API -----------------------------------------------------------------------------


def numeric_api_parameters(schema):
    """(path, where, name) of every integer or number parameter of every GET operation."""
    for path, operations in schema["paths"].items():
        for parameter in operations.get("get", {}).get("parameters", []):
            if parameter.get("schema", {}).get("type") in ("integer", "number"):
                yield path, parameter["in"], parameter["name"]


def api_url(path, where, name, value):
    if where == "path":
        return path.replace(f"{{{name}}}", quote(value, safe=""))
    return f"{path}?{urlencode({name: value})}"


def test_every_numeric_parameter_of_the_api_refuses_a_bad_number_without_a_server_error(
    clients,
):
    readers, _samples = clients
    schema = readers["cr_editor"].get("/api/schema/?format=json").json()
    parameters = sorted(set(numeric_api_parameters(schema)))
    assert len(parameters) > 20  # every list's page and filters, every record's id
    problems = []
    for persona, client in readers.items():
        for path, where, name in parameters:
            for value in BAD_NUMBERS:
                problems += _server_errors(client, api_url(path, where, name, value), persona)
    assert problems == [], "\n".join(problems)


def test_the_api_names_the_parameter_whose_number_is_out_of_range(client_for):
    response = client_for("cr_editor").get(
        "/api/progress/", {"activity": "-2.5863211293031466e+281"}
    )
    assert response.status_code == 400
    assert "activity" in response.json()


# --- the pages ---------------------------------------------------------------------------


def _filtersets(cls=FilterSet):
    for sub in cls.__subclasses__():
        yield sub
        yield from _filtersets(sub)


def numeric_filter_names():
    """The names of every FilterSet's filters that take a number: number filters and
    filters that pick a record by its id."""
    names = set()
    for filterset in _filtersets():
        for name, found in filterset.base_filters.items():
            by_id = isinstance(
                found,
                django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter,
            ) and not found.extra.get("to_field_name")
            if by_id or isinstance(found, django_filters.NumberFilter):
                names.add(name)
    return names


class Reads:
    """What a page reads from its query: every parameter it looks up, and those it reads
    as numbers by hand (through ``int_or_none``, wherever a module imported it)."""

    MARK = 7_000_000

    def __init__(self, monkeypatch):
        self.looked_up, self.numbers = set(), set()
        get_item, get_list, int_or_none = (
            QueryDict.__getitem__,
            QueryDict._getlist,
            text.int_or_none,
        )

        def noted_item(query, key):
            self.looked_up.add(key)
            return get_item(query, key)

        def noted_list(query, key, *args, **kwargs):
            self.looked_up.add(key)
            return get_list(query, key, *args, **kwargs)

        def noted_number(value, *args, **kwargs):
            self.numbers.add(value)
            return int_or_none(value, *args, **kwargs)

        monkeypatch.setattr(QueryDict, "__getitem__", noted_item)
        monkeypatch.setattr(QueryDict, "_getlist", noted_list)
        for module in list(sys.modules.values()):
            if getattr(module, "int_or_none", None) is int_or_none:
                monkeypatch.setattr(module, "int_or_none", noted_number)

    def of(self, client, url):
        """The answer to ``url`` and the names of the numeric parameters it read: asked
        once as it is, then with a marker number in each parameter it looked up."""
        self.looked_up = set()
        response = _get(client, url)
        if response.status_code != 200 or not self.looked_up:
            return response, set()
        marks = {name: str(self.MARK + n) for n, name in enumerate(sorted(self.looked_up))}
        self.numbers = set()
        if _get(client, _with(url, marks)).status_code != 200:
            # A marker refused before the others were read: one parameter at a time.
            for name, mark in marks.items():
                _get(client, _with(url, {name: mark}))
        return response, {name for name, mark in marks.items() if mark in self.numbers}


def _get(client, url):
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)  # an error halfway through an export counts too
    return response


def _with(url, params):
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


def page_urls(samples):
    """One URL per GET page of the project (the API and the admin aside), with the sweep's
    first sample arguments."""
    for entry in url_sweep.collect():
        if entry.is_api or url_sweep._admin_of(entry.callback)[0] or entry.rule is None:
            continue
        yield url_sweep.url_for(entry, url_sweep.kwargs_for(entry, samples)[0])


def test_every_numeric_parameter_of_the_pages_refuses_a_bad_number_without_a_server_error(
    clients, monkeypatch
):
    readers, samples = clients
    numeric = numeric_filter_names() | {"page"}
    reads = Reads(monkeypatch)
    problems, tried = [], set()
    for persona, client in readers.items():
        for url in page_urls(samples):
            response, by_hand = reads.of(client, url)
            for name in sorted(reads.looked_up & numeric | by_hand):
                tried.add(name)
                for value in BAD_NUMBERS:
                    problems += _server_errors(client, _with(url, {name: value}), persona)
    # Filters, pages and numbers read by hand are all reached.
    assert {"activity", "year", "page", "contacts", "rows", "organization"} <= tried
    assert problems == [], "\n".join(problems)


def test_every_int_path_parameter_of_the_pages_refuses_a_number_no_row_has(clients):
    """404 as a rule; 403 where the persona may not open such pages at all, 405 where the
    URL only takes POST. Never a page, never a server error."""
    readers, samples = clients
    problems, tried = [], 0
    for entry in url_sweep.collect():
        numbers = [
            name
            for name, converter in entry.converters.items()
            if isinstance(converter, converters.IntConverter)
        ]
        if not numbers or entry.is_api or url_sweep._admin_of(entry.callback)[0]:
            continue
        kwargs = url_sweep.kwargs_for(entry, samples)[0]
        for value in BAD_PATH_NUMBERS:
            url = url_sweep.url_for(entry, {**kwargs, **dict.fromkeys(numbers, value)})
            for persona, client in readers.items():
                tried += 1
                status = _get(client, url).status_code
                if status not in (403, 404, 405):
                    problems.append(f"GET {url} as {persona}: answered {status}")
    assert tried > 20
    assert problems == [], "\n".join(problems)


def test_a_record_named_through_a_relation_by_a_number_too_big_is_not_found(client_for, countries):
    # The rule finds the SWOT through its items: Django checks the range of a key, not
    # of a relation's, and SQLite failed on the number (OverflowError).
    client = client_for("cr_editor")
    assert client.get("/knowledge/swot/items/99999999999999999999999/edit/").status_code == 404
    assert client.get("/api/progress/99999999999999999999/").status_code == 404


def test_a_filter_of_records_by_their_ids_refuses_an_id_no_row_can_have(personas, organizations):
    class MembershipFilterSet(FilterSet):
        organization = django_filters.ModelMultipleChoiceFilter(queryset=Organization.objects.all())

        class Meta:
            model = Membership
            fields = ["organization"]

    def filtered(query):
        return MembershipFilterSet(QueryDict(query), queryset=Membership.objects.all())

    known = organizations["st_cr"].pk
    assert [m.user for m in filtered(f"organization={known}").qs] == [personas["cr_editor"]]
    refused = filtered(f"organization={known}&organization=99999999999999999999999")
    assert not refused.is_valid()
    assert "99999999999999999999999" in str(refused.errors["organization"])


def test_a_directory_page_past_any_there_can_be_shows_the_first(client_for, organizations):
    response = client_for("cr_editor").get("/directory/", {"page": "99999999999999999999999"})
    assert response.status_code == 200
    assert "Fundación Atención Integral" in response.content.decode()
