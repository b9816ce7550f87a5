"""Two people changing the same record through the API: a read answers the record's version
as its ETag, a change or deletion sent with If-Match is refused (412, nothing written,
nothing audited) when the record changed since, and every writable API collection goes
through the one audited-write mixin that does this."""

import json
import threading
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from coalition.core import concurrency
from coalition.core.api import AuditedWriteMixin
from coalition.core.choices import AuditAction, OrganizationKind
from coalition.core.models import AuditEntry, Organization
from coalition.events.tests.conftest import build_events
from coalition.knowledge.tests.conftest import build_knowledge

pytestmark = pytest.mark.django_db

# basename: (the Costa Rica record the test changes, a field, a new value for it)
RESOURCES = {
    "organization": (lambda d: d["organizations"]["ngo_cr"], "name", "Fundación Renovada"),
    "progress": (
        lambda d: d["events"]["plan"]["progress"]["CR"],
        "narrative",
        "Tres reuniones realizadas.",
    ),
    "event": (lambda d: d["events"]["workshop"], "title", "Taller para juezas y jueces"),
    "swot": (lambda d: d["knowledge"]["swots"]["CR"], "summary", "Resumen revisado del FODA"),
    "practice": (
        lambda d: d["knowledge"]["practices"]["cr_published"],
        "title",
        "Protocolo revisado",
    ),
    "agreement": (
        lambda d: d["knowledge"]["agreements"]["cr_police"],
        "title",
        "Convenio con la policía, adenda",
    ),
    "campaign": (
        lambda d: d["knowledge"]["campaigns"]["cr_radio"],
        "title",
        "No te dejés engañar, segunda edición",
    ),
}
EDITOR = "cr_editor"


@pytest.fixture
def data(personas, countries, organizations):
    return {
        "organizations": organizations,
        "events": build_events(countries),
        "knowledge": build_knowledge(countries),
    }


@pytest.fixture(params=RESOURCES)
def resource(request, data):
    """(basename, record, field, new value) of each writable collection in turn."""
    record, field, value = RESOURCES[request.param]
    return request.param, record(data), field, value


def url_of(basename, record):
    return reverse(f"api:{basename}-detail", args=[record.pk])


def send(client, method, url, body=None, if_match=None):
    headers = {} if if_match is None else {"If-Match": if_match}
    if body is None:
        return getattr(client, method)(url, headers=headers)
    return getattr(client, method)(
        url, json.dumps(body), content_type="application/json", headers=headers
    )


def current(record):
    return type(record).objects.get(pk=record.pk)


def audited(record, action):
    return AuditEntry.objects.filter(
        object_type=record._meta.label_lower, object_id=str(record.pk), action=action
    ).count()


def test_reading_one_record_answers_its_version_as_a_strong_etag(client_for, resource):
    basename, record, _field, _value = resource
    client = client_for(EDITOR)

    response = client.get(url_of(basename, record))
    head = client.head(url_of(basename, record))

    assert response.status_code == 200
    assert response["ETag"] == f'"{concurrency.version(current(record))}"'
    assert head["ETag"] == response["ETag"]


def test_a_change_sent_with_the_etag_read_is_saved_and_answers_the_new_etag(client_for, resource):
    basename, record, field, value = resource
    client = client_for(EDITOR)
    read = client.get(url_of(basename, record))

    response = send(client, "patch", url_of(basename, record), {field: value}, read["ETag"])

    assert response.status_code == 200, response.content
    assert getattr(current(record), field) == value
    assert response["ETag"] != read["ETag"]
    assert response["ETag"] == client.get(url_of(basename, record))["ETag"]


def test_a_whole_record_sent_back_with_its_etag_replaces_it(client_for, resource):
    basename, record, field, value = resource
    client = client_for(EDITOR)
    read = client.get(url_of(basename, record))
    body = {**read.json(), field: value}

    response = send(client, "put", url_of(basename, record), body, read["ETag"])

    assert response.status_code == 200, response.content
    assert getattr(current(record), field) == value
    assert response["ETag"] != read["ETag"]


