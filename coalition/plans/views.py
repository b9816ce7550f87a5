"""Plan pages: the list of plans, a plan's table, an activity with its country matrix, a
country's progress form and its evidence files.

Plans and activities are coalition-wide (every reader sees them); progress and evidence
belong to a country and go through the access layer like every country-scoped record.
"""

from collections import defaultdict
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, Sum
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition.core import access, audit, files, scopes, stale
from coalition.core.choices import AuditAction
from coalition.core.models import Country
from coalition.plans import progress as plan_progress
from coalition.plans.choices import ItemKind, PlanKind, PlanStatus, ProgressStatus
from coalition.plans.forms import ProductProgressForm, ProgressEvidenceForm, ProgressForm
from coalition.plans.models import (
    Activity,
    ActivityItem,
    Evidence,
    Plan,
    ProductProgress,
    Progress,
    ProgressRevision,
)
from coalition.plans.stats import plan_stats, summary_status, visible_countries

PROGRESS_RULE = access.country_rule("edit", lookup="iso2")
# Linked events listed on an activity's page (the figures count them all).
EVENTS_SHOWN = 20
# Linked agreements and campaigns listed on an activity's page (the figures count them all).
RECORDS_SHOWN = 20


# --- plans -------------------------------------------------------------------------------


@access.rule(access.READER)
@require_GET
def plan_list(request):
    """Every plan, with its size and how far the user's countries have got."""
    plans = Plan.objects.annotate(
        objective_count=Count("objectives", distinct=True),
        activity_count=Count("activities", distinct=True),
    ).select_related("continues")
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    if status in PlanStatus.values:
        plans = plans.filter(status=status)
    if kind in PlanKind.values:
        plans = plans.filter(kind=kind)
    plans = list(plans)
    countries = visible_countries(request.user)
    _completion_of(plans, request.user, countries)
    from coalition.plans import list_export

    if list_export.exports.asked(request):
        return list_export.respond(request, plans, status, kind)
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": plans,
            "statuses": PlanStatus.choices,
            "kinds": PlanKind.choices,
            "status": status,
            "kind": kind,
            "country_count": len(countries),
            "can_import": access.is_regional_admin(request.user),
            "can_export": access.can_export(request.user),
        },
    )


def _completion_of(plans, user, countries):
    """Each plan's average percent over activity x visible country, in one query: a missing
    progress row counts 0, "done" 100, "not applicable" is left out."""
    ids = [c.pk for c in countries]
    totals = (
        access.restrict(Progress.objects.filter(country_id__in=ids), user)
        .values("activity__plan")
        .annotate(
            percent=Sum("percent", filter=~Q(status__in=["done", "not_applicable"])),
            done=Count("pk", filter=Q(status=ProgressStatus.DONE)),
            skipped=Count("pk", filter=Q(status=ProgressStatus.NOT_APPLICABLE)),
        )
    )
    by_plan = {row["activity__plan"]: row for row in totals}
    for plan in plans:
        row = by_plan.get(plan.pk, {"percent": 0, "done": 0, "skipped": 0})
        cells = plan.activity_count * len(ids) - row["skipped"]
        plan.completion = (
            round(((row["percent"] or 0) + 100 * row["done"]) / cells) if cells > 0 else None
        )


@access.rule(access.READER)
@require_GET
def plan_detail(request, code):
    """The plan's table as the seed has it, with each activity's status in the user's
    countries (or the one chosen in the filters)."""
    plan = get_object_or_404(Plan.objects.select_related("continues"), code=code)
    data = scopes.filter_data(request)
    stats = plan_stats(plan, request.user, data=data, request=request)
    items = defaultdict(lambda: defaultdict(list))
    for item in ActivityItem.objects.filter(activity__plan=plan).order_by("position"):
        items[item.activity_id][item.kind].append(item)
    kinds = plan.item_kinds()
    labels = [(kind, str(ItemKind(kind).label)) for kind in kinds]
    objectives = []
    by_objective = defaultdict(list)
    product_status = _product_status(plan, stats, request.user, items)
    for activity in stats.activities:
        cells = stats.cells_of(activity)
        activity.columns = [
            (
                label,
                _products_html(items[activity.pk][kind], product_status)
                if kind == ItemKind.PRODUCT
                else _cell_html(items[activity.pk][kind]),
            )
            for kind, label in labels
        ]
        products = items[activity.pk][ItemKind.PRODUCT]
        activity.product_count = len(products)
        activity.products_done = sum(
            1 for item in products if product_status.get(item.pk) == ProgressStatus.DONE
        )
        activity.summary = summary_status(cells)
        activity.summary_label = ProgressStatus(activity.summary).label
        activity.cells = cells
        by_objective[activity.objective_id].append(activity)
    for objective in stats.objectives:
        if by_objective.get(objective.pk):
            objectives.append((objective, by_objective[objective.pk]))
    context = {
        "plan": plan,
        "stats": stats,
        "filter": stats.filterset,
        "objectives": objectives,
        "kinds": labels,
        "continued_by": list(plan.continued_by.all()),
        "query": data.urlencode(),
    }
    template = "plans/plan_detail.html"
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        template = "plans/_plan_table.html"
    return render(request, template, context)


