"""Attendance pages: the template and the import of a list, a person added or removed by
hand, the printable sign-in sheet and attendance list, and the participants' records.

Who attended is personal data: the attendance list (page and PDF) is for the data roles
only, and a participant's contact details for those of the participant's own country.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition.core import access, audit, generic, jobs
from coalition.core.choices import AuditAction
from coalition.core.files import download_response, export_language
from coalition.events import attendance_io, metrics
from coalition.events import tasks as event_tasks
from coalition.events.choices import Profession, Sex
from coalition.events.filters import ParticipantFilterSet
from coalition.events.forms import AttendanceFileForm, AttendeeForm, ParticipantForm
from coalition.events.models import Attendance, Participant
from coalition.events.people import PeopleIndex, Person
from coalition.events.views import EVENT_EDIT_RULE, EVENT_RULE, PAGE_SIZE, _event, attendee_rows
from coalition.lib.pdf import fitted, render_pdf
from coalition.lib.spreadsheets import CONTENT_TYPE as XLSX
from coalition.lib.tables import TableError, read_table
from coalition.lib.text import int_or_none

SIGN_IN_ROWS = 25
MAX_SIGN_IN_ROWS = 200
# The attendance list's contact column is at least this wide (portrait page, three days):
# an e-mail address is printed on one line, in a smaller type when it is long (lib.pdf).
CONTACT_MM, CONTACT_PT, CONTACT_SMALLEST_PT = 45, 8.0, 6.0


def _file_stem(event):
    return f"{slugify(event.title)[:50] or 'evento'}-{event.starts:%Y-%m-%d}"


# --- import ------------------------------------------------------------------------------


@access.rule(EVENT_EDIT_RULE)
@require_GET
def attendance_template(request, pk):
    """The event's attendance template, XLSX (default) or CSV (?format=csv), in the page's
    language or the one asked for (?lang=en): for those who may import it back."""
    event = _event(request, pk, "edit")
    language, refusal = export_language(request)
    if refusal:
        return refusal
    with translation.override(language):
        if request.GET.get("format") == "csv":
            content = attendance_io.template_csv(event, language)
            return download_response(content, "text/csv; charset=utf-8", f"{_file_stem(event)}.csv")
        content = attendance_io.template_xlsx(event, language)
    return download_response(content, XLSX, f"{_file_stem(event)}.xlsx")


@access.rule(EVENT_EDIT_RULE)
@require_http_methods(["GET", "POST"])
def attendance_import(request, pk):
    """Upload a filled template: every problem is listed with its row and column, and
    nothing is recorded unless the whole file is right. A list of more than
    ``jobs.BACKGROUND_ROWS`` rows is imported in the background (the job's page)."""
    event = _event(request, pk, "edit")
    form = AttendanceFileForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            _headers, rows = read_table(content, upload.name)
        except TableError as exc:
            problems = exc.problems
        else:
            back = f"{event.get_absolute_url()}#attendance"
            if len(rows) > jobs.BACKGROUND_ROWS:
                job = jobs.start(
                    request,
                    event_tasks.import_attendance_file,
                    kind="attendance-import",
                    title=_("Import of the attendance of %(event)s") % {"event": event},
                    upload=upload,
                    next_url=back,
                    back_url=request.path,
                    args=(event.pk,),
                )
                return redirect(job)
            try:
                result = attendance_io.import_attendance(
                    event, content, upload.name, request=request
                )
            except attendance_io.AttendanceFileError as exc:
                problems = exc.problems
            else:
                messages.success(request, result.describe())
                return redirect(back)
    failed = request.method == "POST"
    return render(
        request,
        "events/attendance_import.html",
        {"event": event, "form": form, "problems": problems},
        status=400 if failed else 200,
    )


# --- by hand -----------------------------------------------------------------------------


@access.rule(EVENT_EDIT_RULE)
@require_POST
def attendee_add(request, pk):
    """One person typed by hand: the same person already recorded is reused."""
    event = _event(request, pk, "edit")
    form = AttendeeForm(request.POST, event=event)
    if not form.is_valid():
        return render(
            request,
            "events/attendee_form.html",
            {"event": event, "form": form},
            status=400,
        )
    data = form.cleaned_data
    person = Person(
        name=" ".join(data["name"].split()),
        sex=data["sex"],
        organization_name=" ".join(data["organization_name"].split()),
        profession=data["profession"],
        country=data["country"],
        email=data["email"].lower(),
        phone=data["phone"],
    )
    index = PeopleIndex()
    index.canonical(person)
    index.prepare([person])
    participant, conflict = index.find(person)
    if conflict is not None:
        form.add_error(
            "email",
            _("This e-mail belongs to another person already recorded (%(name)s).")
            % {"name": participant.name},
        )
        return render(
            request, "events/attendee_form.html", {"event": event, "form": form}, status=400
        )
    entry = attendance_io.Entry(0, person, data["days"])
    result = attendance_io.record_attendance(event, [entry], index, request=request, source="form")
    participant = result.records[0]
    if result.people_known:
        message = _("%(name)s was already recorded as a participant: attendance added.")
    else:
        message = _("%(name)s added.")
    messages.success(request, message % {"name": participant.name})
    return redirect(f"{event.get_absolute_url()}#attendance")


@access.rule(EVENT_EDIT_RULE)
@require_POST
def attendee_remove(request, pk, participant):
    """Take one person off the event's list (every day); the person's record stays."""
    event = _event(request, pk, "edit")
    rows = Attendance.objects.filter(event=event, participant_id=participant)
    person = Participant.objects.filter(pk=participant).first()
    with transaction.atomic():
        removed = rows.count()
        if removed:
            audit.record(
                request,
                AuditAction.UPDATE,
                event,
                after={"attendance_removed": removed, "participant": participant},
            )
            rows.delete()
    if removed and person is not None:
        messages.success(request, _("%(name)s removed from the list.") % {"name": person.name})
    return redirect(f"{event.get_absolute_url()}#attendance")


# --- PDFs --------------------------------------------------------------------------------


@access.rule(EVENT_RULE)
@require_GET
def sign_in_sheet(request, pk):
    """A blank sign-in sheet to print: one page per day, numbered rows (?rows=40)."""
    event = _event(request, pk)
    count = int_or_none(request.GET.get("rows"), minimum=1) or SIGN_IN_ROWS
    count = min(count, MAX_SIGN_IN_ROWS)
    language, refusal = export_language(request)
    if refusal:
        return refusal
    with translation.override(language):
        content = render_pdf(
            "events/pdf/sign_in_sheet.html",
            {
                "event": event,
                "organizers": list(event.organizers.all()),
                "rows": range(1, count + 1),
                "sexes": Sex.choices,
                "professions": Profession.choices,
                "language": language,
            },
        )
    return download_response(content, "application/pdf", f"{_file_stem(event)}-hoja-firmas.pdf")


@access.rule(EVENT_RULE)
@require_GET
def attendance_pdf(request, pk):
    """The filled attendance list, for those who may see who attended. Audited."""
    event = _event(request, pk)
    attendees = attendee_rows(event, request.user)
    if attendees is None:
        access.deny(request, event, reason="attendance list")
    language, refusal = export_language(request)
    if refusal:
        return refusal
    for row in attendees:
        email = row["participant"].email
        row["email"] = fitted(email, CONTACT_MM, CONTACT_PT, CONTACT_SMALLEST_PT)
    breakdown = metrics.event_breakdowns([event.pk]).get(event.pk, metrics.Breakdown())
    per_day = metrics.people_per_day(event)
    with translation.override(language):
        content = render_pdf(
            "events/pdf/attendance_list.html",
            {
                "event": event,
                "organizers": list(event.organizers.all()),
                "attendees": attendees,
                "breakdown": breakdown,
                "per_day": [(day, per_day.get(day, 0)) for day in event.days],
                "generated_at": timezone.localtime(),
                "generated_by": request.user.get_full_name() or request.user.get_username(),
                "language": language,
            },
        )
    filename = f"{_file_stem(event)}-asistencia.pdf"
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            event,
            after={"format": "pdf", "file": filename, "people": len(attendees)},
        )
    return download_response(content, "application/pdf", filename)


