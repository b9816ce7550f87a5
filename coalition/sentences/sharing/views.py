"""Sharing agreements and share packages, under /sentences/sharing/.

A regional administrator records an agreement with a partner organization for some
countries; each of those countries' editors approves it (or withdraws the approval); it is
valid while every country approves it and today is within its dates. Then, and only then,
the partner's users read the statistics it covers and download them as a signed package
(encrypted to the partner's age key when one is registered). Every approval, withdrawal,
package generated and package downloaded is in the audit log.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from coalition.core import access, audit, files, generic
from coalition.core.choices import AuditAction
from coalition.lib import disclosure, sharepack
from coalition.sentences.choices import TOTAL_CATEGORY as TOTAL
from coalition.sentences.choices import AgreementState, Dimension, FigureAge, Indicator
from coalition.sentences.models import AgreementCountry, SharePackage, SharingAgreement
from coalition.sentences.sharing import package as sharing
from coalition.sentences.sharing.forms import SharingAgreementForm
from coalition.sentences.statistics.counts import ZERO
from coalition.sentences.statistics.tables import AGES, SEXES

AGREEMENT_RULE = access.object_rule(SharingAgreement)
RECEIVE_RULE = access.object_rule(SharingAgreement, "receive")
STATE_BADGES = {
    AgreementState.PENDING: "text-bg-warning",
    AgreementState.UPCOMING: "text-bg-info",
    AgreementState.VALID: "text-bg-success",
    AgreementState.EXPIRED: "text-bg-secondary",
}


def _coverage_rule():
    """Approving for one country (``<iso2>``) of an agreement (``<pk>``): that country's
    editors, when the agreement covers it. Who cannot see the agreement gets 404."""
    visible = access.object_rule(SharingAgreement)

    def test(user, kwargs):
        if not visible.allows(user, kwargs):
            return False
        return AgreementCountry.objects.filter(
            agreement_id=kwargs.get("pk"),
            country__iso2=kwargs.get("iso2"),
            country_id__in=access.country_editor_country_ids(user),
        ).exists()

    return access.Rule(
        "sharing-agreement:approve", test, hidden=lambda user, kw: visible.hides(user, kw)
    )


def _package_rule():
    """A package: the users of its agreement's partner; everyone else gets 404."""

    def test(user, kwargs):
        agreements = access.restrict(SharingAgreement.objects.all(), user, "receive")
        return SharePackage.objects.filter(pk=kwargs.get("pk"), agreement__in=agreements).exists()

    return access.Rule("share-package:receive", test, hidden=lambda user, kw: not test(user, kw))


COVERAGE_RULE = _coverage_rule()
PACKAGE_RULE = _package_rule()


def _agreements(user, action="view"):
    coverage = AgreementCountry.objects.select_related("country", "approved_by")
    return (
        access.restrict(SharingAgreement.objects.all(), user, action)
        .select_related("partner", "created_by")
        .prefetch_related(Prefetch("coverage", queryset=coverage.order_by("country__name_es")))
    )


def _agreement(request, pk, action="view"):
    if action == "edit":
        return access.get_editable_or_403(
            _agreements(request.user), request.user, request=request, pk=pk
        )
    return access.get_visible_or_404(_agreements(request.user), request.user, pk=pk)


def _with_state(agreement, today):
    agreement.current_state = agreement.state(today)
    agreement.state_label = AgreementState(agreement.current_state).label
    agreement.state_badge = STATE_BADGES[agreement.current_state]
    return agreement


def _receives(user, agreement):
    return access.restrict(SharingAgreement.objects.filter(pk=agreement.pk), user, "receive")


def _refuse_unless_valid(request, agreement):
    if not agreement.is_valid():
        access.deny(
            request,
            agreement,
            reason=_("The agreement is not valid today: nothing is shared under it."),
        )


# --- the public key ------------------------------------------------------------------------


def public_key_context():
    key = sharepack.signing_key()
    return {
        "public_key_pem": sharepack.public_key_pem(key),
        "fingerprint": sharepack.fingerprint(key),
    }


