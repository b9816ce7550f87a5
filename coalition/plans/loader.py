"""Load an operational plan from its structured description: the JSON files in
``plans/data`` (``manage.py load_plan``) or a workbook read by ``xlsx.py``.

``load_plan(data)`` checks everything first and lists every problem it finds, each naming
the objective, the activity, the column and the entry. Then, in one transaction, it
creates the plan or brings an existing one (same code) in line with the data: objectives
are matched by numeral and activities by reference, so the progress that countries
reported on an activity survives a reload as long as its reference is still there.
Loading the same data twice changes nothing and writes nothing to the audit log; a load
that changes something writes one entry for the plan, with a summary.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.core import audit
from coalition.core.choices import AuditAction
from coalition.lib.imports import PLACE, ImportRefused, ImportResult, Problem
from coalition.lib.periods import PeriodError, parse_period
from coalition.plans.choices import ItemKind, PlanKind, PlanStatus
from coalition.plans.loader_items import reported_products_dropped, write_items
from coalition.plans.models import Activity, ActivityItem, Objective, Plan, Progress
from coalition.plans.parties import PartyLinker, ensure_seed_organizations

ACTOR = "system:load_plan"

# The columns of the plan's table, in the seed's order, and the item kind of each cell.
COLUMNS = [
    "objective",
    "activity",
    "products",
    "goals",
    "verification",
    "funding",
    "support",
    "responsible",
]
ITEM_COLUMNS = {
    "products": ItemKind.PRODUCT,
    "goals": ItemKind.GOAL,
    "verification": ItemKind.VERIFICATION,
    "funding": ItemKind.FUNDING,
    "support": ItemKind.SUPPORT,
    "responsible": ItemKind.RESPONSIBLE,
}
COLUMN_OF_KIND = {kind: column for column, kind in ITEM_COLUMNS.items()}
# Columns whose entries name parties (countries, the regional level, organizations).
LINKED_COLUMNS = {"funding", "support", "responsible"}

PLAN_KEYS = {
    "code",
    "kind",
    "name",
    "subtitle",
    "period",
    "status",
    "source_document",
    "strategic_objective",
    "continues",
    "columns",
    "notes",
    "objectives",
}
OBJECTIVE_KEYS = {"numeral", "title", "activities"}
ACTIVITY_KEYS = {"ref", "title", "continues", *ITEM_COLUMNS}
TEXT_KEYS = {"es", "en"}


# --- problems ------------------------------------------------------------------------------


def _problem(message, path=(), where=""):
    """One thing wrong with the data. ``path`` locates it in the data ("objectives", 2,
    "activities", 0, "goals", 1), for the workbook reader to name its cell; ``where`` says
    the same for people ("objective III, activity III.1, goals, entry 2")."""
    return Problem(message=message, path=tuple(path), where=where, unit=PLACE)


class PlanDataError(ImportRefused):
    """The data cannot be loaded; ``problems`` lists every reason."""


# --- text ----------------------------------------------------------------------------------


def clean_text(value):
    """Lines kept, spaces inside each line collapsed, empty lines dropped."""
    lines = (" ".join(line.split()) for line in str(value or "").splitlines())
    return "\n".join(line for line in lines if line)


def clean_line(value):
    """One line: every run of spaces and line breaks becomes one space."""
    return " ".join(str(value or "").split())


# --- the data, checked ---------------------------------------------------------------------


@dataclass
class ItemSpec:
    kind: str
    position: int
    text_es: str
    text_en: str
    starts: object = None
    ends: object = None


@dataclass
class ActivitySpec:
    ref: str
    position: int
    title_es: str
    title_en: str
    continues: str | None
    items: list = field(default_factory=list)


@dataclass
class ObjectiveSpec:
    numeral: str
    position: int
    title_es: str
    title_en: str
    activities: list = field(default_factory=list)


@dataclass
class PlanSpec:
    fields: dict
    continues: str | None
    period_range: object = None  # the Period of ``fields["period"]``, if it has dates
    objectives: list = field(default_factory=list)

    @property
    def activities(self):
        return [a for o in self.objectives for a in o.activities]


class _Reader:
    """Walks the data once, collecting every problem and the checked values."""

    def __init__(self):
        self.problems = []

    def problem(self, message, path=(), where=""):
        self.problems.append(_problem(message, path, where))

    def unknown_keys(self, value, allowed, path, where):
        for key in sorted(set(value) - allowed, key=str):
            self.problem(_("unknown key “%(key)s”") % {"key": key}, (*path, key), where)

    def text(self, value, path, where, *, required=True, max_length=None, multiline=True):
        """A {"es": ..., "en": ...} value -> (es, en); ("", "") after a problem."""
        clean = clean_text if multiline else clean_line
        if value is None:
            if required:
                self.problem(_("missing"), path, where)
            return "", ""
        if isinstance(value, str):
            value = {"es": value}
        if not isinstance(value, dict):
            self.problem(_("expected Spanish and English texts ({“es”: …, “en”: …})"), path, where)
            return "", ""
        self.unknown_keys(value, TEXT_KEYS, path, where)
        es, en = value.get("es"), value.get("en")
        for lang, text in (("es", es), ("en", en)):
            if text is not None and not isinstance(text, str):
                self.problem(_("the “%(lang)s” text is not text") % {"lang": lang}, path, where)
                return "", ""
        es, en = clean(es), clean(en)
        if required and not es:
            self.problem(_("the Spanish text is missing"), path, where)
        for text in (es, en):
            if max_length and len(text) > max_length:
                self.problem(_("longer than %(n)d characters") % {"n": max_length}, path, where)
                break
        return es, en

    def string(self, data, key, *, required=True, max_length=None, choices=None, default=""):
        value = data.get(key)
        if value is None:
            if required:
                self.problem(_("missing"), (key,), key)
            return default
        if not isinstance(value, str):
            self.problem(_("expected text"), (key,), key)
            return default
        value = clean_line(value)
        if not value:
            if required:
                self.problem(_("missing"), (key,), key)
            return default
        if max_length and len(value) > max_length:
            self.problem(_("longer than %(n)d characters") % {"n": max_length}, (key,), key)
        elif choices and value not in choices:
            self.problem(
                _("“%(value)s” is not one of: %(choices)s")
                % {"value": value, "choices": ", ".join(choices)},
                (key,),
                key,
            )
        return value

    def plan(self, data):
        if not isinstance(data, dict):
            self.problem(_("the plan must be an object with its fields and objectives"))
            raise PlanDataError(self.problems)
        self.unknown_keys(data, PLAN_KEYS, (), "")
        code = self.string(data, "code", max_length=60)
        if code:
            try:
                validate_slug(code)
            except ValidationError:
                self.problem(
                    _("“%(code)s” is not a code: use letters, digits and hyphens") % {"code": code},
                    ("code",),
                    "code",
                )
        kind = self.string(data, "kind", choices=PlanKind.values)
        status = self.string(
            data, "status", required=False, choices=PlanStatus.values, default=PlanStatus.ACTIVE
        )
        name_es, name_en = self.text(data.get("name"), ("name",), "name", max_length=200)
        subtitle_es, subtitle_en = self.text(
            data.get("subtitle"), ("subtitle",), "subtitle", required=False, max_length=200
        )
        strategic_es, strategic_en = self.text(
            data.get("strategic_objective"),
            ("strategic_objective",),
            "strategic_objective",
            required=False,
        )
        period = self.string(data, "period", max_length=60)
        period_range = self.period(period, ("period",), "period") if period else None
        source = self.string(data, "source_document", required=False, max_length=200)
        notes = data.get("notes") or ""
        if not isinstance(notes, str):
            self.problem(_("expected text"), ("notes",), "notes")
            notes = ""
        continues = data.get("continues")
        if continues is not None and not isinstance(continues, str):
            self.problem(_("expected the code of a plan"), ("continues",), "continues")
            continues = None
        continues = clean_line(continues) or None
        if continues and continues == code:
            self.problem(_("a plan cannot continue itself"), ("continues",), "continues")
        columns = data.get("columns", COLUMNS)
        if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
            self.problem(_("expected a list of column names"), ("columns",), "columns")
            columns = COLUMNS
        for column in columns:
            if column not in COLUMNS:
                self.problem(
                    _("unknown column “%(column)s”; the columns are: %(columns)s")
                    % {"column": column, "columns": ", ".join(COLUMNS)},
                    ("columns",),
                    "columns",
                )
        spec = PlanSpec(
            fields={
                "code": code,
                "kind": kind,
                "name_es": name_es,
                "name_en": name_en,
                "subtitle_es": subtitle_es,
                "subtitle_en": subtitle_en,
                "period": period,
                "status": status,
                "source_document": source,
                "strategic_objective_es": strategic_es,
                "strategic_objective_en": strategic_en,
                "has_verification": "verification" in columns,
                "notes": notes.strip(),
            },
            continues=continues,
            period_range=period_range,
        )
        objectives = data.get("objectives")
        if not isinstance(objectives, list) or not objectives:
            self.problem(_("expected a list of objectives"), ("objectives",), "objectives")
            objectives = []
        numerals, refs = set(), set()
        for index, objective in enumerate(objectives):
            spec.objectives.append(self.objective(objective, index, spec, numerals, refs))
        return spec

    def period(self, text, path, where):
        try:
            return parse_period(text)
        except PeriodError:
            self.problem(_("cannot read “%(text)s” as a period") % {"text": text}, path, where)
            return None

    def objective(self, data, index, plan, numerals, refs):
        path = ("objectives", index)
        if not isinstance(data, dict):
            where = _("objective #%(n)d") % {"n": index + 1}
            self.problem(_("expected an objective"), path, where)
            return ObjectiveSpec("", index + 1, "", "")
        numeral = data.get("numeral")
        numeral = clean_line(numeral) if isinstance(numeral, str) else ""
        where = (
            _("objective %(numeral)s") % {"numeral": numeral}
            if numeral
            else _("objective #%(n)d") % {"n": index + 1}
        )
        self.unknown_keys(data, OBJECTIVE_KEYS, path, where)
        if not numeral:
            self.problem(_("the numeral is missing"), (*path, "numeral"), where)
        elif len(numeral) > 10:
            self.problem(_("the numeral is longer than 10 characters"), (*path, "numeral"), where)
        elif numeral in numerals:
            self.problem(_("this numeral is used twice"), (*path, "numeral"), where)
        numerals.add(numeral)
        title_es, title_en = self.text(data.get("title"), (*path, "title"), where)
        spec = ObjectiveSpec(numeral, index + 1, title_es, title_en)
        activities = data.get("activities", [])
        if not isinstance(activities, list):
            self.problem(_("expected a list of activities"), (*path, "activities"), where)
            activities = []
        for position, activity in enumerate(activities):
            spec.activities.append(
                self.activity(activity, (*path, "activities", position), where, plan, refs)
            )
        return spec

    def activity(self, data, path, objective_where, plan, refs):
        position = path[-1] + 1
        if not isinstance(data, dict):
            where = _("%(objective)s, activity #%(n)d") % {
                "objective": objective_where,
                "n": position,
            }
            self.problem(_("expected an activity"), path, where)
            return ActivitySpec("", position, "", "", None)
        ref = data.get("ref")
        ref = clean_line(ref) if isinstance(ref, str) else ""
        where = (
            _("%(objective)s, activity %(ref)s") % {"objective": objective_where, "ref": ref}
            if ref
            else _("%(objective)s, activity #%(n)d") % {"objective": objective_where, "n": position}
        )
        self.unknown_keys(data, ACTIVITY_KEYS, path, where)
        if not ref:
            self.problem(_("the reference (“ref”) is missing"), (*path, "ref"), where)
        elif len(ref) > 20:
            self.problem(_("the reference is longer than 20 characters"), (*path, "ref"), where)
        elif ref in refs:
            self.problem(_("this reference is used twice"), (*path, "ref"), where)
        refs.add(ref)
        # A row may leave the activity cell empty (row V.2 of the 2012 plan does): its
        # products, goals and parties still make it an activity of the objective.
        title_es, title_en = self.text(data.get("title"), (*path, "title"), where, required=False)
        continues = data.get("continues")
        if continues is not None and not isinstance(continues, str):
            self.problem(_("expected the reference of an activity"), (*path, "continues"), where)
            continues = None
        continues = clean_line(continues) or None
        if continues and not plan.continues:
            self.problem(
                _("continues activity %(ref)s, but the plan continues no plan")
                % {"ref": continues},
                (*path, "continues"),
                where,
            )
        spec = ActivitySpec(ref, position, title_es, title_en, continues)
        for column, kind in ITEM_COLUMNS.items():
            entries = data.get(column, [])
            column_path = (*path, column)
            column_where = f"{where}, {column}"
            if entries is None:
                entries = []
            if not isinstance(entries, list):
                self.problem(_("expected a list of entries"), column_path, column_where)
                continue
            if column == "verification" and entries and not plan.fields["has_verification"]:
                self.problem(_("this plan has no verification column"), column_path, column_where)
                continue
            for index, entry in enumerate(entries):
                entry_path = (*column_path, index)
                entry_where = _("%(where)s, entry %(n)d") % {"where": column_where, "n": index + 1}
                es, en = self.text(entry, entry_path, entry_where, multiline=False)
                item = ItemSpec(kind, index + 1, es, en)
                if kind == ItemKind.GOAL and es:
                    found = self.period(es, entry_path, entry_where)
                    if found is not None:
                        item.starts, item.ends = found.start, found.end
                spec.items.append(item)
        if not title_es and not spec.items:
            self.problem(_("the activity has no text and no entries"), (*path, "title"), where)
        return spec


def read(data):
    """The checked data (a ``PlanSpec``), or ``PlanDataError`` listing every problem."""
    reader = _Reader()
    spec = reader.plan(data)
    if reader.problems:
        raise PlanDataError(reader.problems)
    return spec


# --- what is in the database, and what the data asks for -----------------------------------


def _state_of_plan(plan):
    """Everything a load sets, read from the database (dates are derived, left out)."""
    fields = {name: getattr(plan, name) for name in PLAN_FIELDS}
    fields["continues"] = plan.continues.code if plan.continues_id else None
    objectives = []
    activities = {}
    for activity in (
        plan.activities.select_related("continues")
        .prefetch_related("items__countries", "items__organizations")
        .order_by("objective_id", "position")
    ):
        activities.setdefault(activity.objective_id, []).append(activity)
    for objective in plan.objectives.order_by("position"):
        objectives.append(
            (
                objective.numeral,
                objective.position,
                objective.title_es,
                objective.title_en,
                [
                    (
                        a.ref,
                        a.position,
                        a.title_es,
                        a.title_en,
                        a.continues.ref if a.continues_id else None,
                        sorted(
                            (
                                i.kind,
                                i.position,
                                i.text_es,
                                i.text_en,
                                i.starts,
                                i.ends,
                                tuple(sorted(c.pk for c in i.countries.all())),
                                tuple(sorted(o.pk for o in i.organizations.all())),
                                i.every_country,
                                i.regional,
                            )
                            for i in a.items.all()
                        ),
                    )
                    for a in activities.get(objective.pk, [])
                ],
            )
        )
    return {"fields": fields, "objectives": objectives}


def _state_of_spec(spec, links):
    fields = dict(spec.fields)
    fields["continues"] = spec.continues
    objectives = []
    for objective in spec.objectives:
        objectives.append(
            (
                objective.numeral,
                objective.position,
                objective.title_es,
                objective.title_en,
                [
                    (
                        a.ref,
                        a.position,
                        a.title_es,
                        a.title_en,
                        a.continues,
                        sorted(
                            (
                                i.kind,
                                i.position,
                                i.text_es,
                                i.text_en,
                                i.starts,
                                i.ends,
                                tuple(sorted(c.pk for c in links[id(i)].countries)),
                                tuple(sorted(o.pk for o in links[id(i)].organizations)),
                                links[id(i)].every_country,
                                links[id(i)].regional,
                            )
                            for i in a.items
                        ),
                    )
                    for a in objective.activities
                ],
            )
        )
    return {"fields": fields, "objectives": objectives}


PLAN_FIELDS = [
    "code",
    "kind",
    "name_es",
    "name_en",
    "subtitle_es",
    "subtitle_en",
    "period",
    "status",
    "source_document",
    "strategic_objective_es",
    "strategic_objective_en",
    "has_verification",
    "notes",
]


# --- loading -------------------------------------------------------------------------------


# What loading a plan did: the plan's size, and whether it was created, updated or found
# unchanged (one of the three is 1). ``records`` holds the plan.
SUMMARY = gettext_lazy("%(objectives)s objectives, %(activities)s activities, %(entries)s entries")


def _result(plan, spec, outcome):
    result = ImportResult(SUMMARY, **_summary(spec), created=0, updated=0, unchanged=0)
    result.add(outcome)
    result.records.append(plan)
    return result


def load_plan(data, *, actor_repr=None, request=None, source=""):
    """Create or update the plan that ``data`` describes -> (plan, created).

    Audited as ``actor_repr``, or as the request's user; "system:load_plan" without either.
    Raises ``PlanDataError`` (nothing written) when anything is wrong with the data.
    """
    result = import_plan_data(data, actor_repr=actor_repr, request=request, source=source)
    return result.records[0], bool(result.created)


def import_plan_data(data, *, actor_repr=None, request=None, source=""):
    """``load_plan`` that also tells whether anything changed, and what: an ``ImportResult``
    whose outcome is ``created``, ``updated`` or ``unchanged``."""
    spec = read(data)
    if request is None and not actor_repr:
        actor_repr = ACTOR
    with transaction.atomic():
        continued, continued_activities = _continued(spec)
        try:
            ensure_seed_organizations(request=request, actor_repr=actor_repr)
        except LookupError:
            message = _("The regional level is missing: run load_countries first.")
            raise PlanDataError([_problem(message)]) from None
        linker = PartyLinker()
        links = {}
        for activity in spec.activities:
            for item in activity.items:
                if COLUMN_OF_KIND[item.kind] in LINKED_COLUMNS:
                    links[id(item)] = linker.link(item.text_es, item.text_en)
                else:
                    links[id(item)] = _NO_LINKS
        plan = Plan.objects.filter(code=spec.fields["code"]).select_related("continues").first()
        created = plan is None
        if not created and _state_of_plan(plan) == _state_of_spec(spec, links):
            return _result(plan, spec, "unchanged")
        if not created:
            _refuse_removing_reported_activities(plan, spec)
        before = None if created else {"plan": audit.snapshot(plan), **_counts(plan)}
        plan, removed = _apply(spec, plan, continued, continued_activities, links)
        summary = {**_summary(spec), **removed}
        if source:
            summary["source"] = source
        audit.record(
            request,
            AuditAction.IMPORT,
            plan,
            actor_repr=actor_repr,
            before=before,
            after={"plan": audit.snapshot(plan), **summary},
        )
    return _result(plan, spec, "created" if created else "updated")


def _refuse_removing_reported_activities(plan, spec):
    """An update may drop an activity only while no country has reported on it: progress
    and evidence are the countries' work, and an import must not erase them."""
    wanted = {a.ref for a in spec.activities}
    reported = (
        Progress.objects.filter(activity__plan=plan)
        .exclude(activity__ref__in=wanted)
        .values_list("activity__ref", flat=True)
        .distinct()
    )
    problems = [
        _problem(
            _(
                "activity %(ref)s is not in the new version, but countries have reported "
                "progress on it: keep its reference, or ask a regional administrator to "
                "remove that progress first"
            )
            % {"ref": ref},
            where=_("activity %(ref)s") % {"ref": ref},
        )
        for ref in sorted(reported)
    ]
    problems += [
        _problem(
            _(
                "activity %(ref)s: the product “%(product)s” is not in the new version, but "
                "countries have reported progress on it: keep it, or reword it in its place"
            )
            % {"ref": ref, "product": product},
            where=_("activity %(ref)s") % {"ref": ref},
        )
        for ref, product in reported_products_dropped(plan, spec.activities)
        if ref in wanted
    ]
    if problems:
        raise PlanDataError(problems)


