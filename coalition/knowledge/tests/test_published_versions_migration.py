"""The migration that brought published versions keeps what was public public: published
practices, published materials and their campaigns get their published version."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

BEFORE = [("knowledge", "0001_initial")]
AFTER = [("knowledge", "0002_published_versions")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_migrations_afterwards")
def test_the_migration_keeps_published_practices_and_materials_public(client):
    apps = migrate(BEFORE)
    try:
        Country = apps.get_model("core", "Country")
        Practice = apps.get_model("knowledge", "Practice")
        Campaign = apps.get_model("knowledge", "Campaign")
        Material = apps.get_model("knowledge", "CampaignMaterial")
        cr = Country.objects.create(iso2="CR", iso3="CRI", name_es="Costa Rica", name_en="CR")
        published = Practice.objects.create(
            country=cr, title="Línea de denuncia", axis="detection", description="Publicada.",
            status="published",
        )  # fmt: skip
        draft = Practice.objects.create(
            country=cr, title="Borrador", axis="prevention", description="No.", status="draft"
        )
        campaign = Campaign.objects.create(
            country=cr, title="No te dejés engañar", starts=datetime.date(2025, 1, 1),
            channels=["radio"],
        )  # fmt: skip
        shown = Material.objects.create(
            campaign=campaign, country=cr, kind="audio", title="Cuña", file="knowledge/x",
            original_name="cuna.wav", content_type="audio/wav", size=10, sha256="0" * 64,
            approved=True, published=True,
        )  # fmt: skip
        hidden = Material.objects.create(
            campaign=campaign, country=cr, kind="card", title="Tarjeta", file="knowledge/y",
            original_name="t.pdf", content_type="application/pdf", size=10, sha256="1" * 64,
            approved=True,
        )  # fmt: skip
    finally:
        apps = migrate(AFTER)

    Practice = apps.get_model("knowledge", "Practice")
    Campaign = apps.get_model("knowledge", "Campaign")
    Material = apps.get_model("knowledge", "CampaignMaterial")
    assert Practice.objects.get(pk=published.pk).published_version["title"] == "Línea de denuncia"
    assert Practice.objects.get(pk=draft.pk).published_version is None
    assert Campaign.objects.get(pk=campaign.pk).published_version["channels"] == ["radio"]
    assert Material.objects.get(pk=shown.pk).published_version["title"] == "Cuña"
    assert Material.objects.get(pk=hidden.pk).published_version is None

    page = client.get(reverse("public:practice-detail", args=[published.pk]))
    assert page.status_code == 200 and "Publicada." in page.content.decode()
    assert client.get(reverse("public:practice-detail", args=[draft.pk])).status_code == 404
    page = client.get(reverse("public:campaign-detail", args=[campaign.pk]))
    assert page.status_code == 200 and "Cuña" in page.content.decode()
    assert "Tarjeta" not in page.content.decode()
