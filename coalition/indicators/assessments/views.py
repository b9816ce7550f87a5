"""The assessments' pages: the list, starting one (with last year's answers), the
questionnaire (saved one pillar at a time), its evidence files, and deleting a draft.

Who reads an assessment and who changes it is ``core.access``'s answer (its country's
editors and the regional administrators change it while it is open or returned; its
country's data roles read it, and every reader once approved). Every change is written to
the audit log with the indicator codes it changed."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition.core import access, approvals, audit, exports, files, stale
from coalition.core.choices import ApprovalState, AuditAction
from coalition.core.forms import EvidenceForm
from coalition.indicators import review, scores, sources, validation
from coalition.indicators.assessments import questionnaire
from coalition.indicators.assessments.last_year import copy_last_year
from coalition.indicators.filters import AssessmentFilterSet
from coalition.indicators.forms import AssessmentCreateForm, PillarState, creatable_countries
from coalition.indicators.models import APPROVAL_KIND, Answer, AnswerEvidence, Assessment
from coalition.lib.exports import Column

PAGE_SIZE = 25
VIEW_RULE = access.object_rule(Assessment)
EDIT_RULE = access.object_rule(Assessment, "edit")


# --- list ----------------------------------------------------------------------------------


def mark(assessments):
    """Give each assessment its state, completion and overall score (a fixed number of
    queries for any number of them)."""
    from django.db.models import Count, Q

    states = approvals.states(APPROVAL_KIND, assessments)
    labels = dict(ApprovalState.choices)
    found = scores.scores_of(assessments)
    ids = [a.pk for a in assessments]
    answered = dict(
        Answer.objects.filter(assessment_id__in=ids)
        .filter(~Q(choice="") | Q(number__isnull=False) | ~Q(text="") | Q(date__isnull=False))
        .values("assessment_id")
        .annotate(n=Count("pk"))
        .values_list("assessment_id", "n")
    )
    from coalition.indicators.models import Indicator

    totals = dict(
        Indicator.objects.filter(framework_id__in={a.framework_id for a in assessments})
        .values("framework_id")
        .annotate(n=Count("pk"))
        .values_list("framework_id", "n")
    )
    for record in assessments:
        record.state_code = states.get((record.country_id, record.year), ApprovalState.OPEN)
        record.state_label = labels[record.state_code]
        record.answered = answered.get(record.pk, 0)
        record.total = totals.get(record.framework_id, 0)
        record.percent = round(100 * record.answered / record.total) if record.total else 0
        total = found.get(record.pk)
        record.overall = total.score if total else None
    return assessments


ASSESSMENT_COLUMNS = [
    Column(gettext_lazy("Country"), "country.name"),
    Column(gettext_lazy("Year"), "year", 8),
    Column(
        gettext_lazy("Framework version"), lambda a: f"{a.framework.code} · v{a.framework.version}"
    ),
    Column(gettext_lazy("State"), "state_label"),
    Column(gettext_lazy("Indicators answered"), "answered", 12),
    Column(gettext_lazy("Indicators"), "total", 12),
    Column(gettext_lazy("Overall score"), "overall", 12),
    Column(gettext_lazy("Updated"), lambda a: a.updated.date(), 12),
]


@access.rule(access.READER)
@require_GET
def assessment_list(request):
    """The assessments the user may read, filtered, sorted and paged."""
    records = access.restrict(Assessment.objects.all(), request.user).select_related(
        "country", "framework"
    )
    filterset = AssessmentFilterSet.for_list(request, records)
    records = filterset.qs
    if not filterset.sorted_by_reader:
        records = records.order_by("-year", "country__name_es")
    if exports.asked(request):
        return exports.respond(
            request,
            name=_("assessments"),
            title=_("Assessments"),
            columns=ASSESSMENT_COLUMNS,
            rows=mark(list(records)),
            model=Assessment,
            filterset=filterset,
        )
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = mark(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page_obj": page,
        "assessments": rows,
        "query": query.urlencode(),
        "states": ApprovalState.choices,
        "filtered": any(key != "page" and request.GET.get(key) for key in request.GET),
        "can_create": creatable_countries(request.user).exists(),
        "can_export": access.can_export(request.user),
    }
    template = "indicators/assessments/list.html"
    if request.htmx and not request.htmx.boosted:
        template = "indicators/assessments/_table.html"
    return render(request, template, context, status=400 if filterset.errors else 200)


# --- starting one --------------------------------------------------------------------------


@access.rule(access.MANAGER)
@require_http_methods(["GET", "POST"])
def assessment_create(request):
    """A new assessment of a country's year, on the latest framework version; with last
    year's answers when asked."""
    initial = {"year": timezone.localdate().year - 1}
    initial.update({key: request.GET[key] for key in ("country", "year") if request.GET.get(key)})
    form = AssessmentCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            if Assessment.objects.filter(country=data["country"], year=data["year"]).exists():
                form.add_error("year", _("An assessment of this country and year exists."))
            else:
                record = Assessment.objects.create(
                    country=data["country"],
                    year=data["year"],
                    framework=data["framework"],
                    created_by=request.user,
                )
                copied = copy_last_year(record, request.user) if data["copy"] else None
                after = audit.snapshot(record)
                if copied and copied.source:
                    after["copied_answers"] = copied.count
                    after["skipped"] = copied.skipped
                audit.record(request, AuditAction.CREATE, record, after=after)
        if not form.errors:
            _say_created(request, record, copied)
            return redirect(record)
    return render(
        request,
        "indicators/assessments/create.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _say_created(request, record, copied):
    messages.success(request, _("Assessment of %(what)s started.") % {"what": record})
    if copied is None:
        return
    if copied.source is None:
        messages.info(request, _("There was no earlier assessment of this country to copy."))
        return
    messages.info(
        request,
        _("%(count)d answers copied from %(year)s.")
        % {"count": copied.count, "year": copied.source.year},
    )
    if copied.skipped:
        messages.warning(
            request,
            _("Not copied, as they no longer fit: %(list)s") % {"list": "; ".join(copied.skipped)},
        )


# --- the questionnaire ---------------------------------------------------------------------


def _context(request, assessment, *, data=None, pillar_code=None):
    state = approvals.state_of(APPROVAL_KIND, assessment.country, assessment.year)
    may_edit = access.can_edit(request.user, assessment)
    editable = may_edit and state in questionnaire.EDITABLE_STATES
    pillars, total, problems, answers = questionnaire.build(
        assessment,
        data=data,
        pillar_code=pillar_code,
        editable=editable,
        computed=sources.values_for(assessment, request.user),
    )
    answered = sum(p.answered for p in pillars)
    count = sum(p.total for p in pillars)
    return {
        "assessment": assessment,
        "pillars": pillars,
        "total": total,
        "problems": problems,
        "answered": answered,
        "count": count,
        "percent": round(100 * answered / count) if count else 0,
        "state": state,
        "state_label": dict(ApprovalState.choices)[state],
        "editable": editable,
        "may_edit": may_edit,
        "may_delete": editable and state == ApprovalState.OPEN,
        "active": pillar_code or request.GET.get("pillar") or (pillars and pillars[0].pillar.code),
        "scale_labels": questionnaire.scale_labels(),
        "evidence_form": EvidenceForm(prefix="evidence"),
        # The review's state, buttons and comments per indicator (its two includes).
        **review.context(request, assessment),
    }


def _assessment(request, pk):
    return access.get_visible_or_404(
        Assessment.objects.select_related("country", "framework"), request.user, pk=pk
    )


@access.rule(VIEW_RULE)
@require_http_methods(["GET", "POST"])
def assessment_detail(request, pk):
    """The questionnaire: read-only for who may only read it or once submitted; a POST
    saves one pillar's answers (``pillar``), all of them or none."""
    assessment = _assessment(request, pk)
    if request.method == "POST":
        return _save(request, assessment)
    return render(request, "indicators/assessments/detail.html", _context(request, assessment))


def _locked(request, assessment):
    """Refuse a change of a submitted or approved assessment (403, audited)."""
    if not questionnaire.is_editable_state(assessment):
        access.deny(
            request,
            assessment,
            _("This assessment is submitted or approved: it may not change."),
        )


def _save(request, assessment):
    access.get_editable_or_403(
        Assessment.objects.all(), request.user, request=request, pk=assessment.pk
    )
    _locked(request, assessment)
    pillar_code = request.POST.get("pillar", "")
    indicators = [
        i for i in questionnaire.indicators_of(assessment) if i.pillar.code == pillar_code
    ]
    if not indicators:
        return files.bad_request(_("Unknown pillar: say which pillar's answers to save."))
    refused = None
    with transaction.atomic():
        Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
        answers = questionnaire.answers_of(assessment)
        form = questionnaire.pillar_form(indicators, answers, request.POST, prefix=pillar_code)
        if form.is_valid():
            refused = stale.check(form, PillarState(indicators, answers))
            if refused is None:
                changed, before, after = questionnaire.save_pillar(
                    form, assessment, answers, request.user
                )
                if changed:
                    Assessment.objects.filter(pk=assessment.pk).update(updated=timezone.now())
                    audit.record(
                        request,
                        AuditAction.UPDATE,
                        assessment,
                        before=before,
                        after={**after, "indicators": changed},
                    )
    if form.is_valid() and refused is None:
        pillar = indicators[0].pillar
        text = (
            _("%(pillar)s saved: %(codes)s.") % {"pillar": pillar, "codes": ", ".join(changed)}
            if changed
            else _("%(pillar)s: nothing changed.") % {"pillar": pillar}
        )
        if not request.htmx:
            messages.success(request, text)
            return redirect(
                reverse("assessment-detail", args=[assessment.pk])
                + f"?pillar={pillar_code}#pillar-{pillar_code}"
            )
        context = _context(request, assessment, pillar_code=pillar_code)
        context["saved"] = text
        return _pillar_response(request, context, pillar_code, 200)
    context = _context(request, assessment, data=request.POST, pillar_code=pillar_code)
    view = next(p for p in context["pillars"] if p.pillar.code == pillar_code)
    if refused is not None:
        stale.refuse(
            view.form, refused, PillarState(indicators, questionnaire.answers_of(assessment))
        )
        status = stale.STATUS
    else:
        status = 400
    if request.htmx:
        return _pillar_response(request, context, pillar_code, status)
    return render(request, "indicators/assessments/detail.html", context, status=status)


def _pillar_response(request, context, pillar_code, status):
    """One pillar's section, for HTMX to swap in place (with the completion bar and the
    problems panel, swapped out of band)."""
    context["view"] = next(p for p in context["pillars"] if p.pillar.code == pillar_code)
    context["oob"] = True
    response = render(request, "indicators/assessments/_pillar_swap.html", context, status=status)
    # HTMX swaps 2xx only: a refused save must still show its messages in place.
    response["HX-Retarget"] = f"#pillar-{pillar_code}"
    response["HX-Reswap"] = "outerHTML"
    return response


# --- evidence files ------------------------------------------------------------------------


@access.rule(EDIT_RULE)
@require_POST
def evidence_add(request, pk, indicator):
    """Attach a file to one indicator's answer (the answer is made when there is none)."""
    assessment = access.get_editable_or_403(
        Assessment.objects.select_related("country", "framework"),
        request.user,
        request=request,
        pk=pk,
    )
    _locked(request, assessment)
    if not access.can_name_a_row(indicator):
        raise Http404
    found = get_object_or_404(assessment.framework.indicators, pk=indicator)
    back = reverse("assessment-detail", args=[assessment.pk])
    back += f"?pillar={found.pillar.code}#indicator-{found.pk}"
    form = EvidenceForm(request.POST, request.FILES, prefix="evidence")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{found.code}: {error}")
        return redirect(back)
    with transaction.atomic():
        answer, _created = Answer.objects.get_or_create(
            assessment=assessment, indicator=found, defaults={"updated_by": request.user}
        )
        saved = files.save_upload(
            request, AnswerEvidence(answer=answer, country=assessment.country), form
        )
    messages.success(
        request,
        _("“%(name)s” attached to %(code)s.") % {"name": saved.original_name, "code": found.code},
    )
    return redirect(back)


EVIDENCE_EDIT_RULE = access.object_rule(AnswerEvidence, "edit")


@access.rule(EVIDENCE_EDIT_RULE)
@require_POST
def evidence_remove(request, pk):
    evidence = access.get_editable_or_403(
        AnswerEvidence.objects.select_related("answer__assessment", "answer__indicator"),
        request.user,
        request=request,
        pk=pk,
    )
    assessment = evidence.answer.assessment
    _locked(request, assessment)
    indicator = evidence.answer.indicator
    back = reverse("assessment-detail", args=[assessment.pk])
    return files.remove(
        request, evidence, back + f"?pillar={indicator.pillar.code}#indicator-{indicator.pk}"
    )


@access.rule(access.object_rule(AnswerEvidence))
@require_GET
def evidence_download(request, pk):
    """An evidence file, to whoever may read its assessment (every reader once its year is
    approved); audited."""
    return files.download(request, AnswerEvidence.objects.all(), pk)


# --- deleting a draft ----------------------------------------------------------------------


@access.rule(EDIT_RULE)
@require_http_methods(["GET", "POST"])
def assessment_delete(request, pk):
    """Delete an open assessment (its answers and files with it), audited."""
    assessment = access.get_editable_or_403(
        Assessment.objects.select_related("country", "framework"),
        request.user,
        request=request,
        pk=pk,
    )
    if approvals.state_of(APPROVAL_KIND, assessment.country, assessment.year) != (
        ApprovalState.OPEN
    ):
        access.deny(request, assessment, _("Only an open assessment may be deleted."))
    if request.method == "POST":
        evidence = list(AnswerEvidence.objects.filter(answer__assessment=assessment))
        name = str(assessment)
        files.delete_with_files(request, assessment, evidence, audit.snapshot(assessment))
        messages.success(request, _("Assessment of %(what)s deleted.") % {"what": name})
        return redirect("assessment-list")
    answered, total = validation.completion(assessment)
    count = AnswerEvidence.objects.filter(answer__assessment=assessment).count()
    return render(
        request,
        "indicators/assessments/delete.html",
        {"assessment": assessment, "answered": answered, "total": total, "file_count": count},
    )
