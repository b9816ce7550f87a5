"""Who may see, edit, approve or export what: the one place that decides.

Every view, export and API endpoint asks this module. Views declare a *rule* (with the
``rule`` decorator, the ``RuleMixin`` or a viewset's ``access_rule``) and look objects up
through ``get_visible_or_404`` / ``get_editable_or_403``; querysets are narrowed with
``restrict`` (``Model.objects.visible_to(user)`` is a shortcut to it). The URL sweep test
reads the declared rules back to prove that nothing answers a persona it should not.

Answers: outsiders (the object is not in their scope) get 404, so the existence of
another country's record is not revealed; signed-in users who may see but not change get
403; anonymous visitors are sent to the sign-in page (401/403 on the API).
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from rest_framework import permissions

from coalition.core.choices import Role
from coalition.core.standing import (  # noqa: F401 (names every caller reads from access)
    APPROVE_ROLES,
    DATA_ROLES,
    EDIT_ROLES,
    EXPORT_ROLES,
    SENTENCE_READER_ROLES,
    TWO_FACTOR_ROLES,
    Grant,
    Standing,
    can_manage_users,
    can_read_audit,
    forget,
    is_member,
    is_regional_admin,
    requires_two_factor,
    standing,
    two_factor_satisfied,
)
from coalition.lib.text import int_or_none

# --- countries ---------------------------------------------------------------------------


def visible_country_ids(user):
    """Countries whose data the user may read; None means all of them.

    Data roles read their own countries and the regional level; partners read the
    regional level (aggregates); auditors read the audit log only, no country data.
    """
    st = standing(user)
    ids = st.country_ids(DATA_ROLES)
    if ids is None:
        return None
    if st.has(*DATA_ROLES, Role.PARTNER) and st.regional_id is not None:
        ids.add(st.regional_id)
    return ids


def editable_country_ids(user):
    return standing(user).country_ids(EDIT_ROLES)


def approvable_country_ids(user):
    return standing(user).country_ids(APPROVE_ROLES)


def exportable_country_ids(user):
    return standing(user).country_ids(EXPORT_ROLES)


def sentence_country_ids(user):
    """Countries whose record-level sentences the user may read and change: their country
    editors' and, for the regional administrator, all (None). Nobody else: not partners,
    contributors, auditors or the public, whatever else they read."""
    return standing(user).country_ids(SENTENCE_READER_ROLES)


def people_country_ids(user):
    """Countries whose people (participants of events, contacts) the user may read by name
    and contact: the data roles' own countries and the regional level (shared by every
    member); None means all. Partners and auditors see counts only."""
    st = standing(user)
    ids = st.country_ids(DATA_ROLES)
    if ids and st.regional_id is not None:
        ids.add(st.regional_id)
    return ids


def sees_exact_counts(user, country_id):
    """May ``user`` see the exact counts of people (victims, defendants) of ``country_id``?

    Only that country's data roles and the regional administrator. Everyone else who sees
    such figures (partners, other countries' members, auditors, the public; in pages,
    exports, the API and shares) sees them through ``lib.disclosure``: small counts as
    ``<5``, with complementary suppression.
    """
    ids = standing(user).country_ids(DATA_ROLES)
    return ids is None or country_id in ids


def sees_attendees(user, obj):
    """May the user read who attended ``obj`` (an event they can see)? Data roles only:
    partners and the public see attendance counts."""
    return people_country_ids(user) != set() and can_view(user, obj)


def _country_ids_for(user, action):
    return {
        "view": visible_country_ids,
        "people": people_country_ids,
        "edit": editable_country_ids,
        "approve": approvable_country_ids,
        "export": exportable_country_ids,
    }[action](user)


# --- querysets and objects ---------------------------------------------------------------


def restrict(queryset, user, action="view"):
    """Narrow a queryset of country-scoped rows to those ``user`` may ``action``.

    Models of personal data (``personal_data = True``: participants, contacts) are seen
    only by the data roles of their country, whatever else the user reads. Record-level
    sentences (``sentence_records = True``) are seen and changed by their country's editors
    and the regional administrators only (``sentence_country_ids``), for every action.
    Models marked ``editors_only`` are changed by their country's editors and the regional
    administrators, never by contributors; ``shared_once_approved`` ones are read by every
    reader once approved (``_restrict_shared_once_approved``). Referrals between offices
    (``between_offices``) follow ``_restrict_between_offices``. Models that name partners
    (``partner_named_via``) are read by partners only where they are named
    (``partner_scope``).
    """
    if not is_member(user):
        return queryset.none()
    if action == "view" and getattr(queryset.model, "partner_named_via", None):
        return _restrict_named_partners(queryset, user)
    return _restrict(queryset, user, action)


def _restrict(queryset, user, action):
    if getattr(queryset.model, "sentence_records", False):
        ids = sentence_country_ids(user)
        return queryset if ids is None else queryset.filter(country_id__in=ids)
    if getattr(queryset.model, "sharing_agreement", False):
        return _restrict_sharing(queryset, user, action)
    between = getattr(queryset.model, "between_offices", None)
    if between is not None:
        return _restrict_between_offices(queryset, user, action, between)
    if action == "edit" and getattr(queryset.model, "editors_only", False):
        ids = approvable_country_ids(user)
        return queryset if ids is None else queryset.filter(country_id__in=ids)
    shared = getattr(queryset.model, "shared_once_approved", None)
    if shared and action == "view":
        return _restrict_shared_once_approved(queryset, user, *shared)
    if action == "edit":
        return _restrict_edit(queryset, user)
    if action == "view" and getattr(queryset.model, "personal_data", False):
        action = "people"
    ids = _country_ids_for(user, action)
    if ids is None:
        return queryset
    return queryset.filter(country_id__in=ids)


def _restrict_shared_once_approved(queryset, user, kind, year_field):
    """Rows of a country's yearly data approved through ``core.approvals`` (models with
    ``shared_once_approved = (kind, year field)``: the Palermo assessments, the yearly
    progress reports): its country's data roles read it while it is being written; once
    its year is approved, every reader (members, and partners where the model names them:
    ``partner_scope``) does."""
    own = people_country_ids(user)
    if own is None:
        return queryset
    allowed = Q(country_id__in=own)
    if visible_country_ids(user) != set():
        allowed |= Q(Exists(_approved(kind).filter(year=OuterRef(year_field))))
    return queryset.filter(allowed)


# --- what partners read where they are named ------------------------------------------
# A partner organization (IOM, Save the Children, Interpol) reads no country's data, except
# in models that name it: ``partner_named_via`` is the path from the model to the
# organizations named on its record (the items of the activity a progress row reports on).
# There a partner reads, of every country, the rows of approved years only
# (``shared_once_approved``), and, for files (``partner_shared_once_approved = (approval
# kind, flag)``), those whose country shares them (the flag) and has an approved report,
# besides the regional level's own files, which every partner reads.


def partner_scope(model, organization_ids):
    """A ``Q`` over the rows of ``model`` (one with ``partner_named_via``) that a partner of
    ``organization_ids`` reads: also what a regional administrator looks at to see what a
    partner sees."""
    organization_ids = {pk for pk in organization_ids if pk is not None}
    if not organization_ids:
        return Q(pk__in=[])
    named = model._default_manager.filter(
        **{f"{model.partner_named_via}__in": organization_ids}
    ).values("pk")
    allowed = Q(pk__in=named)  # a subquery: the join through the items repeats rows
    shared = getattr(model, "shared_once_approved", None)
    if shared:
        kind, year_field = shared
        allowed &= Q(Exists(_approved(kind).filter(year=OuterRef(year_field))))
    files = getattr(model, "partner_shared_once_approved", None)
    if files:
        kind, flag = files
        allowed &= Q(**{flag: True}) & Q(Exists(_approved(kind)))
    return allowed


def _approved(kind):
    """The approvals of ``kind`` approved for the outer row's country."""
    from coalition.core.choices import ApprovalState
    from coalition.core.models import Approval

    return Approval.objects.filter(
        kind=kind, state=ApprovalState.APPROVED, country_id=OuterRef("country_id")
    )


