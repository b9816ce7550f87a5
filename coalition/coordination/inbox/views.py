"""The inbox: the referrals the user sees (those of its offices, of the countries it edits,
or all of them for a regional administrator), received, sent or both, filtered, sorted, paged
and exported as CSV or XLSX.

The list shows the statistical fields of each referral and never its free text (summary,
notes, messages): those are read on the referral's page, which audits each read. Each page
of the list and each export is one audit entry with the filters and the references shown.
"""

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coalition.coordination.choices import ReferralKind, Side, Urgency
from coalition.coordination.filters import (
    STATUS_CHOICES,
    Direction,
    ReferralFilterSet,
    received_q,
    sent_q,
)
from coalition.coordination.models import Referral, ReferralMessage, overdue_q
from coalition.core import access, audit, files
from coalition.core import exports as core_exports
from coalition.core.choices import AuditAction
from coalition.core.models import Country

PAGE_SIZE = 25
# Query-string keys that do not narrow the list.
NOT_FILTERS = {"page", "format", "lang", "ordering", "direction"}


# What a row of the list reads: never the free text, nor the profile.
ROW_FIELDS = (
    "reference",
    "kind",
    "urgency",
    "status",
    "sent_at",
    "acknowledge_by",
    "respond_by",
    "closed_at",
    "sender__name",
    "sender__acronym",
    "receiver__name",
    "receiver__acronym",
    "country__iso2",
    "receiving_country__iso2",
)


def _filtered(request, fields=ROW_FIELDS):
    """The FilterSet of the user's visible referrals, and its rows (newest first unless
    the reader chose an order) with ``fields`` read (and their offices and countries)."""
    visible = (
        Referral.objects.visible_to(request.user)
        .select_related("sender", "receiver", "country", "receiving_country")
        .only(*fields)
    )
    filterset = ReferralFilterSet.for_list(request, visible)
    return filterset, filterset.qs


def _filters_used(request):
    return {
        key: ", ".join(request.GET.getlist(key))[:100]
        for key in request.GET
        if key not in {"page", "format", "lang"} and request.GET.get(key)
    }


def _audit_seen(request, action, references, what, **extra):
    """One audit entry for a page of the inbox or an export: the filters and the
    (pseudonymous) references shown, never a free text."""
    with transaction.atomic():
        audit.record(
            request,
            action,
            object_type=Referral._meta.label_lower,
            object_repr=what,
            after={
                "list": _filters_used(request),
                "references": references,
                "count": len(references),
                **extra,
            },
        )


def _direction_counts(user, filterset):
    """How many referrals each direction tab holds with the other filters applied, and how
    many of them are overdue: one query."""
    return filterset.in_every_direction().aggregate(
        all=Count("pk"),
        received=Count("pk", filter=received_q(user)),
        sent=Count("pk", filter=sent_q(user)),
        overdue=Count("pk", filter=overdue_q(timezone.now())),
    )


def _mark_rows(user, rows):
    """Each row's side for ``user`` (received, sent, or none for a reader) and the
    messages of the other side it has not read yet (one query for the page)."""
    offices = access.office_ids(user)
    editors = access.country_editor_country_ids(user)
    unread = {}
    found = (
        ReferralMessage.objects.filter(referral__in=[r.pk for r in rows], read_at__isnull=True)
        .values_list("referral_id", "side")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for referral_id, side, n in found:
        unread[(referral_id, side)] = n
    now = timezone.now()
    for row in rows:
        receives = row.receiver_id in offices or row.receiving_country_id in editors
        sends = row.sender_id in offices or row.country_id in editors
        row.received = receives
        row.sent_by_me = sends and not receives
        row.unread = 0
        if receives and not sends:
            row.unread = unread.get((row.pk, Side.SENDING), 0)
        elif sends and not receives:
            row.unread = unread.get((row.pk, Side.RECEIVING), 0)
        row.overdue = row.acknowledgement_overdue(now) or row.response_overdue(now)
    return rows


@access.rule(access.OFFICE)
@require_GET
def referral_list(request):
    """The inbox: the user's referrals, filtered, sorted and paged; each page read is one
    audit entry naming the references shown."""
    if "export" in request.GET:  # the list as a file, as every list page answers it
        return _export(request, request.GET["export"].strip().lower())
    filterset, records = _filtered(request)
    if filterset.errors:
        records = records.none()
    valid = filterset.is_valid()
    direction = (filterset.form.cleaned_data.get("direction") if valid else "") or Direction.ALL
    counts = _direction_counts(request.user, filterset) if valid else {}
    paginator = Paginator(records, PAGE_SIZE)
    if counts:
        # The tab's count is the list's: the paginator need not count again.
        paginator.count = counts[direction]
    page = paginator.get_page(request.GET.get("page"))
    rows = _mark_rows(request.user, list(page.object_list))
    shown = [r.reference for r in rows]
    _audit_seen(request, AuditAction.VIEW, shown, _("Referral inbox"), page=page.number)
    query = request.GET.copy()
    query.pop("page", None)
    tabs_query = query.copy()
    tabs_query.pop("direction", None)
    context = {
        "filter": filterset,
        # What the menus show as chosen (the scope switcher's country included).
        "chosen": filterset.data,
        "page_obj": page,
        "referrals": rows,
        "query": query.urlencode(),
        "tabs_query": tabs_query.urlencode(),
        "direction": direction,
        "counts": counts,
        "countries": Country.objects.members().active().order_by("name_es"),
        "statuses": STATUS_CHOICES,
        "urgencies": Urgency.choices,
        "kinds": ReferralKind.choices,
        "offices": [(o.pk, str(o)) for o in filterset.form.fields["office"].queryset],
        "overdue_choices": filterset.form.fields["overdue"].choices[1:],
        "orderings": [c for c in filterset.form.fields["ordering"].choices if c[0]],
        "filtered": any(key not in NOT_FILTERS and request.GET.get(key) for key in request.GET),
        "can_send": access.SENDER.allows(request.user),
        "now": timezone.now(),
        "urgent": Urgency.IMMEDIATE,
    }
    template = "coordination/inbox/referral_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "coordination/inbox/_referral_table.html"
    return render(request, template, context, status=400 if filterset.errors else 200)


@access.rule(access.OFFICE)
@require_GET
def referral_export(request):
    """The filtered inbox, every page of it, as CSV (default) or XLSX (?format=xlsx): the
    reference and the statistical fields, never a free text. Audited with every reference
    exported."""
    return _export(request, request.GET.get("format") or "csv")


def _export(request, fmt):
    from coalition.coordination.inbox import exports

    language, refusal = files.export_language(request)
    if refusal:
        return refusal
    if fmt not in ("csv", "xlsx"):
        return files.bad_request(
            _("Unknown format “%(value)s”: use format=csv or format=xlsx.") % {"value": fmt[:20]}
        )
    filterset, records = _filtered(request, exports.FIELDS)
    refusal = core_exports.filter_errors(filterset)
    if refusal:
        return refusal
    rows = list(records)
    response, filename = exports.referrals(rows, fmt, language)
    _audit_seen(
        request,
        AuditAction.EXPORT,
        [r.reference for r in rows],
        _("Referral export"),
        format=fmt,
        file=filename,
    )
    return response
