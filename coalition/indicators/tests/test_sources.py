"""Computed indicators: each source read through its capability's metrics, with rows built
by that capability's own test helpers; the no-data and no-source states; the regional sum;
what ``refresh`` writes into an assessment and when it leaves it alone."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from coalition.coordination.choices import Status
from coalition.coordination.tests import factories as coordination
from coalition.core.choices import ApprovalState, Axis, Service
from coalition.core.models import Approval, AuditEntry
from coalition.directory.tests.conftest import make_institution
from coalition.events.choices import EventKind, EventStatus, Profession
from coalition.events.tests.conftest import attend, make_event, make_participant
from coalition.indicators import sources
from coalition.indicators.choices import Source
from coalition.indicators.models import APPROVAL_KIND, Answer, Indicator
from coalition.indicators.tests import factories
from coalition.knowledge.choices import AgreementKind, AgreementStatus
from coalition.knowledge.models import Agreement
from coalition.plans.tests.conftest import build_plan
from coalition.sentences import models as sentence_models
from coalition.sentences.tests.factories import sentence

TODAY = datetime.date(2024, 6, 15)


def approve_sentences(country, year):
    Approval.objects.create(
        kind=sentence_models.APPROVAL_KIND, country=country, year=year, state="approved"
    )


def convictions(country, year, persons):
    sentence(
        country,
        final_date=datetime.date(year, 6, 30),
        defendants=(("convicted", "male", "adult", country.iso2, persons),),
    )


# --- persons convicted (sentences) -------------------------------------------------------


def test_it_counts_the_persons_convicted_of_an_approved_year(countries):
    convictions(countries["GT"], 2021, 3)
    approve_sentences(countries["GT"], 2021)

    found = sources.value(Source.PERSONS_CONVICTED, countries["GT"], 2021)

    assert found.status == sources.OK
    assert found.value == Decimal(3)
    assert "2021" in found.note


def test_a_year_not_approved_has_no_data_rather_than_zero(countries):
    convictions(countries["GT"], 2021, 3)

    found = sources.value(Source.PERSONS_CONVICTED, countries["GT"], 2021)

    assert found.status == sources.NO_DATA
    assert found.value is None


def test_the_regional_level_sums_the_members_with_approved_data(countries):
    convictions(countries["GT"], 2021, 3)
    convictions(countries["CR"], 2021, 4)
    convictions(countries["HN"], 2021, 50)  # not approved: left out
    approve_sentences(countries["GT"], 2021)
    approve_sentences(countries["CR"], 2021)

    found = sources.value(Source.PERSONS_CONVICTED, countries["regional"], 2021)

    assert found.value == Decimal(7)
    assert "la suma de los países miembros" in found.note


def test_the_regional_level_has_no_data_when_no_member_has(countries):
    found = sources.value(Source.PERSONS_CONVICTED, countries["regional"], 2021)

    assert found.status == sources.NO_DATA


# --- judges and prosecutors trained (events) ---------------------------------------------


def test_it_counts_each_judge_and_prosecutor_once_at_held_workshops(countries):
    gt = countries["GT"]
    judge = make_participant(gt, "Ana Juez", profession=Profession.JUDGES)
    prosecutor = make_participant(gt, "Luis Fiscal", profession=Profession.PROSECUTORS)
    police = make_participant(gt, "Rosa Policía", profession=Profession.POLICE)
    first = make_event(gt, "Taller 1", datetime.date(2023, 3, 1), days=2)
    second = make_event(countries["regional"], "Taller regional", datetime.date(2023, 9, 1))
    for person in (judge, prosecutor, police):
        attend(first, person)
    attend(second, judge)  # the same judge again: once
    planned = make_event(
        gt, "Taller futuro", datetime.date(2023, 11, 1), status=EventStatus.PLANNED
    )
    attend(planned, make_participant(gt, "Otra Jueza"))
    meeting = make_event(gt, "Reunión", datetime.date(2023, 5, 1), kind=EventKind.TECHNICAL_MEETING)
    attend(meeting, make_participant(gt, "Juez de reunión"))

    found = sources.value(Source.JUSTICE_TRAINED, gt, 2023)

    assert found.value == Decimal(2)
    assert found.status == sources.OK


def test_a_year_with_workshops_but_no_judge_counts_a_real_zero(countries):
    gt = countries["GT"]
    workshop = make_event(gt, "Taller", datetime.date(2023, 3, 1))
    attend(workshop, make_participant(gt, "Rosa Policía", profession=Profession.POLICE))

    assert sources.value(Source.JUSTICE_TRAINED, gt, 2023).value == Decimal(0)
    assert sources.value(Source.JUSTICE_TRAINED, gt, 2022).status == sources.NO_DATA


# --- victim-protection institutions verified (directory) ---------------------------------


def test_it_counts_the_victim_protection_institutions_verified_in_the_last_180_days(countries):
    cr = countries["CR"]
    make_institution(
        cr, "Albergue", axes=[Axis.ATTENTION], last_verified=TODAY - datetime.timedelta(days=10)
    )
    make_institution(
        cr,
        "Línea de ayuda",
        services=[Service.HELP_LINE],
        last_verified=TODAY - datetime.timedelta(days=180),
    )
    make_institution(
        cr, "Stale", axes=[Axis.ATTENTION], last_verified=TODAY - datetime.timedelta(days=181)
    )
    make_institution(cr, "Never", services=[Service.SHELTER], last_verified=None)
    make_institution(cr, "Prevention only", axes=[Axis.PREVENTION], last_verified=TODAY)

    found = sources.value(Source.INSTITUTIONS_VERIFIED, cr, 2024, today=TODAY)

    assert found.value == Decimal(2)


def test_a_country_with_no_victim_protection_institution_has_no_data(countries, organizations):
    # The shared organizations work in prevention only.
    found = sources.value(Source.INSTITUTIONS_VERIFIED, countries["CR"], 2024, today=TODAY)

    assert found.status == sources.NO_DATA


def test_a_past_year_is_read_as_of_its_last_day(countries):
    cr = countries["CR"]
    make_institution(
        cr, "Albergue", axes=[Axis.ATTENTION], last_verified=datetime.date(2023, 12, 1)
    )

    past = sources.value(Source.INSTITUTIONS_VERIFIED, cr, 2023, today=TODAY)
    now = sources.value(Source.INSTITUTIONS_VERIFIED, cr, 2024, today=TODAY)

    assert past.value == Decimal(1)
    assert now.value == Decimal(0)


# --- plan activities completed (plans) ---------------------------------------------------


def test_it_counts_the_activities_a_country_marked_done_this_year(countries):
    build_plan(countries)  # GT done, CR in progress, the regional level blocked
    year = timezone.now().year

    assert sources.value(Source.ACTIVITIES_COMPLETED, countries["GT"], year).value == 1
    assert sources.value(Source.ACTIVITIES_COMPLETED, countries["CR"], year).value == 0
    assert sources.value(Source.ACTIVITIES_COMPLETED, countries["HN"], year).no_data
    assert sources.value(Source.ACTIVITIES_COMPLETED, countries["GT"], year - 1).no_data


# --- cooperation agreements in force (knowledge) -----------------------------------------


def agreement(country, title, status, signed_on, expires_on=None, effective_on=None):
    return Agreement.objects.create(
        country=country,
        title=title,
        kind=AgreementKind.POLICE,
        status=status,
        signed_on=signed_on,
        effective_on=effective_on,
        expires_on=expires_on,
    )


def test_it_counts_the_agreements_in_force_at_the_end_of_the_year(countries):
    gt = countries["GT"]
    day = datetime.date
    agreement(gt, "En vigor", AgreementStatus.IN_FORCE, day(2020, 1, 1))
    agreement(gt, "Vence en 2024", AgreementStatus.EXPIRED, day(2020, 1, 1), day(2024, 3, 1))
    agreement(gt, "Venció en 2023", AgreementStatus.SIGNED, day(2020, 1, 1), day(2023, 6, 1))
    agreement(gt, "Terminado", AgreementStatus.TERMINATED, day(2020, 1, 1))
    agreement(gt, "Firmado en 2024", AgreementStatus.SIGNED, day(2024, 2, 1))
    agreement(gt, "En negociación", AgreementStatus.NEGOTIATION, None)

    found = sources.value(Source.AGREEMENTS_IN_FORCE, gt, 2023, today=TODAY)

    assert found.value == Decimal(2)
    assert "2023" in found.note
    assert sources.value(Source.AGREEMENTS_IN_FORCE, countries["HN"], 2023).no_data


# --- no source, links --------------------------------------------------------------------


def test_a_source_no_capability_provides_says_so_instead_of_zero(countries, monkeypatch):
    monkeypatch.delitem(sources.READERS, Source.REPATRIATIONS_IN_TIME)

    found = sources.value(Source.REPATRIATIONS_IN_TIME, countries["GT"], 2023)

    assert found.status == sources.NO_SOURCE
    assert found.value is None
    assert "ninguna parte del sistema ofrece todavía esta cifra" in found.note
    assert found.url == ""


def test_the_repatriations_in_time_are_read_from_the_coordination(countries, organizations):
    offices = coordination.offices(countries, organizations)
    sent = timezone.make_aware(datetime.datetime(2023, 5, 2, 9))
    for late in (False, False, False, True):
        made = coordination.referral(offices["gt"], offices["sv"], sent_at=sent)
        answered = sent + datetime.timedelta(days=20 if late else 2)
        coordination.moved(made, Status.ACKNOWLEDGED, Status.COMPLETED, at=answered)

    found = sources.value(Source.REPATRIATIONS_IN_TIME, countries["SV"], 2023)

    assert found.status == sources.OK
    assert found.value == Decimal("75.0")
    assert "2023" in found.note
    assert sources.value(Source.REPATRIATIONS_IN_TIME, countries["GT"], 2023).no_data


def test_the_link_is_given_only_to_a_user_who_may_open_the_page(personas, countries):
    partner = sources.value(Source.JUSTICE_TRAINED, countries["GT"], 2023, user=personas["partner"])
    nobody = sources.value(Source.JUSTICE_TRAINED, countries["GT"], 2023)

    assert partner.url.startswith("/events/?")
    assert "country=GT" in partner.url
    assert nobody.url == ""


# --- the assessment: values_for and refresh ----------------------------------------------


def computed_framework():
    """The test framework with one more computed indicator (coordination: no data)."""
    made = factories.framework()
    pillar = made.pillars.get(code="prevention")
    Indicator.objects.create(
        framework=made,
        pillar=pillar,
        code="PV-03",
        order=8,
        question_es="Repatriaciones",
        question_en="Repatriations",
        instrument=factories.instrument(),
        answer_type="number",
        scoring_rule="none",
        source=Source.REPATRIATIONS_IN_TIME,
    )
    return made


def test_values_for_reads_each_source_once_for_the_whole_assessment(countries):
    convictions(countries["GT"], 2021, 3)
    approve_sentences(countries["GT"], 2021)
    record = factories.assessment(countries["GT"], 2021, made=computed_framework())

    with CaptureQueriesContext(connection) as queries:
        found = sources.values_for(record)

    by_code = {Indicator.objects.get(pk=pk).code: value for pk, value in found.items()}
    assert by_code["PV-02"].value == Decimal(3)
    assert by_code["PV-03"].no_data
    assert len(queries) <= 5


def test_the_regional_figure_takes_a_bounded_number_of_queries(countries):
    for iso2 in ("GT", "CR", "HN", "SV"):
        convictions(countries[iso2], 2021, 1)
        approve_sentences(countries[iso2], 2021)

    with CaptureQueriesContext(connection) as queries:
        found = sources.value(Source.PERSONS_CONVICTED, countries["regional"], 2021)

    assert found.value == Decimal(4)
    assert len(queries) <= 4


def test_refresh_writes_the_current_values_into_an_open_assessment(countries, personas):
    convictions(countries["GT"], 2021, 3)
    approve_sentences(countries["GT"], 2021)
    record = factories.assessment(countries["GT"], 2021, made=computed_framework())

    changed = sources.refresh(record, personas["gt_editor"])

    convicted = Answer.objects.get(assessment=record, indicator__code="PV-02")
    repatriations = Answer.objects.get(assessment=record, indicator__code="PV-03")
    assert changed == 2
    assert convicted.number == Decimal(3)
    assert convicted.computed_at is not None
    assert convicted.score == 1  # PV-02 scores 1 when above zero
    assert repatriations.number is None
    assert AuditEntry.objects.filter(object_type="indicators.answer").count() == 2
    assert sources.refresh(record, personas["gt_editor"]) == 0


def test_refresh_follows_the_source_while_the_assessment_is_returned(countries):
    record = factories.assessment(countries["GT"], 2021, answers={"PV-02": Decimal(9)})
    Approval.objects.create(
        kind=APPROVAL_KIND, country=countries["GT"], year=2021, state=ApprovalState.RETURNED
    )

    assert sources.refresh(record) == 1
    assert Answer.objects.get(assessment=record, indicator__code="PV-02").number is None


@pytest.mark.parametrize("state", [ApprovalState.SUBMITTED, ApprovalState.APPROVED])
def test_refresh_leaves_a_submitted_or_approved_assessment_as_it_was_read(countries, state):
    record = factories.assessment(countries["GT"], 2021, answers={"PV-02": Decimal(9)})
    Approval.objects.create(kind=APPROVAL_KIND, country=countries["GT"], year=2021, state=state)
    convictions(countries["GT"], 2021, 3)
    approve_sentences(countries["GT"], 2021)

    assert sources.refresh(record) == 0
    answer = Answer.objects.get(assessment=record, indicator__code="PV-02")
    assert answer.number == Decimal(9)
    assert answer.computed_at is None


# --- how a computed indicator shows ------------------------------------------------------


def shown(computed, answer=None, language="en"):
    with translation.override(language):
        return render_to_string(
            "indicators/includes/computed.html", {"computed": computed, "answer": answer}
        )


def test_the_include_tells_no_source_and_no_data_apart_from_a_zero(
    countries, personas, monkeypatch
):
    monkeypatch.delitem(sources.READERS, Source.REPATRIATIONS_IN_TIME)
    gt = countries["GT"]
    workshop = make_event(gt, "Taller", datetime.date(2023, 3, 1))
    attend(workshop, make_participant(gt, "Rosa Policía", profession=Profession.POLICE))

    zero = shown(sources.value(Source.JUSTICE_TRAINED, gt, 2023, user=personas["gt_editor"]))
    no_data = shown(sources.value(Source.JUSTICE_TRAINED, gt, 2021))
    no_source = shown(sources.value(Source.REPATRIATIONS_IN_TIME, gt, 2023))

    assert "data-computed-value>0<" in zero
    assert "Check the figure" in zero
    assert "No data for this year" in no_data and "data-computed-value" not in no_data
    assert "No source yet" in no_source and "data-computed-value" not in no_source
    assert "No data for this year" not in no_source


def test_the_include_shows_the_value_read_and_when_with_the_source_now(countries):
    record = factories.assessment(countries["GT"], 2021)
    sources.refresh(record)  # nothing approved yet: read as "no data"
    convictions(countries["GT"], 2021, 3)
    approve_sentences(countries["GT"], 2021)
    answer = Answer.objects.get(assessment=record, indicator__code="PV-02")

    html = shown(sources.value(Source.PERSONS_CONVICTED, countries["GT"], 2021), answer, "es")

    assert "Sin datos para este año" in html
    assert "Calculado el" in html
    assert "La fuente indica ahora 3." in html


@pytest.mark.parametrize("persona", ["gt_editor", "partner"])
def test_every_link_given_opens_for_that_user(client_for, personas, countries, persona):
    client = client_for(persona)
    for source in Source:
        for country in (countries["GT"], countries["regional"]):
            found = sources.value(source, country, 2023, user=personas[persona])
            if found.url:
                assert client.get(found.url).status_code == 200, found.url


def test_a_partner_gets_no_link_to_the_sentence_statistics(personas, countries):
    gt = countries["GT"]

    assert sources.value(Source.PERSONS_CONVICTED, gt, 2023, user=personas["partner"]).url == ""
    assert sources.value(Source.PERSONS_CONVICTED, gt, 2023, user=personas["gt_editor"]).url


def test_values_for_a_user_takes_a_bounded_number_of_queries(personas, countries):
    record = factories.assessment(countries["regional"], 2023, made=computed_framework())
    for code, source in (("PR-03", Source.JUSTICE_TRAINED), ("PP-02", Source.AGREEMENTS_IN_FORCE)):
        Indicator.objects.filter(framework=record.framework, code=code).update(source=source)

    with CaptureQueriesContext(connection) as queries:
        found = sources.values_for(record, personas["regional_admin"])

    assert len(found) == 4
    # indicators, members, the standing, then sentences 3 and one for each other source
    assert len(queries) <= 8
