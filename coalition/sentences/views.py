"""The record pages of the final sentences: the section's landing page, the list (filtered,
sorted, paged, exported as CSV or XLSX), a sentence's page, its form with the defendant and
victim counts, and its deletion; a country's offences (legal articles).

Sentences are record-level data: only their country's editors and the regional
administrators reach them (``access`` decides), every page that shows some and every export
is written to the audit log with the references seen, and every change keeps the national
statistics current (``aggregates.refresh``) in the same transaction. A year whose
sentences are approved is locked: nothing of it is created, changed or deleted.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from coalition.core import access, approvals, audit, files, generic
from coalition.core import exports as core_exports
from coalition.core.choices import ApprovalState, AuditAction
from coalition.core.models import Country
from coalition.lib import exports as lib_exports
from coalition.lib import iso3166
from coalition.sentences import aggregates
from coalition.sentences.choices import CourtLevel, Exploitation, OffenceCategory, Outcome
from coalition.sentences.filters import OffenceFilterSet, SentenceFilterSet
from coalition.sentences.forms import (
    DefendantFormSet,
    OffenceForm,
    SentenceForm,
    VictimFormSet,
    locked_message,
)
from coalition.sentences.models import APPROVAL_KIND, DefendantCount, Offence, Sentence, VictimCount

PAGE_SIZE = 25
SENTENCE_RULE = access.object_rule(Sentence)


# --- the section's landing page ----------------------------------------------------------


def _link(url_name, label, icon, description):
    """A link of the landing page, or None when its page does not exist here."""
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return None
    return {"url": url, "label": label, "icon": icon, "description": description}


def section_links(user):
    """What of the sentences section ``user`` may open."""
    reader = access.SENTENCE_READER.allows(user)
    links = [
        reader
        and _link(
            "sentence-list",
            _("Final sentences"),
            "bank",
            _("The record of each final sentence of your countries: counts, never names."),
        ),
        reader
        and _link(
            "offence-list",
            _("Offences and legal articles"),
            "journal-text",
            _("Each country's legal articles, by related-offence category."),
        ),
        access.READER.allows(user)
        and _link(
            "sentence-statistics",
            _("Statistics"),
            "bar-chart",
            _("Persons prosecuted and convicted, and victims, per country and year."),
        ),
        reader
        and _link(
            "sentence-year-index",
            _("Years of sentences"),
            "calendar-check",
            _("Each year's sentences, persons convicted and victims, and its approval."),
        ),
        access.MANAGER.allows(user)
        and _link(
            "approval-list",
            _("Approvals"),
            "check2-square",
            _("Submitting and approving each country's year of sentences."),
        ),
        reader
        and _link(
            "sentence-import",
            _("Import sentences"),
            "upload",
            _("Many sentences at once, from a CSV or XLSX file, checked row by row."),
        ),
        reader
        and _link(
            "sentence-reconciliation",
            _("Reconciliation with GLOTIP"),
            "arrow-left-right",
            _("The national records beside UNODC's published figures, and their differences."),
        ),
        access.REGIONAL_ADMIN.allows(user)
        and _link(
            "glotip-sources",
            _("Statistics sources"),
            "database",
            _("The national records and each GLOTIP release imported."),
        ),
        access.SHARING_READER.allows(user)
        and _link(
            "sharing-agreement-list",
            _("Sharing agreements"),
            "shield-lock",
            _("The agreements under which partners receive statistics, and their packages."),
        ),
    ]
    return [link for link in links if link]


@access.rule(access.MEMBER)
@require_GET
def sentences_home(request):
    """What the section offers this user."""
    return render(request, "sentences/home.html", {"links": section_links(request.user)})


# --- list and export ---------------------------------------------------------------------


def sentence_countries(user):
    """The member countries whose sentences ``user`` reads."""
    ids = access.sentence_country_ids(user)
    countries = Country.objects.members().active().order_by("name_es")
    return countries if ids is None else countries.filter(pk__in=ids)


def _counted(model, **where):
    rows = model.objects.filter(sentence=OuterRef("pk"), **where).values("sentence")
    total = rows.annotate(total=Sum("count")).values("total")
    return Coalesce(Subquery(total, output_field=IntegerField()), 0)


def _filtered(request):
    """The sentences the user may read, filtered; ordered newest first unless the reader
    chose an order; with the counts the list shows."""
    records = access.restrict(Sentence.objects.all(), request.user).select_related(
        "country", "area"
    )
    filterset = SentenceFilterSet.for_list(request, records)
    records = filterset.qs
    if not filterset.sorted_by_reader:
        records = records.order_by("-final_date", "reference")
    records = records.annotate(
        convicted=_counted(DefendantCount, outcome=Outcome.CONVICTED),
        acquitted=_counted(DefendantCount, outcome=Outcome.ACQUITTED),
        victim_count=_counted(VictimCount),
    ).prefetch_related(Prefetch("offences", queryset=Offence.objects.order_by("legal_article")))
    return filterset, records


def _mark_states(records):
    states = approvals.states(APPROVAL_KIND, records)
    labels = dict(ApprovalState.choices)
    for record in records:
        record.approval_state = states.get((record.country_id, record.year), ApprovalState.OPEN)
        record.approval_label = labels[record.approval_state]
    return records


def _filters_used(request):
    return {
        key: ", ".join(request.GET.getlist(key))
        for key in request.GET
        if key not in {"page", "format", "lang"} and request.GET.get(key)
    }


def _audit_seen(request, action, records, what, **extra):
    """One audit entry naming the sentences ``records`` shown or exported."""
    with transaction.atomic():
        audit.record(
            request,
            action,
            object_type=Sentence._meta.label_lower,
            object_repr=what,
            after={
                "references": [r.reference for r in records],
                "count": len(records),
                "filters": _filters_used(request),
                **extra,
            },
        )


@access.rule(access.SENTENCE_READER)
@require_GET
def sentence_list(request):
    """The sentences of the user's countries, filtered, sorted and paged; the page's
    references are written to the audit log."""
    if "export" in request.GET:  # the list as a file, as every list page answers it
        return _export(request, request.GET["export"].strip().lower())
    filterset, records = _filtered(request)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _mark_states(list(page.object_list))
    _audit_seen(request, AuditAction.VIEW, rows, _("Sentence list"), page=page.number)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page_obj": page,
        "sentences": rows,
        "query": query.urlencode(),
        "countries": sentence_countries(request.user),
        "court_levels": CourtLevel.choices,
        "categories": OffenceCategory.choices,
        "exploitations": Exploitation.choices,
        "approval_states": ApprovalState.choices,
        "filtered": any(key != "page" for key in request.GET),
    }
    template = "sentences/sentence_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "sentences/_sentence_table.html"
    return render(request, template, context, status=400 if filterset.errors else 200)


@access.rule(access.SENTENCE_READER)
@require_GET
def sentence_export(request):
    """The filtered list, every page of it, as CSV (default) or XLSX (?format=xlsx), with
    the list's columns; audited with every reference exported."""
    return _export(request, request.GET.get("format") or "csv")


