"""Evidence files: accepted by their content, at most 20 MB, stored privately, downloaded
only by those who see their country, every download written to the audit log."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.core.models import AuditEntry
from coalition.core.tests.versions import save
from coalition.core.uploads import EVIDENCE_MAX_BYTES, safe_name
from coalition.plans.models import Evidence, Progress, ProgressRevision
from coalition.plans.tests.conftest import PDF_BYTES


def upload_url(activity, iso2):
    return reverse("progress-update", args=[activity.pk, iso2])


def post_evidence(client, activity, iso2, data):
    """Send a file with the progress form, the country's values left as they are."""
    progress = Progress.objects.filter(activity=activity, country__iso2=iso2).first()
    values = {
        "status": progress.status if progress else "not_started",
        "percent": progress.percent if progress else 0,
        "narrative": progress.narrative if progress else "",
        "next_steps": progress.next_steps if progress else "",
    }
    return save(
        client,
        upload_url(activity, iso2),
        {**values, **{f"attach-{k}": v for k, v in data.items()}},
    )


def attach(progress, name="acta.pdf", content=PDF_BYTES):
    evidence = Evidence(
        progress=progress,
        country_id=progress.country_id,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256="0" * 64,
    )
    evidence.file.save("upload", ContentFile(content), save=False)
    evidence.save()
    return evidence


def speak_english(personas, name):
    personas[name].language = "en"
    personas[name].save()


# --- uploading -----------------------------------------------------------------


