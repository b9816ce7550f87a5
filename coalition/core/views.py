"""Views of the core app: home pages, account and two-factor, countries, organizations,
audit log, health check."""

import base64
import csv
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import (
    HttpResponse,
    HttpResponseServerError,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST, require_safe
from django.views.generic import DetailView, ListView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core import access, attention, audit, exports, generic, list_exports, scopes
from coalition.core.choices import AuditAction, Role
from coalition.core.filters import AuditFilterSet, OrganizationFilterSet
from coalition.core.forms import AccountForm, OrganizationForm, PasswordResetForm, TokenForm
from coalition.core.models import AuditEntry, Country, Organization

PAGE_SIZE = 25


def _safe_next(request, fallback="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return reverse(fallback)


def _with_next(url_name, request):
    """The URL of ``url_name`` that comes back to the safe ``next`` afterwards (query kept)."""
    return f"{reverse(url_name)}?{urlencode({'next': _safe_next(request)})}"


# --- public and home ---------------------------------------------------------------------


@access.rule(access.SIGNED_IN)
@require_GET
def home(request):
    user = request.user
    memberships = user.memberships.select_related("country", "organization").order_by(
        "-country__is_regional", "country__name_es"
    )
    recent = AuditEntry.objects.select_related("country")
    if not access.can_read_audit(user):
        recent = recent.filter(actor=user)
    context = {
        "memberships": memberships,
        "attention": _attention(request),
        "recent": recent[:10],
        "can_read_audit": access.can_read_audit(user),
    }
    return render(request, "core/home.html", context)


def _attention(request):
    """What needs the user's attention; each item: level, message, link. The account's
    own come first, then each capability's (``core.attention``)."""
    user = request.user
    items = []
    if not access.is_member(user):
        items.append(
            attention.Item(
                "warning",
                _("You have no role yet. Ask the Regional Technical Secretariat for access."),
                None,
            )
        )
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        items.append(
            attention.Item(
                "info",
                _("Protect your account: set up two-factor sign-in."),
                reverse("two-factor-setup"),
            )
        )
    if access.is_regional_admin(user):
        missing = (
            Country.objects.members()
            .active()
            .exclude(memberships__role=Role.COUNTRY_EDITOR)
            .values_list("name_es" if request.LANGUAGE_CODE == "es" else "name_en", flat=True)
        )
        if missing:
            items.append(
                attention.Item(
                    "warning",
                    _("Countries without a country editor: %(list)s")
                    % {"list": ", ".join(missing)},
                    None,
                )
            )
    if access.can_read_audit(user):
        since = timezone.now() - timezone.timedelta(days=7)
        failed = AuditEntry.objects.filter(
            action__in=[AuditAction.LOGIN_FAILED, AuditAction.PERMISSION_DENIED], time__gte=since
        ).count()
        if failed:
            url = reverse("audit-list") + "?action=login_failed&action=permission_denied"
            items.append(
                attention.Item(
                    "danger",
                    _("%(n)d refused sign-ins or accesses in the last 7 days.") % {"n": failed},
                    url,
                )
            )
    items.extend(attention.gather(request))
    return items


@access.rule(access.SIGNED_IN)
@require_POST
def switch_scope(request):
    if not scopes.set_active(request, request.POST.get("scope", "")):
        messages.error(request, _("That scope is not one of yours."))
    return redirect(_safe_next(request))


# --- account and two-factor --------------------------------------------------------------


@access.rule(access.SIGNED_IN)
def account(request):
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            before = audit.snapshot(request.user.__class__.objects.get(pk=request.user.pk))
            user = form.save()
            audit.record(
                request, AuditAction.UPDATE, user, before=before, after=audit.snapshot(user)
            )
        messages.success(request, _("Your account was saved."))
        response = redirect("account")
        response.delete_cookie("coalition_language")
        return response
    devices = TOTPDevice.objects.filter(user=request.user, confirmed=True)
    return render(
        request,
        "core/account.html",
        {
            "form": form,
            "devices": devices,
            "two_factor_required": access.requires_two_factor(request.user),
            "memberships": request.user.memberships.select_related("country", "organization"),
        },
    )


def _qr_svg(uri):
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@access.rule(access.SIGNED_IN)
def two_factor_setup(request):
    """Enrol an authenticator app: show a QR code, confirm with a first code."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists() and not user.is_verified():
        return redirect(_with_next("two-factor-verify", request))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save()
                TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
                audit.record(request, AuditAction.CREATE, device, object_repr=f"TOTP · {user}")
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect(_safe_next(request))
        form.add_error(
            "token", _("That code is not valid. Check the time on your phone and try again.")
        )
    base32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "core/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": " ".join(base32[i : i + 4] for i in range(0, len(base32), 4)),
            "required": access.requires_two_factor(user),
            "next": _safe_next(request),
        },
    )


@access.rule(access.SIGNED_IN)
def two_factor_verify(request):
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect(_with_next("two-factor-setup", request))
    if user.is_verified():
        return redirect(_safe_next(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(_safe_next(request))
        with transaction.atomic():
            audit.record(request, AuditAction.LOGIN_FAILED, user, object_repr=f"TOTP · {user}")
        form.add_error(
            "token", _("That code is not valid. Check the time on your phone and try again.")
        )
    return render(
        request, "core/two_factor_verify.html", {"form": form, "next": _safe_next(request)}
    )


# --- sign-in (Django's views, declared public) -------------------------------------------


class LoginView(auth_views.LoginView):
    access_rule = access.PUBLIC
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    access_rule = access.PUBLIC


class PasswordResetView(auth_views.PasswordResetView):
    access_rule = access.PUBLIC
    form_class = PasswordResetForm
    html_email_template_name = None
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    access_rule = access.PUBLIC


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    access_rule = access.PUBLIC


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    access_rule = access.PUBLIC


class PasswordChangeView(access.RuleMixin, auth_views.PasswordChangeView):
    access_rule = access.SIGNED_IN


class PasswordChangeDoneView(access.RuleMixin, auth_views.PasswordChangeDoneView):
    access_rule = access.SIGNED_IN


# --- countries ---------------------------------------------------------------------------


class CountryListView(access.RuleMixin, ListView):
    access_rule = access.READER
    template_name = "core/country_list.html"
    context_object_name = "countries"

    def get_queryset(self):
        # Counts only of what the user may see: organizations of their countries, and
        # users for regional administrators alone.
        visible = Organization.objects.visible_to(self.request.user).filter(country=OuterRef("pk"))
        queryset = Country.objects.annotate(
            organization_count=Coalesce(
                Subquery(visible.order_by().values("country").annotate(n=Count("pk")).values("n")),
                0,
            )
        )
        if access.is_regional_admin(self.request.user):
            queryset = queryset.annotate(member_count=Count("memberships__user", distinct=True))
        return queryset.order_by("-is_regional", "-active", "name_es")

    def get(self, request, *args, **kwargs):
        if exports.asked(request):
            return exports.respond(
                request,
                name=_("countries"),
                title=_("Countries"),
                columns=list_exports.country_columns(access.is_regional_admin(request.user)),
                rows=self.get_queryset(),
                model=Country,
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_members"] = access.is_regional_admin(self.request.user)
        context["can_export"] = access.can_export(self.request.user)
        visible = access.visible_country_ids(self.request.user)
        context["visible_ids"] = visible
        return context


class CountryDetailView(access.RuleMixin, DetailView):
    access_rule = access.READER
    template_name = "core/country_detail.html"
    slug_field = "iso2"
    slug_url_kwarg = "iso2"
    model = Country

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        context["organizations"] = (
            Organization.objects.visible_to(self.request.user)
            .filter(country=country)
            .select_related("country")
        )
        context["can_see_data"] = access.visible_country_ids(self.request.user) is None or (
            country.pk in access.visible_country_ids(self.request.user)
        )
        context["can_edit"] = access.can_edit_country(self.request.user, country)
        return context


# --- organizations -----------------------------------------------------------------------


class OrganizationListView(access.RuleMixin, ListView):
    access_rule = access.READER
    template_name = "core/organization_list.html"
    context_object_name = "organizations"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        queryset = Organization.objects.visible_to(self.request.user).select_related("country")
        self.filterset = OrganizationFilterSet.for_list(self.request, queryset)
        return self.filterset.qs

    def get(self, request, *args, **kwargs):
        if exports.asked(request):
            return exports.respond(
                request,
                name=_("organizations"),
                title=_("Organizations"),
                columns=list_exports.ORGANIZATION_COLUMNS,
                rows=self.get_queryset(),
                model=Organization,
                filterset=self.filterset,
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            query=query.urlencode(),
            can_create=access.MANAGER.allows(self.request.user),
            can_export=access.can_export(self.request.user),
        )
        return context

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return ["core/_organization_table.html"]
        return [self.template_name]


class OrganizationDetailView(access.RuleMixin, DetailView):
    """An institution's page; a public institution of a country the reader does not read
    shows its public fields only (what its country's public help page shows)."""

    access_rule = access.page_rule(Organization)
    template_name = "core/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        return access.openable(Organization.objects.all(), self.request.user).select_related(
            "country"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, organization = self.request.user, self.object
        people = access.people_country_ids(user)
        sees_people = people is None or organization.country_id in people
        context["full"] = access.sees_in_full(user, organization)
        context["public_lines"] = (
            [] if sees_people else organization.contacts.filter(public=True).order_by("name")
        )
        context["can_edit"] = access.can_edit(user, organization)
        # The address (a shelter's is confidential) and the contacts are for the data
        # roles of the institution's country.
        context["sees_people"] = sees_people
        context["contacts"] = (
            access.restrict(organization.contacts.all(), user).order_by("name")
            if sees_people
            else []
        )
        context["can_add_contact"] = access.can_edit_country(user, organization.country)
        return context


class OrganizationEdit:
    """The institution form. Whoever saves the record has just checked it: verified
    today."""

    model = Organization
    form_class = OrganizationForm
    template_name = "core/organization_form.html"
    context_object_name = "organization"
    updated_message = created_message = gettext_lazy("Organization saved.")

    def restrict_form(self, form):
        """The form offers its own countries (new institutions: those the user manages)."""

    def before_save(self, organization, form):
        organization.mark_verified(self.request.user)


class OrganizationCreateView(OrganizationEdit, generic.RecordCreateView):
    """New institutions are added by country editors and regional administrators."""

    access_rule = access.MANAGER

    def get_initial(self):
        country = Country.objects.filter(iso2=self.request.GET.get("country")).first()
        return {"country": country}


class OrganizationUpdateView(OrganizationEdit, generic.RecordUpdateView):
    pass


# --- audit log ---------------------------------------------------------------------------


def _audit_filter(request):
    queryset = AuditEntry.objects.select_related("country")
    return AuditFilterSet(request.GET or None, queryset=queryset, request=request)


@access.rule(access.AUDIT_READER)
@require_GET
def audit_list(request):
    filterset = _audit_filter(request)
    if filterset.is_bound and not filterset.is_valid():
        entries = AuditEntry.objects.none()
    else:
        entries = filterset.qs
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = (
        "core/_audit_table.html"
        if request.htmx and not request.htmx.boosted
        else "core/audit_list.html"
    )
    return render(
        request, template, {"filter": filterset, "page_obj": page, "query": query.urlencode()}
    )


@access.rule(access.AUDIT_READER)
@require_GET
def audit_detail(request, pk):
    entry = get_object_or_404(AuditEntry.objects.select_related("country"), pk=pk)
    return render(request, "core/audit_detail.html", {"entry": entry})


def _cell(value):
    """Spreadsheet-safe text: a leading = + - @ would run as a formula in Excel."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value):
        return value


AUDIT_COLUMNS = [
    "seq",
    "time",
    "actor_repr",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "country",
    "request_id",
    "ip",
    "before",
    "after",
    "prev_hash",
    "hash",
]


@access.rule(access.AUDIT_READER)
@require_GET
def audit_export(request):
    """The filtered audit log as CSV. The export is itself audited."""
    filterset = _audit_filter(request)
    if filterset.is_bound and not filterset.is_valid():
        return HttpResponse(_("Invalid filter."), status=400, content_type="text/plain")
    entries = filterset.qs.order_by("seq")
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            object_type="core.auditentry",
            object_repr="audit log (CSV)",
            after={"filters": {k: request.GET.getlist(k) for k in request.GET}},
        )
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(AUDIT_COLUMNS)
        for e in entries.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    e.seq,
                    e.time.isoformat(),
                    _cell(e.actor_repr),
                    e.action,
                    _cell(e.object_type),
                    _cell(e.object_id),
                    _cell(e.object_repr),
                    e.country.iso2 if e.country else "",
                    e.request_id,
                    e.ip or "",
                    audit.dumps(e.before),
                    audit.dumps(e.after),
                    e.prev_hash,
                    e.hash,
                ]
            )

    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="coalition-audit-{stamp}.csv"'
    return response


# --- health ------------------------------------------------------------------------------


@access.rule(access.PUBLIC)
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


@access.rule(access.PUBLIC)
@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico by themselves (on a PDF, say, which names no icon)."""
    return redirect(static("img/favicon.ico"))


# --- error pages -------------------------------------------------------------------------
# With DEBUG off (`make run`, production) these replace Django's technical pages; they speak
# the visitor's language, which the middleware chose before the error.


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without its security token (a page left open for long, cookies blocked)."""
    return render(request, "403_csrf.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Without the request's context processors: the fault may lie in them or in the
    # database they read, and this page must render all the same.
    return HttpResponseServerError(render_to_string("500.html"))