def _product_status(plan, stats, user, items):
    """Each product's status over the countries shown (``summary_status`` of its cells: a
    country that did not report it has not started it), in one query."""
    countries = [c.pk for c in stats.countries]
    reported = defaultdict(dict)
    for product_id, country_id, status in access.restrict(
        ProductProgress.objects.filter(progress__activity__plan=plan, country_id__in=countries),
        user,
    ).values_list("product_id", "country_id", "status"):
        reported[product_id][country_id] = status
    result = {}
    for product_id in (p.pk for kinds in items.values() for p in kinds[ItemKind.PRODUCT]):
        statuses = reported.get(product_id, {})
        cells = [
            SimpleNamespace(
                status=(status := statuses.get(pk, ProgressStatus.NOT_STARTED)),
                applies=status != ProgressStatus.NOT_APPLICABLE,
                no_report=False,
            )
            for pk in countries
        ]
        result[product_id] = summary_status(cells)
    return result


def _products_html(entries, statuses):
    """The products' cell: each product with its status over the countries shown, in words
    (the badge's colour is never the only signal)."""
    if not entries:
        return EMPTY_CELL
    return format_html(
        '<ul class="list-unstyled mb-0 products">{}</ul>',
        format_html_join(
            "",
            '<li>{}{} <span class="badge rounded-pill status-badge status-{}">{}</span></li>',
            (
                (
                    item.text,
                    format_html(
                        ' <span class="text-muted small text-nowrap">({})</span>',
                        item.period_note,
                    )
                    if item.period_note
                    else "",
                    statuses.get(item.pk, ProgressStatus.NOT_STARTED),
                    ProgressStatus(statuses.get(item.pk, ProgressStatus.NOT_STARTED)).label,
                )
                for item in entries
            ),
        ),
    )


EMPTY_CELL = mark_safe('<span class="text-muted">—</span>')  # noqa: S308 - a constant


def _cell_html(entries):
    """One cell of the plan's table as HTML, built here: on a plan of hundreds of
    activities the template's own loops were most of the page's time."""
    if not entries:
        return EMPTY_CELL
    return format_html(
        '<ul class="list-unstyled mb-0">{}</ul>',
        format_html_join(
            "",
            "<li>{}{}</li>",
            (
                (
                    item.text,
                    format_html(
                        ' <span class="text-muted small text-nowrap">({})</span>',
                        item.period_note,
                    )
                    if item.period_note
                    else "",
                )
                for item in entries
            ),
        ),
    )


# --- activities --------------------------------------------------------------------------


@access.rule(access.READER)
@require_GET
def activity_detail(request, pk):
    """All the cells of one activity and where each visible country stands on it."""
    activity = get_object_or_404(
        Activity.objects.select_related(
            "plan", "objective", "continues", "continues__plan"
        ).prefetch_related(
            "items__countries",
            "items__organizations",
            Prefetch("continued_by", queryset=Activity.objects.select_related("plan")),
        ),
        pk=pk,
    )
    countries = visible_countries(request.user)
    progress = {
        p.country_id: p
        for p in access.restrict(activity.progress.all(), request.user)
        .select_related("updated_by")
        .prefetch_related(
            Prefetch("revisions", queryset=ProgressRevision.objects.select_related("changed_by")),
            Prefetch("evidence", queryset=Evidence.objects.select_related("uploaded_by")),
            Prefetch("products", queryset=ProductProgress.objects.order_by()),
        )
    }
    products = activity.items_of(ItemKind.PRODUCT)
    editable = access.editable_country_ids(request.user)
    locked = plan_progress.locked_country_ids([c.pk for c in countries]) if countries else set()
    rows = [
        {
            "country": country,
            "progress": progress.get(country.pk),
            "products": _product_rows(products, progress.get(country.pk)),
            "evidence": _evidence_rows(products, progress.get(country.pk)),
            "can_edit": editable is None or country.pk in editable,
            "locked": country.pk in locked,
        }
        for country in countries
    ]
    columns = [
        (ItemKind(kind).label, activity.items_of(kind)) for kind in activity.plan.item_kinds()
    ]
    return render(
        request,
        "plans/activity_detail.html",
        {
            "activity": activity,
            "plan": activity.plan,
            "rows": rows,
            "columns": columns,
            "products": products,
            "formula": plan_progress.FORMULA,
            **_event_verification(activity, request.user),
            **_knowledge_verification(activity, request.user),
        },
    )