def test_an_editor_attaches_a_pdf_checked_by_its_content(client_for, plan_data):
    activity = plan_data["activities"]["II.1"]
    upload = SimpleUploadedFile("acta.pdf", PDF_BYTES, content_type="application/pdf")
    response = post_evidence(
        client_for("cr_editor"), activity, "CR", {"file": upload, "description": "Acta"}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(original_name="acta.pdf")
    assert evidence.content_type == "application/pdf"
    assert evidence.country.iso2 == "CR"
    assert "acta" not in evidence.file.name  # stored under a random name
    assert AuditEntry.objects.filter(object_type="plans.evidence", action="create").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("acta.pdf", b"<html><script>alert(1)</script></html>"),
        ("informe.docx", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
        ("datos.csv", b"a,b\n\x00\x01"),
    ],
)
def test_a_file_whose_content_is_not_an_accepted_type_is_refused(
    client_for, plan_data, name, content
):
    activity = plan_data["activities"]["II.1"]
    response = post_evidence(
        client_for("cr_editor"), activity, "CR", {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert "no es un tipo de archivo que aceptemos" in response.content.decode()
    assert not Evidence.objects.filter(original_name=name).exists()


def test_a_file_over_20_mb_is_refused(client_for, plan_data):
    activity = plan_data["activities"]["II.1"]
    big = SimpleUploadedFile("grande.pdf", PDF_BYTES + b"0" * (EVIDENCE_MAX_BYTES + 1))
    response = post_evidence(client_for("cr_editor"), activity, "CR", {"file": big})
    assert response.status_code == 400
    assert "20" in response.content.decode()
    assert not Evidence.objects.filter(original_name="grande.pdf").exists()


def test_office_documents_images_and_csv_are_accepted(client_for, plan_data):
    import openpyxl

    workbook = openpyxl.Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    png = bytes.fromhex("89504E470D0A1A0A0000000D4948445200000001000000010806000000")
    activity = plan_data["activities"]["II.1"]
    client = client_for("cr_editor")
    for name, content in (
        ("libro.xlsx", buffer.getvalue()),
        ("foto.png", png + b"\x00" * 32),
        ("datos.csv", "país,talleres\nCosta Rica,3\n".encode()),
    ):
        response = post_evidence(
            client, activity, "CR", {"file": SimpleUploadedFile(name, content)}
        )
        assert response.status_code == 302, name
    types = set(Evidence.objects.values_list("content_type", flat=True))
    assert {"image/png", "text/csv"} <= types
    assert any("spreadsheetml" in t for t in types)


def test_evidence_is_downloaded_by_those_who_see_its_country_and_audited(client_for, plan_data):
    evidence = plan_data["evidence"]
    response = client_for("cr_contributor").get(evidence.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    entry = AuditEntry.objects.filter(object_type="plans.evidence").latest("seq")
    assert entry.action == "view" and entry.after["file"] == "lista-asistencia.pdf"


@pytest.mark.parametrize("persona", ["gt_editor", "partner"])
def test_evidence_of_another_country_is_not_found(client_for, plan_data, persona):
    assert client_for(persona).get(plan_data["evidence"].get_absolute_url()).status_code == 404


def test_the_evidence_file_is_not_under_the_static_or_public_media_url(plan_data, settings):
    path = plan_data["evidence"].file.path
    assert "/private/" in path and not path.startswith(str(settings.STATIC_ROOT))
    with pytest.raises(ValueError):
        plan_data["evidence"].file.url  # noqa: B018


def test_an_editor_removes_evidence_of_their_country_and_it_is_audited(client_for, plan_data):
    evidence = plan_data["evidence"]
    url = reverse("evidence-delete", args=[evidence.pk])
    assert client_for("gt_editor").post(url).status_code == 404
    assert client_for("cr_editor").post(url).status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert AuditEntry.objects.filter(object_type="plans.evidence", action="delete").exists()


def test_attaching_evidence_to_a_country_that_never_reported_creates_its_progress(
    client_for, plan_data
):
    activity = plan_data["activities"]["II.1"]
    upload = SimpleUploadedFile("acta.pdf", PDF_BYTES)
    assert (
        post_evidence(client_for("cr_editor"), activity, "CR", {"file": upload}).status_code == 302
    )
    progress = Progress.objects.get(activity=activity, country__iso2="CR")
    assert progress.status == "not_started" and progress.evidence.count() == 1
    assert ProgressRevision.objects.filter(progress=progress).count() == 1
    assert AuditEntry.objects.filter(object_type="plans.progress", action="create").exists()


def test_a_costa_rica_editor_may_not_attach_evidence_to_guatemala(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    upload = SimpleUploadedFile("acta.pdf", PDF_BYTES)
    assert (
        post_evidence(client_for("cr_editor"), activity, "GT", {"file": upload}).status_code == 404
    )
    assert not Evidence.objects.filter(country__iso2="GT").exists()


def test_a_partner_may_not_attach_evidence_to_the_regional_level(client_for, plan_data):
    activity = plan_data["activities"]["I.2"]
    upload = SimpleUploadedFile("acta.pdf", PDF_BYTES)
    assert post_evidence(client_for("partner"), activity, "XR", {"file": upload}).status_code == 403
    assert not Evidence.objects.filter(country__iso2="XR").exists()


def test_an_html_page_renamed_pdf_is_refused_with_a_clear_message(client_for, plan_data, personas):
    speak_english(personas, "cr_editor")
    activity = plan_data["activities"]["II.1"]
    fake = SimpleUploadedFile(
        "acta.pdf", b"<!DOCTYPE html><html><body>Hola</body></html>", content_type="application/pdf"
    )
    response = post_evidence(client_for("cr_editor"), activity, "CR", {"file": fake})
    page = response.content.decode()
    assert response.status_code == 400
    assert "is not a file type we accept" in page
    assert "web page (HTML)" in page
    assert not Evidence.objects.filter(original_name="acta.pdf").exists()


def test_a_file_whose_name_claims_a_type_its_content_is_not_says_so(
    client_for, plan_data, personas
):
    speak_english(personas, "cr_editor")
    activity = plan_data["activities"]["II.1"]
    fake = SimpleUploadedFile("foto.png", b"just a few words of text")
    response = post_evidence(client_for("cr_editor"), activity, "CR", {"file": fake})
    assert response.status_code == 400
    assert "name ends in “.png”" in response.content.decode()


def test_a_file_of_exactly_20_mb_is_accepted_and_one_byte_more_is_refused(
    client_for, plan_data, personas
):
    speak_english(personas, "cr_editor")
    activity = plan_data["activities"]["II.1"]
    client = client_for("cr_editor")
    padding = b"0" * (EVIDENCE_MAX_BYTES - len(PDF_BYTES))
    too_big = SimpleUploadedFile("grande.pdf", PDF_BYTES + padding + b"0")
    response = post_evidence(client, activity, "CR", {"file": too_big})
    assert response.status_code == 400
    assert "at most 20.0" in response.content.decode()
    assert not Evidence.objects.filter(original_name="grande.pdf").exists()
    just_right = SimpleUploadedFile("justo.pdf", PDF_BYTES + padding)
    assert post_evidence(client, activity, "CR", {"file": just_right}).status_code == 302
    assert Evidence.objects.get(original_name="justo.pdf").size == EVIDENCE_MAX_BYTES


def test_an_empty_file_is_refused(client_for, plan_data):
    activity = plan_data["activities"]["II.1"]
    empty = SimpleUploadedFile("vacio.pdf", b"")
    assert (
        post_evidence(client_for("cr_editor"), activity, "CR", {"file": empty}).status_code == 400
    )


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


OLE2_HEAD = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "informe.docx",
            _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "minuta.odt",
            _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}),
            "application/vnd.oasis.opendocument.text",
        ),
        ("viejo.doc", OLE2_HEAD, "application/msword"),
        ("viejo.xls", OLE2_HEAD, "application/vnd.ms-excel"),
        ("foto.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32, "image/jpeg"),
        ("foto.gif", b"GIF89a\x01\x00\x01\x00" + b"\x00" * 32, "image/gif"),
        ("foto.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32, "image/webp"),
        ("notas.txt", "Reunión en Panamá".encode("latin-1"), "text/plain"),
    ],
)
def test_accepted_types_are_recognised_by_their_content(
    client_for, plan_data, name, content, content_type
):
    activity = plan_data["activities"]["II.1"]
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = post_evidence(client_for("cr_editor"), activity, "CR", {"file": upload})
    assert response.status_code == 302
    assert Evidence.objects.get(original_name=name).content_type == content_type


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("paquete.docx", _zip({"word/document.xml": "<w/>"})),  # no [Content_Types].xml
        ("archivo.zip", _zip({"a.txt": "hola"})),
        ("instalador.msi", OLE2_HEAD),
        ("falso.odt", _zip({"mimetype": "text/html"})),
        ("pagina.txt", b"<html><script>alert(1)</script></html>"),
        ("programa.exe", b"MZ\x90\x00" + b"\x00" * 60),
    ],
)
def test_containers_and_programs_that_are_not_documents_are_refused(
    client_for, plan_data, name, content
):
    activity = plan_data["activities"]["II.1"]
    upload = SimpleUploadedFile(name, content)
    assert (
        post_evidence(client_for("cr_editor"), activity, "CR", {"file": upload}).status_code == 400
    )
    assert not Evidence.objects.filter(original_name=name).exists()


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("../../etc/acta.pdf", "application/pdf", "acta.pdf"),
        ("C:\\Users\\ana\\acta final.pdf", "application/pdf", "acta final.pdf"),
        ("reporte.html", "application/pdf", "reporte.html.pdf"),
        ("FOTO.JPEG", "image/jpeg", "FOTO.JPEG"),
        ("linea\nnueva.csv", "text/csv", "lineanueva.csv"),
        ("", "application/pdf", "evidence.pdf"),
    ],
)
def test_the_stored_name_has_no_folder_and_the_extension_of_its_content(
    name, content_type, expected
):
    assert safe_name(name, content_type) == expected


