"""Event pages: the list and the month calendar, an event with its attendance summary,
the event form, its materials, and the figures page.

Events belong to a country (or to the regional level) and go through the access layer:
readers see the events of their countries and the regional ones; those who may edit a
country create and change its events. Who attended is shown to the data roles only;
partners see counts.
"""

import calendar
import datetime

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from coalition.core import access, exports, files, generic, scopes
from coalition.core.models import Country
from coalition.events import exports as event_exports
from coalition.events import metrics
from coalition.events.choices import EventKind, EventStatus, Profession, Sex
from coalition.events.filters import EventFilterSet
from coalition.events.forms import AttendanceFileForm, AttendeeForm, EventForm, MaterialForm
from coalition.events.models import Event, Material
from coalition.lib.text import int_or_none
from coalition.plans.models import Plan

PAGE_SIZE = 25
EVENT_RULE = access.object_rule(Event)
EVENT_EDIT_RULE = access.object_rule(Event, "edit")


def _filtered(request):
    """(filterset, data) for the events the user may see, the scope switcher's country
    applied when no country is asked for."""
    events = Event.objects.visible_to(request.user).select_related("country", "host_country")
    filterset = EventFilterSet.for_list(request, events)
    return filterset, filterset.data


def _list_context(request, filterset):
    return {
        "filter": filterset,
        "kinds": EventKind.choices,
        "statuses": EventStatus.choices,
        "audiences": Profession.choices,
        "countries": scopes.visible_countries(request.user),
        "plans": Plan.objects.order_by("-starts", "code"),
        "can_create": access.EDITOR.allows(request.user),
        "can_see_people": access.PEOPLE_READER.allows(request.user),
        "can_export": access.can_export(request.user),
    }


# --- list and calendar -------------------------------------------------------------------


