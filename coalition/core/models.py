"""Countries, organizations, users and their memberships, and the audit log."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coalition.core.choices import (
    ApprovalAction,
    ApprovalState,
    AuditAction,
    Axis,
    JobStatus,
    OrganizationKind,
    Population,
    Role,
    Service,
)
from coalition.core.files import private_storage
from coalition.lib import limits
from coalition.lib.phones import display
from coalition.lib.text import find_words, fold


class TimeStamped(models.Model):
    """Abstract base that records when a row was created and last changed."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class ScopedQuerySet(models.QuerySet):
    """A queryset that can be narrowed to what one user may see or edit."""

    def visible_to(self, user):
        from coalition.core import access

        return access.restrict(self, user, "view")

    def editable_by(self, user):
        from coalition.core import access

        return access.restrict(self, user, "edit")


class CountryScoped(models.Model):
    """Abstract base for data that belongs to one country (or to the regional level)."""

    country = models.ForeignKey(
        "core.Country", on_delete=models.PROTECT, verbose_name=_("country"), related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


def attachment_path(instance, filename):
    """Where an attachment's file is stored, under MEDIA_ROOT/private: its kind's folder,
    its country, a random name. The stored name carries no part of the uploaded name: it
    could identify someone."""
    return f"{instance.upload_folder}/{instance.country_id}/{uuid.uuid4().hex}"


class Attachment(CountryScoped, TimeStamped):
    """Abstract base of a private file that belongs to a country's record (plan evidence,
    event materials, practice and agreement documents, campaign materials): stored by
    ``core.files.store``, sent by ``core.files.send``, removed by ``core.files.remove``.

    A subclass declares the record it belongs to (a foreign key), ``upload_folder`` (its
    files' folder) and ``download_url`` (the name of the URL that sends the file, given its
    pk); its ``Meta`` inherits ``Attachment.Meta``."""

    upload_folder = None
    download_url = None

    file = models.FileField(
        _("file"), upload_to=attachment_path, storage=private_storage, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        abstract = True
        ordering = ["original_name"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse(self.download_url, args=[self.pk])


class Publishable(models.Model):
    """Abstract base of a record the public site shows. Editors change the row (the working
    copy); the public reads ``published_version``, a copy of the fields named in
    ``public_fields`` taken when the record was last published, so that an edit reaches
    the public only once it is reviewed and published again (see ``core.publication``)."""

    published_version = models.JSONField(
        _("published version"), null=True, blank=True, editable=False
    )

    # The fields the public sees, set by each subclass. A many-to-many field is kept as ids.
    public_fields = ()
    # {JSON list field: its TextChoices}, to show the codes of a list by their labels.
    public_list_choices = {}

    class Meta:
        abstract = True

    @property
    def is_public(self):
        return self.published_version is not None

    def public_copy(self):
        from coalition.core import publication

        return publication.public_copy(self)

    @property
    def has_pending_edit(self):
        """Published, and changed since: the public still sees the published version."""
        from coalition.core import publication

        return publication.differs(self)

    def pending_changes(self):
        from coalition.core import publication

        return publication.differences(self)


# A directory record not confirmed for this long is shown as stale.
STALE_AFTER_DAYS = 180


class Verified(models.Model):
    """Abstract base of a directory record that says when it was last confirmed correct,
    and by whom (institutions, contacts)."""

    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )

    class Meta:
        abstract = True

    @property
    def is_stale(self):
        if self.last_verified is None:
            return True
        return (timezone.localdate() - self.last_verified).days > STALE_AFTER_DAYS

    def mark_verified(self, user):
        self.last_verified = timezone.localdate()
        self.verified_by = user if getattr(user, "is_authenticated", False) else None


class CountryQuerySet(models.QuerySet):
    def members(self):
        return self.filter(is_regional=False)

    def active(self):
        return self.filter(active=True)


class Country(models.Model):
    """A member (or prospective member) country, or the regional level itself."""

    iso2 = models.CharField(_("ISO alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    member_since = models.DateField(_("member since"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    is_regional = models.BooleanField(
        _("regional level"),
        default=False,
        help_text=_("The regional level: data of the coalition as a whole."),
    )
    # A database default too: rows written by code that predates the field (an older
    # migration's model, a script) get "" rather than failing.
    emergency_number = models.CharField(
        _("emergency number"),
        max_length=50,
        blank=True,
        db_default="",
        help_text=_(
            "The number to call in an emergency, as dialled in the country (e.g. 911); "
            "several separated by commas. Shown first on the country's public help page."
        ),
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["-is_regional", "name_es"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.UniqueConstraint(
                fields=["is_regional"],
                condition=Q(is_regional=True),
                name="core_country_one_regional_level",
            ),
            models.CheckConstraint(
                condition=Q(iso2__regex=r"^[A-Z]{2}$") & Q(iso3__regex=r"^[A-Z]{3}$"),
                name="core_country_iso_codes_uppercase",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("country-detail", args=[self.iso2])

    @property
    def name(self):
        return self.name_en if (get_language() or "es").startswith("en") else self.name_es

    def emergency_numbers(self):
        """The emergency numbers, as dialled: ["911"]."""
        return [n.strip() for n in self.emergency_number.split(",") if n.strip()]

    @property
    def scope_code(self):
        """What ``--scope`` takes for this row: the ISO code, or ``regional``."""
        return "regional" if self.is_regional else self.iso2


class Organization(Verified, TimeStamped):
    """An institution: a government body, NGO or international organization, and, in the
    directory, what it offers victims and how to reach it."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        verbose_name=_("country"),
        related_name="organizations",
        help_text=_("The country, or the regional level for regional and international bodies."),
    )
    axes = models.JSONField(_("axes of action"), default=list, blank=True)
    services = models.JSONField(_("services for victims"), default=list, blank=True)
    populations = models.JSONField(_("populations served"), default=list, blank=True)
    coverage = models.JSONField(
        _("coverage"),
        default=list,
        blank=True,
        help_text=_("First-level areas served; none means the whole country."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Places, e.g. beds of a shelter.")
    )
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    address = models.TextField(
        _("address"),
        blank=True,
        max_length=limits.NOTE,
        help_text=_("Never published: a shelter's address is confidential."),
    )
    phones = models.JSONField(_("phones"), default=list, blank=True)
    emails = models.JSONField(_("e-mails"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Listed on the public help page (name, services, phones, e-mails, website)."),
    )
    # Name and acronym folded (lower case, no accents) so that "atencion" finds "Atención".
    search_text = models.TextField(editable=False, default="")

    objects = ScopedQuerySet.as_manager()
    # A contributor edits only its own institution's record (see access.restrict).
    owner_organization_field = "pk"
    # A public institution's page is open to every reader, with its public fields only.
    has_public_page = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name"], name="core_organization_unique_name"
            )
        ]

    def __str__(self):
        """How pages name it in full: "Fundación Atención Integral (FAI)", but "Save the
        Children" or "Interpol" alone when the acronym is the name or part of it."""
        return self._with_acronym(self.name)

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.acronym}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organization-detail", args=[self.pk])

    def _with_acronym(self, name):
        return f"{name} ({self.acronym})" if self.acronym_adds else name

    @property
    def local_name(self):
        """The name as a page about its own country reads it: "Dirección General de
        Migración", without the "(Costa Rica)" that tells it from its namesakes elsewhere."""
        for country_name in (self.country.name_es, self.country.name_en):
            suffix = f"({country_name})"
            if country_name and self.name.endswith(suffix) and self.name != suffix:
                return self.name.removesuffix(suffix).rstrip(" ,-–·")
        return self.name

    @property
    def local_label(self):
        """``str(self)`` with the ``local_name``."""
        return self._with_acronym(self.local_name)

    @property
    def acronym_adds(self):
        """Whether the acronym says something the name does not."""
        return bool(self.acronym.strip()) and find_words(self.name, self.acronym) is None

    @property
    def short_name(self):
        """How lists and badges name it: the acronym, or the name when there is none."""
        return self.acronym.strip() or self.name

    def axis_labels(self):
        labels = dict(Axis.choices)
        return [labels.get(axis, axis) for axis in self.axes]

    def service_labels(self):
        labels = dict(Service.choices)
        return [labels.get(code, code) for code in self.services]

    def population_labels(self):
        labels = dict(Population.choices)
        return [labels.get(code, code) for code in self.populations]

    @property
    def phones_display(self):
        return [display(p) for p in self.phones]


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships."""

    language = models.CharField(
        _("preferred language"),
        max_length=5,
        default="es",
        choices=[("es", "Español"), ("en", "English")],
    )

    class Meta(AbstractUser.Meta):
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_absolute_url(self):
        return reverse("account")


class Membership(TimeStamped):
    """One role of a user in one scope (a country or the regional level)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("scope")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organization"),
    )

    class Meta:
        ordering = ["user__username", "country__name_es", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "country", "role"], name="core_membership_unique_role_in_scope"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.country}"

    def get_absolute_url(self):
        return reverse("admin:core_user_change", args=[self.user_id])

    def clean(self):
        regional_only = {Role.REGIONAL_ADMIN, Role.AUDITOR}
        if self.role in regional_only and self.country_id and not self.country.is_regional:
            raise ValidationError(
                {
                    "country": _("A %(role)s works at the regional level.")
                    % {"role": self.get_role_display()}
                }
            )
        if self.organization_id and self.organization.country_id not in (
            self.country_id,
            Country.objects.filter(is_regional=True).values_list("pk", flat=True).first(),
        ):
            raise ValidationError(
                {"organization": _("The organization belongs to another country.")}
            )


class AuditQuerySet(models.QuerySet):
    """The audit log is append-only: bulk updates and deletes are refused."""

    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEntry(models.Model):
    """One tamper-evident line of the audit log, chained to the one before it by hash."""

    seq = models.BigIntegerField(_("sequence"), unique=True)
    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # DO_NOTHING, not SET_NULL: the hash covers actor_id and country_id, so deleting a user
    # or a country must not rewrite old entries (there is no database constraint to break).
    actor = models.ForeignKey(
        User,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("actor"),
    )
    actor_repr = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("country"),
    )
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="core_audit_object_idx"),
            models.Index(fields=["action", "time"], name="core_audit_action_idx"),
        ]

    def __str__(self):
        return f"#{self.seq} {self.time:%Y-%m-%d %H:%M} {self.actor_repr} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("audit-detail", args=[self.pk])

    @property
    def path(self):
        """The address a refused request asked for (``access.deny`` keeps it in ``after``),
        or ""."""
        path = self.after.get("path") if isinstance(self.after, dict) else None
        return path if isinstance(path, str) else ""

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