def _restrict_named_partners(queryset, user):
    """A user without a data role (a partner; the auditor, who has no organization to be
    named, reads nothing) reads only the rows naming its organization; a user with a data
    role reads the usual rows, and also those naming it if it is a partner as well."""
    organizations = partner_organization_ids(user)
    if not standing(user).has(*DATA_ROLES):
        allowed = partner_scope(queryset.model, organizations)
        if not getattr(queryset.model, "shared_once_approved", None):
            # The regional level's own records (its evidence files), which every partner
            # reads; approved yearly data, the regional level's too, only where named.
            allowed |= Q(country_id__in=visible_country_ids(user))
        return queryset.filter(allowed)
    if not organizations:
        return _restrict(queryset, user, "view")
    everyone = _restrict(queryset.model._default_manager.all(), user, "view")
    return queryset.filter(
        Q(pk__in=everyone.values("pk")) | partner_scope(queryset.model, organizations)
    )


def _restrict_edit(queryset, user):
    """Editors and admins change every row of their countries; a contributor only the rows
    of its own institution, in models that say which field names the institution
    (``owner_organization_field``), and every row of its country in models that don't."""
    st = standing(user)
    managed = st.country_ids(APPROVE_ROLES)
    if managed is None:
        return queryset
    allowed = Q(country_id__in=managed)
    field = getattr(queryset.model, "owner_organization_field", None)
    for grant in st.grants:
        if grant.role != Role.CONTRIBUTOR or grant.country_id in managed:
            continue
        if field is None:
            allowed |= Q(country_id=grant.country_id)
        elif grant.organization_id is not None:
            allowed |= Q(country_id=grant.country_id, **{field: grant.organization_id})
    return queryset.filter(allowed)


