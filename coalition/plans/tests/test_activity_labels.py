"""Plan activities as other pages name and offer them: "Plan Operativo 2012 · I.1
Propiciar encuentros…" (never the plan's code), the 2012 plan before the agenda that
continues it, then by objective and position; and an activity's entries linking the
organizations they name rather than repeating them in a badge."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from coalition.events.choices import EventKind, EventStatus
from coalition.events.models import Event
from coalition.knowledge.choices import AgreementKind, AgreementStatus
from coalition.knowledge.models import Agreement
from coalition.plans.loader import load_plan
from coalition.plans.models import Activity, ActivityItem

DATA = Path(__file__).resolve().parents[1] / "data"
# The agenda continues the plan, so the plan is loaded first. Sorted by code, as the
# pickers used to, the agenda ("agenda-…") came first.
SEEDS = ["plan-operativo-2012.json", "agenda-2012-2013.json"]


@pytest.fixture
def seeded(personas):
    for name in SEEDS:
        load_plan(json.loads((DATA / name).read_text(encoding="utf-8")))


def labels(field):
    return [str(label) for _value, label in field.choices if _value != ""]


def test_an_activity_is_labelled_by_its_plan_reference_and_title(seeded):
    activity = Activity.objects.get(plan__code="plan-operativo-2012", ref="I.1")
    assert activity.label == (
        "Plan Operativo 2012 · I.1 Propiciar encuentros para la Coalición Regional para dar "
        "seguimiento al plan estratégico"
    )
    assert str(activity) == activity.label
    long = Activity.objects.get(plan__code="plan-operativo-2012", ref="III.2")
    assert "\n" not in long.label and long.label.endswith("…")


def test_activities_come_in_plan_order_wherever_they_are_listed(seeded):
    codes = [a.plan.code for a in Activity.objects.in_plan_order()]
    assert codes == sorted(codes, key=["plan-operativo-2012", "agenda-2012-2013"].index)
    refs = [a.ref for a in Activity.objects.filter(plan__code="plan-operativo-2012")]
    assert refs[:3] == ["I.1", "I.2", "II.1"]
    assert [a.plan.code for a in Activity.objects.all()][0] == "plan-operativo-2012"


def test_the_event_form_offers_activities_in_plan_order_with_readable_labels(client_for, seeded):
    form = client_for("cr_editor").get(reverse("event-create")).context["form"]
    offered = labels(form.fields["activities"])
    assert offered[0].startswith("Plan Operativo 2012 · I.1 Propiciar encuentros")
    first_agenda = next(i for i, label in enumerate(offered) if label.startswith("Agenda"))
    assert all(label.startswith("Plan Operativo 2012") for label in offered[:first_agenda])
    assert all(label.startswith("Agenda de actividades") for label in offered[first_agenda:])
    assert not any("plan-operativo-2012" in label or "agenda-2012" in label for label in offered)


def test_the_agreement_and_campaign_forms_offer_the_same_labels_in_the_same_order(
    client_for, seeded
):
    client = client_for("cr_editor")
    agreement = client.get(reverse("agreement-create")).context["form"]
    order = ["Plan Operativo 2012", "Agenda de actividades 2012-2013"]
    for _group, choices in agreement.fields["activities"].choices:
        offered = [label for _value, label in choices]
        assert offered
        plans = [label.split(" · ")[0] for label in offered]
        assert plans == sorted(plans, key=order.index)
    campaign = client.get(reverse("campaign-create")).context["form"]
    assert labels(campaign.fields["activities"]) == [
        "Plan Operativo 2012 · IV.1 Diseñar campañas consensuadas a nivel Nacional y Regional.",
        "Agenda de actividades 2012-2013 · IV.1 Diseñar campañas consensuadas a nivel Nacional "
        "y Regional.",
    ]


def test_an_event_and_an_agreement_name_their_activities_by_label_in_plan_order(
    client_for, seeded, countries
):
    agenda = Activity.objects.get(plan__code="agenda-2012-2013", ref="I.1")
    plan = Activity.objects.get(plan__code="plan-operativo-2012", ref="II.1")
    event = Event.objects.create(
        country=countries["CR"], title="Taller", kind=EventKind.WORKSHOP,
        status=EventStatus.HELD, starts=datetime.date(2012, 8, 1),
        ends=datetime.date(2012, 8, 1),
    )  # fmt: skip
    agreement = Agreement.objects.create(
        country=countries["CR"], title="Convenio", kind=AgreementKind.OTHER,
        status=AgreementStatus.IDEA,
    )  # fmt: skip
    client = client_for("cr_editor")
    for record in (event, agreement):
        record.activities.set([agenda, plan])
        page = client.get(record.get_absolute_url()).content.decode()
        assert "agenda-2012-2013 ·" not in page and "plan-operativo-2012 ·" not in page
        shown = re.findall(
            r">((?:Plan Operativo 2012|Agenda de actividades 2012-2013) · [^<]+)<", page
        )
        assert shown == [plan.label, agenda.label]


def test_an_entry_links_the_organizations_it_names_without_repeating_them(client_for, seeded):
    item = ActivityItem.objects.filter(
        activity__plan__code="plan-operativo-2012", text_es="OIM y Save the Children (marzo 2012)"
    ).first()
    assert item is not None
    pieces, others = item.mentions()
    assert [(text, org.name if org else None) for text, org in pieces] == [
        ("OIM", "Organización Internacional para las Migraciones"),
        (" y ", None),
        ("Save the Children", "Save the Children"),
        (" (marzo 2012)", None),
    ]
    assert others == []
    page = client_for("cr_editor").get(item.activity.get_absolute_url()).content.decode()
    linked = re.findall(r'<a href="/organizations/\d+/"[^>]*>([^<]+)</a>', page)
    assert "Save the Children" in linked and "OIM" in linked
    assert ">Save the Children</a>" in page
    badges = re.findall(r'<a class="badge[^"]*" href="/organizations/\d+/">([^<]+)</a>', page)
    assert "Save the Children" not in badges and "OIM" not in badges


def test_the_plan_table_does_not_repeat_a_goal_that_is_already_a_period(client_for, seeded):
    page = client_for("cr_editor").get(reverse("plan-detail", args=["agenda-2012-2013"]))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))
    assert "2012 ( 2012 )" not in text and "2012-2013 ( 2012–2013 )" not in text
    # A phrase keeps its period.
    assert re.search(r"Segundo semestre del año 2012 \(\s*2\.\S*\s+sem\.\s+2012\s*\)", text)
