"""Reporting an activity product by product: the activity's status and percent computed
as the formula says, errors that name the product, the lock of a submitted report, and
the history and audit that keep the products' values."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval, AuditEntry
from coalition.core.tests.versions import form_values
from coalition.plans import progress as plan_progress
from coalition.plans.choices import ItemKind
from coalition.plans.models import Evidence, ProductProgress, Progress, ProgressRevision
from coalition.plans.tests.conftest import PDF_BYTES, add_items

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def two_products(plan_data):
    """Activity I.2 with two products: a SWOT shared and police agreements."""
    activity = plan_data["activities"]["I.2"]
    add_items(activity, ItemKind.PRODUCT, "FODA compartido", "Convenios con la policía")
    return activity, list(activity.items.filter(kind=ItemKind.PRODUCT).order_by("position"))


def url(activity, iso2="CR"):
    return reverse("progress-update", args=[activity.pk, iso2])


def send(client, activity, rows, iso2="CR", **others):
    """Open the form and send it with ``rows``: {product: (status, percent, note)}."""
    data = form_values(client.get(url(activity, iso2)))
    for product, (status, percent, note) in rows.items():
        key = f"product-{product.pk}"
        data.update({f"{key}-status": status, f"{key}-percent": percent, f"{key}-note": note})
    data.update(others)
    return client.post(url(activity, iso2), data)


def test_one_product_done_makes_the_activity_half_done(client_for, two_products):
    activity, (swot, police) = two_products
    response = send(
        client_for("cr_editor"),
        activity,
        {swot: ("done", 100, "FODA presentado"), police: ("not_started", 0, "")},
        narrative="FODA nacional presentado.",
    )
    assert response.status_code == 302
    progress = Progress.objects.get(activity=activity, country__iso2="CR")
    # The formula: the average of the products' percents, in progress when not all done.
    assert (progress.status, progress.percent) == ("in_progress", 50)
    assert progress.narrative == "FODA nacional presentado."
    rows = {r.product_id: r for r in ProductProgress.objects.filter(progress=progress)}
    assert (rows[swot.pk].status, rows[swot.pk].note) == ("done", "FODA presentado")
    assert rows[police.pk].country_id == progress.country_id

    send(client_for("cr_editor"), activity, {police: ("in_progress", 40, "Borrador")})
    progress.refresh_from_db()
    assert (progress.status, progress.percent) == ("in_progress", 70)
    send(client_for("cr_editor"), activity, {police: ("done", 100, "Firmado")})
    progress.refresh_from_db()
    assert (progress.status, progress.percent) == ("done", 100)


def test_a_blocked_product_blocks_the_activity(client_for, two_products):
    activity, (swot, police) = two_products
    send(
        client_for("cr_editor"),
        activity,
        {swot: ("done", 100, ""), police: ("blocked", 10, "Sin respuesta")},
    )
    progress = Progress.objects.get(activity=activity, country__iso2="CR")
    assert (progress.status, progress.percent) == ("blocked", 55)


def test_a_product_row_error_names_the_product_and_saves_nothing(client_for, two_products):
    activity, (swot, police) = two_products
    before = ProductProgress.objects.count()
    response = send(
        client_for("cr_editor"),
        activity,
        {swot: ("done", 60, ""), police: ("in_progress", 20, "")},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "“[en] FODA compartido”: An activity that is done is 100% done." in page
    assert ProductProgress.objects.count() == before
    assert Progress.objects.get(activity=activity, country__iso2="XR").status == "blocked"


def test_the_revision_and_the_audit_hold_the_products(client_for, two_products):
    activity, (swot, police) = two_products
    send(
        client_for("regional_admin"),
        activity,
        {swot: ("done", 100, "Hecho"), police: ("in_progress", 20, "")},
        iso2="XR",
    )
    progress = Progress.objects.get(activity=activity, country__iso2="XR")
    revision = ProgressRevision.objects.filter(progress=progress).first()
    assert (revision.status, revision.percent) == ("in_progress", 60)
    entry = AuditEntry.objects.filter(object_type="plans.progress").latest("seq")
    assert entry.action == "update"
    assert entry.before["status"] == "blocked" and entry.before["products"] == []
    assert [(p["text"], p["status"], p["percent"], p["note"]) for p in entry.after["products"]] == [
        ("FODA compartido", "done", 100, "Hecho"),
        ("Convenios con la policía", "in_progress", 20, ""),
    ]
    assert AuditEntry.objects.filter(object_type="plans.progress").count() == 1


def test_the_form_shows_the_formula_and_each_product(client_for, two_products):
    activity, _products = two_products
    page = client_for("cr_editor").get(url(activity)).content.decode()
    assert "FODA compartido" in page and "Convenios con la policía" in page
    assert escape(str(plan_progress.FORMULA)) in page
    assert 'name="status"' not in page  # computed, not typed
    assert 'name="evidence_shared"' in page


def test_an_activity_without_products_keeps_its_own_status(client_for, plan_data):
    activity = plan_data["activities"]["II.1"]
    page = client_for("cr_editor").get(url(activity)).content.decode()
    assert 'name="status"' in page and "product-" not in page.split('id="products"')[0][-1:]


def test_evidence_sent_with_the_form_says_which_product_it_shows(client_for, two_products):
    activity, (swot, _police) = two_products
    response = send(
        client_for("cr_editor"),
        activity,
        {swot: ("done", 100, "")},
        **{"attach-file": SimpleUploadedFile("foda.pdf", PDF_BYTES), "attach-product": swot.pk},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(original_name="foda.pdf")
    assert evidence.product == swot
    page = client_for("cr_editor").get(activity.get_absolute_url()).content.decode()
    assert "foda.pdf" in page and "FODA compartido" in page


@pytest.fixture
def submitted(countries):
    return Approval.objects.create(
        kind=plan_progress.APPROVAL_KIND,
        country=countries["CR"],
        year=timezone.localdate().year,
        state=ApprovalState.SUBMITTED,
    )


def test_a_locked_country_refuses_the_save_with_the_reason(client_for, two_products):
    activity, (swot, police) = two_products
    client = client_for("cr_editor")
    data = form_values(client.get(url(activity)))
    Approval.objects.create(
        kind=plan_progress.APPROVAL_KIND,
        country=Progress.objects.get(activity__ref="I.1", country__iso2="CR").country,
        year=timezone.localdate().year,
        state=ApprovalState.SUBMITTED,
    )
    entries, rows = AuditEntry.objects.count(), ProductProgress.objects.count()
    data.update({f"product-{swot.pk}-status": "done", f"product-{swot.pk}-percent": 100})
    response = client.post(url(activity), data)
    assert response.status_code == 400
    assert 'id="locked-reason"' in response.content.decode()
    assert "has been submitted" in response.content.decode()
    assert ProductProgress.objects.count() == rows
    assert not Progress.objects.filter(activity=activity, country__iso2="CR").exists()
    assert AuditEntry.objects.count() == entries


def test_a_locked_form_is_read_only_with_the_reason(client_for, two_products, submitted):
    activity, _products = two_products
    response = client_for("cr_editor").get(url(activity))
    assert response.status_code == 200
    page = response.content.decode()
    assert "is submitted for approval: its progress cannot change" in page  # the banner
    assert 'name="attach-file"' not in page
    assert "disabled" in page
    assert ">Save</button>" not in page


def test_a_locked_country_keeps_its_evidence(client_for, plan_data, submitted):
    evidence = plan_data["evidence"]
    response = client_for("cr_editor").post(reverse("evidence-delete", args=[evidence.pk]))
    assert response.status_code == 400
    assert "has been submitted" in response.content.decode()
    assert Evidence.objects.filter(pk=evidence.pk).exists()
