"""The progress form and its evidence file are one submit: both are saved, or nothing is,
and a refused file gives the form back as it was typed, with the error under the file."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.core.models import AuditEntry
from coalition.core.tests.versions import save
from coalition.plans.models import Evidence, Progress, ProgressRevision
from coalition.plans.tests.conftest import PDF_BYTES

NARRATIVE = "Taller con 20 jueces penales en San José."


def url(activity, iso2="CR"):
    return reverse("progress-update", args=[activity.pk, iso2])


def typed(**attach):
    data = {"status": "in_progress", "percent": 60, "narrative": NARRATIVE, "next_steps": ""}
    data.update({f"attach-{name}": value for name, value in attach.items()})
    return data


def html_as_pdf():
    return SimpleUploadedFile("acta.pdf", b"<!DOCTYPE html><html><body>Hola</body></html>")


def error_under(page, field_id):
    """The error messages shown right under the field ``field_id``."""
    block = page.split(f'id="{field_id}"', 1)[1].split('<div class="mb-3">', 1)[0]
    return re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>', block)


def test_status_percent_narrative_and_a_file_are_saved_by_one_submit(client_for, plan_data):
    judges = plan_data["activities"]["II.1"]
    pdf = SimpleUploadedFile("lista.pdf", PDF_BYTES)
    response = save(
        client_for("cr_editor"), url(judges), typed(file=pdf, description="Lista de asistencia")
    )
    assert response.status_code == 302
    progress = Progress.objects.get(activity=judges, country__iso2="CR")
    assert (progress.status, progress.percent, progress.narrative) == ("in_progress", 60, NARRATIVE)
    assert progress.evidence.get().description == "Lista de asistencia"
    versions = ProgressRevision.objects.filter(progress=progress)
    assert [(v.status, v.percent) for v in versions] == [("in_progress", 60)]
    assert AuditEntry.objects.filter(object_type="plans.evidence", action="create").count() == 1


def test_a_refused_file_writes_nothing_and_gives_back_what_was_typed(client_for, plan_data):
    judges = plan_data["activities"]["II.1"]
    response = save(client_for("cr_editor"), url(judges), typed(file=html_as_pdf()))
    assert response.status_code == 400
    page = response.content.decode()
    assert NARRATIVE in page
    assert '<option value="in_progress" selected>' in page
    assert 'value="60"' in page
    assert any(
        "web page (HTML)" in e or "página web (HTML)" in e
        for e in error_under(page, "id_attach-file")
    )
    assert not Progress.objects.filter(activity=judges, country__iso2="CR").exists()
    assert not ProgressRevision.objects.filter(progress__activity=judges).exists()
    assert not Evidence.objects.filter(original_name="acta.pdf").exists()


def test_a_refused_file_leaves_reported_progress_and_its_history_as_they_were(
    client_for, plan_data
):
    progress = plan_data["progress"]["CR"]
    versions = ProgressRevision.objects.filter(progress=progress).count()
    response = save(client_for("cr_editor"), url(progress.activity), typed(file=html_as_pdf()))
    assert response.status_code == 400
    progress.refresh_from_db()
    assert (progress.status, progress.percent) == ("in_progress", 40)
    assert progress.narrative == "Dos reuniones realizadas."
    assert ProgressRevision.objects.filter(progress=progress).count() == versions
    assert NARRATIVE in response.content.decode()


def test_a_described_file_that_was_not_chosen_is_asked_for_and_nothing_is_saved(
    client_for, plan_data
):
    judges = plan_data["activities"]["II.1"]
    response = save(client_for("cr_editor"), url(judges), typed(description="Acta firmada"))
    assert response.status_code == 400
    page = response.content.decode()
    assert error_under(page, "id_attach-file") == ["Este campo es obligatorio."]
    assert "Acta firmada" in page and NARRATIVE in page
    assert not Progress.objects.filter(activity=judges, country__iso2="CR").exists()


def test_progress_saved_without_a_file_records_one_version_and_no_file(client_for, plan_data):
    judges = plan_data["activities"]["II.1"]
    assert save(client_for("cr_editor"), url(judges), typed()).status_code == 302
    progress = Progress.objects.get(activity=judges, country__iso2="CR")
    assert progress.evidence.count() == 0
    assert ProgressRevision.objects.filter(progress=progress).count() == 1


def test_a_file_sent_with_unchanged_values_adds_no_version_to_the_history(client_for, plan_data):
    progress = plan_data["progress"]["CR"]
    versions = ProgressRevision.objects.filter(progress=progress).count()
    product = progress.activity.items.get(kind="product")  # I.1 is reported per product
    unchanged = {
        f"product-{product.pk}-status": progress.status,
        f"product-{product.pk}-percent": progress.percent,
        "narrative": progress.narrative,
        "next_steps": progress.next_steps,
        "attach-file": SimpleUploadedFile("otra.pdf", PDF_BYTES),
    }
    response = save(client_for("cr_editor"), url(progress.activity), unchanged)
    assert response.status_code == 302
    assert ProgressRevision.objects.filter(progress=progress).count() == versions
    assert progress.evidence.filter(original_name="otra.pdf").exists()


def test_the_file_is_chosen_inside_the_progress_form(client_for, plan_data):
    page = client_for("cr_editor").get(url(plan_data["activities"]["II.1"])).content.decode()
    forms = re.findall(r"<form.*?</form>", page, flags=re.S)
    with_file = [f for f in forms if 'name="attach-file"' in f]
    assert len(with_file) == 1
    assert 'name="narrative"' in with_file[0] and 'enctype="multipart/form-data"' in with_file[0]


def test_a_good_file_sent_with_refused_values_is_not_saved_and_asked_for_again(
    client_for, plan_data
):
    judges = plan_data["activities"]["II.1"]
    data = typed(file=SimpleUploadedFile("lista.pdf", PDF_BYTES))
    data.update(status="done", percent=80)  # done must be 100
    response = save(client_for("cr_editor"), url(judges), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "«lista.pdf» tampoco se guardó: corrija el formulario y vuelva a elegirlo." in page
    assert NARRATIVE in page
    assert not Progress.objects.filter(activity=judges, country__iso2="CR").exists()
    assert not Evidence.objects.filter(original_name="lista.pdf").exists()
