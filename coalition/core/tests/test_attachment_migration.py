"""Every kind of attached file follows ``core.models.Attachment`` since migrations 0004 of
plans, events and knowledge: a database holding files of each kind keeps every row as it
was, and every stored file stays where it is, still found and sent by its record."""

import datetime

import pytest
from django.apps import apps as current_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from coalition.core.files import attachment_response

BEFORE = [
    ("plans", "0003_text_limits"),
    ("events", "0003_normalize_participant_phones"),
    ("knowledge", "0003_text_limits"),
]
AFTER = [
    ("plans", "0004_files_follow_core_attachment"),
    ("events", "0004_files_follow_core_attachment"),
    ("knowledge", "0004_files_follow_core_attachment"),
]
# (model, its table, its folder): the folder its files were stored in before, and still are.
KINDS = [
    ("plans.Evidence", "plans_evidence", "evidence"),
    ("events.Material", "events_material", "events"),
    ("knowledge.PracticeDocument", "knowledge_practicedocument", "knowledge"),
    ("knowledge.AgreementDocument", "knowledge_agreementdocument", "knowledge"),
    ("knowledge.CampaignMaterial", "knowledge_campaignmaterial", "knowledge"),
]
# Kinds born on the base (no migration moved them): (label, folder).
LATER_KINDS = [("indicators.AnswerEvidence", "indicators")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY id')  # noqa: S608 (our table names)
        return cursor.fetchall()


def parents(apps):
    """One record of each kind that has files, in Costa Rica, as the old state had them."""
    get = apps.get_model
    cr = get("core", "Country").objects.create(
        iso2="CR", iso3="CRI", name_es="Costa Rica", name_en="Costa Rica"
    )
    plan = get("plans", "Plan").objects.create(
        code="plan-2012", kind="plan", name_es="Plan", period="2012"
    )
    objective = get("plans", "Objective").objects.create(
        plan=plan, numeral="I", position=1, title_es="Objetivo"
    )
    activity = get("plans", "Activity").objects.create(
        plan=plan, objective=objective, ref="I.1", position=1, title_es="Actividad"
    )
    day = datetime.date(2025, 3, 4)
    return cr, {
        "plans.Evidence": {
            "progress": get("plans", "Progress").objects.create(country=cr, activity=activity)
        },
        "events.Material": {
            "event": get("events", "Event").objects.create(
                country=cr, kind="workshop", title="Taller", starts=day, ends=day
            )
        },
        "knowledge.PracticeDocument": {
            "practice": get("knowledge", "Practice").objects.create(
                country=cr, title="Línea", axis="detection", description="Una práctica."
            )
        },
        "knowledge.AgreementDocument": {
            "agreement": get("knowledge", "Agreement").objects.create(
                country=cr, title="Convenio", kind="mou"
            )
        },
        "knowledge.CampaignMaterial": {
            "campaign": get("knowledge", "Campaign").objects.create(
                country=cr, title="Campaña", starts=day
            ),
            "kind": "card",
            "title": "Tarjeta",
        },
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_migrations_afterwards")
def test_migrating_keeps_every_attachment_row_and_its_stored_file(settings):
    private = settings.MEDIA_ROOT / "private"
    apps = migrate(BEFORE)
    try:
        cr, owners = parents(apps)
        stored = {}
        for number, (label, _table, folder) in enumerate(KINDS, start=1):
            name = f"{folder}/{cr.pk}/{number:032x}"
            content = f"the file of {label}".encode()
            (private / folder / str(cr.pk)).mkdir(parents=True, exist_ok=True)
            (private / name).write_bytes(content)
            apps.get_model(label).objects.create(
                country=cr, file=name, original_name=f"{number}.pdf",
                content_type="application/pdf", size=len(content), sha256="0" * 64,
                **owners[label],
            )  # fmt: skip
            stored[label] = (name, content)
        before = {table: rows(table) for _label, table, _folder in KINDS}
    finally:
        migrate(AFTER)

    for label, table, _folder in KINDS:
        assert rows(table) == before[table], label
    # Later migrations add their own columns; the models of today read the rows kept.
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    for label, _table, folder in KINDS:
        attachment = current_apps.get_model(label).objects.get()
        name, content = stored[label]
        assert attachment.file.name == name
        assert b"".join(attachment_response(attachment).streaming_content) == content
        assert attachment.get_absolute_url().endswith(f"/{attachment.pk}/")
        new_name = attachment.file.field.generate_filename(attachment, "Informe de María.pdf")
        assert new_name.startswith(f"{folder}/{cr.pk}/") and "María" not in new_name


def test_every_kind_of_attached_file_declares_its_folder_and_its_download():
    from coalition.core.models import Attachment

    kinds = {
        model._meta.label: (model.upload_folder, model.download_url)
        for model in current_apps.get_models()
        if issubclass(model, Attachment)
    }
    folders = {label: folder for label, _table, folder in KINDS} | dict(LATER_KINDS)
    assert set(kinds) == set(folders)
    for label, folder in folders.items():
        assert kinds[label][0] == folder
        assert reverse(kinds[label][1], args=[1])