def _product_rows(products, progress):
    """Each product of the activity with the country's row on it (None: not reported)."""
    if not products:
        return []
    reported = {row.product_id: row for row in progress.products.all()} if progress else {}
    return [SimpleNamespace(product=p, row=reported.get(p.pk)) for p in products]


def _evidence_rows(products, progress):
    """The country's evidence files, each with the product it shows (None: the whole)."""
    if progress is None:
        return []
    by_pk = {p.pk: p for p in products}
    return [
        SimpleNamespace(file=e, product=by_pk.get(e.product_id)) for e in progress.evidence.all()
    ]


def _event_verification(activity, user):
    """The activity's live verification from the events app: its figures, the linked
    events the user may open, and whether the user may record a new one."""
    from coalition.events import metrics

    return {
        "event_figures": metrics.activity_figures([activity.pk]).get(activity.pk),
        "linked_events": list(metrics.linked_events(activity, user)[:EVENTS_SHOWN]),
        "can_add_event": access.EDITOR.allows(user),
    }


def _knowledge_verification(activity, user):
    """The activity's live verification from knowledge and cooperation: the agreements
    and campaigns linked to it (counted over all, listed when the user may open them),
    shown when one of its verification sources speaks of them or something is linked."""
    from coalition.knowledge import metrics

    figures = metrics.activity_figures([activity.pk]).get(activity.pk, metrics.ActivityFigures())
    topics = metrics.verification_topics(activity.items.all())
    show_agreements = bool(topics.agreements or figures.has_agreements)
    show_campaigns = bool(topics.campaigns or figures.has_campaigns)
    return {
        "knowledge": {
            "figures": figures,
            "topics": topics,
            "show_agreements": show_agreements,
            "show_campaigns": show_campaigns,
            "agreements": list(metrics.linked_agreements(activity, user)[:RECORDS_SHOWN])
            if figures.has_agreements
            else [],
            "campaigns": list(metrics.linked_campaigns(activity, user)[:RECORDS_SHOWN])
            if figures.has_campaigns
            else [],
            "can_add": access.EDITOR.allows(user),
        }
    }


def _activity_and_country(pk, iso2):
    activity = get_object_or_404(Activity.objects.select_related("plan", "objective"), pk=pk)
    country = get_object_or_404(Country.objects.active(), iso2=iso2)
    return activity, country


@access.rule(PROGRESS_RULE)
@require_http_methods(["GET", "POST"])
def progress_update(request, pk, iso2):
    """A country's progress on one activity: for an activity with products (deliverables)
    one row per product (status, percent, note), the activity's status and percent being
    computed from them; otherwise the activity's own status and percent. With them the
    narrative, the next steps, whether the evidence is shared with the partners, and an
    evidence file: one submit saves them together, or nothing (a refused file gives the
    form back as typed, with the file's error). While the country's report of the year is
    submitted or approved nothing may change."""
    activity, country = _activity_and_country(pk, iso2)
    products = list(
        ActivityItem.objects.filter(activity=activity, kind=ItemKind.PRODUCT).order_by("position")
    )
    rows = Progress.objects.filter(activity=activity, country=country)
    progress = rows.first()
    data = request.POST if request.method == "POST" else None
    form = ProgressForm(data, instance=progress, with_products=bool(products))
    # The version the form was drawn from: someone else's save meanwhile refuses this one.
    stale.add_field(form, progress)
    product_forms = _product_forms(data, progress, products)
    upload = files.Upload(request, ProgressEvidenceForm, products=products)
    refused = locked = None
    if request.method == "POST" and files.all_valid(form, *product_forms, upload):
        with transaction.atomic():
            current = rows.select_for_update().first()
            try:
                plan_progress.ensure_unlocked(country)
            except ValidationError as error:
                locked = error.messages[0]
            else:
                refused = stale.check(form, current)
                if refused is None:
                    evidence = _save_progress(
                        request, form, product_forms, upload, current, activity, country
                    )
        if refused is None and locked is None:
            message = _("Progress of %(country)s on %(ref)s saved.") % {
                "country": country.name,
                "ref": activity.ref,
            }
            if evidence is not None:
                message += " " + _("“%(name)s” attached.") % {"name": evidence.original_name}
            messages.success(request, message)
            return redirect(f"{activity.get_absolute_url()}#country-{country.iso2}")
        if refused is not None:
            stale.refuse(form, refused, current, upload)
        else:
            upload.ask_again()
    # Locked: shown read-only; a save refused for another reason says so too.
    if locked is None and refused is None and plan_progress.is_locked(country.pk):
        locked = plan_progress.locked_message(country)
    if locked is not None:
        for one in (form, *product_forms, upload.form):
            for field in one.fields.values():
                field.disabled = True
    if refused is not None:
        status = stale.STATUS
    elif locked is not None and request.method == "POST":
        status = 400
    else:
        failed = form.errors or upload.form.errors or any(f.errors for f in product_forms)
        status = 400 if failed else 200
    evidence = (
        list(progress.evidence.select_related("product").order_by("-created")) if progress else []
    )
    return render(
        request,
        "plans/progress_form.html",
        {
            "activity": activity,
            "plan": activity.plan,
            "country": country,
            "progress": progress,
            "form": form,
            "product_forms": product_forms,
            "formula": plan_progress.FORMULA,
            "upload_form": upload.form,
            "evidence": evidence,
            "locked": locked,
        },
        status=status,
    )


