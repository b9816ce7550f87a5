"""Figures derived from events and attendance, read-only, for this app and for others.

The plans app shows ``activity_figures`` on an activity's page and in the plan's PDF
report as live verification ("Listas de asistencia", "Número de talleres"); the figures
page and the API show ``events_by_country_year`` and ``people_by_profession``; the home
page's "needs your attention" shows ``attention``.

People are counted once however many events or days they attended. Only events marked
held count. Figures are counts of professionals at public events, shown to every reader;
the people themselves are seen only by the data roles (see access.people_country_ids).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import ngettext

from coalition.core import access
from coalition.core import attention as home
from coalition.events.choices import MEETING_KINDS, EventKind, EventStatus, Profession, Sex
from coalition.events.models import Attendance, Event


@dataclass
class Breakdown:
    """Distinct people, by sex and by profession."""

    people: int = 0
    by_sex: dict = field(default_factory=dict)
    by_profession: dict = field(default_factory=dict)
    # [(profession code, label, [count per sex], total)], filled by people_by_profession
    matrix: list = field(default_factory=list)

    def add(self, sex, profession, count):
        self.people += count
        self.by_sex[sex] = self.by_sex.get(sex, 0) + count
        self.by_profession[profession] = self.by_profession.get(profession, 0) + count

    def sexes(self):
        """[(label, count)] in the list's order, every sex included."""
        return [(label, self.by_sex.get(code, 0)) for code, label in Sex.choices]

    def present_sexes(self):
        """[(label, count)] of the sexes with someone in them."""
        return [(label, count) for label, count in self.sexes() if count]

    def professions(self):
        """[(label, count)] of the professions present, in the list's order."""
        return [
            (label, self.by_profession[code])
            for code, label in Profession.choices
            if self.by_profession.get(code)
        ]

    def as_dict(self):
        return {
            "people": self.people,
            "by_sex": {code: self.by_sex.get(code, 0) for code in Sex.values},
            "by_profession": {code: self.by_profession.get(code, 0) for code in Profession.values},
        }


@dataclass
class ActivityFigures(Breakdown):
    """What an activity's linked events show: events held (workshops, meetings, others),
    events planned, and the people who attended the held ones."""

    held: int = 0
    workshops: int = 0
    meetings: int = 0
    planned: int = 0
    countries: dict = field(default_factory=dict)  # iso2 -> events held

    @property
    def has_events(self):
        return bool(self.held or self.planned)

    def country_list(self):
        return sorted(self.countries.items())


def activity_figures(activity_ids):
    """{activity_id: ActivityFigures} for the given activities, in two queries.

    Activities with no event linked have no entry.
    """
    ids = list(activity_ids)
    figures = defaultdict(ActivityFigures)
    if not ids:
        return {}
    links = (
        Event.activities.through.objects.filter(activity_id__in=ids)
        .exclude(event__status=EventStatus.CANCELLED)
        .values("activity_id", "event__status", "event__kind", "event__country__iso2")
        .annotate(n=Count("event_id"))
    )
    for row in links:
        entry = figures[row["activity_id"]]
        if row["event__status"] == EventStatus.PLANNED:
            entry.planned += row["n"]
            continue
        entry.held += row["n"]
        iso2 = row["event__country__iso2"]
        entry.countries[iso2] = entry.countries.get(iso2, 0) + row["n"]
        if row["event__kind"] == EventKind.WORKSHOP:
            entry.workshops += row["n"]
        elif row["event__kind"] in MEETING_KINDS:
            entry.meetings += row["n"]
    people = (
        Attendance.objects.filter(event__activities__in=ids, event__status=EventStatus.HELD)
        .values("event__activities", "participant__sex", "participant__profession")
        .annotate(n=Count("participant_id", distinct=True))
    )
    for row in people:
        figures[row["event__activities"]].add(
            row["participant__sex"], row["participant__profession"], row["n"]
        )
    return dict(figures)


def event_breakdowns(event_ids):
    """{event_id: Breakdown} of the people who attended each event, in one query."""
    result = defaultdict(Breakdown)
    rows = (
        Attendance.objects.filter(event_id__in=list(event_ids))
        .values("event_id", "participant__sex", "participant__profession")
        .annotate(n=Count("participant_id", distinct=True))
    )
    for row in rows:
        result[row["event_id"]].add(
            row["participant__sex"], row["participant__profession"], row["n"]
        )
    return result


def people_per_day(event):
    """{day: people present} for one event."""
    rows = event.attendance.values("day").annotate(n=Count("participant_id")).order_by("day")
    return {row["day"]: row["n"] for row in rows}


