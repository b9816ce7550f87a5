"""The demo knowledge of ``load_demo``: SWOTs of every member country and a consolidated
regional one, good practices, agreements and campaigns in every status, type and channel,
with their files; fictitious, linked to the plans, and loaded once."""

import datetime
import io
import wave

import pytest
from django.core.management import call_command
from django.utils import timezone

from coalition.core.choices import Axis
from coalition.core.models import AuditEntry, Country
from coalition.knowledge.choices import (
    AgreementKind,
    AgreementStatus,
    Channel,
    MaterialKind,
    PracticeStatus,
    Quadrant,
)
from coalition.knowledge.models import (
    Agreement,
    AgreementDocument,
    Campaign,
    CampaignMaterial,
    Practice,
    PracticeDocument,
    Swot,
    SwotItem,
)
from coalition.plans.models import ItemKind

PLANS = (
    "coalition/plans/data/plan-operativo-2012.json",
    "coalition/plans/data/agenda-2012-2013.json",
)
ACTOR = "system:load_demo"


def counts():
    return (
        Swot.objects.count(),
        SwotItem.objects.count(),
        Practice.objects.count(),
        PracticeDocument.objects.count(),
        Agreement.objects.count(),
        AgreementDocument.objects.count(),
        Campaign.objects.count(),
        CampaignMaterial.objects.count(),
        AuditEntry.objects.filter(object_type__startswith="knowledge.").count(),
    )


