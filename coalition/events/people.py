"""Recognising the same person across events.

A participant is the same person when the name and the institution match once folded
(case, accents, punctuation and spacing ignored) or when the e-mail address matches. The
institution typed on a sign-in sheet is matched to the directory when it can be ("PJ",
"Poder Judicial" and "poder judicial" are one institution), so that its canonical name is
what identifies the person. Attendance typed by hand and attendance imported from a file
both go through ``PeopleIndex``.
"""

from dataclasses import dataclass

from django.db.models import Q

from coalition.core.models import Organization
from coalition.events.models import Participant, identity_key


@dataclass
class Person:
    """One person as written on an attendance list, checked but not yet saved."""

    name: str
    sex: str
    organization_name: str
    profession: str
    country: object  # core.Country
    email: str = ""
    phone: str = ""


class PeopleIndex:
    """Finds the participant a ``Person`` is, with a handful of queries for a whole list.

    ``prepare`` loads the candidates for every person of a list at once; ``find`` then
    answers from memory.
    """

    def __init__(self):
        self._by_identity = {}
        self._by_email = {}
        self._organizations = None

    # --- institutions ---------------------------------------------------------------------

    def _load_organizations(self):
        if self._organizations is None:
            self._organizations = list(
                Organization.objects.select_related("country").only(
                    "pk", "name", "acronym", "country__id", "country__is_regional"
                )
            )
        return self._organizations

    def organization_for(self, text, country):
        """The directory's institution that ``text`` names for someone of ``country``:
        its name anywhere, or its acronym in that country or at the regional level; None
        when nothing or more than one institution matches."""
        key = identity_key(text)
        if not key:
            return None
        organizations = self._load_organizations()
        named = [o for o in organizations if identity_key(o.name) == key]
        if len(named) == 1:
            return named[0]
        by_acronym = [o for o in organizations if o.acronym and identity_key(o.acronym) == key]
        for scope in (
            lambda o: o.country_id == getattr(country, "pk", None),
            lambda o: o.country.is_regional,
        ):
            found = [o for o in by_acronym if scope(o)]
            if len(found) == 1:
                return found[0]
        return None

    def canonical(self, person):
        """``person`` with its institution named as in the directory when it is there;
        returns the directory's institution (or None)."""
        organization = self.organization_for(person.organization_name, person.country)
        if organization is not None:
            person.organization_name = organization.name
        return organization

    # --- participants ---------------------------------------------------------------------

    def prepare(self, people):
        """Load, in two queries, the participants that any of ``people`` could be."""
        identities = {(identity_key(p.name), identity_key(p.organization_name)) for p in people}
        emails = {p.email.lower() for p in people if p.email}
        names = {name for name, _ in identities}
        if names:
            for participant in Participant.objects.filter(name_key__in=names):
                key = (participant.name_key, participant.organization_key)
                if key in identities:
                    self._by_identity[key] = participant
        if emails:
            for participant in Participant.objects.filter(email__in=emails):
                self._by_email[participant.email] = participant

    def find(self, person):
        """``(participant, conflict)``: the participant ``person`` is (or None), and the
        participant it clashes with when its e-mail belongs to one person and its name and
        institution to another."""
        by_email = self._by_email.get(person.email.lower()) if person.email else None
        by_identity = self._by_identity.get(
            (identity_key(person.name), identity_key(person.organization_name))
        )
        if by_email and by_identity and by_email.pk != by_identity.pk:
            return by_email, by_identity
        return by_email or by_identity, None

    def remember(self, participant):
        self._by_identity[(participant.name_key, participant.organization_key)] = participant
        if participant.email:
            self._by_email[participant.email] = participant


def participant_from(person, organization):
    """A new, unsaved participant for ``person``."""
    return Participant(
        name=person.name,
        sex=person.sex,
        organization=organization,
        organization_name=person.organization_name,
        profession=person.profession,
        country=person.country,
        email=person.email.lower(),
        phone=person.phone,
    )


def same_person_query(name, organization_name, email=""):
    """A Q that finds the participants matching a name and institution, or an e-mail."""
    query = Q(name_key=identity_key(name), organization_key=identity_key(organization_name))
    if email:
        query |= Q(email=email.strip().lower())
    return query
