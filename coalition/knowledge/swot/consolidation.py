"""Consolidating the SWOT (FODA): a regional administrator picks country items of one
exercise, similar texts are proposed as one regional item, and the reviewed groups become
items of the regional SWOT, each naming the country items it came from. Audited like every
SWOT change, as an update of the regional SWOT.
"""

import difflib
from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.db.models import Max
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from coalition.core import access, audit
from coalition.core.choices import AuditAction, Axis
from coalition.knowledge.choices import Quadrant
from coalition.knowledge.models import Swot, SwotItem
from coalition.knowledge.swot import export as swot_export
from coalition.knowledge.swot.forms import MAX_YEAR, MIN_YEAR
from coalition.knowledge.swot.views import (
    AXIS_ORDER,
    QUADRANT_ORDER,
    _regional_country,
    _visible_items,
    _visible_swots,
    _years,
)
from coalition.lib.text import fold, int_or_none

# Picked items whose folded texts are at least this alike are proposed as one.
SIMILARITY = 0.6
MAX_TEXT = 4000


class ConsolidationError(ValueError):
    pass


@dataclass
class Group:
    """Picked items proposed as one regional item."""

    items: list
    text: str = ""
    split: bool = False

    @property
    def quadrant(self):
        return self.items[0].quadrant

    @property
    def axis(self):
        return self.items[0].axis

    @property
    def ids(self):
        return [i.pk for i in self.items]

    @property
    def quadrant_label(self):
        return Quadrant(self.quadrant).label

    @property
    def axis_label(self):
        return Axis(self.axis).label

    @property
    def look(self):
        return swot_export.LOOKS[self.quadrant].bootstrap

    def evidence(self):
        return "; ".join(
            f"{i.swot.country.iso2}: {i.evidence}" for i in self.items if i.evidence.strip()
        )


def similar(a, b):
    return difflib.SequenceMatcher(None, fold(a), fold(b)).ratio() >= SIMILARITY


def propose_groups(items):
    """Groups of items in the same quadrant and axis whose texts are alike (each item
    joins the first group holding a text like its own); the longest text is the default."""
    groups = []
    for item in sorted(items, key=lambda i: (QUADRANT_ORDER[i.quadrant], AXIS_ORDER[i.axis], i.pk)):
        for group in groups:
            same_cell = (group.quadrant, group.axis) == (item.quadrant, item.axis)
            if same_cell and any(similar(item.text, other.text) for other in group.items):
                group.items.append(item)
                break
        else:
            groups.append(Group([item]))
    for group in groups:
        group.text = max((i.text for i in group.items), key=len)
    return groups


def _country_items(user, year):
    return (
        _visible_items(user)
        .filter(swot__year=year, swot__country__is_regional=False)
        .select_related("swot__country")
    )


