"""The progress reports pages: every report of a year the user manages with its state and
figures, one report as submitted against the progress now, the return comment the editor
reads, the approval page of kind progress, and the demo reports."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from coalition.core import approvals
from coalition.core.choices import Role
from coalition.core.models import Approval, Membership, User
from coalition.plans import progress
from coalition.plans.choices import ProgressStatus as S

YEAR = progress.reporting_year()
LIST = reverse("progress-reporting")
COMMENT = "Falta el acta de la segunda reunión de I.1."
pytestmark = pytest.mark.usefixtures("in_english")


def move(user, action, country, year=YEAR, comment=""):
    request = SimpleNamespace(user=user, META={}, path="/", request_id="")
    return approvals.move(request, action, progress.APPROVAL_KIND, country, year, comment)


def detail_url(iso2, year=YEAR):
    return reverse("progress-reporting-detail", args=[iso2, year])


@pytest.fixture
def returned(plan_data, countries, personas):
    """Guatemala's report of the year, submitted by its editor and returned with COMMENT."""
    move(personas["gt_editor"], "submit", countries["GT"])
    return move(personas["regional_admin"], "return", countries["GT"], comment=COMMENT)


# --- the list ----------------------------------------------------------------------------


def test_the_regional_admin_sees_every_member_and_the_regional_level(
    client_for, plan_data, countries, personas, django_assert_max_num_queries
):
    move(personas["cr_editor"], "submit", countries["CR"])
    client = client_for("regional_admin")
    client.get(LIST)  # the session and the user's standing, once
    with django_assert_max_num_queries(20):
        response = client.get(LIST)
    assert response.status_code == 200
    rows = {row.country.iso2: row for row in response.context["rows"]}
    assert {"CR", "GT", "XR"} <= set(rows)
    assert rows["CR"].state == "submitted" and rows["GT"].state == "open"
    # the admin decides on the submitted one, may submit for any country
    assert [m.action for m in rows["CR"].moves] == ["approve", "return"]
    assert [m.action for m in rows["GT"].moves] == ["submit"]
    page = response.content.decode()
    assert "Approve or return" in page and "Submitted for approval" in page
    assert rows["CR"].figures.submitted and not rows["GT"].figures.submitted


def test_the_query_count_does_not_grow_with_the_reports(
    client_for, plan_data, countries, personas, django_assert_max_num_queries
):
    admin = personas["regional_admin"]
    for iso2 in ("CR", "GT", "SV", "HN", "PA", "NI"):
        move(admin, "submit", countries[iso2])
    for iso2 in ("GT", "SV"):
        move(admin, "approve", countries[iso2])
    move(admin, "return", countries["HN"], comment="Revisar")
    client = client_for("regional_admin")
    client.get(LIST)
    with django_assert_max_num_queries(20):
        assert client.get(LIST).status_code == 200


def test_an_editor_sees_only_their_country(client_for, plan_data):
    response = client_for("cr_editor").get(LIST)
    assert [row.country.iso2 for row in response.context["rows"]] == ["CR"]
    row = response.context["rows"][0]
    assert [m.action for m in row.moves] == ["submit"]
    assert row.approval_url == reverse("approval-year", args=["progress", "CR", YEAR])


def test_a_returned_submission_shows_its_comment_to_the_editor(client_for, returned):
    response = client_for("gt_editor").get(LIST)
    page = response.content.decode()
    assert "Returned for correction" in page
    assert COMMENT in page
    row = response.context["rows"][0]
    assert row.returned.comment == COMMENT and row.last_step.action == "return"
    assert [m.action for m in row.moves] == ["submit"]  # and may submit again
    detail = client_for("gt_editor").get(detail_url("GT")).content.decode()
    assert COMMENT in detail


def test_the_banner_shows_the_return_comment_to_the_editor(returned, countries):
    from django.template import Context, Template

    template = Template("{% load reporting %}{% report_banner country %}")
    page = template.render(Context({"country": countries["GT"]}))
    assert "was returned" in page and COMMENT in page
    assert detail_url("GT") in page and "Returned on" in page
    assert template.render(Context({"country": countries["CR"]})).strip() == ""


def test_resubmitting_a_returned_report_takes_a_new_snapshot_and_locks(
    client_for, returned, plan_data, countries
):
    row = plan_data["progress"]["GT"]
    row.status, row.percent = S.IN_PROGRESS, 60
    row.save()
    url = reverse("approval-move", args=["progress", "GT", YEAR, "submit"])
    response = client_for("gt_editor").post(url)
    assert response.status_code == 302
    assert progress.is_locked(countries["GT"].pk)
    page = client_for("gt_editor").get(detail_url("GT")).content.decode()
    assert "Submitted for approval" in page and "60%" in page
    assert "changed since the report was submitted" not in page


def test_filters_by_state_and_explains_an_empty_result(client_for, returned):
    client = client_for("regional_admin")
    response = client.get(LIST, {"state": "returned"})
    assert [row.country.iso2 for row in response.context["rows"]] == ["GT"]
    response = client.get(LIST, {"state": "approved"})
    assert response.context["rows"] == []
    assert "No report is in this state" in response.content.decode()


def test_a_year_without_plans_says_there_is_nothing_to_report(client_for, plan_data):
    response = client_for("regional_admin").get(LIST, {"year": YEAR - 5})
    assert response.status_code == 200
    assert "No plan is in force" in response.content.decode()


@pytest.mark.parametrize("year", ["1800", "abc", str(YEAR + 1), "99999999999999"])
def test_a_bad_year_is_not_found_as_on_the_approval_pages(client_for, plan_data, year):
    assert client_for("regional_admin").get(LIST, {"year": year}).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("cr_contributor", 403), ("partner", 403), ("auditor", 403), ("anonymous", 302)],
)
def test_those_who_neither_submit_nor_approve_may_not_open_the_list(
    client_for, plan_data, persona, status
):
    assert client_for(persona).get(LIST).status_code == status