def held_events(year=None, country=None, plan=None, kind=None):
    """The held events the figures count, narrowed by year, country (or regional level),
    plan and kind."""
    events = Event.objects.filter(status=EventStatus.HELD)
    if year:
        events = events.filter(starts__year=year)
    if country is not None:
        events = events.filter(country=country)
    if plan is not None:
        events = events.filter(activities__plan=plan).distinct()
    if kind:
        events = events.filter(kind=kind)
    return events


@dataclass
class CountryYear:
    country: object
    year: int
    workshops: int = 0
    meetings: int = 0
    other: int = 0

    @property
    def total(self):
        return self.workshops + self.meetings + self.other


def events_by_country_year(events):
    """[CountryYear] for ``events`` (from ``held_events``), by country then year."""
    from coalition.core.models import Country

    rows = (
        Event.objects.filter(pk__in=events.values("pk"))
        .annotate(year=ExtractYear("starts"))
        .values("country_id", "year", "kind")
        .annotate(n=Count("pk"))
    )
    table = {}
    for row in rows:
        key = (row["country_id"], row["year"])
        entry = table.setdefault(key, CountryYear(row["country_id"], row["year"]))
        if row["kind"] == EventKind.WORKSHOP:
            entry.workshops += row["n"]
        elif row["kind"] in MEETING_KINDS:
            entry.meetings += row["n"]
        else:
            entry.other += row["n"]
    countries = Country.objects.in_bulk({country for country, _year in table})
    for entry in table.values():
        entry.country = countries[entry.country]
    return sorted(table.values(), key=lambda e: (e.country.is_regional, e.country.name, e.year))


def people_by_profession(events, workshops_only=True):
    """Breakdown of the distinct people who attended ``events`` (only workshops and
    trainings when ``workshops_only``: "people trained")."""
    attendance = Attendance.objects.filter(event__in=events.values("pk"))
    if workshops_only:
        attendance = attendance.filter(event__kind=EventKind.WORKSHOP)
    breakdown = Breakdown()
    matrix = defaultdict(dict)
    rows = attendance.values("participant__sex", "participant__profession").annotate(
        n=Count("participant_id", distinct=True)
    )
    for row in rows:
        breakdown.add(row["participant__sex"], row["participant__profession"], row["n"])
        matrix[row["participant__profession"]][row["participant__sex"]] = row["n"]
    breakdown.matrix = [
        (
            code,
            label,
            [matrix[code].get(sex, 0) for sex in Sex.values],
            breakdown.by_profession.get(code, 0),
        )
        for code, label in Profession.choices
    ]
    return breakdown


@dataclass
class Trained:
    """People trained in one year and country, of one profession and sex."""

    year: int
    country: object
    profession: str
    sex: str
    people: int


def trained_by_year_country(events):
    """[Trained] for the held workshops and trainings among ``events``, by year, country
    (the participants', as ``people_trained_by_country`` counts them), profession and sex,
    in two queries. A person is counted once per row however many events they attended."""
    from coalition.core.models import Country

    rows = (
        Attendance.objects.filter(
            event__in=events.values("pk"),
            event__status=EventStatus.HELD,
            event__kind=EventKind.WORKSHOP,
        )
        .annotate(year=ExtractYear("event__starts"))
        .values("year", "participant__country_id", "participant__profession", "participant__sex")
        .order_by()
        .annotate(n=Count("participant_id", distinct=True))
    )
    rows = list(rows)
    countries = Country.objects.in_bulk({row["participant__country_id"] for row in rows})
    professions = {code: n for n, code in enumerate(Profession.values)}
    sexes = {code: n for n, code in enumerate(Sex.values)}
    table = [
        Trained(
            row["year"],
            countries[row["participant__country_id"]],
            row["participant__profession"],
            row["participant__sex"],
            row["n"],
        )
        for row in rows
    ]
    return sorted(
        table,
        key=lambda t: (
            t.year,
            t.country.is_regional,
            t.country.name,
            professions.get(t.profession, 99),
            sexes.get(t.sex, 99),
        ),
    )


# The professions the Palermo indicator "judges and prosecutors trained" counts.
JUSTICE_PROFESSIONS = (Profession.JUDGES, Profession.PROSECUTORS)


def people_trained_by_country(countries, year, professions):
    """{country pk: distinct people of ``professions`` who work in that country and attended
    a held workshop or training starting in ``year``, or None} in one query.

    A country is counted by its participants (a regional workshop trains the judges of each
    member country), not by where the event was held. None: nobody of that country attended
    a held workshop that year, so there is nothing to count from (a real zero is a year
    with workshops attended by other professions only).
    """
    ids = [country.pk for country in countries]
    rows = (
        Attendance.objects.filter(
            participant__country_id__in=ids,
            event__status=EventStatus.HELD,
            event__kind=EventKind.WORKSHOP,
            event__starts__year=year,
        )
        .values("participant__country_id")
        .order_by()
        .annotate(
            trained=Count(
                "participant_id",
                distinct=True,
                filter=Q(participant__profession__in=professions),
            )
        )
    )
    found = {row["participant__country_id"]: row["trained"] for row in rows}
    return {pk: found.get(pk) for pk in ids}


