"""The public documents: the coalition's plans as PDFs of their structure (never anyone's
progress), and the agreements marked public with their documents; nothing else."""

import io
import json
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coalition.knowledge.models import Agreement, AgreementDocument
from coalition.knowledge.tests.conftest import build_knowledge
from coalition.plans.choices import ProgressStatus
from coalition.plans.loader import load_plan
from coalition.plans.models import Activity, Progress

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "plans" / "data"


@pytest.fixture
def knowledge(personas, countries, organizations):
    made = build_knowledge(countries)
    Agreement.objects.filter(pk=made["agreements"]["regional_migration"].pk).update(public=True)
    return made


@pytest.fixture
def plans(countries):
    loaded = [
        load_plan(json.loads((SEED / f"{code}.json").read_text()))[0]
        for code in ("plan-operativo-2012", "agenda-2012-2013")
    ]
    activity = Activity.objects.filter(plan=loaded[0]).order_by("objective__position").first()
    Progress.objects.create(
        activity=activity, country=countries["CR"], status=ProgressStatus.IN_PROGRESS,
        percent=40, narrative="Narrativa confidencial de avance",
    )  # fmt: skip
    return loaded


def pdf_text(response):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_page_lists_the_plans_and_only_the_public_agreements(client, knowledge, plans):
    text = client.get("/en/documents/").text
    assert "Protocolo regional de repatriación" in text
    assert "Convenio de cooperación policial" not in text  # not public
    assert "Acuerdo con el Organismo Judicial" not in text
    for plan in plans:
        assert reverse("public-en:document-plan", kwargs={"code": plan.code}) in text


@pytest.mark.parametrize(("prefix", "heading"), [("", "Documentos"), ("/en", "Documents")])
def test_the_page_speaks_the_language_of_its_address(client, countries, prefix, heading):
    response = client.get(f"{prefix}/documents/")
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.text


def test_the_page_says_so_when_no_agreement_is_public(client, countries):
    text = client.get("/en/documents/").text
    assert "No agreement has been made public yet." in text
    assert "No plan has been loaded yet." in text


def test_the_agreements_are_filtered_by_country_and_type(client, knowledge):
    police = knowledge["agreements"]["cr_police"]
    Agreement.objects.filter(pk=police.pk).update(public=True)
    text = client.get("/en/documents/", {"country": "NI"}).text  # a party, not the follower
    assert police.title in text and "Protocolo regional" not in text
    text = client.get("/en/documents/", {"kind": "migration"}).text
    assert police.title not in text and "Protocolo regional" in text
    text = client.get("/en/documents/", {"country": "PA", "kind": "police"}).text
    assert "No public agreement matches these filters." in text
    response = client.get("/en/documents/", {"kind": "secret"})
    assert response.status_code == 400 and "Type: unknown value." in response.text


def test_a_public_agreements_document_downloads_and_a_private_ones_is_404(client, knowledge):
    document = knowledge["documents"]["agreement"]  # of the police agreement, not public
    address = reverse(
        "public:document-agreement-file",
        kwargs={"agreement": document.agreement_id, "pk": document.pk},
    )
    assert client.get(address).status_code == 404
    assert client.get(address.replace(f"/{document.agreement_id}/", "/999999/")).status_code == 404
    Agreement.objects.filter(pk=document.agreement_id).update(public=True)
    response = client.get(address)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # Another agreement's public address does not serve it.
    other = knowledge["agreements"]["regional_migration"]
    assert (
        client.get(address.replace(f"/{document.agreement_id}/", f"/{other.pk}/")).status_code
        == 404
    )


def test_a_private_agreements_documents_are_never_linked(client, knowledge):
    text = client.get("/en/documents/").text
    for document in AgreementDocument.objects.all():
        assert f"/files/{document.pk}/" not in text


def test_the_plan_pdf_holds_its_structure_and_no_progress(client, plans):
    activity = Activity.objects.filter(plan=plans[0]).exclude(title_es="").first()
    response = client.get(f"/documents/plans/{plans[0].code}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response).split())
    assert " ".join(activity.title_es.split())[:40] in text
    assert "Narrativa confidencial" not in text
    assert "40%" not in text and "In progress" not in text and "En curso" not in text
    assert "Responsables" in text or "Responsible" in text


def test_the_plan_pdf_is_written_in_the_language_of_its_address(client, plans):
    spanish = pdf_text(client.get(f"/documents/plans/{plans[0].code}.pdf"))
    english = pdf_text(client.get(f"/en/documents/plans/{plans[0].code}.pdf"))
    assert "Verification sources" in english and "Verification sources" not in spanish


def test_a_plan_that_is_not_the_coalitions_has_no_public_pdf(client, plans):
    assert client.get("/documents/plans/no-such-plan.pdf").status_code == 404


def test_an_agreement_made_public_appears_at_once(
    client, knowledge, django_capture_on_commit_callbacks
):
    police = knowledge["agreements"]["cr_police"]
    assert police.title not in client.get("/en/documents/").text
    police.public = True
    with django_capture_on_commit_callbacks(execute=True):
        police.save()
    assert police.title in client.get("/en/documents/").text


def test_the_page_takes_a_bounded_number_of_queries(
    client, knowledge, plans, django_assert_max_num_queries
):
    Agreement.objects.update(public=True)
    with django_assert_max_num_queries(10):
        assert client.get("/en/documents/").status_code == 200