def _picked(request, year, raw_ids):
    """The items named by ``raw_ids``, checked: country items of ``year`` the user sees."""
    if not raw_ids:
        raise ConsolidationError(_("Pick at least one item to consolidate."))
    ids = []
    for raw in raw_ids:
        value = int_or_none(raw)
        if value is None or value <= 0:
            raise ConsolidationError(_("“%(value)s” is not an item.") % {"value": raw[:20]})
        ids.append(value)
    if len(set(ids)) != len(ids):
        raise ConsolidationError(_("An item was picked twice."))
    found = {i.pk: i for i in _country_items(request.user, year).filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ConsolidationError(
            _(
                "Some picked items are not country items of %(year)s that you may see "
                "(%(ids)s): reload the page and pick again."
            )
            % {"year": year, "ids": ", ".join(str(pk) for pk in missing)}
        )
    return [found[pk] for pk in ids]


def _consolidated_ids(year):
    """Country items already consolidated into the regional SWOT of ``year``."""
    through = SwotItem.sources.through
    return set(
        through.objects.filter(
            from_swotitem__swot__year=year, from_swotitem__swot__country__is_regional=True
        ).values_list("to_swotitem_id", flat=True)
    )


def _pick_page(request, year, years, checked=(), error="", status=200):
    items = list(_country_items(request.user, year)) if year else []
    done = _consolidated_ids(year) if year else set()
    items.sort(
        key=lambda i: (
            QUADRANT_ORDER[i.quadrant],
            AXIS_ORDER[i.axis],
            i.swot.country.name_es,
            i.position,
            i.pk,
        )
    )
    quadrants = []
    for item in items:
        item.consolidated = item.pk in done
        item.checked = str(item.pk) in checked
        if not quadrants or quadrants[-1]["code"] != item.quadrant:
            quadrants.append(
                {
                    "code": item.quadrant,
                    "label": item.get_quadrant_display(),
                    "look": swot_export.LOOKS[item.quadrant].bootstrap,
                    "axes": [],
                }
            )
        axes_rows = quadrants[-1]["axes"]
        if not axes_rows or axes_rows[-1]["code"] != item.axis:
            axes_rows.append({"code": item.axis, "label": item.get_axis_display(), "items": []})
        axes_rows[-1]["items"].append(item)
    regional = Swot.objects.filter(year=year, country__is_regional=True).first() if year else None
    return render(
        request,
        "knowledge/swot_consolidate.html",
        {
            "step": "pick",
            "year": year,
            "years": years,
            "quadrants": quadrants,
            "count": len(items),
            "regional": regional,
            "error": error,
        },
        status=status,
    )


def _review_page(request, year, groups, error="", status=200):
    regional = Swot.objects.filter(year=year, country__is_regional=True).first()
    return render(
        request,
        "knowledge/swot_consolidate.html",
        {
            "step": "review",
            "year": year,
            "groups": groups,
            "regional": regional,
            "error": error,
            "back_query": "&".join(
                [f"year={year}"] + [f"item={pk}" for g in groups for pk in g.ids]
            ),
        },
        status=status,
    )


def _year_of(request, years):
    raw = request.POST.get("year") if request.method == "POST" else request.GET.get("year")
    if not raw:
        return (years[0] if years else None), ""
    year = int_or_none(raw)
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None, _("“%(value)s” is not an exercise (year).") % {"value": raw[:10]}
    return year, ""


def _posted_groups(request, year):
    """The groups of the review step, checked again: every item once, one quadrant and
    axis per group, a text for each merged group."""
    numbers = request.POST.getlist("group")
    raw_ids = [raw for n in numbers for raw in request.POST.getlist(f"group-{n}-item")]
    picked = {i.pk: i for i in _picked(request, year, raw_ids)}
    groups = []
    for n in numbers:
        members = [picked[int_or_none(raw)] for raw in request.POST.getlist(f"group-{n}-item")]
        text = " ".join(request.POST.get(f"group-{n}-text", "").split())
        groups.append(Group(members, text, bool(request.POST.get(f"group-{n}-split"))))
    problems = []
    for number, group in enumerate(groups, start=1):
        if not group.items:
            continue
        if len({(i.quadrant, i.axis) for i in group.items}) > 1:
            problems.append(_("Group %(n)s mixes quadrants or axes: split it.") % {"n": number})
        if not group.split and len(group.items) > 1 and not group.text:
            problems.append(_("Group %(n)s: write the text of the merged item.") % {"n": number})
        if len(group.text) > MAX_TEXT:
            problems.append(
                _("Group %(n)s: the text is longer than %(max)s characters.")
                % {"n": number, "max": MAX_TEXT}
            )
    return [g for g in groups if g.items], problems


def _consolidate(request, year, groups):
    """Create the regional SWOT of ``year`` if missing, and one regional item per merged
    group (one per item of a split group), each with its sources. One transaction."""
    regional_country = _regional_country()
    with transaction.atomic():
        swot, created = Swot.objects.get_or_create(
            country=regional_country, year=year, defaults={"created_by": request.user}
        )
        access.recheck_editable(request.user, swot)
        before = None if created else swot.snapshot()
        position = swot.items.aggregate(last=Max("position"))["last"] or 0
        made = 0
        for group in groups:
            parts = [Group([i], i.text) for i in group.items] if group.split else [group]
            for part in parts:
                position += 1
                text = part.text if len(part.items) > 1 else (part.text or part.items[0].text)
                item = SwotItem.objects.create(
                    swot=swot,
                    quadrant=part.quadrant,
                    axis=part.axis,
                    text=text,
                    evidence=part.evidence(),
                    position=position,
                )
                item.sources.set(part.items)
                made += 1
        swot.save(update_fields=["updated"])
        audit.record(
            request,
            AuditAction.CREATE if created else AuditAction.UPDATE,
            swot,
            before=before,
            after={**swot.snapshot(), "consolidated": [g.ids for g in groups]},
        )
    return swot, made


@access.rule(access.REGIONAL_MANAGER)
@require_http_methods(["GET", "POST"])
def swot_consolidate(request):
    """Step 1 (GET): pick country items of an exercise. Step 2 (POST step=review): the
    picked items in proposed groups, each with an editable text, or split. Confirm (POST
    step=confirm): the regional items are created with their sources."""
    years = _years(_visible_swots(request.user).filter(country__is_regional=False))
    year, error = _year_of(request, years)
    if error:
        return _pick_page(request, None, years, error=error, status=400)
    if request.method == "GET":
        return _pick_page(request, year, years, checked=set(request.GET.getlist("item")))
    step = request.POST.get("step")
    if year is None:
        return _pick_page(request, None, years, error=_("Choose the exercise (year)."), status=400)
    if step == "review":
        raw = request.POST.getlist("item")
        try:
            picked = _picked(request, year, raw)
        except ConsolidationError as exc:
            return _pick_page(request, year, years, checked=set(raw), error=str(exc), status=400)
        return _review_page(request, year, propose_groups(picked))
    if step == "confirm":
        try:
            groups, problems = _posted_groups(request, year)
        except ConsolidationError as exc:
            return _pick_page(request, year, years, error=str(exc), status=400)
        if problems:
            return _review_page(request, year, groups, error=" ".join(problems), status=400)
        swot, made = _consolidate(request, year, groups)
        message = ngettext(
            "%(count)s item consolidated into %(swot)s.",
            "%(count)s items consolidated into %(swot)s.",
            made,
        )
        messages.success(request, message % {"count": made, "swot": swot})
        return redirect(swot)
    return _pick_page(request, year, years, error=_("Unknown step: start again."), status=400)
