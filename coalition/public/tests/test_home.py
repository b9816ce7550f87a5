"""The public home: the coalition and its member countries, each leading to its help page;
what trafficking in persons is; the current published campaigns; in both languages."""

import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coalition.core import publication
from coalition.core.files import store
from coalition.core.models import Country
from coalition.core.tests.browser import AXE, WCAG_21_AA, shot
from coalition.knowledge import metrics
from coalition.knowledge.choices import MaterialKind
from coalition.knowledge.models import Campaign, CampaignMaterial

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def campaign(country, title, starts, ends=None, published=True):
    """A campaign; published: with a published material, both with their public version."""
    row = Campaign.objects.create(
        country=country, title=title, message=f"Mensaje de {title}", starts=starts, ends=ends
    )
    material = CampaignMaterial(
        campaign=row,
        country=country,
        kind=MaterialKind.BROCHURE,
        title="Folleto",
        original_name="folleto.pdf",
        content_type="application/pdf",
        approved=published,
        published=published,
    )
    store(material, SimpleUploadedFile("folleto.pdf", PDF, content_type="application/pdf"))
    if published:
        for record in (material, row):
            publication.take(record)
            record.save(update_fields=["published_version"])
    return row


def test_the_home_leads_to_the_help_page_of_each_member_country(client, countries):
    text = client.get("/").text
    for country in Country.objects.members().active():
        address = reverse("public:help-country", args=[country.iso2])
        assert f'href="{address}"' in text, country.iso2
    assert f'href="{reverse("public:help-country", args=["XR"])}"' not in text


def test_the_english_home_leads_to_the_english_help_pages(client, countries):
    text = client.get("/en/").text
    assert f'href="{reverse("public-en:help-country", args=["CR"])}"' in text
    assert "Help in Costa Rica" in text


def test_the_home_says_what_trafficking_is_and_how_to_recognise_it(client, countries):
    spanish = client.get("/").text
    assert "Qué es la trata de personas" in spanish
    assert "Cómo reconocerla" in spanish
    english = client.get("/en/").text
    assert "What trafficking in persons is" in english
    assert "Palermo Protocol" in english
    assert "no means is needed" in english
    assert "owes a debt they cannot pay off" in english


def test_the_home_shows_a_current_published_campaign_and_links_to_it(client, countries):
    running = campaign(countries["CR"], "Campaña en curso", days(-10), days(20))
    text = client.get("/en/").text
    assert "Campaña en curso" in text
    assert f'href="{reverse("public-en:campaign-detail", args=[running.pk])}"' in text


def test_the_home_never_shows_an_unpublished_campaign(client, countries):
    campaign(countries["CR"], "Campaña sin publicar", days(-10), days(20), published=False)
    assert "Campaña sin publicar" not in client.get("/").text


def test_the_home_shows_the_published_title_not_an_edit_awaiting_review(client, countries):
    row = campaign(countries["GT"], "Título publicado", days(-5))
    row.title = "Título en revisión"
    row.save()
    text = client.get("/").text
    assert "Título publicado" in text
    assert "Título en revisión" not in text


def test_current_campaigns_puts_running_ones_first_then_the_latest_ended(countries):
    old = campaign(countries["CR"], "Terminada hace un año", days(-400), days(-365))
    recent = campaign(countries["GT"], "Terminada ayer", days(-60), days(-1))
    running = campaign(countries["SV"], "En curso", days(-30), days(30))
    open_ended = campaign(countries["HN"], "Sin fecha de fin", days(-3))
    campaign(countries["PA"], "Aún no empieza", days(10), days(40))
    found = [c.pk for c in metrics.current_campaigns(limit=3)]
    assert found == [open_ended.pk, running.pk, recent.pk]
    assert old.pk not in found


def test_the_home_says_so_when_no_campaign_is_published(client, countries):
    assert "No campaign is published at the moment." in client.get("/en/").text


def test_the_home_reads_its_data_in_a_few_queries(client, countries, django_assert_max_num_queries):
    for index, iso2 in enumerate(("CR", "GT", "SV", "HN", "PA")):
        campaign(countries[iso2], f"Campaña {iso2}", days(-index - 1), days(30))
    # Countries, campaigns and their countries; a few for the latest published figures.
    with django_assert_max_num_queries(6):
        response = client.get("/en/")
    assert response.status_code == 200
    assert response.text.count("card-title") == 3


@pytest.mark.browser
@pytest.mark.parametrize("address", ["/", "/en/"])
def test_the_home_reads_well_on_a_phone_and_a_desktop(page, countries, address):
    campaign(countries["CR"], "No te dejés engañar", days(-10), days(20))
    language = "en" if address == "/en/" else "es"
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(address)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        help_link = page.locator(f'a[href="{address}help/CR/"]')
        assert help_link.is_visible()
        assert page.get_by_role("heading", level=1).count() == 1
        shot(page, f"public-home-{language}-{width}")
    assert home_violations(page) == []
    assert page.problems == []


def home_violations(page):
    """axe-core's WCAG 2.1 AA findings in the home's own content (the shell is checked
    with every public page)."""
    page.add_script_tag(url=settings.STATIC_URL + AXE)
    result = page.evaluate(
        "tags => axe.run('#content', {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:5]}" for v in result["violations"]]
