"""Fixtures of the plans app. ``build_plan`` (also used by ``sweep.py``) makes a small plan
with progress in Costa Rica, Guatemala and at the regional level, and an evidence PDF."""

import datetime

import pytest
from django.core.files.base import ContentFile

from coalition.core import files
from coalition.plans.choices import ItemKind, PlanKind, ProgressStatus
from coalition.plans.models import (
    Activity,
    ActivityItem,
    Evidence,
    Objective,
    Plan,
    Progress,
    ProgressRevision,
)

# The smallest file that is a PDF by its content.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def add_items(activity, kind, *texts, dates=None):
    for position, text in enumerate(texts, start=1):
        starts, ends = (dates or {}).get(text, (None, None))
        ActivityItem.objects.create(
            activity=activity,
            kind=kind,
            position=position,
            text_es=text,
            text_en=f"[en] {text}",
            starts=starts,
            ends=ends,
        )


@pytest.fixture
def plan_data(personas, countries, organizations):
    """{"plan", "objectives", "activities", "progress": {"CR", "GT", "regional"}, "evidence"}."""
    return build_plan(countries)


def build_plan(countries):
    """A plan of two objectives and three activities (deadlines August 2026, first half of
    2027 and none); progress in CR (in progress, with an evidence PDF), GT (done) and at
    the regional level (blocked)."""
    plan = Plan.objects.create(
        code="plan-prueba",
        kind=PlanKind.PLAN,
        name_es="Plan de prueba",
        name_en="Test plan",
        period="2026",
        starts=datetime.date(2026, 1, 1),
        ends=datetime.date(2026, 12, 31),
    )
    first = Objective.objects.create(
        plan=plan, numeral="I", position=1, title_es="FORTALECER", title_en="STRENGTHEN"
    )
    second = Objective.objects.create(
        plan=plan, numeral="II", position=2, title_es="CAPACITAR", title_en="TRAIN"
    )
    meetings = Activity.objects.create(
        plan=plan,
        objective=first,
        ref="I.1",
        position=1,
        title_es="Propiciar encuentros",
        title_en="Hold meetings",
    )
    tool = Activity.objects.create(
        plan=plan,
        objective=first,
        ref="I.2",
        position=2,
        title_es="Construir una herramienta",
        title_en="Build a tool",
    )
    judges = Activity.objects.create(
        plan=plan,
        objective=second,
        ref="II.1",
        position=1,
        title_es="Capacitar jueces",
        title_en="Train judges",
    )
    add_items(
        meetings,
        ItemKind.GOAL,
        "Agosto de 2026",
        dates={"Agosto de 2026": (datetime.date(2026, 8, 1), datetime.date(2026, 8, 31))},
    )
    add_items(meetings, ItemKind.PRODUCT, "Coalición fortalecida")
    add_items(meetings, ItemKind.VERIFICATION, "Listas de asistencia")
    add_items(meetings, ItemKind.RESPONSIBLE, "ST de cada país")
    add_items(
        tool,
        ItemKind.GOAL,
        "Primer semestre de 2027",
        dates={"Primer semestre de 2027": (datetime.date(2027, 1, 1), datetime.date(2027, 6, 30))},
    )
    add_items(tool, ItemKind.RESPONSIBLE, "OIM")
    add_items(judges, ItemKind.GOAL, "Cada país definirá el dónde y cómo")
    for activity in (meetings, tool, judges):
        activity.refresh_dates()
        activity.save()
    progress = {
        "CR": Progress.objects.create(
            activity=meetings,
            country=countries["CR"],
            status=ProgressStatus.IN_PROGRESS,
            percent=40,
            narrative="Dos reuniones realizadas.",
        ),
        "GT": Progress.objects.create(
            activity=meetings,
            country=countries["GT"],
            status=ProgressStatus.DONE,
            percent=100,
        ),
        "regional": Progress.objects.create(
            activity=tool,
            country=countries["regional"],
            status=ProgressStatus.BLOCKED,
            percent=10,
        ),
    }
    for row in progress.values():
        ProgressRevision.of(row, None)
    evidence = Evidence(
        progress=progress["CR"],
        country=countries["CR"],
        original_name="lista-asistencia.pdf",
        content_type="application/pdf",
        description="Lista de asistencia",
    )
    files.store(evidence, ContentFile(PDF_BYTES, name="lista-asistencia.pdf"))
    return {
        "plan": plan,
        "objectives": [first, second],
        "activities": {"I.1": meetings, "I.2": tool, "II.1": judges},
        "progress": progress,
        "evidence": evidence,
    }