def _export(request, fmt):
    from coalition.sentences import exports

    language, refusal = files.export_language(request)
    if refusal:
        return refusal
    if fmt not in ("csv", "xlsx"):
        return files.bad_request(
            _("Unknown format “%(value)s”: use format=csv or format=xlsx.") % {"value": fmt[:20]}
        )
    filterset, records = _filtered(request)
    refusal = core_exports.filter_errors(filterset)
    if refusal:
        return refusal
    rows = _mark_states(list(records))
    response, filename = exports.sentences(rows, fmt, language)
    _audit_seen(request, AuditAction.EXPORT, rows, _("Sentence export"), format=fmt, file=filename)
    return response


# --- one sentence ------------------------------------------------------------------------


def _sentence(request, pk):
    queryset = Sentence.objects.select_related("country", "area", "created_by")
    return access.get_visible_or_404(queryset, request.user, pk=pk)


@access.rule(SENTENCE_RULE)
@require_GET
def sentence_detail(request, pk):
    """The sentence: penalties, offences, the defendants and victims counted, and the
    approval of its year. Audited."""
    record = _sentence(request, pk)
    with transaction.atomic():
        audit.record(request, AuditAction.VIEW, record, after={"references": [record.reference]})
    approval = approvals.approval_for(APPROVAL_KIND, record.country, record.year)
    defendants = list(record.defendants.all())
    victims = list(record.victims.all())
    for row in defendants + victims:
        row.citizenship_name = iso3166.name(row.citizenship)
    return render(
        request,
        "sentences/sentence_detail.html",
        {
            "sentence": record,
            "offences": list(record.offences.order_by("category", "legal_article")),
            "defendants": defendants,
            "victims": victims,
            "defendant_total": sum(row.count for row in defendants),
            "victim_total": sum(row.count for row in victims),
            "approval": approval,
            "locked": approval.state == ApprovalState.APPROVED,
            "can_edit": access.can_edit(request.user, record),
        },
    )


