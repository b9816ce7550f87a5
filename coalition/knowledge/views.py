"""The knowledge and cooperation hub: four cards (SWOTs, good practices, agreements,
campaigns) with what the user may see of each, counted, and links to their lists.

The counts cover the user's countries and the regional level, narrowed to the scope
switcher's country when one is chosen, as the lists are.
"""

import datetime

from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from coalition.core import access, scopes
from coalition.knowledge.choices import SIGNED_STATUSES, AgreementStatus, PracticeStatus
from coalition.knowledge.models import Agreement, Campaign, Practice, Swot, shown_status

# Agreements in force that expire within this many days are listed on the hub.
EXPIRY_HORIZON_DAYS = 90
# SWOT exercises shown one by one; older ones are added up in one line.
SWOT_YEARS_SHOWN = 4
# The reach a campaign reports, in the order the hub shows it.
REACH_FIELDS = ("broadcasts", "brochures_printed", "cards_printed", "web_visits", "social_reach")


def _link(name, **params):
    url = reverse(name)
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


def _by_status(queryset, choices, list_name, status=None):
    """({status: count}, [(label, count, link)] for every status in the choices' order,
    zeros included); ``status`` an expression to count by instead of the field."""
    if status is not None:
        queryset = queryset.annotate(counted_status=status)
    field = "status" if status is None else "counted_status"
    counts = dict(queryset.values_list(field).annotate(n=Count("pk")).order_by())
    rows = [
        (label, counts.get(value, 0), _link(list_name, status=value)) for value, label in choices
    ]
    return counts, rows


@access.rule(access.READER)
@require_GET
def hub(request):
    user = request.user
    active = scopes.active(request)

    def scoped(model):
        rows = model.objects.visible_to(user)
        return rows.filter(country=active) if active is not None else rows

    today = timezone.localdate()
    year = today.year

    swot_years = list(
        scoped(Swot)
        .values("year")
        .annotate(swots=Count("pk", distinct=True), items=Count("items"))
        .order_by("-year")
    )
    shown, older = swot_years[:SWOT_YEARS_SHOWN], swot_years[SWOT_YEARS_SHOWN:]
    swots = {
        "years": [{**row, "link": _link("swot-list", year=row["year"])} for row in shown],
        "older": sum(row["swots"] for row in older),
        "total": sum(row["swots"] for row in swot_years),
    }

    _counts, practices = _by_status(scoped(Practice), PracticeStatus.choices, "practice-list")

    agreements = scoped(Agreement)
    horizon = today + datetime.timedelta(days=EXPIRY_HORIZON_DAYS)
    current = [AgreementStatus.SIGNED, AgreementStatus.IN_FORCE]
    expiring = list(
        agreements.filter(status__in=current, expires_on__range=(today, horizon))
        .select_related("country")
        .order_by("expires_on", "title")
    )
    counts, agreement_statuses = _by_status(
        agreements, AgreementStatus.choices, "agreement-list", status=shown_status()
    )

    figures = scoped(Campaign).aggregate(
        total=Count("pk"),
        this_year=Count("pk", filter=Q(starts__year=year)),
        **{name: Sum(name, filter=Q(starts__year=year)) for name in REACH_FIELDS},
    )
    reach = [
        (Campaign._meta.get_field(name).verbose_name, figures[name] or 0) for name in REACH_FIELDS
    ]

    context = {
        "active_country": active,
        "today": today,
        "year": year,
        "horizon_days": EXPIRY_HORIZON_DAYS,
        "swots": swots,
        "practices": practices,
        "practices_total": sum(count for _label, count, _url in practices),
        "agreement_statuses": agreement_statuses,
        "agreements_total": sum(count for _label, count, _url in agreement_statuses),
        "agreements_signed": sum(counts.get(status, 0) for status in SIGNED_STATUSES),
        "expiring": expiring,
        "expiring_link": _link(
            "agreement-list",
            status=current,
            expires_before=horizon.isoformat(),
            ordering="expires",
        ),
        "campaigns": {
            "total": figures["total"],
            "this_year": figures["this_year"],
            "this_year_link": _link("campaign-list", year=year),
            "reach": reach,
        },
        "can_create": access.EDITOR.allows(user),
    }
    return render(request, "knowledge/hub.html", context)
