"""``plans.progress``: the activity's status computed from its products, the snapshot a
submission takes, the lock while a report is submitted or approved, and the approved
reports that alone leave a country."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from coalition.core import approvals
from coalition.core.models import AuditEntry
from coalition.plans import progress
from coalition.plans.choices import ItemKind, PlanStatus
from coalition.plans.choices import ProgressStatus as S
from coalition.plans.models import ActivityItem, Plan, ProductProgress, ReportedProgress
from coalition.plans.tests.conftest import add_items

YEAR = progress.reporting_year()
pytestmark = pytest.mark.usefixtures("in_english")


def move(user, action, country, year=YEAR, comment=""):
    request = SimpleNamespace(user=user, META={}, path="/", request_id="")
    return approvals.move(request, action, progress.APPROVAL_KIND, country, year, comment)


# --- compute -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([(S.DONE, 100)], (S.DONE, 100)),
        ([(S.DONE, 100), (S.DONE, 100)], (S.DONE, 100)),
        ([(S.DONE, 100), (S.NOT_STARTED, 0)], (S.IN_PROGRESS, 50)),
        ([(S.DONE, 0), (S.IN_PROGRESS, 50)], (S.IN_PROGRESS, 75)),  # done counts 100%
        ([(S.NOT_STARTED, 0), (S.NOT_STARTED, 0)], (S.NOT_STARTED, 0)),
        ([(S.BLOCKED, 20), (S.DONE, 100)], (S.BLOCKED, 60)),
        ([(S.BLOCKED, 100), (S.DONE, 100)], (S.BLOCKED, 99)),  # never 100 unless done
        ([(S.IN_PROGRESS, 100), (S.DONE, 100)], (S.IN_PROGRESS, 99)),
        ([(S.NOT_APPLICABLE, 0), (S.DONE, 100)], (S.DONE, 100)),  # left out
        ([(S.NOT_APPLICABLE, 0), (S.NOT_APPLICABLE, 0)], (S.NOT_APPLICABLE, 0)),
        ([], (S.NOT_APPLICABLE, 0)),
        ([(S.IN_PROGRESS, 33), (S.NOT_STARTED, 0), (S.NOT_STARTED, 0)], (S.IN_PROGRESS, 11)),
    ],
)
def test_compute_gives_the_activity_status_and_percent_of_its_products(entries, expected):
    assert progress.compute(entries) == expected


def test_the_formula_is_said_in_words():
    assert "average" in str(progress.FORMULA)


def test_refresh_recomputes_the_activity_from_its_product_rows(plan_data, countries):
    cr = plan_data["progress"]["CR"]  # I.1, one product, no product row yet
    assert progress.refresh(cr) is True
    cr.refresh_from_db()
    assert (cr.status, cr.percent) == (S.NOT_STARTED, 0)
    product = cr.activity.items_of(ItemKind.PRODUCT)[0]
    ProductProgress.objects.create(
        progress=cr, product=product, country=countries["CR"], status=S.DONE, percent=100
    )
    assert progress.refresh(cr) is True
    assert (cr.status, cr.percent) == (S.DONE, 100)
    assert progress.refresh(cr) is False  # nothing changed


def test_refresh_leaves_an_activity_without_products_alone(plan_data):
    regional = plan_data["progress"]["regional"]  # I.2 has no product
    assert progress.refresh(regional) is False
    regional.refresh_from_db()
    assert (regional.status, regional.percent) == (S.BLOCKED, 10)


# --- the snapshot ------------------------------------------------------------------------


def test_the_snapshot_holds_every_activity_and_product_of_the_plans_in_force(plan_data, countries):
    meetings, tool = plan_data["activities"]["I.1"], plan_data["activities"]["I.2"]
    add_items(tool, ItemKind.PRODUCT, "Herramienta creada", "Manual publicado")
    cr = plan_data["progress"]["CR"]
    first = meetings.items_of(ItemKind.PRODUCT)[0]
    ProductProgress.objects.create(
        progress=cr,
        product=first,
        country=countries["CR"],
        status=S.IN_PROGRESS,
        percent=40,
        note="Acta de la primera reunión",
    )
    written = progress.take_snapshot(countries["CR"], YEAR)
    rows = ReportedProgress.objects.filter(country=countries["CR"], year=YEAR)
    # 3 activities, and 1 + 2 products
    assert written == rows.count() == 6
    activity_row = rows.get(activity=meetings, product=None)
    assert (activity_row.status, activity_row.percent, activity_row.narrative) == (
        S.IN_PROGRESS, 40, "Dos reuniones realizadas.",
    )  # fmt: skip
    product_row = rows.get(product=first)
    assert (product_row.status, product_row.percent, product_row.narrative) == (
        S.IN_PROGRESS, 40, "Acta de la primera reunión",
    )  # fmt: skip
    # never reported: not started, on the activity and on each of its products
    for row in rows.filter(activity=tool):
        assert (row.status, row.percent, row.narrative) == (S.NOT_STARTED, 0, "")
    judges = rows.get(activity=plan_data["activities"]["II.1"])
    assert judges.product is None and judges.status == S.NOT_STARTED


def test_a_new_snapshot_replaces_the_previous_one(plan_data, countries):
    progress.take_snapshot(countries["GT"], YEAR)
    gt = plan_data["progress"]["GT"]
    gt.status, gt.percent = S.IN_PROGRESS, 70
    gt.save()
    progress.take_snapshot(countries["GT"], YEAR)
    rows = ReportedProgress.objects.filter(country=countries["GT"], year=YEAR, product=None)
    assert rows.count() == 3
    assert rows.get(activity=gt.activity).percent == 70


def test_draft_plans_and_plans_ended_before_the_year_are_not_reported(plan_data, countries):
    Plan.objects.filter(pk=plan_data["plan"].pk).update(status=PlanStatus.DRAFT)
    assert progress.take_snapshot(countries["CR"], YEAR) == 0
    Plan.objects.filter(pk=plan_data["plan"].pk).update(status=PlanStatus.CLOSED)
    assert progress.take_snapshot(countries["CR"], YEAR + 1) == 0
    assert progress.take_snapshot(countries["CR"], YEAR) == 4


# --- the lock ----------------------------------------------------------------------------


def test_submitting_locks_approving_keeps_it_locked_and_withdrawing_unlocks(
    plan_data, countries, personas
):
    cr, admin = countries["CR"], personas["regional_admin"]
    progress.ensure_unlocked(cr)  # open: no error
    move(personas["cr_editor"], "submit", cr)
    assert progress.is_locked(cr.pk)
    with pytest.raises(ValidationError, match="submitted"):
        progress.ensure_unlocked(cr)
    move(admin, "approve", cr)
    assert progress.locked_country_ids([cr.pk, countries["GT"].pk]) == {cr.pk}
    with pytest.raises(ValidationError, match="approved"):
        progress.ensure_unlocked(cr)
    move(admin, "reopen", cr, comment="Corregir el porcentaje de I.1")
    progress.ensure_unlocked(cr)
    assert progress.lock_state(cr.pk) == "open"
    entry = AuditEntry.objects.filter(action="reopen").latest("seq")
    assert entry.after["comment"] == "Corregir el porcentaje de I.1"
    assert entry.actor_id == admin.pk


def test_withdrawing_an_approval_needs_a_reason(plan_data, countries, personas):
    cr, admin = countries["CR"], personas["regional_admin"]
    move(personas["cr_editor"], "submit", cr)
    move(admin, "approve", cr)
    with pytest.raises(ValidationError):
        move(admin, "reopen", cr)
    assert progress.is_locked(cr.pk)


def test_a_returned_report_unlocks_and_resubmitting_takes_a_new_snapshot(
    plan_data, countries, personas
):
    gt, editor = countries["GT"], personas["gt_editor"]
    move(editor, "submit", gt)
    move(personas["regional_admin"], "return", gt, comment="Falta I.1")
    progress.ensure_unlocked(gt)
    row = plan_data["progress"]["GT"]
    row.status, row.percent = S.IN_PROGRESS, 80
    row.save()
    move(editor, "submit", gt)
    assert progress.is_locked(gt.pk)
    reported = ReportedProgress.objects.get(
        country=gt, year=YEAR, activity=row.activity, product=None
    )
    assert (reported.status, reported.percent) == (S.IN_PROGRESS, 80)


def test_only_the_current_years_report_locks(plan_data, countries, personas):
    cr = countries["CR"]
    move(personas["cr_editor"], "submit", cr, year=YEAR - 1)
    assert not progress.is_locked(cr.pk)
    assert progress.lock_state(cr.pk) == "open"


# --- what leaves the country -------------------------------------------------------------


def test_approved_reports_return_the_snapshot_of_approved_years_only(
    plan_data, countries, personas
):
    admin = personas["regional_admin"]
    Plan.objects.filter(pk=plan_data["plan"].pk).update(starts=f"{YEAR - 1}-01-01")
    for iso2, editor in (("CR", "cr_editor"), ("GT", "gt_editor")):
        move(personas[editor], "submit", countries[iso2])
        move(personas[editor], "submit", countries[iso2], year=YEAR - 1)
    move(admin, "approve", countries["GT"])  # CR's stays submitted
    move(admin, "approve", countries["CR"], year=YEAR - 1)
    rows = progress.approved_reports()
    assert set(rows.values_list("country__iso2", "year").distinct()) == {
        ("GT", YEAR), ("CR", YEAR - 1),
    }  # fmt: skip
    assert not progress.approved_reports(year=YEAR - 2).exists()
    only_gt = progress.approved_reports(country_ids=[countries["GT"].pk], year=YEAR)
    assert set(only_gt.values_list("country__iso2", flat=True)) == {"GT"}
    move(admin, "reopen", countries["GT"], comment="Revisar")
    assert not progress.approved_reports(year=YEAR).exists()


def test_approved_reports_of_nothing_approved_are_empty(plan_data):
    assert list(progress.approved_reports()) == []


# --- the figures the approver sees -------------------------------------------------------


def test_the_summary_reads_the_progress_now_until_submitted_then_the_snapshot(
    plan_data, countries, personas
):
    cr = countries["CR"]
    product = ActivityItem.objects.get(activity=plan_data["activities"]["I.1"], kind="product")
    ProductProgress.objects.create(
        progress=plan_data["progress"]["CR"],
        product=product,
        country=cr,
        status=S.DONE,
        percent=100,
    )
    before = dict(progress.summary(cr, YEAR))
    assert before["Activities reported"] == "1 / 3"
    assert before["Products done"] == "1 / 1"
    assert before["In progress"] == 1 and before["Not started"] == 2
    assert before["Average percent"] == "13%"  # (40 + 0 + 0) / 3
    move(personas["cr_editor"], "submit", cr)
    ProductProgress.objects.all().delete()  # a change the snapshot does not see
    after = dict(progress.summary(cr, YEAR))
    assert after["Products done"] == "1 / 1"
    assert str(after["Figures of"]) == "the report as submitted"