def test_a_long_name_is_cut_to_200_characters_keeping_its_extension():
    name = safe_name("a" * 500 + ".pdf", "application/pdf")
    assert len(name) == 200 and name.endswith(".pdf")


def test_an_uploaded_name_is_stored_sanitized(client_for, plan_data):
    activity = plan_data["activities"]["II.1"]
    upload = SimpleUploadedFile("../../informe.html", PDF_BYTES)
    assert (
        post_evidence(client_for("cr_editor"), activity, "CR", {"file": upload}).status_code == 302
    )
    assert Evidence.objects.filter(original_name="informe.html.pdf").exists()


# --- downloading and removing ------------------------------------------------------------


def test_a_costa_rica_editor_does_not_find_guatemala_evidence(client_for, plan_data):
    evidence = attach(plan_data["progress"]["GT"], "acta-gt.pdf")
    assert client_for("cr_editor").get(evidence.get_absolute_url()).status_code == 404
    assert client_for("gt_editor").get(evidence.get_absolute_url()).status_code == 200


def test_the_partner_downloads_regional_evidence_but_may_not_remove_it(client_for, plan_data):
    evidence = attach(plan_data["progress"]["regional"], "acta-regional.pdf")
    client = client_for("partner")
    assert client.get(evidence.get_absolute_url()).status_code == 200
    assert client.post(reverse("evidence-delete", args=[evidence.pk])).status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_every_download_is_written_to_the_audit_log(client_for, plan_data, personas):
    evidence = plan_data["evidence"]
    client = client_for("regional_admin")
    for _ in range(2):
        response = client.get(evidence.get_absolute_url())
        b"".join(response.streaming_content)
    entries = AuditEntry.objects.filter(
        object_type="plans.evidence", object_id=str(evidence.pk), action="view"
    )
    assert entries.count() == 2
    assert {e.actor for e in entries} == {personas["regional_admin"]}


def test_the_download_carries_the_stored_type_and_name(client_for, plan_data):
    response = client_for("cr_editor").get(plan_data["evidence"].get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="lista-asistencia.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_the_auditor_may_not_download_evidence(client_for, plan_data):
    response = client_for("auditor").get(plan_data["evidence"].get_absolute_url())
    assert response.status_code in (403, 404)
    assert not AuditEntry.objects.filter(object_type="plans.evidence", action="view").exists()


def test_a_file_missing_from_the_disk_is_not_found_rather_than_an_error(client_for, plan_data):
    evidence = plan_data["evidence"]
    evidence.file.storage.delete(evidence.file.name)
    assert client_for("cr_editor").get(evidence.get_absolute_url()).status_code == 404


def test_removing_evidence_answers_only_post(client_for, plan_data):
    url = reverse("evidence-delete", args=[plan_data["evidence"].pk])
    assert client_for("cr_editor").get(url).status_code == 405


def test_the_partner_does_not_find_a_member_countrys_evidence_to_remove(client_for, plan_data):
    url = reverse("evidence-delete", args=[plan_data["evidence"].pk])
    assert client_for("partner").post(url).status_code == 404
    assert Evidence.objects.filter(pk=plan_data["evidence"].pk).exists()