def test_a_change_sent_with_an_etag_read_before_another_change_is_refused_and_writes_nothing(
    client_for, resource, in_english
):
    basename, record, field, value = resource
    first, second = client_for(EDITOR), client_for("regional_admin")
    old = first.get(url_of(basename, record))["ETag"]
    assert send(second, "patch", url_of(basename, record), {field: value}, old).status_code == 200
    updates = audited(record, AuditAction.UPDATE)
    now = first.get(url_of(basename, record))["ETag"]

    response = send(first, "patch", url_of(basename, record), {field: "Otro valor"}, old)

    assert response.status_code == 412
    assert "changed since you read it" in response.json()["detail"]
    assert response["ETag"] == now
    assert getattr(current(record), field) == value
    assert audited(record, AuditAction.UPDATE) == updates
    # Read again, the change goes through with the new ETag.
    again = send(first, "patch", url_of(basename, record), {field: "Otro valor"}, now)
    assert again.status_code == 200, again.content


def test_a_stale_change_is_refused_before_its_body_is_checked(client_for, data):
    org = data["organizations"]["ngo_cr"]
    client = client_for(EDITOR)
    old = client.get(url_of("organization", org))["ETag"]
    Organization.objects.filter(pk=org.pk).update(acronym="FAI-2")

    response = send(client, "patch", url_of("organization", org), {"kind": "no-such-kind"}, old)

    assert response.status_code == 412


def test_a_change_that_lands_while_a_write_is_checked_still_makes_it_stale(
    client_for, data, monkeypatch
):
    """The version is checked again on the record locked in the write's transaction: a
    change saved between the first check and the save is not overwritten."""
    org = data["organizations"]["ngo_cr"]
    client = client_for(EDITOR)
    etag = client.get(url_of("organization", org))["ETag"]
    original = AuditedWriteMixin.get_object

    def get_object_then_another_writer_saves(view):
        obj = original(view)
        Organization.objects.filter(pk=org.pk).update(acronym="FAI-2")
        return obj

    monkeypatch.setattr(AuditedWriteMixin, "get_object", get_object_then_another_writer_saves)

    response = send(client, "patch", url_of("organization", org), {"name": "Otra"}, etag)

    assert response.status_code == 412
    assert current(org).name == org.name
    assert current(org).acronym == "FAI-2"


def test_the_write_locks_the_record_where_the_database_can(client_for, data):
    org = data["organizations"]["ngo_cr"]
    client = client_for(EDITOR)
    etag = client.get(url_of("organization", org))["ETag"]

    with CaptureQueriesContext(connection) as queries:
        response = send(client, "patch", url_of("organization", org), {"name": "Otra"}, etag)

    assert response.status_code == 200
    locks = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert bool(locks) == connection.features.has_select_for_update


@pytest.mark.parametrize(
    "if_match",
    ["*", "{etag}", "W/{etag}", "{bare}", '"0000", {etag}'],
    ids=["any", "exact", "weak", "unquoted", "list"],
)
def test_if_match_takes_the_etag_in_every_form_a_client_or_proxy_sends(client_for, data, if_match):
    org = data["organizations"]["ngo_cr"]
    client = client_for(EDITOR)
    etag = client.get(url_of("organization", org))["ETag"]
    header = if_match.format(etag=etag, bare=etag.strip('"'))

    response = send(client, "patch", url_of("organization", org), {"name": "Otra"}, header)

    assert response.status_code == 200, response.content


def test_a_change_without_if_match_is_saved_as_before(client_for, resource):
    basename, record, field, value = resource

    response = send(client_for(EDITOR), "patch", url_of(basename, record), {field: value})

    assert response.status_code == 200, response.content
    assert getattr(current(record), field) == value


def test_a_deletion_with_a_stale_etag_is_refused_and_one_with_the_current_etag_deletes(
    client_for, countries
):
    org = Organization.objects.create(
        name="Mesa local", kind=OrganizationKind.NGO, country=countries["CR"]
    )
    client = client_for(EDITOR)
    old = client.get(url_of("organization", org))["ETag"]
    Organization.objects.filter(pk=org.pk).update(acronym="ML")
    now = client.get(url_of("organization", org))["ETag"]

    refused = send(client, "delete", url_of("organization", org), if_match=old)

    assert refused.status_code == 412
    assert refused["ETag"] == now
    assert Organization.objects.filter(pk=org.pk).exists()
    assert audited(org, AuditAction.DELETE) == 0

    deleted = send(client, "delete", url_of("organization", org), if_match=now)

    assert deleted.status_code == 204
    assert not Organization.objects.filter(pk=org.pk).exists()
    assert audited(org, AuditAction.DELETE) == 1