def refuse_locked(request, record):
    """A redirect to the sentence's page with the reason, when its year is approved."""
    if approvals.is_locked(APPROVAL_KIND, record.country_id, record.year):
        messages.error(request, locked_message())
        return redirect(record.get_absolute_url())
    return None


class SentenceEdit:
    """The sentence's form, with its defendant and victim counts."""

    model = Sentence
    related = ("country", "area")
    form_class = SentenceForm
    template_name = "sentences/sentence_form.html"
    context_object_name = "sentence"
    access_rule = access.SENTENCE_READER

    def get_formsets(self):
        data = self.request.POST if self.request.method == "POST" else None
        instance = self.object or Sentence()
        return [
            DefendantFormSet(data, instance=instance, prefix="defendants"),
            VictimFormSet(data, instance=instance, prefix="victims"),
        ]

    def save_related(self, obj, form):
        super().save_related(obj, form)
        for formset in self.formsets:
            formset.instance = obj
            formset.save()

    def after_save(self, obj, before):
        years = {obj.year} | ({int(before["year"])} if before else set())
        aggregates.refresh(obj.country_id, years)

    def get_context_data(self, **kwargs):
        defendants, victims = self.formsets
        return super().get_context_data(defendants=defendants, victims=victims, **kwargs)

    def restrict_form(self, form):
        """The countries offered: those the user edits whose sentences it keeps."""
        super().restrict_form(form)
        ids = access.sentence_country_ids(self.request.user)
        if ids is not None:
            form.fields["country"].queryset = form.fields["country"].queryset.filter(pk__in=ids)


class SentenceCreateView(SentenceEdit, generic.RecordCreateView):
    created_message = gettext_lazy("Sentence %(reference)s recorded.")


class SentenceUpdateView(SentenceEdit, generic.RecordUpdateView):
    access_rule = access.object_rule(Sentence, "edit")
    updated_message = gettext_lazy("Sentence %(reference)s saved.")

    def get(self, request, *args, **kwargs):
        return refuse_locked(request, self.get_object()) or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return refuse_locked(request, self.get_object()) or super().post(request, *args, **kwargs)


class SentenceDeleteView(generic.RecordDeleteView):
    """Delete a sentence with its counts, and recompute its year's statistics."""

    model = Sentence
    deleted_message = gettext_lazy("Sentence %(reference)s deleted.")
    list_url_name = "sentence-list"

    def post(self, request, *args, **kwargs):
        record = self.get_object()
        refused = refuse_locked(request, record)
        if refused:
            return refused
        with transaction.atomic():
            response = super().post(request, *args, **kwargs)
            aggregates.refresh(record.country_id, [record.year])
        return response


# --- offences ----------------------------------------------------------------------------