@access.rule(access.READER)
@require_GET
def event_list(request):
    """Events as a list: upcoming first by default, or past, or all; filtered and paged."""
    filterset, data = _filtered(request)
    when = data.get("when", "upcoming")
    if when not in ("upcoming", "past", "all"):
        when = "upcoming"
    events = filterset.qs
    today = timezone.localdate()
    if when == "upcoming":
        events = events.filter(ends__gte=today)
    elif when == "past":
        events = events.filter(ends__lt=today)
    if not filterset.sorted_by_reader:
        # Upcoming: soonest first; past and all: newest first.
        order = ("starts", "title") if when == "upcoming" else ("-starts", "title")
        events = events.order_by(*order)
    if exports.asked(request):
        return event_exports.respond(request, filterset, events)
    events = events.annotate(people=Count("attendance__participant", distinct=True))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    without_when = query.copy()
    without_when.pop("when", None)
    context = {
        **_list_context(request, filterset),
        "page_obj": page,
        "events": page.object_list,
        "when": when,
        "when_choices": [("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))],
        "query": query.urlencode(),
        "query_without_when": without_when.urlencode(),
    }
    template = "events/event_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "events/_event_table.html"
    return render(request, template, context)


def _month(value, today):
    """The first day of the month asked for ("2026-11"), or of the current month."""
    year, _dash, month = (value or "").partition("-")
    year = int_or_none(year, minimum=1900, maximum=2200)
    month = int_or_none(month, minimum=1, maximum=12)
    if year is None or month is None:
        return today.replace(day=1)
    return datetime.date(year, month, 1)


@access.rule(access.READER)
@require_GET
def event_calendar(request):
    """A month of events, Monday to Sunday, with the list's filters."""
    filterset, data = _filtered(request)
    today = timezone.localdate()
    first = _month(data.get("month"), today)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1]
    events = list(filterset.qs.filter(starts__lte=end, ends__gte=start).order_by("starts", "title"))
    grid = [
        [
            {
                "date": day,
                "in_month": day.month == first.month,
                "today": day == today,
                "events": [e for e in events if e.starts <= day <= e.ends],
            }
            for day in week
        ]
        for week in weeks
    ]
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    query = request.GET.copy()
    query.pop("month", None)
    context = {
        **_list_context(request, filterset),
        "month": first,
        "grid": grid,
        "weekdays": [date_format(weeks[0][i], "D") for i in range(7)],
        "previous": previous.strftime("%Y-%m"),
        "following": following.strftime("%Y-%m"),
        "this_month": today.strftime("%Y-%m"),
        "month_events": [e for e in events if e.ends >= first and e.starts < following],
        "query": query.urlencode(),
    }
    template = "events/calendar.html"
    if request.htmx and not request.htmx.boosted:
        template = "events/_calendar_grid.html"
    return render(request, template, context)


# --- one event ---------------------------------------------------------------------------


def _event(request, pk, action="view"):
    queryset = Event.objects.select_related("country", "host_country", "created_by")
    if action == "edit":
        return access.get_editable_or_403(queryset, request.user, request=request, pk=pk)
    return access.get_visible_or_404(queryset, request.user, pk=pk)


def attendee_rows(event, user):
    """[{participant, days: [bool per event day], show_contact}] sorted by name, for those
    who may see attendees; None for those who see counts only."""
    if not access.sees_attendees(user, event):
        return None
    people = access.people_country_ids(user)
    rows = {}
    attendance = event.attendance.select_related("participant", "participant__country")
    for row in attendance.order_by("participant__name"):
        entry = rows.setdefault(
            row.participant_id,
            {
                "participant": row.participant,
                "days": set(),
                "show_contact": people is None or row.participant.country_id in people,
            },
        )
        entry["days"].add(row.day)
    result = []
    for entry in rows.values():
        entry["marks"] = [day in entry["days"] for day in event.days]
        result.append(entry)
    return result


@access.rule(EVENT_RULE)
@require_GET
def event_detail(request, pk):
    """The event, its plan activities and materials, and who attended (or how many)."""
    return _detail_page(request, _event(request, pk))


def _detail_page(request, event, material_form=None):
    """The event's page; with a bound ``material_form`` (a refused upload), its errors."""
    activities = event.activities.in_plan_order()
    organizers = list(event.organizers.select_related("country"))
    supporters = list(event.supporters.select_related("country"))
    breakdown = metrics.event_breakdowns([event.pk]).get(event.pk, metrics.Breakdown())
    per_day = metrics.people_per_day(event)
    can_edit = access.can_edit(request.user, event)
    context = {
        "event": event,
        "activities": activities,
        "organizers": organizers,
        "supporters": supporters,
        "breakdown": breakdown,
        "per_day": [(day, per_day.get(day, 0)) for day in event.days],
        "attendees": attendee_rows(event, request.user),
        "materials": list(event.materials.select_related("uploaded_by")),
        "can_edit": can_edit,
        "attendee_form": AttendeeForm(event=event) if can_edit else None,
        "material_form": (material_form or MaterialForm()) if can_edit else None,
        "import_form": AttendanceFileForm() if can_edit else None,
    }
    status = 400 if material_form is not None else 200
    return render(request, "events/event_detail.html", context, status=status)


class EventEdit:
    """The event form, with a material that may be sent with it."""

    model = Event
    related = ("country", "host_country", "created_by")
    form_class = EventForm
    template_name = "events/event_form.html"
    context_object_name = "event"
    upload_form_class = MaterialForm
    attachment_model = Material
    upload_parent_field = "event"
    # The plan activity it verifies may come in the address (?activity=).
    activity_field = "activities"


class EventCreateView(EventEdit, generic.RecordCreateView):
    created_message = gettext_lazy("Event “%(title)s” created.")


class EventUpdateView(EventEdit, generic.RecordUpdateView):
    updated_message = gettext_lazy("Event saved.")


class EventDeleteView(generic.RecordDeleteView):
    """Remove an event with its attendance and materials (their files once committed)."""

    model = Event
    attachments = "materials"
    deleted_message = gettext_lazy("Event “%(title)s” deleted.")
    list_url_name = "event-list"


# --- materials ---------------------------------------------------------------------------


@access.rule(EVENT_EDIT_RULE)
@require_POST
def material_upload(request, pk):
    event = _event(request, pk, "edit")
    return files.attach(
        request,
        files.Upload(request, MaterialForm, prefix=None, required=True),
        Material(event=event, country=event.country),
        refused=lambda form: _detail_page(request, event, material_form=form),
        back=f"{event.get_absolute_url()}#materials",
    )


@access.rule(access.object_rule(Material))
@require_GET
def material_download(request, pk):
    return files.download(request, Material.objects.select_related("event"), pk)


@access.rule(access.object_rule(Material, "edit"))
@require_POST
def material_delete(request, pk):
    material = access.get_editable_or_403(
        Material.objects.select_related("event"), request.user, request=request, pk=pk
    )
    return files.remove(request, material, f"{material.event.get_absolute_url()}#materials")


# --- figures -----------------------------------------------------------------------------


@access.rule(access.READER)
@require_GET
def event_figures(request):
    """Workshops and meetings held per country and year, people trained by profession and
    sex: what the plan's verification sources count."""
    year = int_or_none(request.GET.get("year"), datetime.MINYEAR, datetime.MAXYEAR)
    country = Country.objects.filter(iso2=scopes.filter_data(request).get("country") or "").first()
    plan = Plan.objects.filter(code=request.GET.get("plan") or "").first()
    events = metrics.held_events(year=year, country=country, plan=plan)
    rows = metrics.events_by_country_year(events)
    trained = metrics.people_by_profession(events)
    years = Event.objects.filter(status=EventStatus.HELD).dates("starts", "year", order="DESC")
    return render(
        request,
        "events/figures.html",
        {
            **_list_context(request, None),
            "rows": rows,
            "totals": {
                "workshops": sum(r.workshops for r in rows),
                "meetings": sum(r.meetings for r in rows),
                "other": sum(r.other for r in rows),
                "total": sum(r.total for r in rows),
            },
            "trained": trained,
            "sexes": Sex.choices,
            "years": [d.year for d in years],
            "year": year,
            "country": country,
            "plan": plan,
            "countries": Country.objects.active().order_by("-is_regional", "name_es"),
            "plans": Plan.objects.order_by("-starts", "code"),
        },
    )
