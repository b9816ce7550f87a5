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
  nothing: what was submitted stays as it was read. Call it on a write (a pillar saved,
  just before the submission, so that what is submitted is what was read), never on a
  GET; meanwhile the pages show ``values_for`` live.

A ``Computed`` has ``value`` (Decimal or None) and ``status``: ``OK``; ``NO_DATA`` (the
source exists but has nothing for this country and year: shown as such, never as zero);
``NO_SOURCE`` (no capability provides it yet). ``note`` says what was counted and for which
period; ``url`` is the page where the figure can be checked, given only for a ``user`` who
may open it (no user: no link). The regional level's figure is the sum of the active member
countries that have data (``NO_DATA`` when none has); a percentage is instead computed over
the members together (``Reader.regional``).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coalition.coordination import metrics as coordination
from coalition.coordination.models import ReferralKind
from coalition.core import access, approvals, audit
from coalition.core.choices import ApprovalState, AuditAction, Axis
from coalition.core.models import STALE_AFTER_DAYS, Country
from coalition.directory import metrics as directory
from coalition.events import metrics as events
from coalition.events.models import EventKind, EventStatus
from coalition.indicators.choices import Source
from coalition.indicators.models import APPROVAL_KIND, Answer, Assessment
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
    year, on)`` -> (URL name, query) of the page that shows the figure; ``may_open(user)``
    when that page asks more than its URL's access rule says; ``regional(countries, year,
    on)`` -> value or None when the regional figure is not the members' sum (a percentage:
    the share over the members together)."""

    read: object
    note: object
    link: object
    may_open: object = None
    regional: object = None


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
        # The statistics cover every member for the data roles; a partner's only the
        # countries of its sharing agreements, so no link for partners.
        may_open=lambda user: access.standing(user).country_ids(access.DATA_ROLES) != set(),
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
        link=lambda country, year, on: (
            "organization-list",
            {**_iso2(country), "axis": Axis.ATTENTION},
        ),
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
    Source.REPATRIATIONS_IN_TIME: Reader(
        read=lambda countries, year, on: coordination.repatriations_in_time_by_country(
            countries, year
        ),
        note=lambda year, on: (
            _(
                "Of the repatriation-support referrals that the country's offices received and "
                "answered (completed or declined) during %(year)s, the percentage answered by "
                "their response deadline."
            )
            % {"year": year}
        ),
        link=lambda country, year, on: (
            "referral-statistics",
            {**_iso2(country), "year": year, "kind": ReferralKind.REPATRIATION},
        ),
        regional=lambda countries, year, on: coordination.repatriations_in_time(countries, year),
    ),
}


def no_source_note():
    return _("No source yet: no part of the system provides this figure yet.")


def regional_note(reader=None):
    if reader is not None and reader.regional is not None:
        return _("The regional level: the member countries' answers together.")
    return _("The regional level: the sum of the member countries that have data.")


def _members():
    return list(Country.objects.members().active())


def _url(user, reader, name, query):
    """The page's address when ``user`` may open it, else ""."""
    if user is None or (reader.may_open and not reader.may_open(user)):
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
        note = f"{note} {regional_note(reader)}"
    name, query = reader.link(country, year, on)
    url = _url(user, reader, name, query)
    if not found:
        return Computed(source, None, NO_DATA, note, url)
    return Computed(source, Decimal(sum(found)), OK, note, url)


def _read(sources, country, year, today=None, user=None):
    """{source: Computed} of ``country`` and ``year``, one read per source."""
    on = reference_date(year, today)
    countries = _members() if country.is_regional else [country]
    result = {}
    for source in sources:
        reader = READERS.get(source)
        if reader is None:
            result[source] = Computed(source, None, NO_SOURCE, no_source_note())
            continue
        if country.is_regional and reader.regional is not None:
            values = {country.pk: reader.regional(countries, year, on)}
        else:
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


def _figures(assessment, indicators, user=None, today=None):
    read = _read(
        {indicator.source for indicator in indicators},
        assessment.country,
        assessment.year,
        today,
        user,
    )
    return {indicator.pk: read[indicator.source] for indicator in indicators}


def values_for(assessment, user=None, today=None):
    """{indicator pk: Computed} for each computed indicator of ``assessment``: what its
    source says now (one read per source), with links for ``user``. A submitted or
    approved assessment keeps its answers as they were read (``Answer.number``,
    ``computed_at``); the include shows this live figure beside them when it differs."""
    return _figures(assessment, computed_indicators(assessment), user, today)


def is_live(assessment):
    """Whether the assessment's computed answers still follow their sources (open or
    returned)."""
    return approvals.state_of(APPROVAL_KIND, assessment.country, assessment.year) in LIVE_STATES


def refresh(assessment, actor=None, today=None):
    """Write each computed indicator's current value into its answer (creating it when
    missing; no value when the source has none) and return how many answers changed
    value. Nothing is written once the assessment is submitted or approved. One
    transaction, the assessment locked; each changed answer is audited."""
    who = actor if getattr(actor, "is_authenticated", False) else None
    changed = 0
    with transaction.atomic():
        list(Assessment.objects.select_for_update().filter(pk=assessment.pk).values("pk"))
        if not is_live(assessment):
            return 0
        # A figure answers only a number, a percentage or a scale.
        indicators = [
            indicator
            for indicator in computed_indicators(assessment)
            if FIELD_OF[indicator.answer_type] == "number"
        ]
        if not indicators:
            return 0
        figures = _figures(assessment, indicators, today=today)
        now = timezone.now()
        answers = {
            answer.indicator_id: answer
            for answer in Answer.objects.filter(assessment=assessment, indicator__in=indicators)
        }
        for indicator in indicators:
            answer = answers.get(indicator.pk) or Answer(assessment=assessment)
            answer.indicator = indicator
            before = audit.snapshot(answer) if answer.pk else None
            new = figures[indicator.pk].value
            differs = answer.pk is None or answer.number != new
            answer.number = new
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
