"""The public campaigns: only those with a published material, as last published, with
their published materials to download; filters, sorting and pages without JavaScript, in
both languages; the old addresses lead here."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalition.core.models import AuditEntry, Organization
from coalition.knowledge.choices import Channel, MaterialKind
from coalition.knowledge.models import Campaign, CampaignMaterial
from coalition.knowledge.tests.conftest import attach, build_knowledge, publish
from coalition.public import cache

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def knowledge(personas, countries, organizations):
    return build_knowledge(countries)


def text(response):
    return response.content.decode()


def listed(client, **params):
    response = client.get(reverse("public-en:campaign-list"), params)
    assert response.status_code == 200
    return [campaign.title for campaign in response.context["page_obj"]]


def published_campaign(country, title, starts, channels=(Channel.WEB,), **fields):
    campaign = Campaign.objects.create(
        country=country, title=title, starts=starts, channels=list(channels), **fields
    )
    material = attach(
        CampaignMaterial, "campaign", campaign, name="afiche.pdf", kind=MaterialKind.BROCHURE,
        title=f"Afiche de {title}", approved=True, published=True,
    )  # fmt: skip
    publish(material, campaign)
    return campaign


def test_the_list_shows_campaigns_with_published_materials_only(client, knowledge):
    page = text(client.get(reverse("public-en:campaign-list")))
    assert "No te dejés engañar" in page
    assert "Cuña de 30 segundos" in page
    published = knowledge["materials"]["published"]
    assert reverse("public-en:campaign-material", args=[published.pk]) in page
    assert "Folleto (borrador)" not in page  # a draft
    assert "Tarjetas de contactos clave" not in page  # approved, not published
    assert "Página web de la Coalición" not in page  # no material
    assert "45000" not in page and "45,000" not in page  # reach is on the campaign's page


def test_the_list_is_searched_filtered_and_sorted_without_javascript(client, knowledge, countries):
    published_campaign(
        countries["regional"], "Página web de la Coalición 2", datetime.date(2024, 1, 1)
    )
    assert listed(client) == ["No te dejés engañar", "Página web de la Coalición 2"]
    assert listed(client, sort="oldest") == ["Página web de la Coalición 2", "No te dejés engañar"]
    assert listed(client, sort="title")[0] == "No te dejés engañar"
    assert listed(client, country="CR") == ["No te dejés engañar"]
    assert listed(client, country=countries["regional"].iso2) == ["Página web de la Coalición 2"]
    assert listed(client, channel="web") == ["Página web de la Coalición 2"]
    assert listed(client, channel="tv") == []
    assert listed(client, q="ofertas falsas") == ["No te dejés engañar"]  # its key message
    assert listed(client, q="coalicion") == ["Página web de la Coalición 2"]  # accents ignored
    page = text(client.get(reverse("public-en:campaign-list"), {"channel": "tv"}))
    assert "No published campaign matches these filters." in page
    assert '<form method="get" action="/en/campaigns/"' in page


def test_a_bad_filter_is_refused_naming_the_field(client, knowledge):
    response = client.get(reverse("public-en:campaign-list"), {"country": "ZZ", "sort": "x"})
    assert response.status_code == 400
    page = text(response)
    assert "Country: Select a valid choice." in page and "Sort by: Select a valid choice." in page
    assert "No te dejés engañar" not in page


def test_the_list_says_when_nothing_is_published_yet(client, countries):
    page = text(client.get(reverse("public-en:campaign-list")))
    assert "No campaign has been published yet." in page


def test_the_list_comes_in_pages(client, knowledge, countries):
    for day in range(1, 12):
        published_campaign(countries["GT"], f"Campaña {day:02}", datetime.date(2020, 1, day))
    first = client.get(reverse("public-en:campaign-list"))
    assert len(first.context["page_obj"]) == 10
    assert "?page=2" in text(first)
    second = client.get(reverse("public-en:campaign-list"), {"page": 2})
    assert [c.title for c in second.context["page_obj"]] == ["Campaña 02", "Campaña 01"]


def test_the_list_reads_the_same_few_queries_however_many_campaigns(client, knowledge, countries):
    def queries():
        cache.clear()  # what the commit of the new campaigns would do
        with CaptureQueriesContext(connection) as captured:
            assert (
                client.get(reverse("public-en:campaign-list"), {"sort": "title"}).status_code == 200
            )
        return len(captured)

    few = queries()
    for day in range(1, 9):
        published_campaign(countries["GT"], f"Campaña {day}", datetime.date(2020, 1, day))
    assert queries() == few <= 8


def test_the_page_of_a_campaign_shows_its_published_materials_only(client, knowledge):
    campaigns = knowledge["campaigns"]
    response = client.get(reverse("public-en:campaign-detail", args=[campaigns["cr_radio"].pk]))
    assert response.status_code == 200
    page = text(response)
    assert "<h1>No te dejés engañar</h1>" in page
    assert "Cuña de 30 segundos" in page and "Folleto (borrador)" not in page
    assert "320" in page  # reach figures are not about people
    draft = knowledge["materials"]["draft"]
    assert reverse("public-en:campaign-material", args=[draft.pk]) not in page
    assert draft.get_absolute_url() not in page
    for key in ("gt_cards", "regional_web"):  # approved only; no material
        url = reverse("public-en:campaign-detail", args=[campaigns[key].pk])
        assert client.get(url).status_code == 404
    assert client.get(reverse("public-en:campaign-detail", args=[999999])).status_code == 404


def test_an_edit_not_yet_republished_leaves_the_published_version(
    client, knowledge, django_capture_on_commit_callbacks
):
    campaign = knowledge["campaigns"]["cr_radio"]
    campaign.title, campaign.message = "Campaña renombrada", "Mensaje sin publicar."
    with django_capture_on_commit_callbacks(execute=True):
        campaign.save()
    page = text(client.get(reverse("public-en:campaign-detail", args=[campaign.pk])))
    assert "No te dejés engañar" in page and "Campaña renombrada" not in page
    assert "Mensaje sin publicar." not in page
    assert listed(client, q="renombrada") == []
    assert listed(client) == ["No te dejés engañar"]


def test_only_partners_flagged_public_are_named(client, knowledge, organizations):
    campaign = knowledge["campaigns"]["cr_radio"]
    shown, hidden = Organization.objects.order_by("pk")[:2]
    Organization.objects.filter(pk=shown.pk).update(public=True)
    Organization.objects.filter(pk=hidden.pk).update(public=False)
    campaign.organizations.set([shown, hidden])
    publish(campaign)
    page = text(client.get(reverse("public-en:campaign-detail", args=[campaign.pk])))
    assert shown.name in page and hidden.name not in page


def test_a_published_material_downloads_under_its_name_and_nothing_else_does(client, knowledge):
    for key in ("draft", "gt"):  # a draft, and an approved one not published
        url = reverse("public:campaign-material", args=[knowledge["materials"][key].pk])
        assert client.get(url).status_code == 404
    assert client.get(reverse("public:campaign-material", args=[999999])).status_code == 404
    published = knowledge["materials"]["published"]
    response = client.get(reverse("public:campaign-material", args=[published.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="cuna.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert not AuditEntry.objects.filter(action="view").exists()  # a visitor is not recorded


def test_a_download_is_not_kept_by_the_page_cache(client, knowledge):
    published = knowledge["materials"]["published"]
    url = reverse("public:campaign-material", args=[published.pk])
    assert client.get(url).status_code == 200
    # Withdrawn without a commit that would clear the cache: a cached copy would still answer.
    CampaignMaterial.objects.filter(pk=published.pk).update(published_version=None)
    assert client.get(url).status_code == 404


def test_published_images_are_shown_from_this_site(client, knowledge):
    campaign = knowledge["campaigns"]["cr_radio"]
    material = attach(
        CampaignMaterial, "campaign", campaign, name="afiche.png", content=PNG,
        kind=MaterialKind.IMAGE, title="Afiche", approved=True, published=True,
    )  # fmt: skip
    CampaignMaterial.objects.filter(pk=material.pk).update(content_type="image/png")
    material.refresh_from_db()
    publish(material)
    page = text(client.get(reverse("public:campaign-detail", args=[campaign.pk])))
    assert f'<img src="{reverse("public:campaign-material", args=[material.pk])}"' in page
    assert "style=" not in page.split("<main", 1)[1]


def test_a_newly_published_material_shows_at_once(
    client, knowledge, django_capture_on_commit_callbacks
):
    campaign = knowledge["campaigns"]["gt_cards"]
    assert listed(client) == ["No te dejés engañar"]  # now cached
    material = knowledge["materials"]["gt"]
    with django_capture_on_commit_callbacks(execute=True):
        publish(material, campaign)
    assert listed(client) == ["Tarjetas de contactos clave", "No te dejés engañar"]


def test_the_pages_speak_the_language_of_their_address(client, knowledge):
    campaign = knowledge["campaigns"]["cr_radio"]
    spanish = text(client.get(reverse("public:campaign-list")))
    english = text(client.get(reverse("public-en:campaign-list")))
    assert "<h1>Campañas de sensibilización</h1>" in spanish and '<html lang="es">' in spanish
    assert "<h1>Awareness campaigns</h1>" in english and '<html lang="en">' in english
    assert f'href="{reverse("public:campaign-detail", args=[campaign.pk])}"' in spanish
    assert f'href="{reverse("public-en:campaign-detail", args=[campaign.pk])}"' in english
    detail = text(client.get(reverse("public-en:campaign-detail", args=[campaign.pk])))
    assert f'hreflang="es" href="http://testserver/campaigns/{campaign.pk}/"' in detail
    assert "Social media" in detail and "Young people" in detail


def test_the_pages_accept_only_get_and_head(client, knowledge):
    campaign = knowledge["campaigns"]["cr_radio"]
    assert client.post(reverse("public:campaign-list")).status_code == 405
    assert client.post(reverse("public:campaign-detail", args=[campaign.pk])).status_code == 405
    assert client.head(reverse("public:campaign-list")).status_code == 200


def test_the_old_addresses_lead_here_for_good(client, knowledge):
    campaign = knowledge["campaigns"]["cr_radio"]
    material = knowledge["materials"]["published"]
    moved = {
        "/knowledge/public/campaigns/?country=CR": "/campaigns/?country=CR",
        f"/knowledge/public/campaigns/{campaign.pk}/": f"/campaigns/{campaign.pk}/",
        f"/knowledge/public/materials/{material.pk}/": f"/campaigns/materials/{material.pk}/",
    }
    for old, new in moved.items():
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new
    assert client.get("/knowledge/public/campaigns/999999/").status_code == 404
    draft = knowledge["materials"]["draft"]
    assert client.get(f"/knowledge/public/materials/{draft.pk}/").status_code == 404


def test_the_sitemap_names_each_published_campaign_in_both_languages(client, knowledge):
    page = text(client.get("/sitemap.xml"))
    published = knowledge["campaigns"]["cr_radio"]
    assert f"<loc>http://testserver/campaigns/{published.pk}/</loc>" in page
    assert f"<loc>http://testserver/en/campaigns/{published.pk}/</loc>" in page
    for key in ("gt_cards", "regional_web"):
        assert f"/campaigns/{knowledge['campaigns'][key].pk}/<" not in page
