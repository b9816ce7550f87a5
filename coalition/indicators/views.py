"""The indicators section's home: the assessments of the user's countries and their state,
what needs doing next, and the way to the section's pages."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coalition.core import access
from coalition.core.choices import ApprovalState
from coalition.core.models import Country
from coalition.indicators.assessments.views import mark
from coalition.indicators.forms import creatable_countries
from coalition.indicators.models import Assessment

# How many of the latest assessments the home lists.
SHOWN = 12


def _todo(user, assessments, year):
    """[(text, url, icon)]: what the user should do next."""
    todo = []
    editable = {a.pk for a in access.restrict(Assessment.objects.all(), user, "edit")}
    for record in assessments:
        if record.pk not in editable:
            continue
        if record.state_code == ApprovalState.RETURNED:
            todo.append(
                (
                    _("%(what)s was returned: correct what the reviewer asked and submit it again.")
                    % {"what": record},
                    record.get_absolute_url(),
                    "arrow-return-left",
                )
            )
        elif record.state_code == ApprovalState.OPEN and record.answered < record.total:
            todo.append(
                (
                    _("%(what)s: %(left)d indicators left to answer.")
                    % {"what": record, "left": record.total - record.answered},
                    record.get_absolute_url(),
                    "pencil-square",
                )
            )
        elif record.state_code == ApprovalState.OPEN:
            todo.append(
                (
                    _("%(what)s is complete: check it and submit it for approval.")
                    % {"what": record},
                    record.get_absolute_url(),
                    "send",
                )
            )
        elif record.state_code == ApprovalState.SUBMITTED and access.is_regional_admin(user):
            todo.append(
                (
                    _("%(what)s awaits your review.") % {"what": record},
                    record.get_absolute_url(),
                    "inbox",
                )
            )
    started = {(a.country_id, a.year) for a in Assessment.objects.filter(year=year)}
    for country in creatable_countries(user):
        if (country.pk, year) not in started:
            todo.append(
                (
                    _("Start the assessment of %(country)s for %(year)s.")
                    % {"country": country, "year": year},
                    f"{_create_url()}?country={country.pk}&year={year}",
                    "plus-circle",
                )
            )
    return todo


def _create_url():
    from django.urls import reverse

    return reverse("assessment-create")


@access.rule(access.READER)
@require_GET
def indicators_home(request):
    """The section's home for every reader (members and partners)."""
    user = request.user
    visible = access.restrict(Assessment.objects.all(), user).select_related("country", "framework")
    own = access.people_country_ids(user)
    mine = visible if own is None else visible.filter(country_id__in=own)
    assessments = mark(list(mine.order_by("-year", "country__name_es")[:SHOWN]))
    # The year being assessed: the last full year.
    year = timezone.localdate().year - 1
    return render(
        request,
        "indicators/home.html",
        {
            "assessments": assessments,
            "todo": _todo(user, assessments, year),
            "more": mine.count() > len(assessments),
            "approved_count": visible.count() - mine.count() if own is not None else 0,
            "shows_approvals": access.MANAGER.allows(user),
            "can_create": creatable_countries(user).exists(),
            "profile_countries": Country.objects.active().order_by("-is_regional", "name_es"),
        },
    )
