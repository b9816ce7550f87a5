"""An agreement past its expiry date shows as expired, once, on the list, its page, the
export and the list's status filter: never "in force" beside "expired". And the SWOT list
names the regional level once ("Regional", not "Regional [Regional]")."""

import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.knowledge.choices import AgreementKind, AgreementStatus
from coalition.knowledge.metrics import activity_figures
from coalition.knowledge.models import Agreement
from coalition.plans.tests.conftest import build_plan

pytestmark = pytest.mark.usefixtures("in_english")

TODAY = timezone.localdate()


@pytest.fixture
def lapsed(knowledge, countries):
    """Recorded as in force, its expiry date three days gone."""
    return Agreement.objects.create(
        country=countries["CR"], title="Memorando vencido con Migración",
        kind=AgreementKind.MIGRATION, status=AgreementStatus.IN_FORCE,
        signed_on=TODAY - datetime.timedelta(days=800),
        expires_on=TODAY - datetime.timedelta(days=3),
    )  # fmt: skip


def statuses(html):
    """The texts of the status badges of a page."""
    return re.findall(r'<span class="badge rounded-pill[^"]*"[^>]*>([^<]+)</span>', html)


def test_an_agreement_past_its_expiry_date_shows_as_expired_and_nothing_else(lapsed):
    assert lapsed.shown_status == AgreementStatus.EXPIRED
    assert lapsed.lapsed
    assert lapsed.status == AgreementStatus.IN_FORCE  # the record is unchanged


def test_an_agreement_in_force_until_today_is_still_in_force(knowledge, countries):
    today = Agreement.objects.create(
        country=countries["CR"], title="Vence hoy", kind=AgreementKind.OTHER,
        status=AgreementStatus.IN_FORCE, signed_on=TODAY - datetime.timedelta(days=30),
        expires_on=TODAY,
    )  # fmt: skip
    assert today.shown_status == AgreementStatus.IN_FORCE and not today.lapsed


def test_the_list_shows_one_consistent_status(client_for, lapsed):
    page = client_for("cr_editor").get(reverse("agreement-list")).content.decode()
    [row] = [row for row in page.split("<tr>") if "Memorando vencido" in row]
    assert statuses(row) == ["Expired"]
    assert "In force" not in row


def test_the_agreement_page_shows_one_consistent_status(client_for, lapsed):
    page = client_for("cr_editor").get(lapsed.get_absolute_url()).content.decode()
    assert statuses(page) == ["Expired"]
    status = page.split(">Status</dt>")[1].split("</dd>")[0]
    assert "Expired" in status and "In force" not in status
    assert "update its status" in page  # the editor is told to record it


def test_the_export_writes_the_status_the_pages_show(client_for, lapsed):
    response = client_for("cr_editor").get(reverse("agreement-export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    by_title = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert by_title["Memorando vencido con Migración"][3] == "Expired"
    assert by_title["Convenio de cooperación policial Costa Rica–Nicaragua"][3] == "In force"


def test_the_status_filter_finds_it_among_the_expired_not_those_in_force(client_for, lapsed):
    client = client_for("cr_editor")

    def titles(status):
        response = client.get(reverse("agreement-list"), {"status": status})
        return {a.title for a in response.context["page_obj"]}

    assert "Memorando vencido con Migración" in titles("expired")
    assert titles("in_force") == {"Convenio de cooperación policial Costa Rica–Nicaragua"}


def test_the_swot_list_names_the_regional_level_once(client_for, knowledge):
    page = client_for("regional_admin").get(reverse("swot-list")).content.decode()
    table = page.split('id="swot-table"')[1].split("</table>")[0]
    rows = [re.sub(r"<[^>]+>", " ", row).split() for row in table.split("<tr>")[2:]]
    regional = [row for row in rows if "Regional" in row]
    assert regional
    assert all(row.count("Regional") == 1 for row in regional), regional


def test_the_hub_counts_it_among_the_expired(client_for, lapsed):
    response = client_for("cr_editor").get(reverse("knowledge"))
    counts = {str(label): n for label, n, _link in response.context["agreement_statuses"]}
    assert counts["Expired"] == 1
    assert counts["In force"] == 1  # the police agreement, 60 days from its expiry


def test_the_plan_activity_does_not_count_it_as_in_force(lapsed, knowledge, countries):
    activity = build_plan(countries)["activities"]["I.2"]
    lapsed.activities.set([activity])
    knowledge["agreements"]["cr_police"].activities.set([activity])
    figures = activity_figures([activity.pk])[activity.pk]
    assert (figures.signed, figures.in_force) == (2, 1)