def test_the_navigation_links_the_reports_for_managers_only(client_for, plan_data):
    assert LIST in client_for("cr_editor").get(reverse("plan-list")).content.decode()
    assert LIST not in client_for("cr_contributor").get(reverse("plan-list")).content.decode()


# --- one report --------------------------------------------------------------------------


def test_the_detail_shows_the_snapshot_by_activity_and_product_and_what_changed(
    client_for, plan_data, countries, personas, django_assert_max_num_queries
):
    cr = countries["CR"]
    move(personas["cr_editor"], "submit", cr)
    move(personas["regional_admin"], "return", cr, comment="Revisar I.1")
    row = plan_data["progress"]["CR"]
    row.status, row.percent = S.IN_PROGRESS, 70
    row.save()
    client = client_for("regional_admin")
    client.get(detail_url("CR"))
    with django_assert_max_num_queries(25):
        response = client.get(detail_url("CR"))
    assert response.status_code == 200
    lines = [line for block in response.context["plans"] for line in block["lines"]]
    # 3 activities, 1 product (of I.1)
    assert len(lines) == 4 and sum(1 for line in lines if line.product) == 1
    changed = [line for line in lines if line.changed]
    assert [(c.activity.ref, c.reported[2], c.now[2]) for c in changed] == [("I.1", 40, 70)]
    assert "1 line changed since the report was submitted" in response.content.decode()


def test_the_detail_of_a_report_never_submitted_shows_the_progress_now(client_for, plan_data):
    response = client_for("cr_editor").get(detail_url("CR"))
    assert response.status_code == 200
    assert "has not been submitted yet" in response.content.decode()
    assert not response.context["has_snapshot"]


@pytest.mark.parametrize(
    ("persona", "iso2", "status"),
    [
        ("cr_editor", "GT", 404),  # another country's: not found
        ("cr_editor", "XR", 403),  # the regional level: seen, not managed
        ("cr_contributor", "CR", 403),
        ("partner", "CR", 404),
        ("regional_admin", "ZZ", 404),
    ],
)
def test_the_detail_is_for_those_who_manage_the_country(
    client_for, plan_data, persona, iso2, status
):
    assert client_for(persona).get(detail_url(iso2)).status_code == status


# --- the approval page of kind progress ----------------------------------------------------


def test_the_approval_page_shows_what_is_about_to_be_approved_and_links_the_report(
    client_for, plan_data, countries, personas
):
    move(personas["cr_editor"], "submit", countries["CR"])
    approval = Approval.objects.get(kind="progress", country=countries["CR"], year=YEAR)
    response = client_for("regional_admin").get(approval.get_absolute_url())
    page = response.content.decode()
    assert dict(response.context["summary"])["Activities reported"] == "1 / 3"
    assert "the report as submitted" in page
    assert response.context["data_url"] == detail_url("CR")


def test_the_regional_level_submits_and_is_approved_on_the_approval_pages(
    client_for, plan_data, countries
):
    client = client_for("regional_admin")
    assert client.get(reverse("approval-year", args=["progress", "XR", YEAR])).status_code == 200
    for action in ("submit", "approve"):
        client.post(reverse("approval-move", args=["progress", "XR", YEAR, action]))
    assert progress.is_locked(countries["regional"].pk)


def test_the_regional_level_is_still_not_a_country_for_other_kinds(client_for, plan_data):
    url = reverse("approval-year", args=["sentences", "XR", YEAR])
    assert client_for("regional_admin").get(url).status_code == 404


def test_withdrawing_an_approval_on_the_page_unlocks_and_is_audited(
    client_for, plan_data, countries, personas
):
    cr = countries["CR"]
    move(personas["cr_editor"], "submit", cr)
    move(personas["regional_admin"], "approve", cr)
    url = reverse("approval-move", args=["progress", "CR", YEAR, "reopen"])
    client = client_for("regional_admin")
    client.post(url)  # without a reason: refused
    assert progress.is_locked(cr.pk)
    client.post(url, {"comment": "Corregir I.1", "next": LIST})
    assert not progress.is_locked(cr.pk)
    from coalition.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="reopen", after__comment="Corregir I.1").exists()


# --- the demo ----------------------------------------------------------------------------


def test_the_demo_reports_cover_every_state_once(plan_data, countries, organizations):
    from coalition.plans.demo_reports import RETURN_COMMENT, load_demo_reports

    for username, role, scope in (
        ("st-regional", Role.REGIONAL_ADMIN, "regional"),
        ("editor-gt", Role.COUNTRY_EDITOR, "GT"),
    ):
        user = User.objects.create_user(username=username, password="x")
        Membership.objects.create(user=user, country=countries[scope], role=role)
    assert load_demo_reports("system:load_demo") == 7
    states = dict(
        Approval.objects.filter(kind="progress", year=YEAR).values_list("country__iso2", "state")
    )
    assert states == {"GT": "approved", "XR": "approved", "HN": "submitted", "PA": "returned"}
    gt = Approval.objects.get(kind="progress", country__iso2="GT", year=YEAR)
    assert gt.steps.first().actor.username == "editor-gt"
    pa = Approval.objects.get(kind="progress", country__iso2="PA", year=YEAR)
    assert pa.steps.last().comment == RETURN_COMMENT and RETURN_COMMENT.startswith("[Demo]")
    assert not progress.is_locked(countries["CR"].pk)
    assert load_demo_reports("system:load_demo") == 0