class Job(models.Model):
    """One piece of long work a user started from a page (a large import, a PDF), run in the
    background by ``core.jobs``: what it is, how far it went, and how it ended."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    # The uploaded file the job reads (deleted when it ends) and the file it makes.
    upload = models.FileField(
        _("uploaded file"), upload_to="jobs/in/", storage=private_storage, blank=True
    )
    upload_name = models.CharField(_("uploaded file name"), max_length=255, blank=True)
    output = models.FileField(
        _("result file"), upload_to="jobs/out/", storage=private_storage, blank=True
    )
    output_name = models.CharField(_("result file name"), max_length=255, blank=True)
    output_type = models.CharField(_("result file type"), max_length=100, blank=True)
    # {"messages": [text, ...], "problems": [{"row", "column", "message", "where", "unit"}, ...]}
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.CharField(_("reason of the failure"), max_length=500, blank=True)
    # Where to go after it: on success, and on failure (to try again).
    next_url = models.CharField(_("next page"), max_length=500, blank=True)
    back_url = models.CharField(_("page to try again"), max_length=500, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("job-detail", kwargs={"pk": self.pk})

    @property
    def is_over(self):
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class Approval(TimeStamped):
    """The approval of one kind of data (``kind``: "sentences", ...) of one country for one
    year: the country's editor submits it, a regional administrator approves it (locking
    it) or returns it; withdrawing an approval reopens it. ``core.approvals`` moves it."""

    kind = models.CharField(_("kind of data"), max_length=30)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(
        _("state"), max_length=10, choices=ApprovalState.choices, default=ApprovalState.OPEN
    )

    class Meta:
        ordering = ["kind", "country__iso2", "-year"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "country", "year"], name="approval_unique_kind_country_year"
            ),
        ]

    def __str__(self):
        from coalition.core.approvals import kind_label  # the registry of kinds imports us

        return f"{kind_label(self.kind)} · {self.country} · {self.year}: {self.get_state_display()}"

    def get_absolute_url(self):
        return reverse("approval-detail", args=[self.pk])

    @property
    def locked(self):
        return self.state == ApprovalState.APPROVED


class ApprovalStep(models.Model):
    """One move of an approval: who submitted, approved, returned or reopened it, when, and
    why (the comment a return or a reopening must give)."""

    approval = models.ForeignKey(
        Approval, on_delete=models.CASCADE, related_name="steps", verbose_name=_("approval")
    )
    action = models.CharField(_("action"), max_length=10, choices=ApprovalAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    time = models.DateTimeField(_("time"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True, max_length=limits.NOTE)

    class Meta:
        ordering = ["approval", "time", "pk"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")

    def __str__(self):
        return f"{self.approval}: {self.get_action_display()}"

    def get_absolute_url(self):
        return self.approval.get_absolute_url()
