"""SWOT (FODA) pages: the list, a SWOT's 2x2 matrix with its items, the side-by-side
comparison of countries for one exercise, and the exports (XLSX, PDF). The consolidation
of country items into the regional SWOT is in ``swot_consolidation``.

Items have no country of their own: every view reaches them through their SWOT, so the
SWOT's country decides who sees and changes them. Every change is audited as an update of
the SWOT, with its ``snapshot()`` (items and sources) before and after.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition.core import access, audit, exports, generic, scopes, stale
from coalition.core.choices import AuditAction, Axis
from coalition.core.files import download_response, export_language
from coalition.core.models import Country
from coalition.knowledge import exports as knowledge_exports
from coalition.knowledge.choices import Quadrant
from coalition.knowledge.filters import SwotFilterSet, SwotItemFilterSet
from coalition.knowledge.models import Swot, SwotItem
from coalition.knowledge.swot import export as swot_export
from coalition.knowledge.swot.forms import SwotForm, SwotItemForm
from coalition.lib.spreadsheets import CONTENT_TYPE as XLSX
from coalition.lib.text import int_or_none

PAGE_SIZE = 25

SWOT_RULE = access.object_rule(Swot)
SWOT_EDIT_RULE = access.object_rule(Swot, "edit")
# URLs that name an item: the rule looks up the SWOT that holds it.
ITEM_EDIT_RULE = access.object_rule(Swot, "edit", field="items")


def _visible_swots(user):
    return access.restrict(Swot.objects.all(), user)


def _visible_items(user):
    return SwotItem.objects.filter(swot__in=_visible_swots(user))


def _can_see(user, country_id, visible_ids=None):
    ids = access.visible_country_ids(user) if visible_ids is None else visible_ids
    return ids is None or country_id in ids


def _regional_country():
    return Country.objects.filter(is_regional=True).first()


def _years(swots):
    return list(swots.order_by("-year").values_list("year", flat=True).distinct())


def _looks():
    return {code: swot_export.LOOKS[code].bootstrap for code in Quadrant.values}


# --- list --------------------------------------------------------------------------------


@access.rule(access.READER)
@require_GET
def swot_list(request):
    visible = _visible_swots(request.user)
    counts = {
        f"n_{code}": Count("items", filter=Q(items__quadrant=code)) for code in Quadrant.values
    }
    swots = visible.select_related("country").annotate(**counts)
    filterset = SwotFilterSet.for_list(request, swots.order_by("-year", "country__name_es"))
    if exports.asked(request):
        return exports.respond(
            request,
            name=gettext_lazy("swot"),
            title=gettext_lazy("SWOT analyses"),
            columns=knowledge_exports.swot_columns(request),
            rows=filterset.qs,
            model=Swot,
            filterset=filterset,
        )
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rest = request.GET.copy()
    rest.pop("page", None)
    countries = scopes.visible_countries(request.user)
    return render(
        request,
        "knowledge/swot_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "query": rest.urlencode(),
            "countries": countries,
            "years": _years(visible),
            "quadrants": Quadrant.choices,
            "looks": _looks(),
            "can_add": access.EDITOR.allows(request.user),
            "can_consolidate": access.manages_regional_level(request.user),
            "can_export": access.can_export(request.user),
        },
        status=400 if filterset.errors else 200,
    )


# --- one SWOT ----------------------------------------------------------------------------


def _swot(request, pk, action="view"):
    queryset = Swot.objects.select_related("country", "created_by")
    if action == "edit":
        return access.get_editable_or_403(queryset, request.user, request=request, pk=pk)
    return access.get_visible_or_404(queryset, request.user, pk=pk)


QUADRANT_ORDER = {code: n for n, code in enumerate(Quadrant.values)}
AXIS_ORDER = {code: n for n, code in enumerate(Axis.values)}


def _items(swot, user):
    """The SWOT's items, in the matrix's order, with where each came from and where each
    went. A source from a country the user may not read keeps its country but not its
    text (``hidden``): a partner reads the regional SWOT, not the national ones."""
    items = list(
        swot.items.prefetch_related(
            Prefetch(
                "sources",
                queryset=SwotItem.objects.select_related("swot__country").order_by(
                    "swot__country__name_es", "pk"
                ),
            ),
            Prefetch(
                "consolidated_into",
                queryset=SwotItem.objects.filter(swot__country__is_regional=True).select_related(
                    "swot"
                ),
            ),
        )
    )
    visible_ids = access.visible_country_ids(user)
    for item in items:
        for source in item.sources.all():
            source.hidden = not _can_see(user, source.swot.country_id, visible_ids)
            if source.hidden:
                source.text = ""
    return sorted(items, key=lambda i: (QUADRANT_ORDER[i.quadrant], i.position, i.pk))


@access.rule(SWOT_RULE)
@require_GET
def swot_detail(request, pk):
    swot = _swot(request, pk)
    items = _items(swot, request.user)
    axis = request.GET.get("axis", "")
    if axis not in Axis.values:
        axis = ""
    shown = [i for i in items if not axis or i.axis == axis]
    for item in shown:
        item.source_rows = [(source, not source.hidden) for source in item.sources.all()]
    by_quadrant = {code: [i for i in shown if i.quadrant == code] for code in Quadrant.values}
    matrix = [
        [
            {
                "code": q,
                "label": Quadrant(q).label,
                "look": swot_export.LOOKS[q].bootstrap,
                "items": by_quadrant[q],
            }
            for q in (left, right)
        ]
        for left, right in swot_export.MATRIX
    ]
    can_edit = access.can_edit(request.user, swot)
    return render(
        request,
        "knowledge/swot_detail.html",
        {
            "swot": swot,
            "matrix": matrix,
            "total": len(items),
            "shown": len(shown),
            "axis": axis,
            "axes": Axis.choices,
            "can_edit": can_edit,
            "can_export": access.can_export(request.user, swot.country),
            "item_form": SwotItemForm() if can_edit else None,
            "consolidated_count": sum(1 for i in items if i.consolidated_into.all()),
        },
    )


class SwotEdit:
    model = Swot
    related = ("country", "created_by")
    form_class = SwotForm
    template_name = "knowledge/swot_form.html"
    context_object_name = "swot"


class SwotCreateView(SwotEdit, generic.RecordCreateView):
    """A new SWOT; its country and year may come in the address (?country=CR&year=2026)."""

    created_message = gettext_lazy("%(swot)s created: add its items.")

    def get_initial(self):
        initial = super().get_initial()
        year = int_or_none(self.request.GET.get("year"))
        if year is not None:
            initial["year"] = year
        country = Country.objects.filter(iso2=self.request.GET.get("country", "")).first()
        if country is not None:
            initial["country"] = country.pk
        return initial


class SwotUpdateView(SwotEdit, generic.RecordUpdateView):
    """The SWOT's country, year and summary. Its version includes its items: a save is
    refused when someone changed them since the form was opened."""

    updated_message = gettext_lazy("%(swot)s saved.")


class SwotDeleteView(generic.RecordDeleteView):
    model = Swot
    deleted_message = gettext_lazy("%(swot)s deleted.")
    list_url_name = "swot-list"


# --- items -------------------------------------------------------------------------------


def _item(request, pk):
    """The item, through its SWOT: 404 to those who cannot see the SWOT, 403 to those who
    see it but may not change it."""
    try:
        item = SwotItem.objects.select_related("swot__country").get(
            pk=pk, swot__in=_visible_swots(request.user)
        )
    except SwotItem.DoesNotExist:
        raise Http404 from None
    if not access.can_edit(request.user, item.swot):
        access.deny(request, item.swot, reason="swot item")
    return item


def _item_form_page(request, form, swot, item):
    return render(
        request,
        "knowledge/swot_item_form.html",
        {"form": form, "swot": swot, "item": item},
        status=400 if form.errors else 200,
    )


def _change_items(request, swot, change):
    """Run ``change()`` and audit it as an update of the SWOT, in one transaction."""
    with transaction.atomic():
        before = swot.snapshot()
        result = change()
        access.recheck_editable(request.user, swot)
        swot.save(update_fields=["updated"])
        audit.record(request, AuditAction.UPDATE, swot, before=before, after=swot.snapshot())
    return result


@access.rule(SWOT_EDIT_RULE)
@require_http_methods(["GET", "POST"])
def swot_item_create(request, pk):
    swot = _swot(request, pk, "edit")
    initial = {}
    if request.GET.get("quadrant") in Quadrant.values:
        initial["quadrant"] = request.GET["quadrant"]
    form = SwotItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():

        def add():
            item = form.save(commit=False)
            item.swot = swot
            last = swot.items.aggregate(last=Max("position"))["last"] or 0
            item.position = last + 1
            item.save()
            return item

        item = _change_items(request, swot, add)
        messages.success(
            request, _("Added to %(quadrant)s.") % {"quadrant": item.get_quadrant_display()}
        )
        return redirect(f"{swot.get_absolute_url()}#quadrant-{item.quadrant}")
    return _item_form_page(request, form, swot, None)


@access.rule(ITEM_EDIT_RULE)
@require_http_methods(["GET", "POST"])
def swot_item_update(request, pk):
    item = _item(request, pk)
    swot = item.swot
    form = SwotItemForm(request.POST or None, instance=item)
    stale.add_field(form, item)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            current = stale.fresh(item)
            refused = stale.check(form, current)
            if refused is None:
                _change_items(request, swot, form.save)
        if refused is None:
            messages.success(request, _("Item saved."))
            return redirect(f"{swot.get_absolute_url()}#quadrant-{item.quadrant}")
        stale.refuse(form, refused, current)
        return render(
            request,
            "knowledge/swot_item_form.html",
            {"form": form, "swot": swot, "item": item},
            status=stale.STATUS,
        )
    return _item_form_page(request, form, swot, item)


@access.rule(ITEM_EDIT_RULE)
@require_POST
def swot_item_delete(request, pk):
    item = _item(request, pk)
    swot = item.swot
    _change_items(request, swot, item.delete)
    messages.success(request, _("Item deleted."))
    return redirect(f"{swot.get_absolute_url()}#quadrant-{item.quadrant}")


# --- exports of one SWOT -----------------------------------------------------------------


def _export(request, pk, fmt):
    swot = access.get_visible_or_404(Swot.objects.select_related("country"), request.user, pk=pk)
    # What the user sees, if they may export at all (as the map and the directory).
    if not access.can_export(request.user):
        access.deny(request, swot, reason="export")
    language, refusal = export_language(request)
    if refusal:
        return refusal
    items = _items(swot, request.user)
    with translation.override(language):
        filename = f"{swot_export.file_stem(swot, language)}.{fmt}"
        if fmt == "xlsx":
            content, content_type = swot_export.swot_xlsx(swot, items), XLSX
        else:
            who = request.user.get_full_name() or request.user.get_username()
            content, content_type = swot_export.swot_pdf(swot, items, who), "application/pdf"
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            swot,
            after={"format": fmt, "file": filename, "language": language, "items": len(items)},
        )
    return download_response(content, content_type, filename)


@access.rule(SWOT_RULE)
@require_GET
def swot_export_xlsx(request, pk):
    return _export(request, pk, "xlsx")


@access.rule(SWOT_RULE)
@require_GET
def swot_export_pdf(request, pk):
    return _export(request, pk, "pdf")


# --- comparison --------------------------------------------------------------------------


@dataclass
class Comparison:
    year: int | None
    years: list
    available: list  # the SWOTs of the year the user may see
    columns: list  # those chosen
    cells: dict  # {swot pk: {quadrant: [items]}}
    filterset: SwotItemFilterSet
    selected: list = field(default_factory=list)

    @property
    def rows(self):
        return [
            {
                "code": code,
                "label": label,
                "look": swot_export.LOOKS[code].bootstrap,
                "cells": [self.cells[swot.pk][code] for swot in self.columns],
            }
            for code, label in Quadrant.choices
        ]

    @property
    def count(self):
        return sum(len(items) for row in self.cells.values() for items in row.values())


def _comparison(request, swots):
    """The SWOTs (of ``swots``) and items of one exercise that the filters choose."""
    years = _years(swots)
    data = request.GET.copy()
    if not data.get("year") and years:
        data["year"] = str(years[0])
    items = SwotItem.objects.filter(swot__in=swots)
    filterset = SwotItemFilterSet(data, queryset=items)
    year = int_or_none(data.get("year"))
    available = list(
        swots.filter(year=year)
        .select_related("country")
        .order_by("country__is_regional", "country__name_es")
    )
    selected = [code for code in data.getlist("country") if code]
    columns = [s for s in available if not selected or s.country.iso2 in selected]
    cells = {s.pk: {code: [] for code in Quadrant.values} for s in columns}
    if filterset.is_valid():
        # The columns choose the countries: the filter set checks the codes, but its country
        # lookup (``swot__country`` with ``to_field_name="iso2"``) would compare ids with codes.
        rest = data.copy()
        rest.pop("country", None)
        chosen = SwotItemFilterSet(rest, queryset=items).qs.filter(swot__in=[s.pk for s in columns])
        for item in chosen.order_by("quadrant", "position", "pk"):
            cells[item.swot_id][item.quadrant].append(item)
    return Comparison(year, years, available, columns, cells, filterset, selected)


def _filters_text(request, comparison):
    parts = [str(comparison.year)]
    axis = request.GET.get("axis")
    if axis in Axis.values:
        parts.append(f"{_('Axis of action')}: {Axis(axis).label}")
    quadrant = request.GET.get("quadrant")
    if quadrant in Quadrant.values:
        parts.append(f"{_('Quadrant')}: {Quadrant(quadrant).label}")
    return " · ".join(parts)


@access.rule(access.READER)
@require_GET
def swot_compare(request):
    """One column per country SWOT of the exercise, one row per quadrant."""
    comparison = _comparison(request, _visible_swots(request.user))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "knowledge/swot_compare.html",
        {
            "comparison": comparison,
            "filter": comparison.filterset,
            "axes": Axis.choices,
            "quadrants": Quadrant.choices,
            "query": query.urlencode(),
            "can_export": access.can_export(request.user),
        },
        status=400 if comparison.filterset.errors else 200,
    )


@access.rule(access.EXPORTER)
@require_GET
def swot_compare_export(request):
    """The comparison as a workbook, with the page's filters and the page's columns."""
    language, refusal = export_language(request)
    if refusal:
        return refusal
    comparison = _comparison(request, _visible_swots(request.user))
    if comparison.filterset.errors:
        errors = "; ".join(
            f"{key}: {' '.join(text)}" for key, text in comparison.filterset.errors.items()
        )
        return HttpResponseBadRequest(
            _("The filters are not valid: %(errors)s") % {"errors": errors},
            content_type="text/plain; charset=utf-8",
        )
    year = comparison.year or 0
    with translation.override(language):
        stem = f"{'foda-comparacion' if language == 'es' else 'swot-comparison'}-{year}"
        filename = f"{stem}.xlsx"
        content = swot_export.compare_xlsx(
            year, comparison.columns, comparison.cells, _filters_text(request, comparison)
        )
    filters = {
        key: ", ".join(request.GET.getlist(key))
        for key in request.GET
        if key != "lang" and any(request.GET.getlist(key))
    }
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            object_type=Swot._meta.label_lower,
            object_repr=_("SWOT comparison, %(year)s") % {"year": year},
            after={
                "format": "xlsx",
                "file": filename,
                "year": year,
                "countries": [s.country.iso2 for s in comparison.columns],
                "items": comparison.count,
                **filters,
            },
        )
    return download_response(content, XLSX, filename)
