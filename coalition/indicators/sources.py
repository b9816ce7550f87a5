"""Computed indicators: the figures other capabilities keep, read live through their
``metrics.py`` (never their internals), and copied into an assessment's answers.

For the pages (questionnaire, review, country profile):

- ``values_for(assessment, user=None)`` -> ``{indicator pk: Computed}`` for every computed
  indicator of the assessment's framework, one read per source (not per indicator, not
  per render). Include ``templates/indicators/includes/computed.html`` with ``computed`` set
  to one of them and ``answer`` to the indicator's answer (or None).
- ``value(source, country, year, today=None, user=None)`` -> ``Computed`` for one figure.
- ``refresh(assessment, actor=None)`` writes each computed indicator's current value into
  its ``Answer`` (``number``, ``computed_at``) while the assessment is open or returned,
  and returns how many answers changed value. Once submitted or approved it writes
  nothing: what was submitted stays as it was read.

A ``Computed`` has ``value`` (Decimal or None) and ``status``: ``OK``; ``NO_DATA`` (the
source exists but has nothing for this country and year: shown as such, never as zero);
``NO_SOURCE`` (no capability provides it yet). ``note`` says what was counted and for which
period; ``url`` is the page where the figure can be checked, given only for a ``user`` who
may open it (no user: no link). The regional level's figure is the sum of the active member
countries that have data (``NO_DATA`` when none has).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coalition.core import access, approvals, audit
from coalition.core.choices import ApprovalState, AuditAction, Axis
from coalition.core.models import STALE_AFTER_DAYS, Country
from coalition.directory import metrics as directory
from coalition.events import metrics as events
from coalition.events.models import EventKind, EventStatus
from coalition.indicators.choices import Source
from coalition.indicators.models import APPROVAL_KIND, Answer
from coalition.indicators.scoring import FIELD_OF
from coalition.knowledge import metrics as knowledge
from coalition.knowledge.models import AgreementStatus
from coalition.plans import metrics as plans
from coalition.sentences import metrics as sentences

OK = "ok"
NO_DATA = "no_data"
NO_SOURCE = "no_source"

# The states in which an assessment's computed answers still follow their sources.
LIVE_STATES = (ApprovalState.OPEN, ApprovalState.RETURNED)


@dataclass(frozen=True)
class Computed:
    """One computed figure of one country (or the regional level) and year."""

    source: str
    value: Decimal | None
    status: str
    note: str
    url: str = ""

    @property
    def label(self):
        """The source's name ("Persons convicted (court sentences)")."""
        return Source(self.source).label

    @property
    def ok(self):
        return self.status == OK

    @property
    def no_data(self):
        return self.status == NO_DATA

    @property
    def no_source(self):
        return self.status == NO_SOURCE


def reference_date(year, today=None):
    """The day a figure "as of" a date is read for ``year``: the year's last day, or
    today while the year is not over."""
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


def _day(value):
    return formats.date_format(value, "DATE_FORMAT")


# --- how each source is read -------------------------------------------------------------


@dataclass(frozen=True)
class Reader:
    """How one source is read: ``read(countries, year, on)`` -> {country pk: value or None}
    (bounded queries whatever the number of countries); ``note(year, on)``; ``link(country,
    year, on)`` -> (URL name, query) of the page that shows the figure."""

    read: object
    note: object
    link: object


def _iso2(country):
    return {} if country.is_regional else {"country": country.iso2}


READERS = {
    Source.PERSONS_CONVICTED: Reader(
        read=lambda countries, year, on: sentences.persons_convicted_by_country(countries, year),
        note=lambda year, on: (
            _(
                "Persons convicted by final sentences in %(year)s, from the approved national "
                "records of court sentences."
            )
            % {"year": year}
        ),
        link=lambda country, year, on: (
            "sentence-statistics",
            {**_iso2(country), "year": year},
        ),
    ),
    Source.JUSTICE_TRAINED: Reader(
        read=lambda countries, year, on: events.justice_trained_by_country(countries, year),
        note=lambda year, on: (
            _(
                "Judges and prosecutors working in the country who attended a workshop or training "
                "held in %(year)s, each person counted once."
            )
            % {"year": year}
        ),
        link=lambda country, year, on: (
            "event-list",
            {
                **_iso2(country),
                "year": year,
                "kind": EventKind.WORKSHOP,
                "status": EventStatus.HELD,
            },
        ),
    ),
    Source.INSTITUTIONS_VERIFIED: Reader(
        read=lambda countries, year, on: directory.institutions_verified_by_country(countries, on),
        note=lambda year, on: (
            _(
                "Institutions of the directory that protect victims (victim attention axis or a "
                "service for victims) confirmed correct between %(since)s and %(until)s."
            )
            % {
                "since": _day(on - datetime.timedelta(days=STALE_AFTER_DAYS)),
                "until": _day(on),
            }
        ),
        link=lambda country, year, on: ("directory", {**_iso2(country), "axis": Axis.ATTENTION}),
    ),
    Source.ACTIVITIES_COMPLETED: Reader(
        read=lambda countries, year, on: plans.activities_completed_by_country(countries, year),
        note=lambda year, on: (
            _("Activities of the plans marked done during %(year)s and still done.")
            % {"year": year}
        ),
        link=lambda country, year, on: ("plan-list", {}),
    ),
    Source.AGREEMENTS_IN_FORCE: Reader(
        read=lambda countries, year, on: knowledge.agreements_in_force_by_country(countries, on),
        note=lambda year, on: (
            _("Cooperation agreements followed up by the country that were in force on %(day)s.")
            % {"day": _day(on)}
        ),
        link=lambda country, year, on: (
            "agreement-list",
            {**_iso2(country), "status": AgreementStatus.IN_FORCE},
        ),
    ),
    # Source.REPATRIATIONS_IN_TIME: the coordination capability is not in the system yet.
}