class _NoLinks:
    countries = ()
    organizations = ()
    every_country = False
    regional = False


_NO_LINKS = _NoLinks()


def _continued(spec):
    """The plan this one continues and its activities by reference; problems if missing."""
    if not spec.continues:
        return None, {}
    continued = Plan.objects.filter(code=spec.continues).first()
    if continued is None:
        raise PlanDataError(
            [
                _problem(
                    _("continues the plan “%(code)s”, which is not loaded: load that plan first")
                    % {"code": spec.continues},
                    ("continues",),
                    "continues",
                )
            ]
        )
    activities = {a.ref: a for a in continued.activities.all()}
    problems = []
    for oi, objective in enumerate(spec.objectives):
        for ai, activity in enumerate(objective.activities):
            if activity.continues and activity.continues not in activities:
                problems.append(
                    _problem(
                        _("continues activity %(ref)s, which the plan “%(code)s” does not have")
                        % {"ref": activity.continues, "code": continued.code},
                        ("objectives", oi, "activities", ai, "continues"),
                        _("objective %(numeral)s, activity %(ref)s")
                        % {"numeral": objective.numeral, "ref": activity.ref},
                    )
                )
    if problems:
        raise PlanDataError(problems)
    return continued, activities


def _summary(spec):
    return {
        "objectives": len(spec.objectives),
        "activities": len(spec.activities),
        "entries": sum(len(a.items) for a in spec.activities),
    }


