"""What a user holds: its memberships reduced to the grants that access decisions need,
computed once per request. ``core.access`` decides from these (and re-exports every name
here, so ``access.standing`` and the role sets keep working); this module imports nothing
of it.
"""

from dataclasses import dataclass, field
from functools import cached_property

from coalition.core.choices import Role

# Roles whose holders may read sentence records, and who therefore must use two-factor.
SENTENCE_READER_ROLES = frozenset({Role.REGIONAL_ADMIN, Role.COUNTRY_EDITOR})
TWO_FACTOR_ROLES = SENTENCE_READER_ROLES
# Roles that read and write country data (their own countries).
DATA_ROLES = frozenset({Role.REGIONAL_ADMIN, Role.COUNTRY_EDITOR, Role.CONTRIBUTOR})
EDIT_ROLES = DATA_ROLES
APPROVE_ROLES = frozenset({Role.REGIONAL_ADMIN, Role.COUNTRY_EDITOR})
EXPORT_ROLES = frozenset({Role.REGIONAL_ADMIN, Role.COUNTRY_EDITOR})


# --- what a user holds -------------------------------------------------------------------


@dataclass(frozen=True)
class Grant:
    """One membership reduced to what access decisions need."""

    country_id: int
    regional: bool
    role: str
    organization_id: int | None


@dataclass
class Standing:
    """A user's memberships, computed once per request and cached on the user object."""

    grants: list[Grant] = field(default_factory=list)

    def roles(self):
        return {g.role for g in self.grants}

    def has(self, *roles, regional=None):
        return any(
            g.role in roles and (regional is None or g.regional == regional) for g in self.grants
        )

    def country_ids(self, roles):
        """Countries where the user holds one of ``roles``; None means every country."""
        ids = set()
        for g in self.grants:
            if g.role not in roles:
                continue
            if g.regional and g.role == Role.REGIONAL_ADMIN:
                return None
            ids.add(g.country_id)
        return ids

    @cached_property
    def regional_id(self):
        """The regional level's id, which every data role and partner reads: read once per
        request (from the grants when one is regional)."""
        for g in self.grants:
            if g.regional:
                return g.country_id
        from coalition.core.models import Country

        return Country.objects.filter(is_regional=True).values_list("pk", flat=True).first()


def standing(user):
    if user is None or not user.is_authenticated or not user.is_active:
        return Standing()
    cached = getattr(user, "_coalition_standing", None)
    if cached is None:
        cached = Standing(
            [
                Grant(m.country_id, m.country.is_regional, m.role, m.organization_id)
                for m in user.memberships.select_related("country").filter(country__active=True)
            ]
        )
        user._coalition_standing = cached
    return cached


def forget(user):
    """Drop the cached standing (after memberships change)."""
    if hasattr(user, "_coalition_standing"):
        del user._coalition_standing


def is_member(user):
    return bool(standing(user).grants)


def is_regional_admin(user):
    return standing(user).has(Role.REGIONAL_ADMIN, regional=True)


def can_read_audit(user):
    return standing(user).has(Role.REGIONAL_ADMIN, Role.AUDITOR, regional=True)


def can_manage_users(user):
    return is_regional_admin(user)


def requires_two_factor(user):
    return standing(user).has(*TWO_FACTOR_ROLES)


def two_factor_satisfied(user):
    """Verified this session, or neither required by role nor chosen by the user.

    Whoever enrolled an authenticator confirms every sign-in with it, required or not.
    """
    is_verified = getattr(user, "is_verified", None)
    if is_verified and is_verified():
        return True
    if requires_two_factor(user):
        return False
    from django_otp import user_has_device

    return not user_has_device(user)