def test_a_stale_etag_from_someone_who_may_not_edit_is_still_a_refusal_of_access(client_for, data):
    org = data["organizations"]["st_regional"]
    response = send(client_for(EDITOR), "patch", url_of("organization", org), {}, '"0"')

    assert response.status_code == 403


def test_a_new_record_answers_its_etag(client_for, countries):
    client = client_for(EDITOR)
    body = {"name": "Red local", "kind": OrganizationKind.NGO, "country": "CR"}

    response = send(client, "post", reverse("api:organization-list"), body)

    assert response.status_code == 201
    url = reverse("api:organization-detail", args=[response.json()["id"]])
    assert response["ETag"] == client.get(url)["ETag"]


# --- the contract ----------------------------------------------------------------------------

WRITE_ACTIONS = {"create", "update", "partial_update", "destroy"}


def api_viewsets():
    """{viewset: the actions it is routed to} of every collection under /api/."""
    found = {}

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)
            else:
                actions = getattr(pattern.callback, "actions", None)
                if actions:
                    found.setdefault(pattern.callback.cls, set()).update(actions.values())

    walk(get_resolver().url_patterns)
    return found


def test_every_writable_api_collection_writes_through_the_audited_write_mixin():
    writable = {cls for cls, actions in api_viewsets().items() if actions & WRITE_ACTIONS}

    assert {cls.__name__ for cls in writable} >= {
        "OrganizationViewSet",
        "ProgressViewSet",
        "EventViewSet",
        "SwotViewSet",
        "PracticeViewSet",
        "AgreementViewSet",
        "CampaignViewSet",
    }
    assert [cls.__name__ for cls in writable if not issubclass(cls, AuditedWriteMixin)] == []


def test_the_schema_documents_if_match_the_412_answer_and_the_etag(client):
    schema = json.loads(client.get("/api/schema/", {"format": "json"}).content)

    for basename in RESOURCES:
        path = reverse(f"api:{basename}-detail", args=[0]).replace("/0/", "/{id}/")
        operations = schema["paths"][path]
        assert operations["get"]["responses"]["200"]["headers"]["ETag"]["required"]
        for method in ("put", "patch", "delete"):
            if method not in operations:
                continue
            operation = operations[method]
            assert "If-Match" in {p["name"] for p in operation["parameters"] if p["in"] == "header"}
            refused = operation["responses"]["412"]
            assert "ETag" in refused["headers"]
            assert refused["content"]["application/json"]["schema"]["$ref"].endswith(
                "/PreconditionFailed"
            )
    assert "delete" in schema["paths"]["/api/organizations/{id}/"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not connection.features.has_select_for_update, reason="the database does not lock rows"
)
def test_of_two_writers_racing_with_the_same_etag_one_saves_and_the_other_gets_412(
    client_for, organizations, monkeypatch
):
    """The first writer holds the row locked while it saves; the second, which read the
    same version, waits for it and then finds the record changed."""
    org = organizations["ngo_cr"]
    etag = client_for(EDITOR).get(url_of("organization", org))["ETag"]
    saving, answers = threading.Event(), {}
    keep = AuditedWriteMixin._check_and_keep

    def slow_first_save(view, obj):
        keep(view, obj)
        if obj.name == "Primera":
            saving.set()
            time.sleep(0.5)  # the second writer arrives meanwhile and waits for the lock

    monkeypatch.setattr(AuditedWriteMixin, "_check_and_keep", slow_first_save)

    def write(name):
        try:
            client = client_for(EDITOR)
            answers[name] = send(client, "patch", url_of("organization", org), {"name": name}, etag)
        finally:
            connection.close()

    first = threading.Thread(target=write, args=["Primera"])
    first.start()
    assert saving.wait(10)
    second = threading.Thread(target=write, args=["Segunda"])
    second.start()
    first.join(10)
    second.join(10)

    assert answers["Primera"].status_code == 200
    assert answers["Segunda"].status_code == 412
    assert current(org).name == "Primera"
    assert audited(org, AuditAction.UPDATE) == 1