def _counts(plan):
    return {
        "objectives": plan.objectives.count(),
        "activities": plan.activities.count(),
        "entries": ActivityItem.objects.filter(activity__plan=plan).count(),
    }


def _apply(spec, plan, continued, continued_activities, links):
    """Write the plan; returns it and what was removed (for the audit summary)."""
    if plan is None:
        plan = Plan(**spec.fields, continues=continued)
    else:
        for name, value in spec.fields.items():
            setattr(plan, name, value)
        plan.continues = continued
    plan.save()

    # Objectives, matched by numeral.
    existing = {o.numeral: o for o in plan.objectives.all()}
    objectives, new_objectives = {}, []
    for o in spec.objectives:
        objective = existing.get(o.numeral) or Objective(plan=plan, numeral=o.numeral)
        objective.position, objective.title_es, objective.title_en = (
            o.position,
            o.title_es,
            o.title_en,
        )
        if objective.pk is None:
            new_objectives.append(objective)
        objectives[o.numeral] = objective
    Objective.objects.bulk_create(new_objectives)
    kept_objectives = [o for o in objectives.values() if o.numeral in existing]
    Objective.objects.bulk_update(kept_objectives, ["position", "title_es", "title_en"])

    # Activities, matched by reference: their progress stays.
    existing = {a.ref: a for a in plan.activities.all()}
    wanted = {a.ref for a in spec.activities}
    removed = [a for ref, a in existing.items() if ref not in wanted]
    removed_summary = {}
    if removed:
        removed_summary = {
            "removed_activities": sorted(a.ref for a in removed),
            "removed_progress": Progress.objects.filter(activity__in=removed).count(),
        }
        Activity.objects.filter(pk__in=[a.pk for a in removed]).delete()
    activities, new_activities = [], []
    for o in spec.objectives:
        for a in o.activities:
            activity = existing.get(a.ref) or Activity(plan=plan, ref=a.ref)
            activity.objective = objectives[o.numeral]
            activity.position = a.position
            activity.title_es, activity.title_en = a.title_es, a.title_en
            activity.continues = continued_activities.get(a.continues) if a.continues else None
            if activity.pk is None:
                new_activities.append(activity)
            activities.append((activity, a))
    Activity.objects.bulk_create(new_activities)

    # Items: those that stay keep their rows (and the progress on them).
    items = write_items(plan, activities, links)

    # Dates: each activity spans its dated goals; the plan its period, or its activities.
    by_activity = {}
    for item, _links in items:
        by_activity.setdefault(id(item.activity), []).append(item)
    for activity, _a in activities:
        # refresh_dates reads the prefetched items: hand it the ones just written.
        activity._prefetched_objects_cache = {"items": by_activity.get(id(activity), [])}
        activity.refresh_dates()
    Activity.objects.bulk_update(
        [activity for activity, _a in activities],
        ["objective", "position", "title_es", "title_en", "continues", "starts", "deadline"],
    )
    plan.objectives.exclude(pk__in=[o.pk for o in objectives.values()]).delete()
    if spec.period_range is not None:
        plan.starts, plan.ends = spec.period_range.start, spec.period_range.end
    else:
        plan.starts = min((a.starts for a, _ in activities if a.starts), default=None)
        plan.ends = max((a.deadline for a, _ in activities if a.deadline), default=None)
    Plan.objects.filter(pk=plan.pk).update(starts=plan.starts, ends=plan.ends)
    for activity, _a in activities:
        del activity._prefetched_objects_cache
    return plan, removed_summary