def justice_trained_by_country(countries, year):
    """{country pk: judges and prosecutors trained in ``year``, or None}: see
    ``people_trained_by_country``."""
    return people_trained_by_country(countries, year, JUSTICE_PROFESSIONS)


def linked_events(activity, user):
    """The events linked to ``activity`` that ``user`` may open, newest first, each with
    its number of people (for the activity's page)."""
    return (
        Event.objects.visible_to(user)
        .filter(activities=activity)
        .exclude(status=EventStatus.CANCELLED)
        .select_related("country")
        .annotate(people=Count("attendance__participant", distinct=True))
        .order_by("-starts")
    )


# --- the home page -----------------------------------------------------------------------


def without_attendance(events):
    """The events of the queryset ``events`` with no attendance recorded, cancelled ones
    left out (their attendance is not to be recorded)."""
    recorded = Exists(Attendance.objects.filter(event=OuterRef("pk")))
    return events.filter(~recorded).exclude(status=EventStatus.CANCELLED)


# The home page announces the events starting within this many days.
UPCOMING_DAYS = 14


def attention(request, today=None):
    """The events starting within ``UPCOMING_DAYS`` that the user may see, and the past
    events of the countries they edit that have no attendance recorded (not cancelled);
    each linked to the list of events, filtered."""
    user = request.user
    today = today or timezone.localdate()
    visible = home.countries(request, access.visible_country_ids(user))
    soon = today + datetime.timedelta(days=UPCOMING_DAYS)
    upcoming = home.per_country(
        access.restrict(Event.objects.all(), user)
        .filter(starts__gte=today, starts__lte=soon)
        .exclude(status=EventStatus.CANCELLED),
        visible,
        home.INFO,
        lambda count: ngettext(
            "%(count)d event starts within %(days)d days in %(place)s.",
            "%(count)d events start within %(days)d days in %(place)s.",
            count,
        ),
        "event-list",
        query={"when": "upcoming"},
        days=UPCOMING_DAYS,
    )
    editable = home.countries(request, access.editable_country_ids(user))
    unrecorded = home.per_country(
        without_attendance(access.restrict(Event.objects.filter(ends__lt=today), user, "edit")),
        editable,
        home.WARNING,
        lambda count: ngettext(
            "%(count)d past event has no attendance recorded in %(place)s.",
            "%(count)d past events have no attendance recorded in %(place)s.",
            count,
        ),
        "event-list",
        query={"when": "past", "attendance": "none"},
    )
    return [item for item in (upcoming, unrecorded) if item]


# --- the regional annual report ----------------------------------------------------------


def annual_events(year):
    """Events held in ``year``: {country id: {"workshops", "meetings", "other"}} by the
    event's country (or the regional level), in one query."""
    rows = (
        Event.objects.filter(status=EventStatus.HELD, starts__year=year)
        .values("country_id", "kind")
        .order_by()
        .annotate(n=Count("pk"))
    )
    found = defaultdict(lambda: {"workshops": 0, "meetings": 0, "other": 0})
    for row in rows:
        if row["kind"] == EventKind.WORKSHOP:
            key = "workshops"
        elif row["kind"] in MEETING_KINDS:
            key = "meetings"
        else:
            key = "other"
        found[row["country_id"]][key] += row["n"]
    return dict(found)


def annual_trained(year):
    """People trained in ``year``: distinct people who attended a held workshop or
    training starting in ``year``, ``(by_country, by_profession)`` where ``by_country`` is
    {participant's country id: {sex code: people}} and ``by_profession`` is {profession
    code: {sex code: people}}. Two queries. A person trained in two workshops counts once
    (in each row of the breakdown they belong to)."""
    attendance = Attendance.objects.filter(
        event__status=EventStatus.HELD, event__kind=EventKind.WORKSHOP, event__starts__year=year
    )
    by_country = defaultdict(dict)
    for row in (
        attendance.values("participant__country_id", "participant__sex")
        .order_by()
        .annotate(n=Count("participant_id", distinct=True))
    ):
        by_country[row["participant__country_id"]][row["participant__sex"]] = row["n"]
    by_profession = defaultdict(dict)
    for row in (
        attendance.values("participant__profession", "participant__sex")
        .order_by()
        .annotate(n=Count("participant_id", distinct=True))
    ):
        by_profession[row["participant__profession"]][row["participant__sex"]] = row["n"]
    return dict(by_country), dict(by_profession)


def sex_choices():
    """[(code, label)] of the sexes a participant is recorded with, in order."""
    return list(Sex.choices)


def profession_choices():
    """[(code, label)] of the professions, in order."""
    return list(Profession.choices)
