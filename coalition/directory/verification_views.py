"""Keeping the directory current: the one-click confirmation page of the e-mailed links,
the signed-in "still correct" button, and the freshness dashboard per country.

The link's page is public: the signed link is the credential (as a password-reset link
is). A changed, expired, used or orphaned link shows a page that says so and changes
nothing; a used one confirms the record in the name of the editor it was sent to, written
to the audit log.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition.core import access, audit, scopes
from coalition.core.choices import AuditAction
from coalition.core.models import Country, Organization
from coalition.directory import metrics, verification
from coalition.directory.models import Contact

# The longest list of stale records the dashboard shows per kind, oldest first.
LIST_LIMIT = 200


def _state(record):
    return {
        "last_verified": record.last_verified.isoformat() if record.last_verified else None,
        "verified_by": record.verified_by_id,
    }


def _confirm(request, record, user, via):
    """Mark ``record`` verified by ``user`` and audit it (inside the caller's transaction)."""
    before = _state(record)
    record.mark_verified(user)
    record.save(update_fields=["last_verified", "verified_by", "updated"])
    audit.record(
        request,
        AuditAction.UPDATE,
        record,
        actor=user,
        before=before,
        after={**_state(record), "via": via},
    )


# --- the e-mailed link -------------------------------------------------------------------

_REFUSALS = {
    verification.Tampered: ("tampered", 400),
    verification.Expired: ("expired", 400),
    verification.AlreadyUsed: ("used", 200),
    verification.Gone: ("gone", 410),
}


@access.rule(access.PUBLIC)
@require_http_methods(["GET", "POST"])
def verify(request, token):
    """GET shows the record and one "Still correct" button; POST confirms it."""
    try:
        if request.method == "POST":
            with transaction.atomic():
                record, user = verification.read_token(token, lock=True)
                _confirm(request, record, user, via="e-mail link")
            return _verify_page(request, "done", record, user=user)
        record, user = verification.read_token(token)
    except verification.TokenError as error:
        state, status = _REFUSALS[type(error)]
        # A gone link names no record: its editor may no longer see it.
        shown = error.record if state == "used" else None
        return _verify_page(request, state, shown, status=status)
    if getattr(record, "personal_data", False):
        audit.record(request, AuditAction.VIEW, record, actor=user, after={"via": "e-mail link"})
    return _verify_page(request, "valid", record, user=user)


def _verify_page(request, state, record, user=None, status=200):
    context = {
        "state": state,
        "record": record,
        "kind": verification.kind_of(record) if record is not None else None,
        "link_user": user,
        "link_days": verification.link_days(),
        "stale_days": verification.STALE_AFTER_DAYS,
    }
    return render(request, "directory/verify.html", context, status=status)


# --- the signed-in button ----------------------------------------------------------------


@access.rule(access.EDITOR)
@require_POST
def confirm(request, kind, pk):
    """Mark one record still correct from the freshness dashboard (or a record's page)."""
    model = verification.KINDS.get(kind)
    if model is None:
        raise Http404
    # Looked up outside the transaction: a refusal's audit entry must not be rolled back.
    record = access.get_editable_or_403(model, request.user, request=request, pk=pk)
    with transaction.atomic():
        record = model.objects.select_for_update().get(pk=record.pk)
        _confirm(request, record, request.user, via="dashboard")
    messages.success(request, _("“%(name)s” confirmed as still correct.") % {"name": record})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        country = Country.objects.get(pk=record.country_id)
        target = f"{reverse('directory-freshness')}?country={country.iso2}"
    return redirect(target)


# --- the dashboard -----------------------------------------------------------------------


def _figures(row):
    row = row or {"total": 0, "stale": 0, "never": 0, "recent": 0}
    total = row["total"]
    row["current"] = round(100 * (total - row["stale"]) / total) if total else None
    return row


def _url_of(name):
    """A function giving a record's page, or None while that page does not exist."""
    try:
        reverse(name, args=[0])
    except NoReverseMatch:
        return None
    return lambda pk: reverse(name, args=[pk])


def _stale_list(model, country, user, today):
    queryset = verification.oldest_first(
        model.objects.filter(verification.stale_q(today), country=country)
    )
    if model is Contact:
        queryset = queryset.select_related("organization")
    records = list(queryset[: LIST_LIMIT + 1])
    more = len(records) > LIST_LIMIT
    records = records[:LIST_LIMIT]
    editable = set(
        access.restrict(
            model.objects.filter(pk__in=[r.pk for r in records]), user, "edit"
        ).values_list("pk", flat=True)
    )
    url_of = _url_of("contact-detail" if model is Contact else "organization-detail")
    kind = "contact" if model is Contact else "institution"
    rows = [
        {
            "record": r,
            "kind": kind,
            "can_confirm": r.pk in editable,
            "url": url_of(r.pk) if url_of else None,
        }
        for r in records
    ]
    return rows, more


@access.rule(access.PEOPLE_READER)
@require_GET
def freshness(request):
    """Per country: how many records are stale, never verified or recently verified; with
    ?country=ISO2, that country's stale records, oldest first."""
    today = timezone.localdate()
    ids = access.people_country_ids(request.user)
    countries = Country.objects.active()
    if ids is not None:
        countries = countries.filter(pk__in=ids)
    countries = list(countries.order_by("-is_regional", "name_es"))
    country_ids = [c.pk for c in countries]
    institutions = metrics.freshness_counts(Organization, country_ids, today)
    contacts = metrics.freshness_counts(Contact, country_ids, today)
    rows = [
        {
            "country": c,
            "institutions": _figures(institutions.get(c.pk)),
            "contacts": _figures(contacts.get(c.pk)),
        }
        for c in countries
    ]

    selected = None
    code = scopes.filter_data(request).get("country", "").strip().upper()
    if code:
        selected = next((c for c in countries if c.iso2 == code), None)
        if selected is None and "country" in request.GET:
            raise Http404(_("No country with the code “%(code)s” among yours.") % {"code": code})
    context = {
        "rows": rows,
        "selected": selected,
        "stale_days": verification.STALE_AFTER_DAYS,
        "recent_days": verification.RECENT_DAYS,
        "list_limit": LIST_LIMIT,
    }
    if selected is not None:
        context["stale_institutions"], context["more_institutions"] = _stale_list(
            Organization, selected, request.user, today
        )
        context["stale_contacts"], context["more_contacts"] = _stale_list(
            Contact, selected, request.user, today
        )
    return render(request, "directory/freshness.html", context)