@access.rule(access.PUBLIC)
@require_GET
def public_key(request):
    """The public half of the key that signs every share package, for partners to check
    them against."""
    response = HttpResponse(
        sharepack.public_key_pem(sharepack.signing_key()), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="coalition-share-public-key.pem"'
    return response


# --- agreements ----------------------------------------------------------------------------


@access.rule(access.SHARING_READER)
@require_GET
def agreement_list(request):
    today = timezone.localdate()
    agreements = [_with_state(a, today) for a in _agreements(request.user)]
    return render(
        request,
        "sentences/sharing/agreement_list.html",
        {
            "agreements": agreements,
            "can_create": access.is_regional_admin(request.user),
            **public_key_context(),
        },
    )


@access.rule(AGREEMENT_RULE)
@require_GET
def agreement_detail(request, pk):
    agreement = _with_state(_agreement(request, pk), timezone.localdate())
    mine = access.country_editor_country_ids(request.user)
    coverage = list(agreement.coverage.all())
    for row in coverage:
        row.can_approve = row.country_id in mine
    receives = _receives(request.user, agreement).exists()
    packages = list(agreement.packages.select_related("created_by")[:20])
    now = timezone.now()
    for package in packages:
        package.expired = package.expires <= now
    return render(
        request,
        "sentences/sharing/agreement_detail.html",
        {
            "agreement": agreement,
            "coverage": coverage,
            "packages": packages,
            "receives": receives,
            "can_edit": access.can_edit(request.user, agreement),
            "years": sharing.shared_years(agreement),
            "package_days": settings.SHARE_PACKAGE_DAYS,
            **public_key_context(),
        },
    )


class AgreementEdit:
    model = SharingAgreement
    related = ("partner", "created_by")
    form_class = SharingAgreementForm
    template_name = "sentences/sharing/agreement_form.html"
    context_object_name = "agreement"

    def save_related(self, agreement, form):
        """Cover the chosen countries. Changed terms need every country's approval again:
        each approval given is withdrawn, audited."""
        chosen = set(form.cleaned_data["countries"])
        rows = {row.country: row for row in agreement.coverage.select_related("country")}
        for country, row in rows.items():
            if country not in chosen:
                row.delete()
        for country in chosen - set(rows):
            AgreementCountry.objects.create(agreement=agreement, country=country)
        self.approvals_withdrawn = []
        if self.object is not None and form.has_changed():
            for row in agreement.coverage.select_related("country").exclude(approved_at=None):
                _withdraw(self.request, row, reason="terms changed")
                self.approvals_withdrawn.append(row.country.name)

    def saved(self, agreement):
        super().saved(agreement)
        if getattr(self, "approvals_withdrawn", None):
            messages.warning(
                self.request,
                _(
                    "The terms changed, so the approvals of %(countries)s were withdrawn: "
                    "their editors must approve the agreement again."
                )
                % {"countries": ", ".join(self.approvals_withdrawn)},
            )


class AgreementCreateView(AgreementEdit, generic.RecordCreateView):
    access_rule = access.REGIONAL_ADMIN
    created_message = gettext_lazy(
        "Sharing agreement created: the editors of the countries it covers can now approve it."
    )


class AgreementUpdateView(AgreementEdit, generic.RecordUpdateView):
    updated_message = gettext_lazy("Sharing agreement saved.")


# --- approval by each country --------------------------------------------------------------


def _approval_row(request, pk, iso2):
    agreement = _agreement(request, pk)
    row = AgreementCountry.objects.select_for_update().get(agreement=agreement, country__iso2=iso2)
    if not access.can_approve_sharing_for(request.user, row.country_id):
        access.deny(request, agreement, reason="sharing-agreement:approve")
    return agreement, row


def _withdraw(request, row, reason):
    before = {"approved_by": row.approved_by_id, "approved_at": row.approved_at}
    row.approved_by, row.approved_at = None, None
    row.save(update_fields=["approved_by", "approved_at"])
    audit.record(
        request,
        AuditAction.REOPEN,
        row,
        country=row.country,
        object_repr=f"{row.agreement.reference}: {row.country.iso2}",
        before=before,
        after={"approved_by": None, "approved_at": None, "reason": reason},
    )


@access.rule(COVERAGE_RULE)
@require_POST
def approve(request, pk, iso2):
    with transaction.atomic():
        agreement, row = _approval_row(request, pk, iso2)
        if row.approved_at is not None:
            messages.info(
                request, _("%(country)s had already approved it.") % {"country": row.country.name}
            )
            return redirect(agreement.get_absolute_url())
        row.approved_by, row.approved_at = request.user, timezone.now()
        row.save(update_fields=["approved_by", "approved_at"])
        audit.record(
            request,
            AuditAction.APPROVE,
            row,
            country=row.country,
            object_repr=f"{agreement.reference}: {row.country.iso2}",
            after={"approved_by": request.user.pk, "approved_at": row.approved_at},
        )
    messages.success(
        request,
        _(
            "Approved for %(country)s. The agreement is valid once every country it covers "
            "approves it."
        )
        % {"country": row.country.name},
    )
    return redirect(agreement.get_absolute_url())


@access.rule(COVERAGE_RULE)
@require_POST
def withdraw(request, pk, iso2):
    with transaction.atomic():
        agreement, row = _approval_row(request, pk, iso2)
        if row.approved_at is None:
            messages.info(
                request, _("%(country)s had not approved it.") % {"country": row.country.name}
            )
            return redirect(agreement.get_absolute_url())
        _withdraw(request, row, reason="withdrawn")
    messages.success(
        request,
        _(
            "Approval withdrawn for %(country)s: nothing is shared under this agreement until it "
            "approves again."
        )
        % {"country": row.country.name},
    )
    return redirect(agreement.get_absolute_url())


# --- what it shares ------------------------------------------------------------------------


def tables(rows):
    """The rows as the page shows them: per country and year, per indicator, the table by
    sex and age (with its totals), and the lists by citizenship and by form."""
    grouped = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        grouped[(row.country, row.year)][row.indicator][
            (row.dimension, row.category, row.sex, row.age)
        ] = row
    out = []
    for (country, year), indicators in grouped.items():
        blocks = []
        for indicator, cells in indicators.items():

            def cell(key, c=country, y=year, i=indicator, found=cells):
                # A figure not listed is zero.
                return found.get(key) or sharing.Row(c, y, i, *key, ZERO)

            sex_rows = []
            for sex in [*SEXES, TOTAL]:
                sex_rows.append(
                    (
                        cell((Dimension.TOTAL, TOTAL, sex, TOTAL)),
                        [cell((Dimension.TOTAL, TOTAL, sex, age)) for age in AGES],
                        cell((Dimension.TOTAL, TOTAL, sex, TOTAL)),
                    )
                )
            blocks.append(
                {
                    "indicator": Indicator(indicator).label,
                    "sex_rows": sex_rows,
                    "by_citizenship": [
                        r for k, r in cells.items() if k[0] == Dimension.CITIZENSHIP
                    ],
                    "by_form": [r for k, r in cells.items() if k[0] == Dimension.EXPLOITATION],
                }
            )
        out.append({"country": country, "year": year, "blocks": blocks})
    return out


@access.rule(AGREEMENT_RULE)
@require_GET
def agreement_statistics(request, pk):
    """The statistics the agreement shares, as its packages hold them. A partner reads them
    only while the agreement is valid."""
    agreement = _with_state(_agreement(request, pk), timezone.localdate())
    if _receives(request.user, agreement).exists():
        _refuse_unless_valid(request, agreement)
    k = disclosure.min_count()
    return render(
        request,
        "sentences/sharing/agreement_statistics.html",
        {
            "agreement": agreement,
            "tables": tables(sharing.shared_rows(agreement)),
            "ages": [FigureAge(age).label for age in AGES],
            "k": k,
            "years": sharing.shared_years(agreement),
        },
    )


# --- packages ------------------------------------------------------------------------------


@access.rule(RECEIVE_RULE)
@require_POST
def package_generate(request, pk):
    agreement = _agreement(request, pk)
    _refuse_unless_valid(request, agreement)
    package = sharing.generate(request, agreement)
    messages.success(
        request,
        _("Package generated: download it before %(moment)s.")
        % {"moment": timezone.localtime(package.expires).strftime("%Y-%m-%d %H:%M")},
    )
    return redirect(f"{agreement.get_absolute_url()}#packages")


@access.rule(PACKAGE_RULE)
@require_GET
def package_download(request, pk):
    package = SharePackage.objects.select_related("agreement").get(pk=pk)
    agreement = package.agreement
    if package.expires <= timezone.now():
        access.deny(request, agreement, reason=_("This package has expired: generate a new one."))
    _refuse_unless_valid(request, agreement)
    with package.file.open("rb") as stored:
        content = stored.read()
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            package,
            after={
                "event": "share package downloaded",
                "agreement": agreement.reference,
                "sha256": package.sha256,
            },
        )
    content_type = "application/octet-stream" if package.encrypted else "application/zip"
    return files.download_response(content, content_type, sharing.file_name(package))
