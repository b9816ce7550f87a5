"""What a partner organization reads of the plans: the approved progress of every country
on the activities that name it, the evidence files the countries share with it, and
nothing else (``core.access.partner_scope`` through ``restrict``)."""

import datetime

import pytest
from django.test import Client

from coalition.core import access
from coalition.core.choices import ApprovalState, OrganizationKind, Role
from coalition.core.models import Approval, Membership, Organization, User
from coalition.plans import progress
from coalition.plans.choices import ItemKind, ProgressStatus
from coalition.plans.models import ActivityItem, Evidence, Plan, Progress, ReportedProgress
from coalition.plans.tests.conftest import add_items


@pytest.fixture
def named(plan_data, countries, organizations):
    return name_partners(plan_data, countries, organizations)


def name_partners(plan_data, countries, organizations):
    """The test plan with IOM responsible for I.2, Save the Children supporting II.1, a
    partner of Save the Children, and reports: CR 2026 approved, GT 2026 submitted (not
    approved), CR 2025 returned, the regional level's 2026 approved."""
    save = Organization.objects.create(
        name="Save the Children",
        acronym="SC",
        kind=OrganizationKind.INTERNATIONAL,
        country=countries["regional"],
        axes=["prevention"],
    )
    acts = plan_data["activities"]
    ActivityItem.objects.get(activity=acts["I.2"], kind=ItemKind.RESPONSIBLE).organizations.add(
        organizations["oim"]
    )
    add_items(acts["II.1"], ItemKind.SUPPORT, "Save the Children")
    ActivityItem.objects.get(activity=acts["II.1"], kind=ItemKind.SUPPORT).organizations.add(save)
    add_items(acts["I.2"], ItemKind.PRODUCT, "Herramienta construida", "Manual publicado")
    for iso2, text in (("CR", "Herramienta en pruebas en Costa Rica."), ("GT", "Guatemala.")):
        Progress.objects.create(
            activity=acts["I.2"],
            country=countries[iso2],
            status=ProgressStatus.IN_PROGRESS,
            percent=50,
            narrative=text,
            evidence_shared=iso2 == "CR",
        )
    Plan.objects.filter(pk=plan_data["plan"].pk).update(starts=datetime.date(2025, 1, 1))
    for iso2, year, state in (
        ("CR", 2026, ApprovalState.APPROVED),
        ("GT", 2026, ApprovalState.SUBMITTED),
        ("CR", 2025, ApprovalState.RETURNED),
        ("regional", 2026, ApprovalState.APPROVED),
    ):
        progress.take_snapshot(countries[iso2], year)
        Approval.objects.create(
            kind=progress.APPROVAL_KIND, country=countries[iso2], year=year, state=state
        )
    partner = User.objects.create_user(username="save", password="x", email="save@example.org")
    Membership.objects.create(
        user=partner, country=countries["regional"], role=Role.PARTNER, organization=save
    )
    return {**plan_data, "save": save, "save_partner": partner}


def visible_reports(user):
    rows = access.restrict(ReportedProgress.objects.all(), user)
    return {(r.country.iso2, r.year, r.activity.ref, r.product_id is None) for r in rows}


def shared_evidence(named, iso2):
    row = Progress.objects.get(activity=named["activities"]["I.2"], country__iso2=iso2)
    return Evidence.objects.create(
        progress=row,
        country=row.country,
        original_name=f"{iso2}.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        file="evidence/none.pdf",
    )


def test_the_partner_reads_the_approved_progress_of_its_activities_only(named, personas):
    seen = visible_reports(personas["partner"])
    # I.2 names IOM: its activity row and its two products, of the approved year of CR.
    assert seen == {
        ("CR", 2026, "I.2", True),
        ("CR", 2026, "I.2", False),
        ("XR", 2026, "I.2", True),  # the regional level's approved report too, named only
        ("XR", 2026, "I.2", False),
    }
    assert (
        access.restrict(ReportedProgress.objects.filter(product__isnull=False), personas["partner"])
        .filter(country__iso2="CR")
        .count()
        == 2
    )


def test_the_partner_reads_no_unapproved_year_nor_other_organizations_activities(named, personas):
    seen = visible_reports(personas["partner"])
    assert not {row for row in seen if row[0] == "GT"}  # submitted, not approved
    assert ReportedProgress.objects.filter(year=2025, activity__ref="I.2").exists()
    assert not {row for row in seen if row[1] == 2025}  # returned
    assert not {row for row in seen if row[2] in ("I.1", "II.1")}  # not naming IOM


def test_another_partner_organization_reads_its_own_activities(named):
    seen = visible_reports(named["save_partner"])
    assert seen == {("CR", 2026, "II.1", True), ("XR", 2026, "II.1", True)}


