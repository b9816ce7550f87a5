"""Demo directory for ``load_demo``: a clearly fictitious directory for every member
country and the regional level.

The demo organizations of ``load_demo`` get their directory details (services,
populations, coverage by real first-level areas, hours, a "Dirección ficticia", phones
that are valid numbers of the country but plainly made up, e-mails at
``@demo.coalition.invalid``); each country gets a shelter, a victim-assistance office of
the prosecutor's office and a help line, and 7 to 10 key contacts; the regional level gets
international key contacts. Some records are stale (confirmed more than 180 days ago) or
never confirmed, so that the verification pages have work to show.

Running it again changes nothing: an institution is filled only while all its directory
details are empty (a real edit is never overwritten), and an institution or a contact that
exists (same country and name; same institution and name) is left as it is.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from coalition.core import audit
from coalition.core.choices import AuditAction, Axis, OrganizationKind, Population, Service
from coalition.core.management.commands.load_demo import COUNTRY_ORGS, REGIONAL_ORGS
from coalition.core.models import Country, Organization
from coalition.directory.choices import ContactKind
from coalition.directory.models import Contact
from coalition.lib.phones import normalize
from coalition.lib.text import fold

A, S, P, K = Axis, Service, Population, OrganizationKind
EMAIL_DOMAIN = "demo.coalition.invalid"
WEBSITE = "https://demo.coalition.invalid"

# What "empty" means for an institution's directory details: none of these is filled in.
DETAIL_FIELDS = (
    "services",
    "populations",
    "coverage",
    "capacity",
    "opening_hours",
    "address",
    "phones",
    "emails",
    "website",
    "last_verified",
)


@dataclass
class Local:
    """What makes a country's demo directory look like that country: its capital, a few
    of its real first-level areas, a made-up shelter name and capacity, and the patterns
    of its phone numbers (valid numbering plans, visibly fictitious digits)."""

    city: str
    capital: str  # the capital's first-level area
    borders: list  # areas with border posts (migration)
    ngo: list  # areas where the NGO works
    shelter: list  # areas the shelter takes victims from
    shelter_name: str
    capacity: int
    fixed: str  # "{n}": two digits
    mobile: str
    help_line: str
    languages: tuple = ("es",)


LOCAL = {
    "BZ": Local(
        "Belmopan", "Cayo", ["Corozal", "Cayo", "Toledo"], ["Belize", "Stann Creek", "Toledo"],
        ["Belize", "Cayo", "Orange Walk"], "Casa Horizonte", 12,
        "+501 222 01{n}", "+501 620 01{n}", "+501 0800 0000 1{n}", ("en", "es", "bzj"),
    ),
    "CR": Local(
        "San José", "San José", ["Guanacaste", "Alajuela", "Limón", "Puntarenas"],
        ["San José", "Limón", "Puntarenas"], ["San José", "Heredia", "Cartago"],
        "Casa Esperanza", 24, "+506 2200 01{n}", "+506 8800 01{n}", "+506 800 000 01{n}",
    ),
    "SV": Local(
        "San Salvador", "San Salvador", ["Ahuachapán", "Santa Ana", "La Unión", "Chalatenango"],
        ["San Salvador", "La Libertad", "San Miguel"], ["San Salvador", "La Libertad"],
        "Casa Aurora", 20, "+503 2200 01{n}", "+503 7700 01{n}", "+503 800 01{n}",
    ),
    "GT": Local(
        "Ciudad de Guatemala", "Guatemala", ["San Marcos", "Huehuetenango", "Petén", "Izabal"],
        ["Guatemala", "Quetzaltenango", "Escuintla", "Petén"],
        ["Guatemala", "Sacatepéquez", "Escuintla"], "Casa Refugio", 40,
        "+502 2200 01{n}", "+502 5500 01{n}", "+502 1801 000 01{n}",
    ),
    "HN": Local(
        "Tegucigalpa", "Francisco Morazán", ["Ocotepeque", "Choluteca", "Cortés", "Colón"],
        ["Francisco Morazán", "Cortés", "Atlántida"], ["Francisco Morazán", "Cortés"],
        "Casa Nueva Vida", 30, "+504 2200 01{n}", "+504 9900 01{n}", "+504 800 2000 01{n}",
    ),
    "NI": Local(
        "Managua", "Managua", ["Rivas", "Chinandega", "Río San Juan", "Nueva Segovia"],
        ["Managua", "León", "Costa Caribe Sur"], ["Managua", "Masaya", "Granada"],
        "Casa Amanecer", 16, "+505 2200 01{n}", "+505 8800 01{n}", "+505 1800 01{n}",
    ),
    "PA": Local(
        "Ciudad de Panamá", "Panamá", ["Chiriquí", "Darién", "Bocas del Toro", "Colón"],
        ["Panamá", "Panamá Oeste", "Colón"], ["Panamá", "Panamá Oeste", "Coclé"],
        "Casa Luz", 18, "+507 200 01{n}", "+507 6600 01{n}", "+507 800 01{n}",
    ),
    "DO": Local(
        "Santo Domingo", "Distrito Nacional", ["Dajabón", "Elías Piña", "Pedernales"],
        ["Distrito Nacional", "Santo Domingo", "Santiago", "La Altagracia"],
        ["Distrito Nacional", "Santo Domingo", "San Cristóbal"], "Casa Alborada", 28,
        "+1 809 200 01{n}", "+1 829 200 01{n}", "+1 809 200 00{n}",
    ),
}  # fmt: skip

WEEKDAYS = "Lunes a viernes, 8:00-16:00"
ALWAYS = "24 horas, todos los días"
ALL_PEOPLE = [P.WOMEN, P.CHILDREN, P.ADOLESCENTS, P.MEN, P.MIGRANTS]


def _details(acronym, local):
    """The directory details of a demo member-country institution (by acronym)."""
    return {
        "ST": dict(
            services=[S.IMMEDIATE_RESPONSE, S.SOCIAL_ASSISTANCE],
            populations=ALL_PEOPLE,
            opening_hours=WEEKDAYS,
        ),
        "FETP": dict(
            services=[S.LEGAL_AID],
            populations=ALL_PEOPLE,
            opening_hours="Lunes a viernes, 7:30-16:30; fiscal de turno 24 horas",
            public=True,
        ),
        "UPTT": dict(
            services=[S.IMMEDIATE_RESPONSE],
            populations=ALL_PEOPLE,
            opening_hours=ALWAYS,
            public=True,
        ),
        "DGM": dict(
            services=[S.REPATRIATION],
            populations=[P.MIGRANTS],
            coverage=local.borders,
            opening_hours="Lunes a viernes, 8:00-15:00; puestos fronterizos 24 horas",
            public=True,
        ),
        "FMA": dict(
            services=[S.PSYCHOLOGICAL_CARE, S.LEGAL_AID, S.SOCIAL_ASSISTANCE, S.LABOUR_INSERTION],
            populations=[P.WOMEN, P.ADOLESCENTS, P.LGBTI, P.MIGRANTS],
            coverage=local.ngo,
            opening_hours="Lunes a sábado, 8:00-17:00",
            public=True,
        ),
    }[acronym]


# The victim-protection institutions added in each country: acronym, name (the country's
# name is appended), kind, axes and details.
def _new_institutions(local):
    return [
        (
            "ALB",
            f"Albergue {local.shelter_name} (ficticio)",
            K.GOVERNMENT,
            [A.ATTENTION],
            dict(
                services=[S.SHELTER, S.PSYCHOLOGICAL_CARE, S.HEALTH_CARE],
                populations=[P.WOMEN, P.CHILDREN, P.ADOLESCENTS],
                coverage=local.shelter,
                capacity=local.capacity,
                opening_hours="24 horas; ingreso solo por referencia institucional",
                public=False,  # a shelter's whereabouts are confidential
            ),
        ),
        (
            "OAV",
            "Oficina de Atención y Protección a la Víctima del Ministerio Público (ficticia)",
            K.PROSECUTOR,
            [A.ATTENTION, A.JUSTICE],
            dict(
                services=[S.VICTIM_ASSISTANCE_OFFICE, S.LEGAL_AID, S.PSYCHOLOGICAL_CARE],
                populations=ALL_PEOPLE,
                coverage=[local.capital, *local.ngo[1:2]],
                opening_hours=WEEKDAYS,
                public=True,
            ),
        ),
        (
            "CAT",
            "Centro de Atención Telefónica contra la Trata (ficticio)",
            K.GOVERNMENT,
            [A.ATTENTION, A.DETECTION, A.PREVENTION],
            dict(
                services=[S.HELP_LINE, S.IMMEDIATE_RESPONSE],
                populations=ALL_PEOPLE,
                opening_hours=ALWAYS,
                public=True,
            ),
        ),
    ]


# Regional and international bodies: where their (fictitious) regional office is, and
# what they offer.
REGIONAL_DETAILS = {
    "ST Regional": dict(
        address="Dirección ficticia, San Salvador, El Salvador",
        phones=["+503 2200 0901"],
        opening_hours=WEEKDAYS,
    ),
    "OIM": dict(
        services=[S.REPATRIATION, S.SOCIAL_ASSISTANCE, S.HEALTH_CARE],
        populations=[P.MIGRANTS, P.WOMEN, P.CHILDREN, P.ADOLESCENTS],
        address="Dirección ficticia, San José, Costa Rica",
        phones=["+506 2200 0911", "+41 22 700 0101"],
        opening_hours=WEEKDAYS,
    ),
    "Save the Children": dict(
        services=[S.PSYCHOLOGICAL_CARE, S.SOCIAL_ASSISTANCE],
        populations=[P.CHILDREN, P.ADOLESCENTS],
        address="Dirección ficticia, Ciudad de Panamá, Panamá",
        phones=["+507 200 0921"],
        opening_hours=WEEKDAYS,
    ),
    "Interpol": dict(
        address="Dirección ficticia, San Salvador, El Salvador",
        phones=["+503 2200 0931", "+33 4 72 00 01 01"],
        opening_hours=ALWAYS,
    ),
    "UNODC": dict(
        address="Dirección ficticia, Ciudad de Panamá, Panamá",
        phones=["+507 200 0941", "+43 1 26060 0101"],
        opening_hours=WEEKDAYS,
    ),
}

# When records were last confirmed, in days before today (None: never): some fresh, some
# stale (more than 180 days), a few never; a different rotation in each country.
ORG_AGES = [20, 95, 160, 200, 365, None, 45, 130]
CONTACT_AGES = [12, 35, 70, 110, 150, 175, 190, 240, 420, None]


@dataclass
class Post:
    """A person among a country's key contacts: the institution's acronym, the position
    (feminine, masculine) and the axes."""

    acronym: str
    position: tuple
    axes: list


# The two institutional lines of each country (both public).
HELP_LINE = "Línea de ayuda contra la trata (ficticia)"
OFFICE_LINE = "Central telefónica de la Fiscalía Especializada (ficticia)"

# In this order; each country takes the first 7 to 10 (so the two lines are always there).
COUNTRY_CONTACTS = [
    HELP_LINE,
    Post("ST", ("Directora", "Director"), [A.COORDINATION]),
    Post("FETP", ("Fiscal adjunta", "Fiscal adjunto"), [A.JUSTICE]),
    Post("UPTT", ("Jefa de unidad", "Jefe de unidad"), [A.DETECTION, A.JUSTICE]),
    Post("DGM", ("Jefa de control migratorio", "Jefe de control migratorio"), [A.DETECTION]),
    Post("ALB", ("Coordinadora del albergue", "Coordinador del albergue"), [A.ATTENTION]),
    OFFICE_LINE,
    Post("OAV", ("Psicóloga", "Psicólogo"), [A.ATTENTION, A.JUSTICE]),
    Post("FMA", ("Directora ejecutiva", "Director ejecutivo"), [A.ATTENTION, A.PREVENTION]),
    Post("ST", ("Coordinadora de prevención", "Coordinador de prevención"), [A.PREVENTION]),
]

FIRST_NAMES = {
    "F": [
        "Adriana", "Beatriz", "Cecilia", "Dolores", "Estela", "Fabiola", "Graciela",
        "Irene", "Jimena", "Lorena", "Mónica", "Natalia", "Olga", "Rebeca", "Teresa",
        "Yolanda", "Xiomara",
    ],
    "M": [
        "Álvaro", "Bernardo", "César", "Ernesto", "Francisco", "Gustavo", "Hugo", "Iván",
        "Julio", "Leonardo", "Mauricio", "Norberto", "Orlando", "Ramiro", "Tomás", "Vicente",
        "Wilmer",
    ],
}  # fmt: skip
SURNAMES = [
    "Aguilar", "Blanco", "Calderón", "Cordero", "Durán", "Estrada", "Fonseca", "Gutiérrez",
    "Hernández", "Ibarra", "Lara", "Marín", "Montero", "Núñez", "Obando", "Paniagua",
    "Rivas", "Sandoval", "Soto", "Umaña", "Valverde", "Zamora", "Cabrera",
]  # fmt: skip
# Belize: English-speaking, with Kriol, Garifuna and Spanish surnames.
BZ_FIRST_NAMES = {
    "F": ["Sharon", "Denise", "Marisol", "Kimberly", "Janelle", "Rosalie"],
    "M": ["Marlon", "Dwight", "Kareem", "Rodolfo", "Elvis", "Glenford"],
}
BZ_SURNAMES = ["Young", "Gillett", "Flowers", "Tillett", "Arnold", "Usher", "Palacio", "Cus"]

# The regional level's international key contacts: institution (acronym or name), name,
# position, axes, languages, office phone, mobile phone.
INTERNATIONAL_CONTACTS = [
    ("OIM", "Claire Dubois", "Oficial regional de protección", [A.ATTENTION, A.REPATRIATION],
     ["fr", "en", "es"], "+506 2200 0912", "+506 8800 0912"),
    ("OIM", "Jonathan Reid", "Coordinador regional de retorno y reintegración",
     [A.REPATRIATION], ["en", "es"], "+506 2200 0913", "+506 8800 0913"),
    ("OIM", "María Fernanda Ibarra", "Especialista regional en trata de personas",
     [A.PREVENTION, A.ATTENTION], ["es", "en"], "+506 2200 0914", None),
    ("UNODC", "Thomas Becker", "Oficial de programa, trata y tráfico ilícito de migrantes",
     [A.JUSTICE, A.PREVENTION], ["en", "es"], "+507 200 0942", "+507 6600 0942"),
    ("UNODC", "Laura Quintero Salas", "Asesora jurídica regional", [A.JUSTICE],
     ["es", "en", "fr"], "+507 200 0943", None),
    ("Interpol", "Jean-Marc Lefèvre", "Oficial de enlace, Oficina Subregional",
     [A.DETECTION, A.JUSTICE], ["fr", "en", "es"], "+503 2200 0932", "+33 4 72 00 01 02"),
    ("Interpol", "Ricardo Aguilar Pineda", "Analista criminal regional", [A.DETECTION],
     ["es", "en"], "+503 2200 0933", "+503 7700 0933"),
    ("Save the Children", "Emily Carter", "Asesora regional de protección infantil",
     [A.ATTENTION, A.PREVENTION], ["en", "es"], "+507 200 0922", "+507 6600 0922"),
    ("Save the Children", "Natalia Campos Ruiz", "Coordinadora de programas de niñez migrante",
     [A.ATTENTION], ["es"], "+507 200 0923", None),
    ("ST Regional", "Ana Beatriz Rivas Mena", "Secretaria técnica regional", [A.COORDINATION],
     ["es", "en"], "+503 2200 0902", "+503 7700 0902"),
    ("ST Regional", "Luis Alberto Méndez Ortiz", "Oficial de seguimiento del plan regional",
     [A.COORDINATION], ["es", "en", "fr"], "+503 2200 0903", None),
]  # fmt: skip
REGIONAL_LINE = ("ST Regional", "Oficina de la Secretaría Técnica Regional (ficticia)")


def load_demo_directory(actor):
    """Fill the demo institutions' directory details, add each country's victim-protection
    institutions and key contacts; returns how many rows were created (institutions and
    contacts; the institutions filled in are updates)."""
    loader = _Loader(actor)
    regional = Country.objects.filter(is_regional=True).first()
    if regional is not None:
        loader.regional(regional)
    members = Country.objects.members().active().filter(iso2__in=list(LOCAL))
    for number, country in enumerate(members.order_by("iso2")):
        loader.country(country, number)
    return loader.created


class _Loader:
    def __init__(self, actor):
        self.actor = actor
        self.today = timezone.localdate()
        self.created = 0

    # --- countries --------------------------------------------------------------------
    def country(self, country, number):
        local = LOCAL[country.iso2]
        cc = country.iso2.lower()
        orgs = {}
        for index, (name, acronym, _kind, _axes) in enumerate(COUNTRY_ORGS):
            org = Organization.objects.filter(
                country=country, name=f"{name} ({country.name_es})"
            ).first()
            if org is None:
                continue
            orgs[acronym] = org
            details = _details(acronym, local)
            serial = 10 * (index + 1)
            self.fill(
                org,
                {
                    "coverage": [],
                    **details,
                    "address": _address(acronym, local),
                    "phones": [local.fixed.format(n=f"{serial:02d}")],
                    "emails": [f"{acronym.lower()}.{cc}@{EMAIL_DOMAIN}"],
                    "website": f"{WEBSITE}/{cc}/{acronym.lower()}",
                    "last_verified": self.ago(ORG_AGES[(number + index) % len(ORG_AGES)]),
                },
            )
        for index, (acronym, name, kind, axes, details) in enumerate(_new_institutions(local)):
            serial = 60 + 10 * index
            phones = [local.fixed.format(n=f"{serial:02d}")]
            if acronym == "CAT":
                phones.insert(0, local.help_line.format(n="01"))
            orgs[acronym] = self.institution(
                country,
                f"{name} ({country.name_es})",
                acronym,
                kind,
                axes,
                {
                    "coverage": [],
                    **details,
                    "address": _address(acronym, local),
                    "phones": phones,
                    "emails": [f"{acronym.lower()}.{cc}@{EMAIL_DOMAIN}"],
                    "website": f"{WEBSITE}/{cc}/{acronym.lower()}",
                    "last_verified": self.ago(ORG_AGES[(number + index + 5) % len(ORG_AGES)]),
                },
            )
        wanted = COUNTRY_CONTACTS[: 7 + number % 4]
        for index, spec in enumerate(wanted):
            age = CONTACT_AGES[(3 * number + index) % len(CONTACT_AGES)]
            if spec == HELP_LINE:
                self.contact(
                    orgs.get("CAT"),
                    kind=ContactKind.LINE,
                    name=HELP_LINE,
                    axes=[A.ATTENTION, A.DETECTION],
                    phones=[local.help_line.format(n="01")],
                    emails=[f"ayuda.{cc}@{EMAIL_DOMAIN}"],
                    languages=list(local.languages),
                    public=True,
                    notes="Gratuita y confidencial, 24 horas (ficticia).",
                    last_verified=self.ago(age),
                )
            elif spec == OFFICE_LINE:
                self.contact(
                    orgs.get("FETP"),
                    kind=ContactKind.LINE,
                    name=OFFICE_LINE,
                    axes=[A.JUSTICE],
                    phones=[local.fixed.format(n="11")],
                    emails=[f"denuncias.fetp.{cc}@{EMAIL_DOMAIN}"],
                    languages=list(local.languages),
                    public=True,
                    notes="Recepción de denuncias en horario de oficina (ficticia).",
                    last_verified=self.ago(age),
                )
            else:
                sex = "F" if (number + index) % 2 == 0 else "M"
                first, surnames = _person_name(country.iso2, number, index, sex)
                languages = list(local.languages)
                if languages == ["es"] and (number + index) % 3 == 0:
                    languages.append("en")
                local_part = ".".join(
                    fold(part).replace(" ", "") for part in (first, surnames.split()[0])
                )
                self.contact(
                    orgs.get(spec.acronym),
                    name=f"{first} {surnames}",
                    position=spec.position[0 if sex == "F" else 1],
                    axes=list(spec.axes),
                    phones=[
                        local.mobile.format(n=f"{20 + index:02d}"),
                        local.fixed.format(n=f"{30 + index:02d}"),
                    ],
                    emails=[f"{local_part}.{cc}@{EMAIL_DOMAIN}"],
                    languages=languages,
                    last_verified=self.ago(age),
                )

    # --- regional level ---------------------------------------------------------------
    def regional(self, regional):
        orgs = {}
        for index, (name, acronym, _kind, _axes) in enumerate(REGIONAL_ORGS):
            org = Organization.objects.filter(country=regional, name=name).first()
            key = acronym or name
            if org is None or key not in REGIONAL_DETAILS:
                continue
            orgs[key] = org
            slug = fold(key).replace(" ", "-")
            self.fill(
                org,
                {
                    **REGIONAL_DETAILS[key],
                    "emails": [f"{slug}@{EMAIL_DOMAIN}"],
                    "website": f"{WEBSITE}/regional/{slug}",
                    "last_verified": self.ago(ORG_AGES[(index * 3) % len(ORG_AGES)]),
                },
            )
        for index, (key, name, position, axes, languages, office, mobile) in enumerate(
            INTERNATIONAL_CONTACTS
        ):
            words = name.split()
            # First name and last surname: "María Fernanda Ibarra" is maria.ibarra.
            local_part = ".".join(fold(w).replace("-", "") for w in (words[0], words[-1]))
            self.contact(
                orgs.get(key),
                name=name,
                position=position,
                axes=list(axes),
                phones=[p for p in (mobile, office) if p],
                emails=[f"{local_part}@{EMAIL_DOMAIN}"],
                languages=list(languages),
                international=True,
                last_verified=self.ago(CONTACT_AGES[(index * 7) % len(CONTACT_AGES)]),
            )
        key, name = REGIONAL_LINE
        self.contact(
            orgs.get(key),
            kind=ContactKind.LINE,
            name=name,
            axes=[A.COORDINATION],
            phones=["+503 2200 0901"],
            emails=[f"st-regional@{EMAIL_DOMAIN}"],
            languages=["es", "en"],
            last_verified=self.ago(30),
        )

    # --- writing ----------------------------------------------------------------------
    def ago(self, days):
        return None if days is None else self.today - datetime.timedelta(days=days)

    def fill(self, org, details):
        """Give a demo institution its details, only while they are all empty."""
        if any(getattr(org, name) not in (None, "", []) for name in DETAIL_FIELDS):
            return
        before = audit.snapshot(org)
        for name, value in details.items():
            setattr(org, name, _phones(value) if name == "phones" else _copy(value))
        org.verified_by = None
        org.save()
        after = audit.snapshot(org)
        if after != before:
            audit.record(
                None, AuditAction.UPDATE, org, actor_repr=self.actor, before=before, after=after
            )

    def institution(self, country, name, acronym, kind, axes, details):
        org = Organization.objects.filter(country=country, name=name).first()
        if org is not None:
            return org
        org = Organization(country=country, name=name, acronym=acronym, kind=kind, axes=axes)
        for field, value in details.items():
            setattr(org, field, _phones(value) if field == "phones" else _copy(value))
        org.save()
        audit.record(
            None, AuditAction.CREATE, org, actor_repr=self.actor, after=audit.snapshot(org)
        )
        self.created += 1
        return org

    def contact(self, organization, *, name, phones, **fields):
        if organization is None:
            return
        if Contact.objects.filter(organization=organization, name=name).exists():
            return
        contact = Contact.objects.create(
            organization=organization,
            country=organization.country,
            name=name,
            phones=_phones(phones),
            verified_by=None,
            **fields,
        )
        audit.record(
            None, AuditAction.CREATE, contact, actor_repr=self.actor, after=audit.snapshot(contact)
        )
        self.created += 1


def _address(acronym, local):
    area = local.shelter[0] if acronym == "ALB" else local.capital
    return f"Dirección ficticia, {local.city}, {area}"


def _person_name(iso2, number, index, sex):
    if iso2 == "BZ":
        firsts, surnames = BZ_FIRST_NAMES[sex], BZ_SURNAMES
        first = firsts[index % len(firsts)]
        return first, surnames[(3 * index + 1) % len(surnames)]
    firsts = FIRST_NAMES[sex]
    first = firsts[(5 * number + index) % len(firsts)]
    one = SURNAMES[(7 * number + 2 * index) % len(SURNAMES)]
    two = SURNAMES[(3 * number + 5 * index + 11) % len(SURNAMES)]
    if two == one:
        two = SURNAMES[(SURNAMES.index(two) + 1) % len(SURNAMES)]
    return first, f"{one} {two}"


def _phones(values):
    """E.164 of the demo numbers; a number that is not valid is a mistake in this file."""
    return [normalize(value) for value in values]


def _copy(value):
    return [str(v) for v in value] if isinstance(value, list) else value