def _product_forms(data, progress, products):
    """One form per product of the activity, bound to the country's row when there is."""
    reported, initial = {}, None
    if progress is not None and products:
        reported = {row.product_id: row for row in progress.products.all()}
        if not reported:
            # Reported before per activity only: each product as the activity stood.
            initial = {"status": progress.status, "percent": progress.percent}
    return [
        ProductProgressForm(
            data, instance=reported.get(product.pk), initial=initial, product=product
        )
        for product in products
    ]


def _snapshot(progress):
    """The audit's view of a country's progress: its fields and its products' rows."""
    data = audit.snapshot(progress)
    data["products"] = [
        {
            "product": row.product_id,
            "text": row.product.text_es,
            "status": row.status,
            "percent": row.percent,
            "note": row.note,
        }
        for row in progress.products.select_related("product").order_by("product__position")
    ]
    return data


def _save_progress(request, form, product_forms, upload, current, activity, country):
    """Save the country's progress (``current``: as it was before, locked), its products'
    rows and the file sent with it; the activity's status and percent are then computed
    from the products. The file, if any, is returned."""
    before = _snapshot(current) if current else None
    row = form.save(commit=False)
    # A file sent with unchanged values adds no version to the history.
    if current is None or form.has_changed() or any(f.has_changed() for f in product_forms):
        changed = [f for f in product_forms if f.instance.pk is None or f.has_changed()]
        row.activity, row.country, row.updated_by = activity, country, request.user
        row.save()
        access.recheck_editable(request.user, row)
        for product_form in changed:
            product_row = product_form.save(commit=False)
            product_row.progress, product_row.product = row, product_form.product
            product_row.country = country
            product_row.save()
        if product_forms:
            plan_progress.refresh(row, [f.product for f in product_forms])
        ProgressRevision.of(row, request.user)
        action = AuditAction.UPDATE if before else AuditAction.CREATE
        audit.record(request, action, row, before=before, after=_snapshot(row))
    return upload.save(request, Evidence(progress=row, country=country))


@access.rule(access.object_rule(Evidence))
@require_GET
def evidence_download(request, pk):
    """The file itself, to those who may see its country's progress; every download is
    written to the audit log. Anyone else gets 404, the auditor included: the answer
    does not tell whether the file exists."""
    return files.download(request, Evidence.objects.select_related("progress__activity"), pk)


@access.rule(access.object_rule(Evidence, "edit"))  # outsiders 404, read-only 403
@require_POST
def evidence_delete(request, pk):
    """Remove an evidence file; the file leaves the disk once the removal is committed."""
    evidence = access.get_editable_or_403(
        Evidence.objects.select_related("progress__activity", "country"),
        request.user,
        request=request,
        pk=pk,
    )
    activity, country = evidence.progress.activity, evidence.country
    back = reverse("progress-update", kwargs={"pk": activity.pk, "iso2": country.iso2})
    with transaction.atomic():
        try:
            plan_progress.ensure_unlocked(country)
        except ValidationError as error:
            return HttpResponseBadRequest(error.messages[0], content_type="text/plain")
        return files.remove(request, evidence, back)