# --- participants ------------------------------------------------------------------------


@access.rule(access.PEOPLE_READER)
@require_GET
def participant_list(request):
    """The professionals of the user's countries who attended events, each once."""
    participants = Participant.objects.visible_to(request.user).select_related("country")
    participants = participants.annotate(events=Count("attendance__event", distinct=True))
    filterset = ParticipantFilterSet.for_list(request, participants)
    queryset = filterset.qs
    if not filterset.sorted_by_reader:
        queryset = queryset.order_by("name")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page_obj": page,
        "participants": page.object_list,
        "query": query.urlencode(),
    }
    template = "events/participant_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "events/_participant_table.html"
    return render(request, template, context)


@access.rule(access.object_rule(Participant))
@require_GET
def participant_detail(request, pk):
    participant = access.get_visible_or_404(
        Participant.objects.select_related("country", "organization"), request.user, pk=pk
    )
    visible = {e.pk for e in _visible_events(request.user, participant)}
    attendance = {}
    for row in participant.attendance.select_related("event", "event__country").order_by(
        "-event__starts", "day"
    ):
        entry = attendance.setdefault(row.event_id, {"event": row.event, "days": []})
        entry["days"].append(row.day)
        entry["visible"] = row.event_id in visible
    with transaction.atomic():
        audit.record(request, AuditAction.VIEW, participant)
    return render(
        request,
        "events/participant_detail.html",
        {
            "participant": participant,
            "attendance": list(attendance.values()),
            "can_edit": access.can_edit(request.user, participant),
        },
    )


def _visible_events(user, participant):
    from coalition.events.models import Event

    return Event.objects.visible_to(user).filter(attendance__participant=participant).distinct()


class ParticipantUpdateView(generic.RecordUpdateView):
    model = Participant
    form_class = ParticipantForm
    template_name = "events/participant_form.html"
    context_object_name = "participant"
    updated_message = gettext_lazy("Participant saved.")
