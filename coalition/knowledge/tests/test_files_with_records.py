"""A practice, an agreement or a campaign and the file sent with its form are saved by one
submit, or neither is: a refused file gives the form back as typed, the error under the
file, and writes nothing. Their free texts keep their limits in the API too."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.knowledge.models import (
    Agreement,
    AgreementDocument,
    Campaign,
    CampaignMaterial,
    Practice,
    PracticeDocument,
)
from coalition.knowledge.tests.conftest import PDF
from coalition.knowledge.tests.test_agreements import agreement_data
from coalition.knowledge.tests.test_api import detail_url, send
from coalition.knowledge.tests.test_campaigns import campaign_data
from coalition.knowledge.tests.test_practices import practice_data
from coalition.lib import limits

MATERIAL = {"attach-kind": "brochure", "attach-title": "Folleto", "attach-language": "es"}
RECORDS = [
    ("practice-create", practice_data, Practice, PracticeDocument, {}),
    ("agreement-create", agreement_data, Agreement, AgreementDocument, {}),
    ("campaign-create", campaign_data, Campaign, CampaignMaterial, MATERIAL),
]


def html_as_pdf():
    return SimpleUploadedFile("folleto.pdf", b"<!DOCTYPE html><html><body>Hola</body></html>")


@pytest.mark.parametrize(("create", "data", "model", "files", "extra"), RECORDS)
def test_a_record_and_its_file_are_saved_by_one_submit(
    client_for, knowledge, countries, create, data, model, files, extra
):
    sent = {**data(countries["CR"]), **extra}
    sent["attach-file"] = SimpleUploadedFile("adjunto-nuevo.pdf", PDF)
    response = client_for("cr_editor").post(reverse(create), sent)
    assert response.status_code == 302
    record = model.objects.get(title=sent["title"])
    attachment = files.objects.get(original_name="adjunto-nuevo.pdf")
    assert attachment.country == record.country
    assert response["Location"] == record.get_absolute_url()


@pytest.mark.parametrize(("create", "data", "model", "files", "extra"), RECORDS)
def test_a_refused_file_writes_nothing_and_gives_back_what_was_typed(
    client_for, knowledge, countries, create, data, model, files, extra
):
    sent = {**data(countries["CR"], title="Título escrito a mano"), **extra}
    sent["attach-file"] = html_as_pdf()
    before = files.objects.count()
    response = client_for("cr_editor").post(reverse(create), sent)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Título escrito a mano"' in page
    under_file = page.split('id="id_attach-file"', 1)[1].split('<div class="mb-3">', 1)[0]
    assert "página web (HTML)" in under_file
    assert not model.objects.filter(title="Título escrito a mano").exists()
    assert files.objects.count() == before


def test_a_campaign_saved_without_a_material_needs_none_of_its_fields(
    client_for, knowledge, countries
):
    sent = {**campaign_data(countries["CR"], title="Sin materiales"), **MATERIAL}
    sent["attach-title"] = ""
    response = client_for("cr_editor").post(reverse("campaign-create"), sent)
    assert response.status_code == 302
    assert not Campaign.objects.get(title="Sin materiales").materials.exists()


def test_the_api_refuses_texts_over_their_limit_by_name(client_for, knowledge):
    agreement = knowledge["agreements"]["cr_police"]
    response = send(
        client_for("cr_editor"),
        "patch",
        detail_url("agreement", agreement),
        {"obligations": "a" * (limits.NARRATIVE + 1)},
    )
    assert response.status_code == 400
    assert "obligations" in response.json()
    swot = knowledge["swots"]["CR"]
    item = {"quadrant": "strength", "axis": "prevention", "text": "a" * (limits.SUMMARY + 1)}
    response = send(client_for("cr_editor"), "patch", detail_url("swot", swot), {"items": [item]})
    assert response.status_code == 400
    assert "text" in response.json()["items"]["0"]
