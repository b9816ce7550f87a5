"""Who an entry of a plan names: the countries, the regional level and the organizations in
"Belice y Nicaragua", "ST Regional", "OIM y Save the Children (marzo 2012)"...

The text stays as written; ``PartyLinker.link`` only finds the records it names, so that
the dashboard can filter by country and the reminders can find who is responsible. Build
one linker per load: it reads the countries and organizations once.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Q

from coalition.core.choices import Axis, OrganizationKind
from coalition.core.models import Country, Organization
from coalition.lib.text import fold

# Phrases (folded) that name every country of the coalition rather than one of them.
EVERY_COUNTRY = [
    "cada pais",
    "cada coalicion",
    "coaliciones nacionales",
    "secretarias locales",
    "secretarias tecnicas nacionales",
    "each country",
    "every country",
    "national coalitions",
    "local secretariats",
]

# Phrases (folded) that name the regional level: "ST Regional", "Coalición Regional",
# "Secretaría Regional", and "Secretaría Técnica" (the regional one, unless it says which
# country's it is).
REGIONAL = [
    r"\bregional\b",
    r"\bsecretaria tecnica\b(?! (nacional|local|de cada|de (el|la|los|las) ))",
    r"\btechnical secretariat\b(?! of (each|every|the country))",
]

# Bodies that the 2012 seed names; the loader makes sure they exist at the regional level
# so that a fresh database links them, and links them the same before and after load_demo
# (which creates the Regional Technical Secretariat under the same name).
SEED_ORGANIZATIONS = [
    (
        "Secretaría Técnica Regional de la Coalición",
        "ST Regional",
        OrganizationKind.GOVERNMENT,
        [Axis.COORDINATION],
    ),
    (
        "Organización Internacional para las Migraciones",
        "OIM",
        OrganizationKind.INTERNATIONAL,
        [Axis.PREVENTION, Axis.ATTENTION, Axis.REPATRIATION],
    ),
    ("Save the Children", "", OrganizationKind.NGO, [Axis.PREVENTION, Axis.ATTENTION]),
    (
        "Organización Internacional de Policía Criminal",
        "Interpol",
        OrganizationKind.LAW_ENFORCEMENT,
        [Axis.DETECTION, Axis.JUSTICE],
    ),
    ("Naciones Unidas", "ONU", OrganizationKind.INTERNATIONAL, [Axis.PREVENTION, Axis.JUSTICE]),
]

# Shorter names are too likely to occur inside ordinary words or phrases.
MIN_NAME_LENGTH = 4


@dataclass
class Links:
    """What one entry names."""

    countries: list = field(default_factory=list)  # Country rows, in the order named
    organizations: list = field(default_factory=list)  # Organization rows
    every_country: bool = False
    regional: bool = False

    def __bool__(self):
        return bool(self.countries or self.organizations or self.every_country or self.regional)


def _accentless(text):
    """Accents removed and spaces collapsed, case kept: all-capital acronyms are matched as
    written ("OIM" in "OIM y Naciones Unidas", not "oim" inside a word)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def _phrase(words, flags=0):
    """A pattern matching ``words`` as whole words."""
    body = r"\s+".join(re.escape(w) for w in words.split())
    return re.compile(rf"(?<![\w]){body}(?![\w])", flags)


@dataclass
class _Pattern:
    pattern: re.Pattern
    cased: bool  # match against the cased text (all-capital acronyms) or the folded one
    candidates: list  # Organization rows with that acronym or name


class PartyLinker:
    """Links entries to Country and Organization rows. Two queries, once."""

    def __init__(self, countries=None, organizations=None):
        if countries is None:
            countries = Country.objects.filter(is_regional=False)
        if organizations is None:
            organizations = Organization.objects.select_related("country")
        self.countries = []
        for country in countries:
            if country.is_regional:
                continue
            names = {fold(country.name_es), fold(country.name_en)} - {""}
            self.countries.append((country, [_phrase(n) for n in names]))
        by_key = {}
        for org in organizations:
            acronym = " ".join(org.acronym.split())
            if acronym:
                cased = acronym.isupper()
                key = (_accentless(acronym) if cased else fold(acronym), cased)
                by_key.setdefault(key, []).append(org)
            name = fold(org.name)
            if len(name) >= MIN_NAME_LENGTH:
                by_key.setdefault((name, False), []).append(org)
        # Longest first, so that "ST Regional" wins over "ST" inside it.
        self.patterns = [
            _Pattern(_phrase(key), cased, orgs)
            for (key, cased), orgs in sorted(by_key.items(), key=lambda kv: -len(kv[0][0]))
        ]

    def link(self, *texts):
        """What ``texts`` (the Spanish and the English of one entry) name."""
        links = Links()
        for text in texts:
            if not text or not text.strip():
                continue
            folded = fold(text)
            cased = _accentless(text)
            if any(phrase in folded for phrase in EVERY_COUNTRY):
                links.every_country = True
            if any(re.search(pattern, folded) for pattern in REGIONAL):
                links.regional = True
            for country, patterns in self.countries:
                if country not in links.countries and any(p.search(folded) for p in patterns):
                    links.countries.append(country)
            for org in self._organizations(folded, cased, links.countries):
                if org not in links.organizations:
                    links.organizations.append(org)
        return links

    def _organizations(self, folded, cased, countries):
        taken = {False: [], True: []}  # spans already matched, per text
        found = []
        for entry in self.patterns:
            text = cased if entry.cased else folded
            for match in entry.pattern.finditer(text):
                span = match.span()
                spans = taken[entry.cased]
                if any(span[0] < end and start < span[1] for start, end in spans):
                    continue
                spans.append(span)
                found += _choose(entry.candidates, countries)
                break
        return found


def _choose(candidates, countries):
    """One acronym may belong to several institutions ("ST" in every country): take the
    one of a country the entry names, else the regional one, else none (ambiguous)."""
    if len(candidates) == 1:
        return candidates
    named = {c.pk for c in countries}
    of_named = [org for org in candidates if org.country_id in named]
    if of_named:
        return of_named
    regional = [org for org in candidates if org.country.is_regional]
    return regional[:1]


def ensure_seed_organizations(*, request=None, actor_repr=None):
    """Create the bodies the seed names, at the regional level, unless one of the same name
    or acronym is there. Each creation is audited. Returns the number created."""
    from coalition.core import audit
    from coalition.core.choices import AuditAction

    regional = Country.objects.filter(is_regional=True).first()
    if regional is None:
        raise LookupError("The regional level is missing: run load_countries first.")
    names = [name for name, *_rest in SEED_ORGANIZATIONS]
    acronyms = [acronym for _name, acronym, *_rest in SEED_ORGANIZATIONS if acronym]
    present = set()
    for name, acronym in Organization.objects.filter(
        Q(name__in=names) | Q(acronym__in=acronyms), country=regional
    ).values_list("name", "acronym"):
        present |= {name, acronym} - {""}
    created = 0
    for name, acronym, kind, axes in SEED_ORGANIZATIONS:
        if name in present or acronym in present:
            continue
        org, was_created = Organization.objects.get_or_create(
            country=regional,
            name=name,
            defaults={"acronym": acronym, "kind": kind, "axes": [str(a) for a in axes]},
        )
        if was_created:
            created += 1
            audit.record(
                request,
                AuditAction.CREATE,
                org,
                actor_repr=actor_repr,
                after=audit.snapshot(org),
            )
    return created