# --- sharing agreements -------------------------------------------------------------------
# A sharing agreement (models with ``sharing_agreement = True``: a ``partner`` organization
# and the countries it covers through ``coverage__country``) belongs to no one country. The
# regional administrators see and change every one; a partner sees its own organization's;
# a country editor sees those that cover its country, and approves it for that country.


def partner_organization_ids(user):
    """The organizations a user receives shares for, as a partner."""
    return {
        g.organization_id
        for g in standing(user).grants
        if g.role == Role.PARTNER and g.organization_id is not None
    }


def country_editor_country_ids(user):
    """The countries a user edits as their country editor (not as regional administrator):
    those it may approve a sharing agreement for."""
    return {g.country_id for g in standing(user).grants if g.role == Role.COUNTRY_EDITOR}


def _restrict_sharing(queryset, user, action):
    if action == "edit":
        return queryset if is_regional_admin(user) else queryset.none()
    if action == "approve":
        allowed = Q(coverage__country_id__in=country_editor_country_ids(user))
    elif action == "receive":
        allowed = Q(partner_id__in=partner_organization_ids(user))
    elif is_regional_admin(user):
        return queryset
    else:
        allowed = Q(partner_id__in=partner_organization_ids(user)) | Q(
            coverage__country_id__in=country_editor_country_ids(user)
        )
    # A subquery rather than DISTINCT: the join through the countries repeats rows.
    return queryset.filter(pk__in=queryset.model._default_manager.filter(allowed).values("pk"))


# --- referrals between victim-assistance offices --------------------------------------------
# A referral (models with ``between_offices``: the path from the model to the referral, ""
# for the referral itself, "referral__" for its steps and messages) goes from one office
# (an organization) to another, often of another country. It is seen by the people of
# those two organizations, the country editors of their two countries and the regional
# administrators; everyone else gets 404. The regional administrators read it and never act
# on it; the others act for the side they belong to (``office_sides``).


def office_ids(user):
    """The organizations a user works for (the memberships that name one; the auditor's
    never counts): the offices whose referrals it sees and acts on."""
    return {
        g.organization_id
        for g in standing(user).grants
        if g.organization_id is not None and g.role != Role.AUDITOR
    }


def office_scope(user):
    """A ``Q`` over organizations: those ``user`` sends referrals for (its own
    organizations, and every organization of the countries it edits as country editor)."""
    return Q(pk__in=office_ids(user)) | Q(country_id__in=country_editor_country_ids(user))


def _restrict_between_offices(queryset, user, action, path):
    if action == "view" and is_regional_admin(user):
        return queryset
    if action not in ("view", "edit"):
        return queryset.none()
    offices, editors = office_ids(user), country_editor_country_ids(user)
    allowed = (
        Q(**{f"{path}sender_id__in": offices})
        | Q(**{f"{path}receiver_id__in": offices})
        | Q(**{f"{path}country_id__in": editors})
        | Q(**{f"{path}receiving_country_id__in": editors})
    )
    return queryset.filter(allowed)


def office_sides(user, referral):
    """The sides of ``referral`` (``"sending"``, ``"receiving"``) that ``user`` acts for:
    as one of that office's people, or as its country's editor."""
    offices, editors = office_ids(user), country_editor_country_ids(user)
    sides = set()
    if referral.sender_id in offices or referral.country_id in editors:
        sides.add("sending")
    if referral.receiver_id in offices or referral.receiving_country_id in editors:
        sides.add("receiving")
    return sides