@pytest.mark.django_db
def test_the_demo_has_every_kind_of_record_and_loads_once(countries):
    # One test: loading the whole demo takes seconds.
    call_command("load_plan", *PLANS, stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo knowledge:" in out.getvalue()
    assert "Demo knowledge: 0 rows" not in out.getvalue()
    every_member_country_has_a_swot_of_2025_and_the_region_consolidates_them()
    good_practices_cover_every_status_axis_and_several_countries()
    agreements_cover_every_status_and_type_and_some_expire_soon()
    campaigns_cover_every_channel_with_reach_and_materials()

    before = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo knowledge: 0 rows created." in out.getvalue()
    assert counts() == before

    records = before[0] + before[2] + before[4] + before[6]
    files = before[3] + before[5] + before[7]
    entries = AuditEntry.objects.filter(object_type__startswith="knowledge.", action="create")
    assert entries.count() == records + files
    assert set(entries.values_list("actor_repr", flat=True)) == {ACTOR}


def every_member_country_has_a_swot_of_2025_and_the_region_consolidates_them():
    members = Country.objects.members().active()
    for country in members:
        swot = Swot.objects.get(country=country, year=2025)
        items = swot.items.all()
        assert 5 <= items.count() <= 10, country.iso2
        assert set(items.values_list("quadrant", flat=True)) == set(Quadrant.values)
        assert items.values("axis").distinct().count() >= 3
    regional = Swot.objects.get(country__is_regional=True, year=2025)
    assert set(regional.items.values_list("quadrant", flat=True)) == set(Quadrant.values)
    for item in regional.items.all():
        sources = item.sources.select_related("swot__country")
        assert sources.exists(), item.text
        assert all(s.swot.year == 2025 and not s.swot.country.is_regional for s in sources)
    assert Swot.objects.filter(year=2024).count() >= 2
    assert all("[Demo]" in s for s in Swot.objects.values_list("summary", flat=True))
    assert set(SwotItem.objects.values_list("axis", flat=True)) == set(Axis.values)


def good_practices_cover_every_status_axis_and_several_countries():
    practices = Practice.objects.all()
    assert 12 <= practices.count() <= 20
    assert set(practices.values_list("status", flat=True)) == set(PracticeStatus.values)
    assert set(practices.values_list("axis", flat=True)) == set(Axis.values)
    assert practices.values("country").distinct().count() >= 6
    assert practices.filter(country__is_regional=True).exists()
    for practice in practices.select_related("institution", "country", "contact"):
        assert practice.title.endswith("(demo)") and practice.description.startswith("[Demo]")
        assert practice.institution is not None, practice.title
        assert practice.institution.country_id == practice.country_id, practice.title
        if practice.contact is not None:
            assert practice.contact.organization_id == practice.institution_id
            assert practice.contact.emails[0].endswith("@demo.coalition.invalid")
    assert practices.filter(contact__isnull=False).count() >= 5
    published = practices.filter(status=PracticeStatus.PUBLISHED)
    assert not published.filter(published_at__isnull=True).exists()
    # Every published practice is public; one shows an edit that awaits review.
    assert not published.filter(published_version__isnull=True).exists()
    pending = [practice for practice in published if practice.has_pending_edit]
    assert len(pending) == 1
    assert "en revisión" in pending[0].results
    assert "en revisión" not in pending[0].public_copy().results
    assert PracticeDocument.objects.exists()


def agreements_cover_every_status_and_type_and_some_expire_soon():
    agreements = Agreement.objects.all()
    assert 10 <= agreements.count() <= 15
    assert set(agreements.values_list("status", flat=True)) == set(AgreementStatus.values)
    assert set(agreements.values_list("kind", flat=True)) == set(AgreementKind.values)
    today = timezone.localdate()
    soon = agreements.filter(
        status=AgreementStatus.IN_FORCE,
        expires_on__range=(today, today + datetime.timedelta(days=90)),
    )
    assert soon.count() >= 2
    assert agreements.filter(party_countries__isnull=False).distinct().count() >= 10
    assert agreements.filter(party_organizations__isnull=False).distinct().count() >= 10
    assert agreements.filter(focal_points__isnull=False).exists()
    assert AgreementDocument.objects.count() >= 3
    assert all(a.summary.startswith("[Demo]") for a in agreements)
    # Linked to the plan activities whose verification is "Convenios ...".
    linked = agreements.filter(activities__isnull=False).distinct()
    assert linked.count() >= 6
    for agreement in linked:
        for activity in agreement.activities.all():
            verification = activity.items.filter(kind=ItemKind.VERIFICATION)
            assert verification.filter(text_es__icontains="convenio").exists()


def campaigns_cover_every_channel_with_reach_and_materials():
    campaigns = Campaign.objects.all()
    assert 6 <= campaigns.count() <= 12
    assert campaigns.filter(country__is_regional=True).exists()
    assert campaigns.filter(country__is_regional=False).values("country").distinct().count() >= 4
    channels = {c for row in campaigns.values_list("channels", flat=True) for c in row}
    assert channels == set(Channel.values)
    for campaign in campaigns:
        assert campaign.message.startswith("[Demo]")
        assert any(
            getattr(campaign, name)
            for name in ("broadcasts", "brochures_printed", "cards_printed", "web_visits",
                         "social_reach")
        ), campaign.title  # fmt: skip
    linked = campaigns.filter(activities__isnull=False).distinct()
    assert linked.count() >= 6
    assert set(linked.values_list("activities__objective__numeral", flat=True)) == {"IV"}

    materials = CampaignMaterial.objects.all()
    assert {
        MaterialKind.AUDIO,
        MaterialKind.BROCHURE,
        MaterialKind.CARD,
        MaterialKind.IMAGE,
    } <= set(materials.values_list("kind", flat=True))
    assert materials.filter(published=True).count() >= 3
    public = materials.filter(published_version__isnull=False)
    assert set(public) == set(materials.filter(published=True))
    assert all(material.campaign.is_public for material in public)
    assert materials.filter(approved=True, published=False).exists()
    assert materials.filter(approved=False).exists()
    for material in materials:
        with material.file.open("rb") as handle:
            content = handle.read()
        assert len(content) == material.size > 0
        if material.content_type == "application/pdf":
            assert content.startswith(b"%PDF")
        elif material.content_type == "image/png":
            assert content.startswith(b"\x89PNG")
        else:
            assert material.content_type == "audio/wav"
            with wave.open(io.BytesIO(content)) as sound:
                assert sound.getnframes() > 0
