"""The progress form in a real browser: status, percent, narrative and an evidence file are
sent with one press of "Guardar", and all of them are kept, with one new version in the
history. Screenshots go to test-artifacts/."""

import os

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core.tests.browser import serious_violations, shot, sign_in
from coalition.plans.models import Evidence, ProgressRevision
from coalition.plans.tests.conftest import PDF_BYTES

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

NARRATIVE = "Tercera reunión con la fiscalía; 14 personas, acta firmada."


def test_one_submit_keeps_the_typed_progress_and_its_evidence_file(
    page, live_server, personas, plan_data, tmp_path
):
    TOTPDevice.objects.create(user=personas["cr_editor"], name="phone", confirmed=True)
    meetings, progress = plan_data["activities"]["I.1"], plan_data["progress"]["CR"]
    versions = ProgressRevision.objects.filter(progress=progress).count()
    assert versions == 1  # the version reported before
    pdf = tmp_path / "acta-fiscalia.pdf"
    pdf.write_bytes(PDF_BYTES)

    # I.1 is reported per product (its only one): the activity's status is computed.
    product = meetings.items.get(kind="product")
    status, percent = f"#id_product-{product.pk}-status", f"#id_product-{product.pk}-percent"
    sign_in(page, personas["cr_editor"])
    page.goto(reverse("progress-update", args=[meetings.pk, "CR"]))
    page.select_option(status, "blocked")
    page.fill(percent, "65")
    page.fill("#id_narrative", NARRATIVE)
    page.set_input_files("#id_attach-file", str(pdf))
    page.fill("#id_attach-description", "Acta de la reunión")
    assert serious_violations(page) == []
    shot(page, "progress-01-typed-with-a-file")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url(f"**{meetings.get_absolute_url()}*")

    row = page.locator("#country-CR")
    text = row.inner_text()
    assert "Bloqueada" in text
    assert "65%" in text
    assert NARRATIVE in text
    assert "acta-fiscalia.pdf" in text
    row.locator("summary", has_text="Historial").click()
    history = row.locator("ol.history li")
    assert history.count() == versions + 1
    assert row.locator("summary").inner_text() == "Historial (2 cambios)"
    newest = history.first.inner_text()
    assert "65%" in newest and NARRATIVE in newest
    shot(page, "progress-02-saved-with-its-file")

    revisions = list(ProgressRevision.objects.filter(progress=progress).order_by("-pk"))
    assert len(revisions) == versions + 1
    assert (revisions[0].status, revisions[0].percent, revisions[0].narrative) == (
        "blocked",
        65,
        NARRATIVE,
    )
    assert Evidence.objects.filter(progress=progress, original_name="acta-fiscalia.pdf").exists()

    # The form opened again shows what was saved, not "Sin iniciar, 0 %".
    page.goto(reverse("progress-update", args=[meetings.pk, "CR"]))
    assert page.input_value(status) == "blocked"
    assert page.input_value(percent) == "65"
    assert page.input_value("#id_narrative") == NARRATIVE
    assert "acta-fiscalia.pdf" in page.inner_text("main")
    assert page.problems == []


def test_a_long_narrative_is_counted_as_typed_and_cut_on_the_activity_page(
    page, live_server, personas, plan_data
):
    TOTPDevice.objects.create(user=personas["cr_editor"], name="phone", confirmed=True)
    meetings, progress = plan_data["activities"]["I.1"], plan_data["progress"]["CR"]
    sign_in(page, personas["cr_editor"])
    page.goto(reverse("progress-update", args=[meetings.pk, "CR"]))
    counter = page.locator('[data-counter-for="id_narrative"]')
    assert counter.inner_text() == "25 de 5000 caracteres"
    page.fill("#id_narrative", "x" * 4600)
    assert counter.inner_text() == "4600 de 5000 caracteres"
    assert "text-danger" in counter.get_attribute("class")
    assert page.get_attribute("#id_narrative", "maxlength") == "5000"

    # 5,000 characters, one of them a 300-letter "word", once saved.
    progress.narrative = ("avance " * 670 + "a" * 300)[:5000]
    progress.save()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(meetings.get_absolute_url())
    row = page.locator("#country-CR")
    assert row.bounding_box()["height"] < 400
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "progress-03-long-narrative-cut")
    row.get_by_text("Leer todo").click()
    assert row.locator("details[open]").count() == 1
    assert "a" * 300 in row.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.problems == []