def test_the_partner_still_reads_the_regional_levels_own_evidence(named, personas):
    regional = Evidence.objects.create(
        progress=named["progress"]["regional"],
        country=named["progress"]["regional"].country,
        original_name="acta.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        file="evidence/none.pdf",
    )
    assert access.can_view(personas["partner"], regional)
    assert not access.can_edit(personas["partner"], regional)


def test_members_read_every_approved_year_and_their_own_country_as_before(named, personas):
    gt = visible_reports(personas["gt_editor"])
    assert ("CR", 2026, "I.1", True) in gt  # another country's approved year, any activity
    assert ("GT", 2026, "II.1", True) in gt  # its own, not approved yet
    assert ("CR", 2025, "I.2", True) not in gt  # another country's returned year
    every = ReportedProgress.objects.all()
    assert access.restrict(every, personas["regional_admin"]).count() == every.count()
    assert visible_reports(personas["auditor"]) == set()


def test_live_progress_of_a_country_stays_invisible_to_the_partner(named, personas):
    partner = personas["partner"]
    rows = access.restrict(Progress.objects.all(), partner)
    assert {r.country.iso2 for r in rows} <= {"XR"}  # the regional level only, as before


def test_the_partner_downloads_evidence_only_when_the_country_shares_it(
    named, personas, client_for
):
    shared = shared_evidence(named, "CR")  # shared, CR 2026 approved, I.2 names IOM
    unshared_cr = named["evidence"]  # CR's file on I.1, which does not name IOM
    gt = shared_evidence(named, "GT")  # GT does not share; its year is not approved
    partner = personas["partner"]
    assert access.can_view(partner, shared)
    assert not access.can_view(partner, unshared_cr)
    assert not access.can_view(partner, gt)
    assert not access.can_view(named["save_partner"], shared)
    client = client_for("partner")
    assert client.get(f"/plans/evidence/{unshared_cr.pk}/").status_code == 404
    assert client.get(f"/plans/evidence/{gt.pk}/").status_code == 404
    # Sharing needs an approved report too: GT sharing without one is still refused.
    Progress.objects.filter(pk=gt.progress_id).update(evidence_shared=True)
    assert client.get(f"/plans/evidence/{gt.pk}/").status_code == 404
    # Unsharing takes the file away at once.
    Progress.objects.filter(pk=shared.progress_id).update(evidence_shared=False)
    assert not access.can_view(partner, shared)


def test_a_shared_evidence_file_is_downloaded_by_the_partner(named, personas, client_for):
    Progress.objects.filter(pk=named["progress"]["CR"].pk).update(evidence_shared=True)
    item = ActivityItem.objects.get(activity=named["activities"]["I.1"], kind=ItemKind.RESPONSIBLE)
    item.organizations.add(Organization.objects.get(acronym="OIM"))
    response = client_for("partner").get(f"/plans/evidence/{named['evidence'].pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_country_still_reads_its_own_evidence(named, personas):
    assert access.can_view(personas["cr_editor"], named["evidence"])
    assert not access.can_view(personas["gt_editor"], named["evidence"])


def test_the_progress_api_shows_the_partner_no_country_progress(named, client_for):
    response = client_for("partner").get("/api/progress/")
    assert response.status_code == 200
    rows = response.json()["results"] if "results" in response.json() else response.json()
    assert {row["country"] for row in rows} <= {"XR", named["progress"]["regional"].country_id}


def test_the_reported_progress_api_if_any_follows_the_partner_rule(named, client_for):
    response = client_for("partner").get("/api/reported-progress/")
    if response.status_code == 404:
        pytest.skip("no /api/reported-progress/ in this build")
    assert response.status_code == 200
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    # I.2 (naming IOM) in the approved reports of 2026, Costa Rica's and the regional
    # level's: the activity and its two products each. Not GT (submitted), not 2025.
    assert sorted((r["country"], r["year"], r["activity"]) for r in rows) == sorted(
        [("CR", 2026, named["activities"]["I.2"].pk)] * 3
        + [("XR", 2026, named["activities"]["I.2"].pk)] * 3
    )


def test_an_anonymous_visitor_reads_nothing(named):
    from django.contrib.auth.models import AnonymousUser

    assert not access.restrict(ReportedProgress.objects.all(), AnonymousUser()).exists()
    assert Client().get(f"/plans/evidence/{named['evidence'].pk}/").status_code == 302


def test_a_partner_who_also_contributes_for_a_country_reads_both(named, personas, countries):
    partner = personas["partner"]
    Membership.objects.create(user=partner, country=countries["GT"], role=Role.CONTRIBUTOR)
    access.forget(partner)
    seen = visible_reports(partner)
    assert ("CR", 2026, "I.1", True) in seen  # as a member: every approved year
    assert ("GT", 2026, "II.1", True) in seen  # its own country's, not approved yet
    assert ("CR", 2025, "I.2", True) not in seen