def works_with_referrals(user):
    """May ``user`` open the coordination pages at all (its list may still be empty)?"""
    return is_regional_admin(user) or bool(office_ids(user) or country_editor_country_ids(user))


def can_approve_sharing_for(user, country_id):
    """May ``user`` approve a sharing agreement on behalf of this country?"""
    return country_id in country_editor_country_ids(user)


def contributor_organization_ids(user):
    """The institutions a user who is only a contributor writes for; None for anyone who
    also edits or manages a country (what they may write is then their countries')."""
    st = standing(user)
    if st.has(*APPROVE_ROLES):
        return None
    ids = {g.organization_id for g in st.grants if g.role == Role.CONTRIBUTOR}
    return {pk for pk in ids if pk is not None} if ids else None


def _allowed(user, obj, action):
    model = type(obj)
    return restrict(model._default_manager.filter(pk=obj.pk), user, action).exists()


def can_view(user, obj):
    return _allowed(user, obj, "view")


def can_edit(user, obj):
    return _allowed(user, obj, "edit")


def can_approve(user, obj):
    return _allowed(user, obj, "approve")


def can_export(user, country=None):
    ids = exportable_country_ids(user)
    if ids is None:
        return True
    return bool(ids) if country is None else country.pk in ids


def can_edit_country(user, country):
    ids = editable_country_ids(user)
    return ids is None or country.pk in ids


def manages_regional_level(user):
    """May create and approve the regional level's records: the regional administrator,
    or whoever edits the regional level as a country (the consolidation of SWOTs)."""
    ids = approvable_country_ids(user)
    if ids is None:
        return True
    return bool(ids) and standing(user).regional_id in ids


def can_manage_country(user, country):
    """May create and approve records of ``country`` (regional admin, country editor)."""
    ids = approvable_country_ids(user)
    return ids is None or country.pk in ids


def can_name_a_row(value):
    """False for a number (an ``<int:pk>`` of a URL, which may be any length) that no
    database can hold: no row has it, and looking it up through a relation would fail."""
    return not isinstance(value, int) or int_or_none(value) is not None


# --- pages of records, and the public ones ------------------------------------------------
# A record flagged ``public`` (an institution or an institutional line listed on the public
# help page) of a model that declares ``has_public_page`` has a page every reader may open:
# it shows its public fields only to those who may not see all of it. Lists link a record
# only when ``can_open`` says its reader may open the page.


def sees_in_full(user, obj):
    """May ``user`` read all of ``obj``, a row with a ``country``? Decided from the user's
    standing, without a query, as ``restrict`` decides it for ``view``."""
    if not is_member(user):
        return False
    if getattr(type(obj), "sentence_records", False):
        ids = sentence_country_ids(user)
    else:
        action = "people" if getattr(type(obj), "personal_data", False) else "view"
        ids = _country_ids_for(user, action)
    return ids is None or obj.country_id in ids


def is_public_record(obj):
    return bool(getattr(type(obj), "has_public_page", False) and getattr(obj, "public", False))


def can_open(user, obj):
    """May ``user`` open the page of ``obj``: all of it, or its public fields?"""
    return sees_in_full(user, obj) or (is_public_record(obj) and READER.allows(user))


def openable(queryset, user):
    """The rows of ``queryset`` whose page ``user`` may open (``can_open``)."""
    visible = restrict(queryset, user)
    if getattr(queryset.model, "has_public_page", False) and READER.allows(user):
        return visible | queryset.filter(public=True)
    return visible