def no_source_note():
    return _("No source yet: the coordination capability is not in the system yet.")


def regional_note():
    return _("The regional level: the sum of the member countries that have data.")


def _members():
    return list(Country.objects.members().active())


def _url(user, name, query):
    """The page's address when ``user`` may open it, else ""."""
    if user is None:
        return ""
    path = reverse(name)
    try:
        match = resolve(path)
    except Resolver404:
        return ""
    rule = access.rule_for(match.func, match.url_name)
    if rule is None or not rule.allows(user, match.kwargs):
        return ""
    return f"{path}?{urlencode(query)}" if query else path


def _computed(source, reader, country, year, on, values, user):
    """The ``Computed`` of ``country`` from ``values`` {country pk: value or None}."""
    countries = list(values) if country.is_regional else [country.pk]
    found = [values[pk] for pk in countries if values.get(pk) is not None]
    note = reader.note(year, on)
    if country.is_regional:
        note = f"{note} {regional_note()}"
    name, query = reader.link(country, year, on)
    url = _url(user, name, query)
    if not found:
        return Computed(source, None, NO_DATA, note, url)
    return Computed(source, Decimal(sum(found)), OK, note, url)


def _read(sources, country, year, today=None, user=None, members=None):
    """{source: Computed} of ``country`` and ``year``, one read per source."""
    on = reference_date(year, today)
    if country.is_regional:
        countries = members if members is not None else _members()
    else:
        countries = [country]
    result = {}
    for source in sources:
        reader = READERS.get(source)
        if reader is None:
            result[source] = Computed(source, None, NO_SOURCE, no_source_note())
            continue
        values = reader.read(countries, year, on)
        result[source] = _computed(source, reader, country, year, on, values, user)
    return result


def value(source, country, year, today=None, user=None):
    """The ``Computed`` figure of ``source`` (a ``Source`` key) for ``country`` (or the
    regional level: the sum of its members) and ``year``; ``today`` fixes the reading day
    (tests), ``user`` is who will see the link."""
    return _read([source], country, year, today, user)[source]


def computed_indicators(assessment):
    """The computed indicators of the assessment's framework, in order."""
    return list(
        assessment.framework.indicators.exclude(source="").order_by("pillar__order", "order")
    )


def values_for(assessment, user=None, today=None):
    """{indicator pk: Computed} for each computed indicator of ``assessment``: what its
    source says now (one read per source). A submitted or approved assessment shows its
    answers as they were read (``Answer.number``, ``computed_at``); the pages may still
    show this live figure beside it."""
    indicators = computed_indicators(assessment)
    read = _read(
        {indicator.source for indicator in indicators},
        assessment.country,
        assessment.year,
        today,
        user,
    )
    return {indicator.pk: read[indicator.source] for indicator in indicators}


def is_live(assessment):
    """Whether the assessment's computed answers still follow their sources."""
    return approvals.state_of(APPROVAL_KIND, assessment.country, assessment.year) in LIVE_STATES


def refresh(assessment, actor=None, today=None):
    """Write each computed indicator's current value into its answer (creating it when
    missing; no value when the source has none) and return how many answers changed
    value. Nothing is written once the assessment is submitted or approved. One
    transaction; each changed answer is audited."""
    if not is_live(assessment):
        return 0
    indicators = computed_indicators(assessment)
    if not indicators:
        return 0
    figures = values_for(assessment, today=today)
    now = timezone.now()
    who = actor if getattr(actor, "is_authenticated", False) else None
    changed = 0
    with transaction.atomic():
        answers = {
            answer.indicator_id: answer
            for answer in Answer.objects.select_for_update()
            .filter(assessment=assessment, indicator__in=indicators)
            .select_related("indicator")
        }
        for indicator in indicators:
            field = FIELD_OF[indicator.answer_type]
            if field != "number":  # a figure answers only a number, percentage or scale
                continue
            answer = answers.get(indicator.pk) or Answer(assessment=assessment, indicator=indicator)
            before = audit.snapshot(answer) if answer.pk else None
            new = figures[indicator.pk].value
            differs = answer.pk is None or getattr(answer, field) != new
            setattr(answer, field, new)
            answer.computed_at = now
            if differs:
                answer.updated_by = who
            answer.save()
            if differs:
                changed += 1
                audit.record(
                    None,
                    AuditAction.UPDATE if before else AuditAction.CREATE,
                    answer,
                    actor=who,
                    country=assessment.country,
                    before=before,
                    after=audit.snapshot(answer),
                )
    return changed
