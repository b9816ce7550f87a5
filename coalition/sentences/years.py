"""A country's years of sentences and their approval: how many sentences, persons convicted
and victims each year holds, where its approval stands, and the moves the user may make
(a country editor submits its year from here; an approved year shows who locked it).

The approval itself is core's (``core.approvals``, pages under /approvals/): this app
registers its kind there (``apps.py``) with ``year_url`` and ``summary``.
"""

import datetime

from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from coalition.core import access, approvals, scopes
from coalition.core.approval_views import YEAR_RULE, buttons
from coalition.core.choices import ApprovalAction, ApprovalState
from coalition.core.models import Approval, ApprovalStep, Country
from coalition.sentences.choices import (
    TOTAL_CATEGORY,
    Dimension,
    FigureAge,
    FigureSex,
    Indicator,
    SourceKind,
)
from coalition.sentences.models import APPROVAL_KIND, Figure, Sentence

# The totals each year shows, in this order.
TOTALS = (Indicator.PROSECUTED, Indicator.CONVICTED, Indicator.VICTIMS)


def year_url(country, year):
    """The page of one country's year of sentences (the approval pages link to it)."""
    return reverse("sentence-years", args=[country.iso2]) + f"#year-{year}"


def _totals(country, years=None):
    """{year: {indicator: value}} of the national records' totals of ``country``."""
    rows = Figure.objects.filter(
        source__kind=SourceKind.NATIONAL,
        country=country,
        indicator__in=TOTALS,
        dimension=Dimension.TOTAL,
        category=TOTAL_CATEGORY,
        sex=FigureSex.TOTAL,
        age=FigureAge.TOTAL,
    )
    if years is not None:
        rows = rows.filter(year__in=years)
    found = {}
    for year, indicator, value in rows.values_list("year", "indicator", "value"):
        found.setdefault(year, {})[indicator] = value
    return found


def summary(country, year):
    """What an approver approves: the year's sentences, persons prosecuted and convicted,
    victims ([(label, value)], for the approval's page)."""
    totals = _totals(country, [year]).get(year, {})
    count = Sentence.objects.filter(country=country, year=year).count()
    return [(_("Final sentences"), count)] + [
        (Indicator(indicator).label, totals.get(indicator, 0)) for indicator in TOTALS
    ]


def _countries(user):
    """The member countries whose sentences ``user`` reads, by name."""
    ids = access.sentence_country_ids(user)
    countries = Country.objects.members().active().order_by("name_es")
    return list(countries if ids is None else countries.filter(pk__in=ids))


@access.rule(access.SENTENCE_READER)
@require_GET
def year_index(request):
    """The years of the scope switcher's country, or of the first the user reads."""
    countries = _countries(request.user)
    if not countries:
        raise Http404
    chosen = scopes.active(request)
    country = chosen if chosen in countries else countries[0]
    return redirect("sentence-years", iso2=country.iso2)


@access.rule(YEAR_RULE)
@require_GET
def year_list(request, iso2):
    country = get_object_or_404(Country.objects.members().active(), iso2=iso2)
    sentences = access.restrict(Sentence.objects.filter(country=country), request.user)
    counts = dict(
        sentences.values("year").annotate(n=Count("pk")).order_by().values_list("year", "n")
    )
    steps = ApprovalStep.objects.select_related("actor")
    found = {
        a.year: a
        for a in Approval.objects.filter(kind=APPROVAL_KIND, country=country)
        .select_related("country")
        .prefetch_related(Prefetch("steps", queryset=steps))
    }
    totals = _totals(country)
    current = datetime.date.today().year
    rows = []
    for year in sorted(set(counts) | set(found) | {current}, reverse=True):
        approval = found.get(year) or Approval(kind=APPROVAL_KIND, country=country, year=year)
        history = list(approval.steps.all()) if approval.pk else []
        moves = approvals.allowed_moves(request.user, approval)
        if year == current and not counts.get(year):
            moves = []  # a running year with no sentence yet: nothing to submit
        rows.append(
            {
                "year": year,
                "sentences": counts.get(year, 0),
                "convicted": totals.get(year, {}).get(Indicator.CONVICTED, 0),
                "victims": totals.get(year, {}).get(Indicator.VICTIMS, 0),
                "approval": approval,
                "moves": buttons(moves),
                "last": history[-1] if history else None,
                "approved": _last(history, ApprovalAction.APPROVE)
                if approval.state == ApprovalState.APPROVED
                else None,
            }
        )
    return render(
        request,
        "sentences/years/list.html",
        {
            "country": country,
            "countries": _countries(request.user),
            "rows": rows,
            "kind_label": approvals.kind_label(APPROVAL_KIND),
        },
    )


def _last(steps, action):
    return next((s for s in reversed(steps) if s.action == action), None)


urlpatterns = [
    path("years/", year_index, name="sentence-year-index"),
    path("years/<str:iso2>/", year_list, name="sentence-years"),
]
