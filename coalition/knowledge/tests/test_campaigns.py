"""Awareness campaigns as each persona sees them: the list and its reach totals, the form
(objective IV activities only), materials (audio and video accepted, approval before
publication); the public pages are the public app's."""

import datetime
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.core.forms import EvidenceForm
from coalition.core.models import AuditEntry
from coalition.core.tests.versions import versioned
from coalition.core.uploads import check_upload, safe_name
from coalition.knowledge.choices import Audience, Channel, Language, MaterialKind
from coalition.knowledge.models import Campaign, CampaignMaterial
from coalition.plans.choices import PlanKind
from coalition.plans.models import Activity, Objective, Plan

# The smallest files that are audio and video by their content.
MEDIA = {
    "audio/mpeg": ("cuna.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb\x90\x00" + b"\0" * 64),
    "audio/ogg": ("cuna.ogg", b"OggS\x00\x02" + b"\0" * 64),
    "audio/wav": ("cuna.wav", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\0" * 64),
    "audio/mp4": ("cuna.m4a", b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42" + b"\0" * 64),
    "audio/aac": ("cuna.aac", b"\xff\xf1\x50\x80\x02\x1f\xfc" + b"\0" * 64),
    "video/mp4": ("spot.mp4", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\0" * 64),
    "video/webm": (
        "spot.webm",
        b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
        b"\x42\x82\x84webm\x42\x87\x81\x04" + b"\0" * 64,
    ),
}
MP3 = MEDIA["audio/mpeg"][1]
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def plan(personas):
    """A plan with an awareness objective (IV) of two activities and another objective."""
    plan = Plan.objects.create(
        code="plan-2012", kind=PlanKind.PLAN, name_es="Plan operativo 2012", period="2012"
    )
    training = Objective.objects.create(plan=plan, numeral="II", position=2, title_es="CAPACITAR")
    awareness = Objective.objects.create(
        plan=plan, numeral="IV", position=4, title_es="SENSIBILIZACIÓN"
    )

    def activity(objective, ref, position, title):
        return Activity.objects.create(
            plan=plan, objective=objective, ref=ref, position=position, title_es=title
        )

    return {
        "web": activity(awareness, "IV.1", 1, "Creación página web"),
        "radio": activity(awareness, "IV.2", 2, "Campaña de radio y folletos"),
        "judges": activity(training, "II.1", 1, "Capacitar jueces"),
    }


def text(response):
    return response.content.decode()


def audit(action, obj):
    return AuditEntry.objects.filter(
        action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)
    )


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def campaign_data(country, **overrides):
    data = {
        "country": country.pk,
        "title": "Rompé el silencio",
        "message": "Denunciá al 1-1-1.",
        "channels": [Channel.RADIO, Channel.BROCHURES],
        "starts": "2025-03-01",
        "ends": "2025-06-30",
        "audiences": [Audience.YOUTH, Audience.MIGRANTS],
        "languages": [Language.ES],
        "broadcasts": "150",
        "brochures_printed": "8000",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- list --------------------------------------------------------------------------------


def test_the_list_shows_campaigns_with_their_badges(client_for, knowledge):
    page = text(client_for("regional_admin").get(reverse("campaign-list")))
    assert "No te dejés engañar" in page
    assert "Tarjetas de contactos clave" in page
    assert "Página web de la Coalición" in page
    assert "Regional" in page and "National" in page
    assert "Radio" in page and "Social media" in page


def test_the_reach_totals_on_the_list_equal_the_sum(client_for, knowledge, countries):
    Campaign.objects.create(
        country=countries["CR"], title="Segunda", starts=datetime.date(2025, 9, 1),
        broadcasts=80, brochures_printed=1500, web_visits=300,
    )  # fmt: skip
    response = client_for("regional_admin").get(reverse("campaign-list"))
    totals = response.context["totals"]
    campaigns = Campaign.objects.all()
    assert totals["campaigns"] == campaigns.count() == 4
    for name in ("broadcasts", "brochures_printed", "cards_printed", "web_visits", "social_reach"):
        assert totals[name] == sum(getattr(c, name) or 0 for c in campaigns)
    assert totals["broadcasts"] == 400 and totals["web_visits"] == 12300
    assert 'data-total="broadcasts">400<' in text(response)
    assert 'data-total="web_visits">12,300<' in text(response)
    costa_rica = client_for("regional_admin").get(reverse("campaign-list"), {"country": "CR"})
    assert costa_rica.context["totals"]["broadcasts"] == 400
    assert costa_rica.context["totals"]["web_visits"] == 300
    assert costa_rica.context["totals"]["campaigns"] == 2


def test_the_totals_count_only_what_the_user_sees(client_for, knowledge):
    totals = client_for("cr_editor").get(reverse("campaign-list")).context["totals"]
    assert totals["campaigns"] == 2  # Costa Rica's and the regional one
    assert totals["cards_printed"] == 0  # Guatemala's cards are not counted


def test_a_partner_sees_regional_campaigns_only(client_for, knowledge):
    client = client_for("partner")
    page = text(client.get(reverse("campaign-list")))
    assert "Página web de la Coalición" in page
    assert "No te dejés engañar" not in page
    assert "Tarjetas de contactos clave" not in page
    campaigns = knowledge["campaigns"]
    assert client.get(campaigns["regional_web"].get_absolute_url()).status_code == 200
    assert client.get(campaigns["cr_radio"].get_absolute_url()).status_code == 404
    material = knowledge["materials"]["published"]
    assert client.get(material.get_absolute_url()).status_code == 404


def test_the_list_filters_by_channel_audience_language_year_and_search(client_for, knowledge):
    client = client_for("regional_admin")

    def titles(**params):
        response = client.get(reverse("campaign-list"), params)
        return {c.title for c in response.context["page_obj"]}

    assert titles(channel="cards") == {"Tarjetas de contactos clave"}
    assert titles(audience="youth") == {"No te dejés engañar"}
    assert titles(language="kiche") == {"Tarjetas de contactos clave"}
    assert titles(language="en") == {"Página web de la Coalición"}
    assert titles(year="2025") == {c.title for c in knowledge["campaigns"].values()}
    assert titles(year="2020") == set()
    assert titles(q="ofertas empleo") == {"No te dejés engañar"}
    assert titles(country="GT") == {"Tarjetas de contactos clave"}


def test_the_list_filters_by_plan_activity(client_for, knowledge, plan):
    knowledge["campaigns"]["cr_radio"].activities.add(plan["radio"])
    response = client_for("cr_editor").get(reverse("campaign-list"), {"activity": plan["radio"].pk})
    assert [c.title for c in response.context["page_obj"]] == ["No te dejés engañar"]
    assert "IV.2 Campaña de radio y folletos" in text(response)
    assert response.context["totals"]["broadcasts"] == 320


def test_the_list_says_when_nothing_matches(client_for, knowledge):
    page = text(client_for("cr_editor").get(reverse("campaign-list"), {"channel": "tv"}))
    assert "No campaign matches these filters." in page
    assert 'data-total="campaigns">0<' in page


def test_the_list_is_paged(client_for, knowledge, countries):
    for n in range(30):
        Campaign.objects.create(
            country=countries["CR"], title=f"C{n}", starts=datetime.date(2024, 1, 1)
        )
    response = client_for("cr_editor").get(reverse("campaign-list"), {"page": 2})
    assert response.context["page_obj"].number == 2
    assert len(response.context["page_obj"]) == 32 - 25


def test_the_list_runs_a_bounded_number_of_queries(
    client_for, knowledge, countries, plan, django_assert_max_num_queries
):
    client = client_for("regional_admin")
    client.get(reverse("campaign-list"))
    for n in range(20):
        campaign = Campaign.objects.create(
            country=countries["GT" if n % 2 else "CR"], title=f"Campaña {n}",
            starts=datetime.date(2025, 1, 1), channels=[Channel.RADIO], broadcasts=n,
        )  # fmt: skip
        campaign.activities.add(plan["radio"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("campaign-list"))
    assert response.status_code == 200
    with django_assert_max_num_queries(15):
        client.get(reverse("campaign-list"), {"activity": plan["radio"].pk, "channel": "radio"})


def test_the_auditor_and_the_anonymous_do_not_read_campaigns(client_for, knowledge):
    assert client_for("auditor").get(reverse("campaign-list")).status_code == 403
    response = client_for("anonymous").get(reverse("campaign-list"))
    assert response.status_code == 302 and "login" in response["Location"]


# --- the form ----------------------------------------------------------------------------


def test_an_editor_creates_a_campaign_that_verifies_objective_iv(
    client_for, knowledge, plan, countries
):
    data = campaign_data(countries["CR"], activities=[plan["web"].pk, plan["radio"].pk])
    response = client_for("cr_editor").post(reverse("campaign-create"), data)
    campaign = Campaign.objects.get(title="Rompé el silencio")
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()
    assert campaign.channels == ["radio", "brochures"]
    assert campaign.audiences == ["youth", "migrants"]
    assert campaign.brochures_printed == 8000
    assert set(campaign.activities.all()) == {plan["web"], plan["radio"]}
    entry = audit("create", campaign).get()
    assert entry.after["activities"] == sorted([plan["web"].pk, plan["radio"].pk])
    page = text(client_for("cr_editor").get(campaign.get_absolute_url()))
    assert "IV.2 Campaña de radio y folletos" in page
    assert plan["radio"].get_absolute_url() in page


def test_a_campaign_can_only_be_linked_to_objective_iv_activities(
    client_for, knowledge, plan, countries
):
    data = campaign_data(countries["CR"], activities=[plan["radio"].pk, plan["judges"].pk])
    response = client_for("cr_editor").post(reverse("campaign-create"), data)
    assert response.status_code == 400
    page = text(response)
    assert "Only activities of objective IV (awareness) can be linked to a campaign" in page
    assert "Plan operativo 2012 · II.1 Capacitar jueces" in page
    assert not Campaign.objects.filter(title="Rompé el silencio").exists()
    assert not AuditEntry.objects.filter(action="create", object_type="knowledge.campaign").exists()


def test_the_form_offers_objective_iv_activities_and_editable_countries(
    client_for, knowledge, plan
):
    form = client_for("cr_editor").get(reverse("campaign-create")).context["form"]
    assert set(form.fields["activities"].queryset) == {plan["web"], plan["radio"]}
    labels = [label for _value, label in form.fields["activities"].choices]
    assert "Plan operativo 2012 · IV.1 Creación página web" in labels
    assert {c.iso2 for c in form.fields["country"].queryset} == {"CR"}
    admin_form = client_for("regional_admin").get(reverse("campaign-create")).context["form"]
    assert admin_form.fields["country"].queryset.filter(is_regional=True).exists()


def test_the_activity_of_the_address_is_preselected(client_for, knowledge, plan):
    url = reverse("campaign-create") + f"?activity={plan['radio'].pk}"
    form = client_for("cr_editor").get(url).context["form"]
    assert form.initial["activities"] == [plan["radio"].pk]


def test_a_campaign_cannot_end_before_it_starts(client_for, knowledge, countries):
    data = campaign_data(countries["CR"], starts="2025-06-01", ends="2025-05-01")
    response = client_for("cr_editor").post(reverse("campaign-create"), data)
    assert response.status_code == 400
    assert "The campaign cannot end before it starts (1 Jun 2025)." in text(response)
    assert not Campaign.objects.filter(title="Rompé el silencio").exists()


def test_reach_figures_cannot_be_negative(client_for, knowledge, countries):
    data = campaign_data(countries["CR"], broadcasts="-5")
    response = client_for("cr_editor").post(reverse("campaign-create"), data)
    assert response.status_code == 400
    assert "greater than or equal to 0" in text(response)
    assert not Campaign.objects.filter(title="Rompé el silencio").exists()


def test_an_editor_cannot_create_a_campaign_for_another_country(client_for, knowledge, countries):
    response = client_for("cr_editor").post(
        reverse("campaign-create"), campaign_data(countries["GT"])
    )
    assert response.status_code == 400
    assert "Select a valid choice" in text(response)
    assert not Campaign.objects.filter(title="Rompé el silencio").exists()


def test_the_regional_level_makes_a_campaign_regional(client_for, knowledge, countries):
    client = client_for("regional_admin")
    client.post(reverse("campaign-create"), campaign_data(countries["regional"]))
    campaign = Campaign.objects.get(title="Rompé el silencio")
    assert campaign.country.is_regional
    assert "Regional campaign" in text(client.get(campaign.get_absolute_url()))


def test_an_update_is_audited_with_before_and_after(client_for, knowledge, plan, countries):
    campaign = knowledge["campaigns"]["cr_radio"]
    data = campaign_data(
        countries["CR"],
        title="No te dejés engañar",
        broadcasts="400",
        activities=[plan["radio"].pk],
    )
    response = client_for("cr_editor").post(
        reverse("campaign-update", args=[campaign.pk]), versioned(campaign, data)
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.broadcasts == 400
    entry = audit("update", campaign).get()
    assert entry.before["broadcasts"] == 320 and entry.after["broadcasts"] == 400
    assert entry.before["activities"] == [] and entry.after["activities"] == [plan["radio"].pk]


def test_materials_follow_their_campaign_to_another_country(client_for, knowledge, countries):
    campaign = knowledge["campaigns"]["cr_radio"]
    data = campaign_data(countries["regional"], title=campaign.title)
    client_for("regional_admin").post(
        reverse("campaign-update", args=[campaign.pk]), versioned(campaign, data)
    )
    assert set(campaign.materials.values_list("country", flat=True)) == {countries["regional"].pk}


def test_outsiders_get_404_and_read_only_users_403(client_for, knowledge):
    campaigns = knowledge["campaigns"]
    cr = campaigns["cr_radio"]
    gt_editor = client_for("gt_editor")
    for name in ("campaign-detail", "campaign-update"):
        assert gt_editor.get(reverse(name, args=[cr.pk])).status_code == 404
    assert gt_editor.post(reverse("campaign-delete", args=[cr.pk])).status_code == 404
    partner = client_for("partner")
    regional = campaigns["regional_web"]
    assert partner.get(reverse("campaign-update", args=[regional.pk])).status_code == 403
    assert partner.post(reverse("campaign-delete", args=[regional.pk])).status_code == 403
    assert partner.get(reverse("campaign-create")).status_code == 403
    assert Campaign.objects.filter(pk=regional.pk).exists()


def test_wrong_methods_get_405(client_for, knowledge):
    client = client_for("cr_editor")
    campaign = knowledge["campaigns"]["cr_radio"]
    material = knowledge["materials"]["draft"]
    assert client.get(reverse("campaign-delete", args=[campaign.pk])).status_code == 405
    assert client.get(reverse("campaign-material-upload", args=[campaign.pk])).status_code == 405
    assert client.get(reverse("campaign-material-update", args=[material.pk])).status_code == 405
    assert client.get(reverse("campaign-material-delete", args=[material.pk])).status_code == 405
    assert client.post(reverse("campaign-detail", args=[campaign.pk])).status_code == 405
    assert client.post(reverse("campaign-material", args=[material.pk])).status_code == 405


def test_deleting_a_campaign_removes_its_materials_and_files(
    client_for, knowledge, django_capture_on_commit_callbacks
):
    campaign = knowledge["campaigns"]["cr_radio"]
    stored = [m.file.path for m in campaign.materials.all()]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("cr_editor").post(reverse("campaign-delete", args=[campaign.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("campaign-list")
    assert not Campaign.objects.filter(pk=campaign.pk).exists()
    assert not CampaignMaterial.objects.filter(campaign_id=campaign.pk).exists()
    assert all(not os.path.exists(path) for path in stored)
    entry = audit("delete", campaign).get()
    assert entry.before["title"] == "No te dejés engañar"


def test_a_contributor_cannot_delete_a_campaign_with_approved_materials(client_for, knowledge):
    campaign = knowledge["campaigns"]["cr_radio"]
    response = client_for("cr_contributor").post(reverse("campaign-delete", args=[campaign.pk]))
    assert response.status_code == 403
    assert Campaign.objects.filter(pk=campaign.pk).exists()


# --- detail and materials ----------------------------------------------------------------


def test_the_detail_shows_the_campaign_its_reach_and_materials(client_for, knowledge):
    campaign = knowledge["campaigns"]["cr_radio"]
    page = text(client_for("cr_editor").get(campaign.get_absolute_url()))
    assert "Las ofertas falsas de empleo." in page
    assert "Young people" in page and "Spanish" in page
    assert "320" in page and "45,000" in page
    assert "Cuña de 30 segundos" in page and "Folleto (borrador)" in page
    assert "Public<" in page and "Draft" in page
    assert 'id="material-form"' in page
    assert 'value="approve"' in page  # the draft
    assert 'value="unpublish"' in page  # the published spot


def test_the_detail_offers_approval_to_approvers_only(client_for, knowledge):
    campaign = knowledge["campaigns"]["cr_radio"]
    contributor = text(client_for("cr_contributor").get(campaign.get_absolute_url()))
    assert 'value="approve"' not in contributor
    assert 'id="material-form"' in contributor
    partner = text(
        client_for("partner").get(knowledge["campaigns"]["regional_web"].get_absolute_url())
    )
    assert 'id="material-form"' not in partner


def test_an_mp3_spot_is_uploaded_as_a_draft_and_audited(client_for, knowledge):
    campaign = knowledge["campaigns"]["cr_radio"]
    data = {
        "file": upload("cuña radio.mp3", MP3, "audio/mpeg"),
        "kind": MaterialKind.AUDIO,
        "title": "Cuña de 20 segundos",
        "language": Language.ES,
        "description": "Versión corta",
    }
    response = client_for("cr_contributor").post(
        reverse("campaign-material-upload", args=[campaign.pk]), data
    )
    assert response.status_code == 302
    material = CampaignMaterial.objects.get(title="Cuña de 20 segundos")
    assert material.content_type == "audio/mpeg"
    assert material.original_name == "cuña radio.mp3"
    assert material.country == campaign.country
    assert not material.approved and not material.published
    assert audit("create", material).exists()


def test_a_video_spot_is_accepted_and_named_by_its_content(client_for, knowledge):
    campaign = knowledge["campaigns"]["cr_radio"]
    name, content = MEDIA["video/mp4"]
    data = {"file": upload("spot.mov", content), "kind": MaterialKind.VIDEO, "title": "Spot",
            "language": Language.ES}  # fmt: skip
    client_for("cr_editor").post(reverse("campaign-material-upload", args=[campaign.pk]), data)
    material = CampaignMaterial.objects.get(title="Spot")
    assert material.content_type == "video/mp4"
    assert material.original_name == "spot.mov.mp4"


def test_a_bad_material_is_refused_with_a_message_and_nothing_stored(client_for, knowledge):
    campaign = knowledge["campaigns"]["cr_radio"]
    before = CampaignMaterial.objects.count()
    data = {
        "file": upload("cuna.mp3", b"<!doctype html><script>alert(1)</script>", "audio/mpeg"),
        "kind": MaterialKind.AUDIO,
        "title": "Falsa",
        "language": Language.ES,
    }
    response = client_for("cr_editor").post(
        reverse("campaign-material-upload", args=[campaign.pk]), data
    )
    assert response.status_code == 400
    page = text(response)
    assert "It is a web page (HTML), whatever its name says." in page
    assert "MP3" in page
    missing_title = {**data, "file": upload("c.mp3", MP3), "title": ""}
    response = client_for("cr_editor").post(
        reverse("campaign-material-upload", args=[campaign.pk]), missing_title
    )
    assert response.status_code == 400 and "This field is required." in text(response)
    assert CampaignMaterial.objects.count() == before


def test_a_reader_cannot_upload_and_an_outsider_gets_404(client_for, knowledge):
    data = {"file": upload("c.mp3", MP3), "kind": "audio", "title": "X", "language": "es"}
    regional = knowledge["campaigns"]["regional_web"]
    url = reverse("campaign-material-upload", args=[regional.pk])
    assert client_for("partner").post(url, data).status_code == 403
    cr = knowledge["campaigns"]["cr_radio"]
    data["file"] = upload("c.mp3", MP3)
    url = reverse("campaign-material-upload", args=[cr.pk])
    assert client_for("gt_editor").post(url, data).status_code == 404
    assert not CampaignMaterial.objects.filter(title="X").exists()


def test_a_material_download_is_audited(client_for, knowledge):
    material = knowledge["materials"]["draft"]
    response = client_for("cr_contributor").get(material.get_absolute_url())
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert audit("view", material).exists()
    assert client_for("gt_editor").get(material.get_absolute_url()).status_code == 404


def test_an_editor_approves_then_publishes_a_material(client_for, knowledge):
    material = knowledge["materials"]["draft"]
    client = client_for("cr_editor")
    url = reverse("campaign-material-update", args=[material.pk])
    assert client.post(url, {"action": "approve"}).status_code == 302
    material.refresh_from_db()
    assert material.approved and material.approved_by.username == "cr_editor"
    assert audit("approve", material).get().after["approved"] is True
    assert client.post(url, {"action": "publish"}).status_code == 302
    material.refresh_from_db()
    assert material.published
    assert (
        client_for("anonymous")
        .get(reverse("public:campaign-material", args=[material.pk]))
        .status_code
        == 200
    )


def test_publishing_an_unapproved_material_is_refused(client_for, knowledge):
    material = knowledge["materials"]["draft"]
    url = reverse("campaign-material-update", args=[material.pk])
    response = client_for("cr_editor").post(url, {"action": "publish"})
    assert response.status_code == 400
    assert "is not approved: approve a material before publishing it." in text(response)
    material.refresh_from_db()
    assert not material.published
    assert not audit("approve", material).exists()
    assert not audit("update", material).exists()


def test_an_unknown_action_is_refused(client_for, knowledge):
    material = knowledge["materials"]["draft"]
    url = reverse("campaign-material-update", args=[material.pk])
    response = client_for("cr_editor").post(url, {"action": "delete-everything"})
    assert response.status_code == 400
    assert "Unknown action" in text(response)


def test_a_contributor_cannot_approve_nor_publish(client_for, knowledge):
    material = knowledge["materials"]["draft"]
    url = reverse("campaign-material-update", args=[material.pk])
    client = client_for("cr_contributor")
    assert client.post(url, {"action": "approve"}).status_code == 403
    material.refresh_from_db()
    assert not material.approved
    assert AuditEntry.objects.filter(action="permission_denied").exists()
    assert client_for("gt_editor").post(url, {"action": "approve"}).status_code == 404
    web = knowledge["campaigns"]["regional_web"]
    regional = CampaignMaterial.objects.create(
        campaign=web, country=web.country, kind="image", title="Afiche",
        original_name="a.png", content_type="image/png", size=1,
    )  # fmt: skip
    url = reverse("campaign-material-update", args=[regional.pk])
    assert client_for("partner").post(url, {"action": "approve"}).status_code == 403
    assert client_for("cr_editor").post(url, {"action": "approve"}).status_code == 403


def test_taking_approval_back_also_unpublishes(client_for, knowledge):
    material = knowledge["materials"]["published"]
    url = reverse("campaign-material-update", args=[material.pk])
    assert client_for("regional_admin").post(url, {"action": "unapprove"}).status_code == 302
    material.refresh_from_db()
    assert not material.approved and not material.published and material.approved_by is None
    entry = audit("update", material).get()
    assert entry.before["published"] is True and entry.after["published"] is False
    public = reverse("public:campaign-material", args=[material.pk])
    assert client_for("anonymous").get(public).status_code == 404


def test_unpublishing_keeps_the_approval(client_for, knowledge):
    material = knowledge["materials"]["published"]
    url = reverse("campaign-material-update", args=[material.pk])
    client_for("cr_editor").post(url, {"action": "unpublish"})
    material.refresh_from_db()
    assert material.approved and not material.published


def test_materials_are_removed_by_editors_and_drafts_by_contributors(
    client_for, knowledge, django_capture_on_commit_callbacks
):
    materials = knowledge["materials"]
    published = reverse("campaign-material-delete", args=[materials["published"].pk])
    assert client_for("cr_contributor").post(published).status_code == 403
    draft = materials["draft"]
    path = draft.file.path
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("cr_contributor").post(
            reverse("campaign-material-delete", args=[draft.pk])
        )
    assert response.status_code == 302
    assert not CampaignMaterial.objects.filter(pk=draft.pk).exists()
    assert not os.path.exists(path)
    assert audit("delete", draft).exists()
    gt = reverse("campaign-material-delete", args=[materials["gt"].pk])
    assert client_for("cr_editor").post(gt).status_code == 404
    assert client_for("gt_editor").post(gt).status_code == 302


# --- check_upload: audio and video only where asked -------------------------------------


@pytest.mark.parametrize("content_type", sorted(MEDIA))
def test_audio_and_video_are_accepted_only_with_media(content_type):
    name, content = MEDIA[content_type]
    assert check_upload(upload(name, content), media=True) == content_type
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, content))
    assert "Audio and video files are not accepted here." in refused.value.messages[0]


def test_an_evidence_upload_of_the_same_mp3_is_still_refused(client_for, knowledge):
    form = EvidenceForm({}, {"file": upload("cuna.mp3", MP3, "audio/mpeg")})
    assert not form.is_valid()
    assert "not a file type we accept" in form.errors["file"][0]
    assert "MP3" not in form.errors["file"][0].split("(")[1].split(")")[0]


def test_media_names_end_in_their_type():
    assert safe_name("spot", "audio/mpeg") == "spot.mp3"
    assert safe_name("spot.OGG", "audio/ogg") == "spot.OGG"
    assert safe_name("spot.exe", "video/webm") == "spot.exe.webm"
    assert safe_name("cuna.wav", "audio/wav") == "cuna.wav"


def test_documents_and_images_are_still_accepted_as_before():
    assert check_upload(upload("a.png", PNG)) == "image/png"
    assert check_upload(upload("a.png", PNG), media=True) == "image/png"
    with pytest.raises(ValidationError):
        check_upload(upload("notes.mp3", b"just some words"), media=True)


# --- filters ------------------------------------------------------------------------------


def test_a_year_no_date_can_have_is_a_bad_filter_not_a_crash(client_for, knowledge):
    client = client_for("regional_admin")
    for url in (reverse("campaign-list"), reverse("api:campaign-list"), reverse("event-list")):
        response = client.get(url, {"year": "99999999999999999999"})
        assert response.status_code in (200, 400), url


def test_a_photo_is_stored_without_where_it_was_taken(client_for, knowledge):
    from coalition.lib.tests.test_images import photo

    campaign = knowledge["campaigns"]["cr_radio"]
    original = photo("JPEG")
    data = {"file": upload("afiche.jpg", original, "image/jpeg"), "kind": MaterialKind.IMAGE,
            "title": "Afiche", "language": Language.ES}  # fmt: skip
    client_for("cr_editor").post(reverse("campaign-material-upload", args=[campaign.pk]), data)
    material = CampaignMaterial.objects.get(title="Afiche")
    stored = material.file.open("rb").read()
    assert b"Camera of someone" in original and b"Camera of someone" not in stored
    assert material.size == len(stored) and material.content_type == "image/jpeg"
