"""Data for the annual report's tests: a plan whose Costa Rica report of 2026 is approved
(37% on its one activity, overdue) and whose Guatemala report is only submitted (83%, never
to be shown); a held workshop in Costa Rica with three people trained; an agreement signed
and one expiring; a campaign with its reach."""

import datetime

import pytest

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.events.choices import EventKind, EventStatus, Profession, Sex
from coalition.events.models import Attendance, Event, Participant
from coalition.knowledge.choices import AgreementKind, AgreementStatus
from coalition.knowledge.models import Agreement, Campaign
from coalition.plans.choices import PlanKind, ProgressStatus
from coalition.plans.models import Activity, Objective, Plan, ReportedProgress

YEAR = 2026


def build_report_data(countries):
    cr, gt = countries["CR"], countries["GT"]
    plan = Plan.objects.create(
        code="plan-informe",
        kind=PlanKind.PLAN,
        name_es="Plan del informe",
        name_en="Report plan",
        period="2026",
        starts=datetime.date(YEAR, 1, 1),
        ends=datetime.date(YEAR, 12, 31),
    )
    objective = Objective.objects.create(
        plan=plan, numeral="I", position=1, title_es="Fortalecer la coordinación",
        title_en="Strengthen coordination",
    )  # fmt: skip
    activity = Activity.objects.create(
        plan=plan, objective=objective, ref="I.1", position=1, title_es="Reuniones",
        title_en="Meetings", deadline=datetime.date(YEAR, 6, 30),
    )  # fmt: skip
    for country, percent, state in (
        (cr, 37, ApprovalState.APPROVED),
        (gt, 83, ApprovalState.SUBMITTED),
    ):
        ReportedProgress.objects.create(
            country=country, year=YEAR, activity=activity, status=ProgressStatus.IN_PROGRESS,
            percent=percent,
        )  # fmt: skip
        Approval.objects.create(kind="progress", country=country, year=YEAR, state=state)
    workshop = Event.objects.create(
        country=cr, title="Taller de jueces", kind=EventKind.WORKSHOP, status=EventStatus.HELD,
        starts=datetime.date(YEAR, 3, 3), ends=datetime.date(YEAR, 3, 3),
    )  # fmt: skip
    for name, sex in (
        ("Ana Pérez", Sex.FEMALE),
        ("Luisa Mora", Sex.FEMALE),
        ("Juan Solís", Sex.MALE),
    ):
        person = Participant.objects.create(
            country=cr, name=name, organization_name="Poder Judicial", sex=sex,
            profession=Profession.JUDGES,
        )  # fmt: skip
        Attendance.objects.create(event=workshop, participant=person, day=workshop.starts)
    Agreement.objects.create(
        country=gt, title="Convenio con la Policía Nacional Civil", kind=AgreementKind.POLICE,
        status=AgreementStatus.IN_FORCE, signed_on=datetime.date(YEAR, 4, 2),
    )  # fmt: skip
    Campaign.objects.create(
        country=cr, title="No te dejés engañar", starts=datetime.date(YEAR, 2, 1),
        ends=datetime.date(YEAR, 5, 31), broadcasts=321, social_reach=45678,
    )  # fmt: skip
    return {"plan": plan, "activity": activity}


@pytest.fixture
def report_data(personas, countries, organizations):
    return build_report_data(countries)
