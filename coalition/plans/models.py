"""Operational plans: plan -> objective -> activity with the cells of the plan's table, and
each country's progress on each activity and on each of its products (deliverables), with
its history, its evidence files and the snapshots of the yearly reports.

Plans, objectives, activities and their cells belong to the coalition as a whole (every
reader sees them; regional administrators import them). Progress, its history and its
evidence belong to one country (or to the regional level) and go through the access layer
like any other country-scoped record.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coalition.core.files import private_storage
from coalition.core.models import Attachment, CountryScoped, TimeStamped
from coalition.lib import limits
from coalition.lib.periods import Period, format_period
from coalition.lib.text import find_words, fold, localized
from coalition.plans.choices import (
    CLOSED_STATUSES,
    ItemKind,
    PlanKind,
    PlanStatus,
    ProgressStatus,
)


# Named by migration 0001 only: the files now follow core.models.Attachment (same storage,
# same folder).
def evidence_storage():
    return private_storage()


def evidence_path(instance, filename):
    return f"evidence/{instance.country_id}/{uuid.uuid4().hex}"


def progress_errors(status, percent):
    """What is wrong with a status and a percent together, as ``{field: message}``: an
    activity not started has done nothing yet, one that is done is done entirely. The
    progress form and the API both apply it."""
    from django.utils.translation import gettext

    if status == ProgressStatus.NOT_STARTED and percent:
        return {"percent": gettext("An activity that has not started is 0% done.")}
    if status == ProgressStatus.DONE and percent != 100:
        return {"percent": gettext("An activity that is done is 100% done.")}
    return {}


class Plan(TimeStamped):
    """An operational plan (or an activity agenda that continues one)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PlanKind.choices)
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    subtitle_es = models.CharField(_("subtitle (Spanish)"), max_length=200, blank=True)
    subtitle_en = models.CharField(_("subtitle (English)"), max_length=200, blank=True)
    period = models.CharField(_("period"), max_length=60, help_text=_('As written, e.g. "2012".'))
    starts = models.DateField(_("starts"), null=True, blank=True)
    ends = models.DateField(_("ends"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    source_document = models.CharField(_("source document"), max_length=200, blank=True)
    strategic_objective_es = models.TextField(_("strategic objective (Spanish)"), blank=True)
    strategic_objective_en = models.TextField(_("strategic objective (English)"), blank=True)
    has_verification = models.BooleanField(
        _("has a verification column"),
        default=True,
        help_text=_("Agendas have no column of verification sources."),
    )
    continues = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("continues"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-starts", "code"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plan-detail", args=[self.code])

    @property
    def name(self):
        return localized(self, "name")

    @property
    def subtitle(self):
        return localized(self, "subtitle")

    @property
    def strategic_objective(self):
        return localized(self, "strategic_objective")

    def item_kinds(self):
        """The item columns this plan's table has, in order."""
        return [k for k in ItemKind if self.has_verification or k != ItemKind.VERIFICATION]


class Objective(models.Model):
    """An operational objective: "I. FORTALECIMIENTO DE LA COALICIÓN REGIONAL"."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("plan")
    )
    numeral = models.CharField(_("numeral"), max_length=10)
    position = models.PositiveSmallIntegerField(_("position"))
    title_es = models.TextField(_("title (Spanish)"))
    title_en = models.TextField(_("title (English)"), blank=True)

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("operational objective")
        verbose_name_plural = _("operational objectives")
        constraints = [
            models.UniqueConstraint(fields=["plan", "numeral"], name="plans_objective_numeral"),
        ]

    def __str__(self):
        return f"{self.numeral}. {self.title}"

    @property
    def title(self):
        return localized(self, "title")


# Activities of several plans in the order the coalition adopted them (the 2012 plan before
# the agenda that continues it), then as each plan's table has them.
ACTIVITY_ORDER = [
    models.F("plan__starts").asc(nulls_last=True),
    models.F("plan__ends").asc(nulls_last=True),
    "plan__code",
    "objective__position",
    "position",
]

# How much of an activity's title its label keeps.
LABEL_TITLE_CHARS = 90


class ActivityQuerySet(models.QuerySet):
    def in_plan_order(self):
        """In ``ACTIVITY_ORDER``, with what ``Activity.label`` reads."""
        return self.select_related("plan").order_by(*ACTIVITY_ORDER)


class Activity(TimeStamped):
    """One row of the plan's table; its cells are ``ActivityItem`` rows."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("plan")
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("operational objective"),
    )
    ref = models.CharField(_("reference"), max_length=20, help_text=_('e.g. "III.2"'))
    position = models.PositiveSmallIntegerField(_("position"))
    title_es = models.TextField(_("activity (Spanish)"))
    title_en = models.TextField(_("activity (English)"), blank=True)
    continues = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("continues"),
    )
    # The span of its dated goals, kept in step by ``refresh_dates`` when goals change.
    starts = models.DateField(_("starts"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ACTIVITY_ORDER
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(fields=["plan", "ref"], name="plans_activity_ref"),
        ]
        indexes = [models.Index(fields=["deadline"])]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("activity-detail", args=[self.pk])

    @property
    def label(self):
        """How every other page and picker names it: "Plan Operativo 2012 · I.1 Realizar
        dos reuniones…" (the plan, the reference and the title, shortened)."""
        title = Truncator(" ".join(self.title.split())).chars(LABEL_TITLE_CHARS)
        return f"{self.plan.name} · {self.ref} {title}".strip()

    @property
    def title(self):
        return localized(self, "title")

    @property
    def display_title(self):
        """The title, or a placeholder for the few activities the plan left untitled: a
        link to the activity always has a name."""
        return self.title or _("(no title in the plan)")

    def refresh_dates(self):
        goals = [i for i in self.items.all() if i.kind == ItemKind.GOAL and i.starts]
        self.starts = min((g.starts for g in goals), default=None)
        self.deadline = max((g.ends for g in goals), default=None)

    def items_of(self, kind):
        """Items of one column, from the prefetched ``items`` when there are."""
        return [i for i in self.items.all() if i.kind == kind]


class ActivityItem(models.Model):
    """One entry of a cell: a product, a goal, a verification or funding source, a source of
    support or a responsible party, as written, linked to the countries and organizations
    it names."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="items", verbose_name=_("activity")
    )
    kind = models.CharField(_("column"), max_length=20, choices=ItemKind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    text_es = models.TextField(_("text (Spanish)"))
    text_en = models.TextField(_("text (English)"), blank=True)
    # Goals: the date range the phrase means (none for "Cada país definirá...").
    starts = models.DateField(_("starts"), null=True, blank=True)
    ends = models.DateField(_("ends"), null=True, blank=True)
    countries = models.ManyToManyField(
        "core.Country", blank=True, related_name="+", verbose_name=_("countries")
    )
    every_country = models.BooleanField(
        _("every country"), default=False, help_text=_('e.g. "ST de cada país".')
    )
    regional = models.BooleanField(
        _("regional level"), default=False, help_text=_('e.g. "ST Regional".')
    )
    organizations = models.ManyToManyField(
        "core.Organization", blank=True, related_name="+", verbose_name=_("organizations")
    )

    class Meta:
        ordering = ["activity", "kind", "position"]
        verbose_name = _("activity item")
        verbose_name_plural = _("activity items")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts__isnull=True, ends__isnull=True)
                | Q(starts__isnull=False, ends__isnull=False, starts__lte=models.F("ends")),
                name="plans_item_range",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def text(self):
        return localized(self, "text")

    def mentions(self):
        """The text in pieces ``[(text, organization or None)]``, an organization it names
        being the piece that spells its name or acronym (so a page links the words
        themselves rather than repeating them in a badge), and the organizations it names
        otherwise (e.g. in the other language), as ``(pieces, others)``."""
        text = self.text
        spans, others = [], []
        for org in self.organizations.all():
            found = find_words(text, org.name) or (
                find_words(text, org.acronym) if org.acronym.strip() else None
            )
            if found and not any(s < found[1] and found[0] < e for s, e, _o in spans):
                spans.append((*found, org))
            else:
                others.append(org)
        pieces, at = [], 0
        for start, end, org in sorted(spans, key=lambda span: span[0]):
            if start > at:
                pieces.append((text[at:start], None))
            pieces.append((text[start:end], org))
            at = end
        if at < len(text):
            pieces.append((text[at:], None))
        return pieces, others

    @property
    def period_label(self):
        """The goal's range in short ("ago 2012", "1.er sem. 2013"), or ""."""
        if self.starts is None:
            return ""
        return format_period(Period(self.starts, self.ends), get_language() or "es")

    @property
    def period_note(self):
        """``period_label`` when it adds to the text: a goal written "2012" is not
        followed by "(2012)"."""
        label = self.period_label

        def plain(text):
            return fold(text).replace("–", "-").replace(" ", "")

        return "" if plain(label) == plain(self.text) else label


class Progress(CountryScoped, TimeStamped):
    """Where one country (or the regional level) stands on one activity."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="progress", verbose_name=_("activity")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_STARTED,
    )
    percent = models.PositiveSmallIntegerField(
        _("percent done"), default=0, validators=[MaxValueValidator(100)]
    )
    narrative = models.TextField(_("narrative"), blank=True, max_length=limits.NARRATIVE)
    next_steps = models.TextField(_("next steps"), blank=True, max_length=limits.SUMMARY)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    # Partners named on the activity read the approved progress; its evidence files only
    # when the country says so.
    evidence_shared = models.BooleanField(
        _("share the evidence files with the partners named on the activity"), default=False
    )

    class Meta:
        verbose_name = _("progress")
        verbose_name_plural = _("progress")
        constraints = [
            models.UniqueConstraint(fields=["activity", "country"], name="plans_progress_once"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="plans_progress_percent"),
        ]

    def __str__(self):
        return f"{self.activity.ref} · {self.country} · {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("progress-update", args=[self.activity_id, self.country.iso2])

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES


class ProductProgress(CountryScoped, TimeStamped):
    """Where one country stands on one product (deliverable) of an activity: "SWOT done,
    police agreements pending". The activity's own status and percent are computed from
    its products' rows (``plans.progress.compute``); an activity without products is
    reported as a whole on its ``Progress`` row."""

    progress = models.ForeignKey(
        Progress, on_delete=models.CASCADE, related_name="products", verbose_name=_("progress")
    )
    product = models.ForeignKey(
        ActivityItem,
        on_delete=models.CASCADE,
        related_name="progress",
        limit_choices_to={"kind": ItemKind.PRODUCT},
        verbose_name=_("product"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_STARTED,
    )
    percent = models.PositiveSmallIntegerField(
        _("percent done"), default=0, validators=[MaxValueValidator(100)]
    )
    note = models.TextField(_("note"), blank=True, max_length=limits.SUMMARY)

    class Meta:
        ordering = ["progress", "product__position"]
        verbose_name = _("progress on a product")
        verbose_name_plural = _("progress on products")
        constraints = [
            models.UniqueConstraint(fields=["progress", "product"], name="plans_product_once"),
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="plans_product_progress_percent"
            ),
        ]

    def __str__(self):
        return f"{self.progress.activity.ref} · {self.product} · {self.get_status_display()}"

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES


class ReportedProgress(CountryScoped):
    """A country's progress as it stood when it submitted its report of a year: one row per
    activity (``product`` empty: the activity as a whole, with its narrative) and one per
    product. Written by ``plans.progress.take_snapshot`` when the year is submitted and
    never changed afterwards; once the year's approval (kind ``progress``) is approved,
    these are the figures that leave the country (regional report, partners)."""

    # Every reader reads a year once it is approved; before, its country's members only.
    shared_once_approved = ("progress", "year")
    # Partners read it only on the activities that name them (core.access.partner_scope).
    partner_named_via = "activity__items__organizations"

    year = models.PositiveSmallIntegerField(_("year"))
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="reported", verbose_name=_("activity")
    )
    product = models.ForeignKey(
        ActivityItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reported",
        verbose_name=_("product"),
    )
    status = models.CharField(_("status"), max_length=20, choices=ProgressStatus.choices)
    percent = models.PositiveSmallIntegerField(_("percent done"))
    narrative = models.TextField(_("narrative"), blank=True, max_length=limits.NARRATIVE)
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ["year", "country", "activity", "product__position"]
        verbose_name = _("reported progress")
        verbose_name_plural = _("reported progress")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "year", "activity", "product"],
                name="plans_reported_product_once",
            ),
            models.UniqueConstraint(
                fields=["country", "year", "activity"],
                condition=Q(product__isnull=True),
                name="plans_reported_activity_once",
            ),
        ]
        indexes = [models.Index(fields=["year", "country"])]

    def __str__(self):
        return f"{self.year} · {self.activity.ref} · {self.country} · {self.get_status_display()}"

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES


class ProgressRevision(CountryScoped):
    """One saved state of a Progress row: its full history, newest first."""

    progress = models.ForeignKey(
        Progress, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("progress")
    )
    status = models.CharField(_("status"), max_length=20, choices=ProgressStatus.choices)
    percent = models.PositiveSmallIntegerField(_("percent done"))
    narrative = models.TextField(_("narrative"), blank=True, max_length=limits.NARRATIVE)
    next_steps = models.TextField(_("next steps"), blank=True, max_length=limits.SUMMARY)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("progress revision")
        verbose_name_plural = _("progress revisions")

    def __str__(self):
        return f"{self.progress} @ {self.changed_at:%Y-%m-%d %H:%M}"

    @classmethod
    def of(cls, progress, user):
        """Record ``progress`` as it is now."""
        return cls.objects.create(
            progress=progress,
            country_id=progress.country_id,
            status=progress.status,
            percent=progress.percent,
            narrative=progress.narrative,
            next_steps=progress.next_steps,
            changed_by=user if getattr(user, "is_authenticated", False) else None,
        )


class Evidence(Attachment):
    """A file that shows progress: an attendance list, a signed agreement, a photo..."""

    upload_folder = "evidence"
    download_url = "evidence-download"
    # Partners named on the activity read the file once the country shares its evidence and
    # has an approved progress report (core.access.partner_scope).
    partner_named_via = "progress__activity__items__organizations"
    partner_shared_once_approved = ("progress", "progress__evidence_shared")

    progress = models.ForeignKey(
        Progress, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("progress")
    )
    # The product the file shows; empty: the activity as a whole.
    product = models.ForeignKey(
        ActivityItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": ItemKind.PRODUCT},
        verbose_name=_("product"),
    )

    class Meta(Attachment.Meta):
        ordering = ["-created"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    @cached_property
    def activity(self):
        return self.progress.activity