def get_openable_or_404(queryset, user, **lookup):
    if not all(map(can_name_a_row, lookup.values())):
        raise Http404
    try:
        return openable(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def get_visible_or_404(queryset, user, **lookup):
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    if not all(map(can_name_a_row, lookup.values())):
        raise Http404
    try:
        return restrict(queryset, user, "view").get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def get_editable_or_403(queryset, user, *, request=None, **lookup):
    """Outsiders get 404; those who may see the object but not change it get 403."""
    obj = get_visible_or_404(queryset, user, **lookup)
    if not can_edit(user, obj):
        deny(request, obj)
    return obj


def deny(request, obj=None, reason=""):
    """Record a refused attempt and answer 403."""
    from coalition.core import audit

    if request is not None:
        audit.record(
            request, "permission_denied", obj, after={"path": request.path, "reason": reason}
        )
    raise PermissionDenied(reason)


def recheck_editable(user, obj):
    """Inside a save's transaction: is the object still within what the user may edit?

    Catches a form that moved a record to a country outside the user's scope.
    """
    if not can_edit(user, obj):
        raise PermissionDenied("The record is outside your scope.")


# --- rules declared by views -------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """Who may open a URL at all. ``allows`` sees the user and the URL's kwargs."""

    name: str
    test: object  # callable(user, kwargs) -> bool
    hidden: object = None  # callable(user, kwargs) -> bool: the object is out of scope (404)

    def allows(self, user, kwargs=None):
        return bool(self.test(user, kwargs or {}))

    def hides(self, user, kwargs=None):
        return bool(self.hidden and self.hidden(user, kwargs or {}))


PUBLIC = Rule("public", lambda user, kw: True)
SIGNED_IN = Rule("signed-in", lambda user, kw: user.is_authenticated)
MEMBER = Rule("member", lambda user, kw: is_member(user))
# Reads country data: every role but the auditor (who reads the audit log only).
READER = Rule("reader", lambda user, kw: visible_country_ids(user) != set())
REGIONAL_ADMIN = Rule("regional-admin", lambda user, kw: is_regional_admin(user))
AUDIT_READER = Rule("audit-reader", lambda user, kw: can_read_audit(user))
EDITOR = Rule("editor", lambda user, kw: editable_country_ids(user) != set())
MANAGER = Rule("manager", lambda user, kw: approvable_country_ids(user) != set())
# Downloads exports of the countries it manages (each export narrows to those).
EXPORTER = Rule("exporter", lambda user, kw: can_export(user))
REGIONAL_MANAGER = Rule("regional-manager", lambda user, kw: manages_regional_level(user))
# Reads and writes record-level sentences: country editors and regional administrators.
SENTENCE_READER = Rule("sentence-reader", lambda user, kw: sentence_country_ids(user) != set())
# Sees sharing agreements: regional administrators, country editors and partners.
SHARING_READER = Rule(
    "sharing-reader",
    lambda user, kw: (
        is_regional_admin(user)
        or bool(country_editor_country_ids(user) or partner_organization_ids(user))
    ),
)
# Opens the coordination between offices: the regional administrators, country editors
# and whoever works for an organization (what each sees is narrowed by ``restrict``).
OFFICE = Rule("office", lambda user, kw: works_with_referrals(user))
# Sends referrals: whoever acts for an office (its people, its country's editors).
SENDER = Rule(
    "sender",
    lambda user, kw: bool(office_ids(user) or country_editor_country_ids(user)),
)
# Opens the page of the activities naming its organization: partners, and the regional
# administrators (who choose an organization to see what its partner sees).
NAMED_PARTNER = Rule(
    "named-partner",
    lambda user, kw: is_regional_admin(user) or bool(partner_organization_ids(user)),
)
# Reads people's names and contacts (participants): the data roles, not partners.
PEOPLE_READER = Rule("people-reader", lambda user, kw: people_country_ids(user) != set())


def object_rule(model, action="view", lookup="pk", field="pk"):
    """A rule for URLs that name one country-scoped object.

    Those who cannot see the object get 404; those who see it but may not ``action`` it
    get 403.
    """

    def allowed_for(act):
        def test(user, kwargs):
            if not can_name_a_row(kwargs.get(lookup)):
                return False
            queryset = restrict(model._default_manager.all(), user, act)
            return queryset.filter(**{field: kwargs.get(lookup)}).exists()

        return test

    visible = allowed_for("view")
    return Rule(
        f"{model._meta.label_lower}:{action}",
        allowed_for(action),
        hidden=lambda user, kwargs: not visible(user, kwargs),
    )


def page_rule(model, lookup="pk"):
    """A rule for the page of one record that may be public (``can_open``): whoever may
    open it passes, everyone else gets 404."""

    def test(user, kwargs):
        if not can_name_a_row(kwargs.get(lookup)):
            return False
        queryset = openable(model._default_manager.all(), user)
        return queryset.filter(pk=kwargs.get(lookup)).exists()

    return Rule(f"{model._meta.label_lower}:open", test, hidden=lambda user, kw: not test(user, kw))


def shared_rule(model, base, lookup="pk"):
    """A rule for URLs that name one row that belongs to no country and that everyone
    ``base`` allows reads (an indicator framework): they pass when the row exists; everyone
    else, and a row that does not exist, gets 404."""

    def test(user, kwargs):
        if not base.allows(user, kwargs) or not can_name_a_row(kwargs.get(lookup)):
            return False
        return model._default_manager.filter(pk=kwargs.get(lookup)).exists()

    return Rule(
        f"{model._meta.label_lower}:{base.name}", test, hidden=lambda user, kw: not test(user, kw)
    )


def owner_rule(model, field="user", lookup="pk", regional_admin=False):
    """A rule for URLs that name a row belonging to one user (a calendar feed, a background
    job): anyone else gets 404, as if it did not exist. With ``regional_admin``, the
    regional administrator may open everyone's."""

    def owns(user, kwargs):
        if not user.is_authenticated or not can_name_a_row(kwargs.get(lookup)):
            return False
        rows = model._default_manager.filter(pk=kwargs.get(lookup))
        if regional_admin and is_regional_admin(user):
            return rows.exists()
        return rows.filter(**{field: user}).exists()

    return Rule(
        f"{model._meta.label_lower}:owner", owns, hidden=lambda user, kw: not owns(user, kw)
    )


def country_rule(action="edit", lookup="iso2"):
    """A rule for URLs that name a country by its ISO code (``lookup``): those who cannot
    see that country's data get 404, those who see it but may not ``action`` it get 403."""

    def country_id(kwargs):
        from coalition.core.models import Country

        code = kwargs.get(lookup)
        return Country.objects.active().filter(iso2=code).values_list("pk", flat=True).first()

    def allowed_for(act):
        def test(user, kwargs):
            ids = _country_ids_for(user, act)
            if ids is not None and not ids:
                return False
            pk = country_id(kwargs)
            return pk is not None and (ids is None or pk in ids)

        return test

    visible = allowed_for("view")
    return Rule(
        f"country:{action}", allowed_for(action), hidden=lambda user, kw: not visible(user, kw)
    )


def rule(access_rule):
    """Decorate a function view with the rule that guards it."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            return enforce(access_rule, request, kwargs) or view(request, *args, **kwargs)

        wrapper.access_rule = access_rule
        return wrapper

    return decorator


def enforce(access_rule, request, kwargs):
    """None when the rule lets the request through; otherwise redirect, 404 or 403."""
    if access_rule.allows(request.user, kwargs):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if access_rule.hides(request.user, kwargs):
        raise Http404
    deny(request, reason=access_rule.name)


class RuleMixin:
    """For class-based views: set ``access_rule``; dispatch enforces it."""

    access_rule = None

    def dispatch(self, request, *args, **kwargs):
        if self.access_rule is None:
            raise PermissionDenied("This view declares no access rule.")
        refused = enforce(self.access_rule, request, kwargs)
        return refused or super().dispatch(request, *args, **kwargs)


# Third-party URLs that carry no rule of their own, by URL name or namespace.
DECLARED = {
    "admin": REGIONAL_ADMIN,
    "set_language": PUBLIC,
}


def rule_for(callback, url_name=None, namespace=None):
    """The rule a URL's view declares, or the one declared here for it; None if neither."""
    for holder in (callback, getattr(callback, "view_class", None), getattr(callback, "cls", None)):
        found = getattr(holder, "access_rule", None)
        if isinstance(found, Rule):
            return found
    for key in (url_name, namespace):
        if key in DECLARED:
            return DECLARED[key]
    return None


# --- API ---------------------------------------------------------------------------------


class ApiMemberPermission(permissions.BasePermission):
    """DRF permission that applies the viewset's ``access_rule`` (deny when none).

    Writes must also pass the viewset's ``write_rule`` when it declares one, so that
    read-only users get 403 rather than a validation error about the country.
    """

    def has_permission(self, request, view):
        access_rule = getattr(view, "access_rule", None)
        if access_rule is None:
            return False
        kwargs = getattr(view, "kwargs", {})
        if request.method not in permissions.SAFE_METHODS:
            if access_rule is PUBLIC:
                return False
            write_rule = getattr(view, "write_rule", None)
            if write_rule is not None and not write_rule.allows(request.user, kwargs):
                return False
        return access_rule.allows(request.user, kwargs)

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return can_edit(request.user, obj)
