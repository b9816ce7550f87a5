"""The public good practices: only published ones, as last published, never with their
contact person or documents; search, filters, sorting and pages without JavaScript, in
both languages; the old addresses lead here."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalition.core.choices import Axis
from coalition.core.models import AuditEntry
from coalition.directory.models import Contact
from coalition.knowledge.choices import PracticeStatus
from coalition.knowledge.models import Practice
from coalition.knowledge.tests.conftest import build_knowledge, publish
from coalition.public import cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def knowledge(personas, countries, organizations):
    return build_knowledge(countries)


def text(response):
    return response.content.decode()


def published_practice(country, title, **fields):
    fields.setdefault("axis", Axis.PREVENTION)
    fields.setdefault("description", "Talleres comunitarios con líderes locales.")
    practice = Practice.objects.create(
        country=country, title=title, status=PracticeStatus.PUBLISHED, **fields
    )
    return publish(practice)


def listed(client, **params):
    response = client.get(reverse("public-en:practice-list"), params)
    assert response.status_code == 200
    return [practice.title for practice in response.context["page_obj"]]


def test_only_published_practices_are_on_the_public_site(client, knowledge):
    page = text(client.get(reverse("public-en:practice-list")))
    assert "Línea 1-1-1 de denuncia anónima" in page
    assert "Red de escuelas protectoras" not in page  # a draft
    assert "Fiscalía con enfoque en víctimas" not in page  # reviewed, not published
    for key in ("cr_draft", "gt_reviewed"):
        url = reverse("public-en:practice-detail", args=[knowledge["practices"][key].pk])
        assert client.get(url).status_code == 404
    assert client.get(reverse("public-en:practice-detail", args=[999999])).status_code == 404


def test_the_page_of_a_practice_shows_no_documents_nor_contact_and_writes_no_audit(
    client, knowledge, countries, organizations
):
    practice = knowledge["practices"]["cr_published"]
    contact = Contact.objects.create(
        country=countries["CR"], organization=practice.institution, name="María Jiménez Solano",
        emails=["mjimenez@fai.example.org"],
    )  # fmt: skip
    Practice.objects.filter(pk=practice.pk).update(contact=contact)
    entries = AuditEntry.objects.count()
    response = client.get(reverse("public-en:practice-detail", args=[practice.pk]))
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Línea 1-1-1 de denuncia anónima</h1>" in page
    assert "Más denuncias desde zonas rurales." in page and "Secretaría Técnica" in page
    assert "documento.pdf" not in page and "/knowledge/practices/documents/" not in page
    assert "María Jiménez" not in page and "mjimenez" not in page
    client.get(reverse("public-en:practice-list"))
    assert AuditEntry.objects.count() == entries


def test_an_edit_not_yet_republished_leaves_the_published_version(
    client, knowledge, django_capture_on_commit_callbacks
):
    practice = knowledge["practices"]["cr_published"]
    practice.title, practice.description = "Línea renovada", "Texto sin revisar."
    with django_capture_on_commit_callbacks(execute=True):
        practice.save()
    page = text(client.get(reverse("public-en:practice-detail", args=[practice.pk])))
    assert "Línea 1-1-1 de denuncia anónima" in page and "renovada" not in page
    assert "Texto sin revisar." not in page
    assert listed(client, q="renovada") == []
    assert listed(client, q="gratuita") == ["Línea 1-1-1 de denuncia anónima"]


def test_the_list_is_searched_filtered_and_sorted_without_javascript(client, knowledge, countries):
    published_practice(
        countries["regional"], "Ruta de atención Costa Rica–Panamá", axis=Axis.ATTENTION,
        year=2025,
    )  # fmt: skip
    assert listed(client) == [
        "Línea 1-1-1 de denuncia anónima",
        "Ruta de atención Costa Rica–Panamá",
    ]
    assert listed(client, sort="newest")[0] == "Ruta de atención Costa Rica–Panamá"
    assert listed(client, q="panama") == ["Ruta de atención Costa Rica–Panamá"]
    assert listed(client, country="CR") == ["Línea 1-1-1 de denuncia anónima"]
    assert listed(client, axis="attention") == ["Ruta de atención Costa Rica–Panamá"]
    # The review status is not a public filter: it is ignored, drafts stay out.
    assert "Red de escuelas protectoras" not in listed(client, status="draft")
    page = text(client.get(reverse("public-en:practice-list"), {"q": "nada de nada"}))
    assert "No published good practice matches this search." in page
    page = text(client.get(reverse("public:practice-list"), {"q": "nada de nada"}))
    assert "Ninguna buena práctica publicada coincide con esta búsqueda." in page
    assert '<form method="get" action="/good-practices/"' in page


def test_a_bad_filter_is_refused_naming_the_field(client, knowledge):
    response = client.get(reverse("public-en:practice-list"), {"axis": "nonsense"})
    assert response.status_code == 400
    assert "Axis of action: Select a valid choice." in text(response)


def test_the_list_says_when_nothing_is_published_yet(client, countries):
    page = text(client.get(reverse("public-en:practice-list")))
    assert "No good practice has been published yet." in page


def test_the_list_comes_in_pages_of_the_same_few_queries(client, knowledge, countries):
    def queries(**params):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("public-en:practice-list"), params)
        return len(captured), response

    few, _response = queries()
    for number in range(1, 12):
        published_practice(countries["GT"], f"Práctica {number:02}")
    many, response = queries(page=2)
    assert many == few <= 8
    titles = [practice.title for practice in response.context["page_obj"]]
    assert titles == ["Práctica 10", "Práctica 11"]


def test_the_pages_speak_the_language_of_their_address(client, knowledge):
    practice = knowledge["practices"]["cr_published"]
    spanish = text(client.get(reverse("public:practice-detail", args=[practice.pk])))
    english = text(client.get(reverse("public-en:practice-detail", args=[practice.pk])))
    assert '<html lang="es">' in spanish and "Qué se hizo" in spanish
    assert '<html lang="en">' in english and "What was done" in english
    assert f'href="{reverse("public-en:practice-list")}"' in english
    assert f'hreflang="en" href="http://testserver/en/good-practices/{practice.pk}/"' in spanish


def test_the_old_addresses_lead_here_for_good(client, knowledge):
    practice = knowledge["practices"]["cr_published"]
    moved = {
        "/knowledge/public/practices/?q=linea": "/good-practices/?q=linea",
        f"/knowledge/public/practices/{practice.pk}/": f"/good-practices/{practice.pk}/",
    }
    for old, new in moved.items():
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new
    draft = knowledge["practices"]["cr_draft"]
    assert client.get(f"/knowledge/public/practices/{draft.pk}/").status_code == 404


def test_the_sitemap_names_each_published_practice_in_both_languages(client, knowledge):
    page = text(client.get("/sitemap.xml"))
    published = knowledge["practices"]["cr_published"]
    assert f"<loc>http://testserver/good-practices/{published.pk}/</loc>" in page
    assert f"<loc>http://testserver/en/good-practices/{published.pk}/</loc>" in page
    draft = knowledge["practices"]["cr_draft"]
    assert f"/good-practices/{draft.pk}/<" not in page