def _offence_rule(action):
    """Offences are the section's: only the sentence readers of the offence's country
    reach them (others: 404); ``action`` "edit" needs the country's editing too."""

    def test(user, kwargs):
        ids = access.sentence_country_ids(user)
        if ids == set() or not access.can_name_a_row(kwargs.get("pk")):
            return False
        rows = Offence.objects.filter(pk=kwargs.get("pk"))
        return rows.exists() if ids is None else rows.filter(country_id__in=ids).exists()

    return access.Rule(f"sentences.offence:{action}", test, hidden=lambda u, kw: not test(u, kw))


OFFENCE_COLUMNS = [
    lib_exports.Column(gettext_lazy("Country"), "country.name"),
    lib_exports.Column(gettext_lazy("Category"), "get_category_display", 24),
    lib_exports.Column(gettext_lazy("Offence"), "name", 36),
    lib_exports.Column(gettext_lazy("Legal article"), "legal_article", 16),
    lib_exports.Column(gettext_lazy("Sentences"), "used", 10),
]


@access.rule(access.SENTENCE_READER)
@require_GET
def offence_list(request):
    """Each country's offences, by category, with how many sentences name each."""
    offences = access.restrict(Offence.objects.all(), request.user).filter(
        country__in=sentence_countries(request.user)
    )
    filterset = OffenceFilterSet.for_list(request, offences.select_related("country"))
    rows = list(filterset.qs.order_by("country__name_es", "category", "legal_article"))
    used = dict(
        Sentence.offences.through.objects.filter(offence__in=[o.pk for o in rows])
        .values("offence")
        .annotate(n=Count("sentence"))
        .values_list("offence", "n")
    )
    labels = dict(OffenceCategory.choices)
    groups = {}
    for offence in rows:
        offence.used = used.get(offence.pk, 0)
        country = groups.setdefault(offence.country, {})
        country.setdefault(labels[offence.category], []).append(offence)
    if core_exports.asked(request):
        return core_exports.respond(
            request,
            name=_("offences"),
            title=_("Offences"),
            columns=OFFENCE_COLUMNS,
            rows=rows,
            model=Offence,
            filterset=filterset,
        )
    return render(
        request,
        "sentences/offence_list.html",
        {
            "filter": filterset,
            "groups": groups,
            "countries": sentence_countries(request.user),
            "categories": OffenceCategory.choices,
            "can_create": True,
            "can_export": access.can_export(request.user),
        },
        status=400 if filterset.errors else 200,
    )


class OffenceEdit:
    model = Offence
    related = ("country",)
    form_class = OffenceForm
    template_name = "sentences/offence_form.html"
    context_object_name = "offence"

    def get_queryset(self):
        ids = access.sentence_country_ids(self.request.user)
        queryset = super().get_queryset()
        return queryset if ids is None else queryset.filter(country_id__in=ids)


class OffenceCreateView(OffenceEdit, generic.RecordCreateView):
    access_rule = access.SENTENCE_READER
    created_message = gettext_lazy("Offence “%(name)s” added.")


class OffenceUpdateView(OffenceEdit, generic.RecordUpdateView):
    access_rule = _offence_rule("edit")
    updated_message = gettext_lazy("Offence saved.")


class OffenceDeleteView(OffenceEdit, generic.RecordDeleteView):
    """Delete an offence no sentence names (one that is named stays: the sentences would
    silently lose it)."""

    access_rule = _offence_rule("edit")
    deleted_message = gettext_lazy("Offence “%(name)s” deleted.")
    list_url_name = "offence-list"

    def post(self, request, *args, **kwargs):
        offence = self.get_object()
        named = offence.sentences.count()
        if named:
            messages.error(
                request,
                _("“%(offence)s” was not deleted: %(count)s sentences name it. Change them first.")
                % {"offence": offence, "count": named},
            )
            return redirect(reverse("offence-update", args=[offence.pk]))
        return super().post(request, *args, **kwargs)
