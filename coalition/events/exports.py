"""The events list as a spreadsheet (``?export=xlsx`` or ``?export=csv``): every event of
the list's current filter and order with its attendance figures (people by sex and by
profession, counts), or, with ``&table=training``, the people trained by year, country,
profession and sex for those events.

Figures are counts of professionals (never names): every reader of the events sees them,
as on the figures page. A person is counted once per event (or per year, country,
profession and sex in the training table), however many days they attended.
"""

from django.db.models import Prefetch
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coalition.core import exports
from coalition.core.files import bad_request
from coalition.events import metrics
from coalition.events.choices import Profession, Sex
from coalition.events.models import Event
from coalition.lib.exports import Column
from coalition.plans.models import Activity

TABLES = ("events", "training")


def _absolute(request):
    return lambda row: request.build_absolute_uri(row.get_absolute_url())


def _names(items):
    return [item.short_name for item in items]


def event_columns(request, breakdowns):
    """The list's columns, the event's details and its attendance figures."""

    def figures(event):
        return breakdowns.get(event.pk) or metrics.Breakdown()

    def by_sex(code):
        return lambda event: figures(event).by_sex.get(code, 0)

    def by_profession(code):
        return lambda event: figures(event).by_profession.get(code, 0)

    return [
        Column(_("Title"), "title", width=40),
        Column(_("Kind"), lambda e: e.get_kind_display(), width=22),
        Column(_("Status"), lambda e: e.get_status_display(), width=12),
        Column(_("Country"), "country.name"),
        Column(_("Host country"), lambda e: e.host_country.name if e.host_country else ""),
        Column(_("City"), "city"),
        Column(_("Venue"), "venue", width=24),
        Column(_("Starts"), "starts", width=12),
        Column(_("Ends"), "ends", width=12),
        Column(_("Days"), lambda e: len(e.days), width=8),
        Column(_("Target audiences"), lambda e: e.audience_labels(), width=30),
        Column(_("Organizers"), lambda e: _names(e.organizers.all()), width=24),
        Column(_("Funding and support"), lambda e: _names(e.supporters.all()), width=24),
        Column(
            _("Plan activities"),
            lambda e: [f"{a.plan.code} {a.ref}" for a in e.activities.all()],
            width=18,
        ),
        Column(_("People"), lambda e: figures(e).people, width=10),
        *[
            Column(format_lazy("{}: {}", _("Sex"), label), by_sex(code), width=12)
            for code, label in Sex.choices
        ],
        *[
            Column(format_lazy("{}: {}", _("Profession"), label), by_profession(code), width=14)
            for code, label in Profession.choices
        ],
        Column(_("Link"), _absolute(request), width=40),
    ]


TRAINING_COLUMNS = [
    Column(_("Year"), "year", width=8),
    Column(_("Country"), "country.name", width=20),
    Column(
        _("Profession"),
        lambda row: dict(Profession.choices).get(row.profession, row.profession),
        width=28,
    ),
    Column(_("Sex"), lambda row: dict(Sex.choices).get(row.sex, row.sex), width=18),
    Column(_("People trained"), "people", width=14),
]


def respond(request, filterset, events):
    """The export ``request`` asks for (``core.exports.respond``): the events with their
    figures, or the training table (``table=training``); 400 for an unknown table."""
    valid = exports.filter_errors(filterset) is None
    table = request.GET.get("table") or "events"
    if table not in TABLES:
        return bad_request(
            gettext("Unknown table “%(value)s”: use table=events or table=training.")
            % {"value": table[:20]}
        )
    if table == "training":
        return exports.respond(
            request,
            name=_("people-trained"),
            title=_("People trained"),
            columns=TRAINING_COLUMNS,
            rows=metrics.trained_by_year_country(events) if valid else [],
            model=Event,
            filterset=filterset,
        )
    if not valid:  # core.exports.respond answers 400, naming the filters
        events = Event.objects.none()
    events = list(
        events.select_related("country", "host_country").prefetch_related(
            "organizers",
            "supporters",
            Prefetch("activities", Activity.objects.select_related("plan")),
        )
    )
    breakdowns = metrics.event_breakdowns([event.pk for event in events])
    return exports.respond(
        request,
        name=_("events"),
        title=_("Events"),
        columns=event_columns(request, breakdowns),
        rows=events,
        model=Event,
        filterset=filterset,
    )
