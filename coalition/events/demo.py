"""Demo events for ``load_demo``: clearly fictitious meetings, workshops and a campaign
launch ("[Demo] ..."), linked to the activities of the 2012 plan and of the demo plan
2026-2027, with attendance lists of fictitious professionals (e-mails at
``@demo.coalition.invalid``, phones "+506 0000 0001"). No victim data.

Attendance goes through ``record_attendance``, as an imported list does, so the same
person attending several events is one participant. Running it again changes nothing: an
event is known by its country, title and first day.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from coalition.core import audit
from coalition.core.choices import AuditAction
from coalition.core.management.commands.load_demo import COUNTRY_ORGS
from coalition.core.models import Country, Organization, User
from coalition.events.attendance_io import Entry, record_attendance
from coalition.events.choices import EventKind as K
from coalition.events.choices import EventStatus as S
from coalition.events.choices import Profession as P
from coalition.events.choices import Sex
from coalition.events.models import Event
from coalition.events.people import PeopleIndex, Person
from coalition.lib.text import fold
from coalition.plans.models import Activity

SEED = "plan-operativo-2012"
DEMO = "demo-plan-2026-2027"
MEMBERS = ["BZ", "CR", "SV", "GT", "HN", "NI", "PA", "DO"]
EMAIL_DOMAIN = "demo.coalition.invalid"
DIAL = {
    "BZ": "+501",
    "CR": "+506",
    "SV": "+503",
    "GT": "+502",
    "HN": "+504",
    "NI": "+505",
    "PA": "+507",
    "DO": "+1 809",
}

# Fictitious names: first names by sex, and surnames (29 of them, a prime, so that a
# group's people never repeat a name).
FIRST_NAMES = {
    Sex.FEMALE: [
        "Ana", "María José", "Carmen", "Lucía", "Gabriela", "Patricia", "Rosa", "Daniela",
        "Silvia", "Marta", "Isabel", "Karla", "Verónica", "Paola", "Laura", "Andrea",
        "Mariela", "Sofía", "Claudia", "Elena",
    ],
    Sex.MALE: [
        "Carlos", "José", "Luis", "Jorge", "Miguel", "Óscar", "Roberto", "Manuel", "Andrés",
        "Ricardo", "Fernando", "Diego", "Héctor", "Javier", "Mario", "Rafael", "Eduardo",
        "Pablo", "Alejandro", "Sergio",
    ],
}  # fmt: skip
SURNAMES = [
    "Acosta", "Arias", "Barrantes", "Castillo", "Chacón", "Díaz", "Espinoza", "Flores",
    "Gómez", "Guzmán", "Herrera", "Jiménez", "López", "Mejía", "Molina", "Mora", "Navarro",
    "Ortiz", "Pérez", "Quesada", "Ramírez", "Reyes", "Rojas", "Salazar", "Solano", "Torres",
    "Vargas", "Villalobos", "Zúñiga",
]  # fmt: skip

# Where each profession works: the acronym of a demo organization of the person's country
# (see load_demo.COUNTRY_ORGS), or None for the judiciary, which is not in the directory.
WORKPLACE = {
    P.JUDGES: None,
    P.PROSECUTORS: "FETP",
    P.POLICE: "UPTT",
    P.MIGRATION: "DGM",
    P.NGO: "FMA",
    P.VICTIM_ASSISTANCE: "FMA",
    P.OTHER: "ST",
}
PROFESSIONS = list(WORKPLACE)


@dataclass
class Group:
    """People of one country and profession, numbers ``first`` to ``last`` (inclusive) of
    that country's fictitious staff; ``days`` are indexes of the event's days attended
    (None: every day)."""

    iso2: str
    profession: str
    first: int
    last: int
    days: tuple | None = None


@dataclass
class DemoEvent:
    country: str
    kind: str
    title: str
    starts: datetime.date
    description: str
    days: int = 1
    status: str = S.HELD
    host: str | None = None
    city: str = ""
    venue: str = ""
    audiences: list = field(default_factory=list)
    activities: list = field(default_factory=list)  # [(plan code, activity ref)]
    organizers: list = field(default_factory=list)  # [(iso2, acronym or name)]
    supporters: list = field(default_factory=list)
    outcomes: str = ""
    people: list = field(default_factory=list)  # [Group]


D = datetime.date
JUDGES_2012 = "Taller para jueces penales: trata de personas y Protocolo de Palermo"
PROSECUTORS_2026 = "Taller de actualización para fiscales y jueces penales"


def _judges_workshop(iso2, city, starts, judges, prosecutors=0, days=1, extra=()):
    audiences = [P.JUDGES, P.PROSECUTORS] if prosecutors else [P.JUDGES]
    people = [Group(iso2, P.JUDGES, 0, judges - 1)]
    if prosecutors:
        people.append(Group(iso2, P.PROSECUTORS, 0, prosecutors - 1))
    return DemoEvent(
        iso2, K.WORKSHOP, JUDGES_2012, starts,
        "[Demo] Jornada ficticia de sensibilización para personas juzgadoras en materia "
        "penal: tipo penal, prueba y atención a la víctima en el proceso.",
        days=days, city=city, venue="Escuela Judicial (sede ficticia)", audiences=audiences,
        activities=[(SEED, "II.1")], organizers=[(iso2, "ST")],
        supporters=[("XR", "UNODC"), ("XR", "OIM")],
        outcomes="[Demo] Se entregó el material del curso y se acordó una réplica en 2013.",
        people=people + list(extra),
    )  # fmt: skip


EVENTS = [
    # --- Plan Operativo 2012 -------------------------------------------------------------
    DemoEvent(
        "XR", K.COALITION_MEETING,
        "Encuentro de la Coalición Regional: seguimiento del plan estratégico",
        D(2012, 8, 21), days=2, host="PA", city="Ciudad de Panamá",
        venue="Hotel de conferencias (ficticio)",
        description="[Demo] Encuentro ficticio de las secretarías técnicas nacionales y las "
        "fiscalías especializadas para revisar el avance del plan.",
        audiences=[P.OTHER, P.PROSECUTORS], activities=[(SEED, "I.1")],
        organizers=[("XR", "ST Regional")], supporters=[("XR", "OIM"), ("XR", "UNODC")],
        outcomes="[Demo] Acta ficticia: cada país presentará su informe de avance en "
        "diciembre.",
        people=[Group(iso2, P.OTHER, 0, 0) for iso2 in MEMBERS]
        + [Group(iso2, P.PROSECUTORS, 0, 0) for iso2 in MEMBERS if iso2 != "DO"]
        + [Group("DO", P.PROSECUTORS, 0, 0, days=(0,))],
    ),
    _judges_workshop("GT", "Ciudad de Guatemala", D(2012, 8, 28), 12, 4),
    _judges_workshop(
        "CR", "San José", D(2012, 9, 11), 12, 4, days=3,
        extra=[
            Group("CR", P.JUDGES, 12, 14, days=(0, 1)),
            Group("CR", P.JUDGES, 15, 16, days=(1, 2)),
            Group("CR", P.PROSECUTORS, 4, 5, days=(2,)),
        ],
    ),  # fmt: skip
    _judges_workshop("NI", "Managua", D(2012, 9, 25), 10),
    _judges_workshop("SV", "San Salvador", D(2012, 10, 16), 9, 5, days=2),
    _judges_workshop("HN", "Tegucigalpa", D(2012, 11, 6), 14),
    DemoEvent(
        "GT", K.TECHNICAL_MEETING,
        "Reunión con jefaturas de policía, fiscalía y migración: buenas prácticas y FODA",
        D(2012, 10, 9), city="Ciudad de Guatemala", venue="Sala de reuniones (ficticia)",
        description="[Demo] Reunión ficticia para sistematizar buenas prácticas y el FODA "
        "nacional.",
        audiences=[P.POLICE, P.PROSECUTORS, P.MIGRATION], activities=[(SEED, "III.2")],
        organizers=[("GT", "ST"), ("GT", "UPTT")], supporters=[("XR", "Interpol")],
        outcomes="[Demo] FODA ficticio validado por las tres instituciones.",
        people=[
            Group("GT", P.POLICE, 0, 4),
            Group("GT", P.PROSECUTORS, 0, 2),
            Group("GT", P.MIGRATION, 0, 4),
        ],
    ),
    # --- Plan demo 2026-2027 -------------------------------------------------------------
    DemoEvent(
        "XR", K.COALITION_MEETING, "Primera reunión ordinaria de la Coalición Regional 2026",
        D(2026, 3, 17), days=2, host="CR", city="San José",
        venue="Centro de convenciones (ficticio)",
        description="[Demo] Reunión ordinaria ficticia con las delegaciones de los ocho "
        "países.",
        audiences=[P.OTHER, P.PROSECUTORS], activities=[(DEMO, "I.1")],
        organizers=[("XR", "ST Regional"), ("CR", "ST")], supporters=[("XR", "OIM")],
        outcomes="[Demo] Se aprobó el calendario de talleres 2026-2027.",
        people=[Group(iso2, P.OTHER, 1, 1) for iso2 in MEMBERS]
        + [Group(iso2, P.PROSECUTORS, 1, 1, days=(0,)) for iso2 in MEMBERS[:5]]
        + [Group(iso2, P.PROSECUTORS, 1, 1) for iso2 in MEMBERS[5:]],
    ),
    DemoEvent(
        "XR", K.CAMPAIGN_LAUNCH,
        "Lanzamiento regional de la campaña del 30 de julio, Día Mundial contra la Trata",
        D(2026, 7, 30), host="SV", city="San Salvador", venue="Plaza pública (ficticia)",
        description="[Demo] Acto ficticio de lanzamiento de la campaña regional con "
        "materiales comunes para los ocho países.",
        audiences=[P.NGO, P.VICTIM_ASSISTANCE, P.OTHER], activities=[(DEMO, "IV.1")],
        organizers=[("XR", "ST Regional"), ("SV", "ST")],
        supporters=[("XR", "Save the Children"), ("XR", "OIM")],
        outcomes="[Demo] Materiales de campaña distribuidos a las secretarías nacionales.",
        people=[
            Group("SV", P.NGO, 0, 3),
            Group("SV", P.VICTIM_ASSISTANCE, 0, 2),
            Group("SV", P.OTHER, 1, 2),
            Group("GT", P.OTHER, 1, 1),
            Group("HN", P.OTHER, 1, 1),
        ],
    ),
    DemoEvent(
        "GT", K.TECHNICAL_MEETING,
        "Reunión técnica con PNC, Migración y Fiscalía: protocolo de atención inmediata",
        D(2026, 8, 20), city="Ciudad de Guatemala", venue="Sala de reuniones (ficticia)",
        description="[Demo] Revisión ficticia del protocolo de actuación inmediata.",
        audiences=[P.POLICE, P.MIGRATION, P.PROSECUTORS, P.VICTIM_ASSISTANCE],
        activities=[(DEMO, "III.1")], organizers=[("GT", "ST")], supporters=[("XR", "OIM")],
        outcomes="[Demo] Protocolo revisado; firma prevista por las instituciones.",
        people=[
            Group("GT", P.POLICE, 2, 5),
            Group("GT", P.MIGRATION, 2, 5),
            Group("GT", P.PROSECUTORS, 1, 2),
            Group("GT", P.VICTIM_ASSISTANCE, 0, 1),
        ],
    ),
    DemoEvent(
        "XR", K.COALITION_MEETING, "Segunda reunión ordinaria de la Coalición Regional 2026",
        D(2026, 9, 29), days=2, host="GT", city="Antigua Guatemala",
        venue="Centro de formación (ficticio)",
        description="[Demo] Segunda reunión ordinaria ficticia: seguimiento del plan y de "
        "los indicadores.",
        audiences=[P.OTHER, P.MIGRATION], activities=[(DEMO, "I.1")],
        organizers=[("XR", "ST Regional"), ("GT", "ST")], supporters=[("XR", "OIM")],
        outcomes="[Demo] Se acordó completar el tablero de indicadores en diciembre.",
        people=[Group(iso2, P.OTHER, 1, 1) for iso2 in MEMBERS]
        + [Group(iso2, P.MIGRATION, 0, 0, days=(1,)) for iso2 in ("CR", "GT", "HN", "PA")],
    ),
    DemoEvent(
        "BZ", K.WORKSHOP, "Taller para oficiales de migración en puestos fronterizos",
        D(2026, 10, 14), status=S.CANCELLED, city="Belmopan",
        description="[Demo] Cancelado (ficticio): alerta de tormenta tropical; se "
        "reprogramará dentro del curso virtual de 2027.",
        audiences=[P.MIGRATION], activities=[(DEMO, "II.2")],
        organizers=[("BZ", "DGM")], supporters=[("XR", "OIM")],
    ),
    DemoEvent(
        "CR", K.WORKSHOP, f"{PROSECUTORS_2026} (1.º)", D(2026, 11, 10), days=3,
        city="San José", venue="Auditorio del Ministerio Público (ficticio)",
        description="[Demo] Primer taller ficticio de actualización: nuevas formas de "
        "captación en línea, investigación financiera y prueba digital.",
        audiences=[P.PROSECUTORS, P.JUDGES], activities=[(DEMO, "II.1")],
        organizers=[("CR", "ST"), ("CR", "FETP")], supporters=[("XR", "UNODC")],
        outcomes="[Demo] Segundo taller previsto en Liberia en febrero.",
        people=[
            Group("CR", P.PROSECUTORS, 0, 13),
            Group("CR", P.PROSECUTORS, 14, 16, days=(0, 1)),
            Group("CR", P.PROSECUTORS, 17, 17, days=(2,)),
            Group("CR", P.JUDGES, 3, 7),
            Group("CR", P.JUDGES, 17, 17, days=(1, 2)),
        ],
    ),
    DemoEvent(
        "PA", K.TECHNICAL_MEETING,
        "Reunión técnica con Migración y Policía: contenidos del curso virtual de fronteras",
        D(2026, 11, 19), city="Ciudad de Panamá", venue="Sala de reuniones (ficticia)",
        description="[Demo] Revisión ficticia de los módulos del curso virtual para puestos "
        "fronterizos.",
        audiences=[P.MIGRATION, P.POLICE], activities=[(DEMO, "II.2")],
        organizers=[("PA", "DGM"), ("PA", "ST")], supporters=[("XR", "OIM")],
        outcomes="[Demo] Módulos 1 a 3 aprobados; el 4 se revisa en diciembre.",
        people=[
            Group("PA", P.MIGRATION, 0, 5),
            Group("PA", P.POLICE, 0, 2),
            Group("PA", P.OTHER, 1, 1),
        ],
    ),
    DemoEvent(
        "CR", K.TECHNICAL_MEETING, "Reunión con el Poder Judicial sobre datos de sentencias",
        D(2026, 12, 10), status=S.PLANNED, city="San José",
        venue="Sala de reuniones (ficticia)",
        description="[Demo] Reunión ficticia para completar los indicadores de sentencias.",
        audiences=[P.JUDGES, P.OTHER], activities=[(DEMO, "I.2")], organizers=[("CR", "ST")],
    ),
    DemoEvent(
        "XR", K.WORKSHOP, "Curso virtual para personal de migración en puestos fronterizos",
        D(2027, 1, 18), days=12, status=S.PLANNED, venue="Aula virtual (ficticia)",
        description="[Demo] Curso virtual ficticio de dos semanas para los ocho países.",
        audiences=[P.MIGRATION], activities=[(DEMO, "II.2")],
        organizers=[("XR", "ST Regional")], supporters=[("XR", "OIM")],
    ),
    DemoEvent(
        "CR", K.WORKSHOP, f"{PROSECUTORS_2026} (2.º)", D(2027, 2, 16), days=2,
        status=S.PLANNED, city="Liberia", venue="Sede regional (ficticia)",
        description="[Demo] Segundo taller ficticio, para fiscalías y juzgados de "
        "Guanacaste.",
        audiences=[P.PROSECUTORS, P.JUDGES], activities=[(DEMO, "II.1")],
        organizers=[("CR", "ST"), ("CR", "FETP")], supporters=[("XR", "UNODC")],
    ),
    DemoEvent(
        "XR", K.REGIONAL_MEETING, "Reunión regional de equipos de respuesta inmediata",
        D(2027, 3, 23), days=2, status=S.PLANNED, host="DO", city="Santo Domingo",
        venue="Hotel de conferencias (ficticio)",
        description="[Demo] Reunión regional ficticia de los equipos de respuesta inmediata.",
        audiences=[P.VICTIM_ASSISTANCE, P.POLICE, P.PROSECUTORS],
        activities=[(DEMO, "III.2")], organizers=[("XR", "ST Regional")],
        supporters=[("XR", "OIM"), ("XR", "Save the Children")],
    ),
]  # fmt: skip


def load_demo_events(actor):
    """Create the demo events and their attendance; returns how many rows were created
    (events, participants and attendance rows)."""
    countries = {c.iso2: c for c in Country.objects.all()}
    editors = {
        iso2: user
        for user in User.objects.filter(username__in=["editor-cr", "editor-gt", "st-regional"])
        for iso2 in user.memberships.values_list("country__iso2", flat=True)
    }
    activities = _activities()
    staff = Staff(countries)
    created = 0
    for spec in EVENTS:
        country = countries.get(spec.country)
        if country is None or (spec.host and spec.host not in countries):
            continue
        ends = spec.starts + datetime.timedelta(days=spec.days - 1)
        if Event.objects.filter(country=country, title=spec.title, starts=spec.starts).exists():
            continue
        event = Event.objects.create(
            country=country,
            kind=spec.kind,
            title=spec.title,
            description=spec.description,
            starts=spec.starts,
            ends=ends,
            host_country=countries.get(spec.host) if spec.host else None,
            city=spec.city,
            venue=spec.venue,
            audiences=[str(a) for a in spec.audiences],
            status=spec.status,
            outcomes=spec.outcomes,
            created_by=editors.get(spec.country) or editors.get("XR"),
        )
        event.activities.set([activities[a] for a in spec.activities if a in activities])
        event.organizers.set(_organizations(spec.organizers))
        event.supporters.set(_organizations(spec.supporters))
        audit.record(None, AuditAction.CREATE, event, actor_repr=actor, after=event.snapshot())
        created += 1
        if spec.status == S.HELD and spec.people:
            created += _attendance(event, spec.people, staff, actor)
    return created


def _attendance(event, groups, staff, actor):
    index = PeopleIndex()
    entries = []
    for group in groups:
        days = event.days if group.days is None else [event.days[i] for i in group.days]
        for number in range(group.first, group.last + 1):
            person = staff.person(group.iso2, group.profession, number)
            index.canonical(person)
            entries.append(Entry(len(entries) + 2, person, days))
    # After ``canonical``: the directory's name of the institution is what identifies.
    index.prepare([entry.person for entry in entries])
    result = record_attendance(
        event, entries, index, actor_repr=actor, source="[Demo] lista de asistencia ficticia"
    )
    return result.people_new + result.attendance_added


class Staff:
    """The fictitious professionals of each country, always the same for the same
    country, profession and number."""

    def __init__(self, countries):
        self.countries = countries
        self.org_names = {acronym: name for name, acronym, _kind, _axes in COUNTRY_ORGS}

    def person(self, iso2, profession, number):
        country = self.countries[iso2]
        c, p = MEMBERS.index(iso2), PROFESSIONS.index(profession)
        sex = Sex.FEMALE if (c + p + number) % 2 == 0 else Sex.MALE
        first = FIRST_NAMES[sex][(3 * c + 5 * p + number) % len(FIRST_NAMES[sex])]
        surname = SURNAMES[(7 * c + 11 * p + number) % len(SURNAMES)]
        second = SURNAMES[(5 * c + 3 * p + 2 * number + 13) % len(SURNAMES)]
        if second == surname:
            second = SURNAMES[(SURNAMES.index(second) + 1) % len(SURNAMES)]
        acronym = WORKPLACE[profession]
        if acronym is None:
            institution = f"Poder Judicial ({country.name_es})"
        else:
            institution = f"{self.org_names[acronym]} ({country.name_es})"
        local = ".".join(fold(part).replace(" ", "") for part in (first, surname))
        serial = 100 * p + number + 1
        return Person(
            name=f"{first} {surname} {second}",
            sex=str(sex),
            organization_name=institution,
            profession=str(profession),
            country=country,
            email=f"{local}.{iso2.lower()}{serial:03d}@{EMAIL_DOMAIN}",
            phone=f"{DIAL[iso2]} 0000 {serial:04d}",
        )


def _activities():
    wanted = {(code, ref) for spec in EVENTS for code, ref in spec.activities}
    rows = Activity.objects.filter(plan__code__in={code for code, _ref in wanted}).select_related(
        "plan"
    )
    return {(a.plan.code, a.ref): a for a in rows if (a.plan.code, a.ref) in wanted}


def _organizations(keys):
    """The demo organizations named (by acronym, or name, and country); those missing are
    left out."""
    found = []
    for iso2, text in keys:
        organization = (
            Organization.objects.filter(country__iso2=iso2)
            .filter(Q(acronym=text) | Q(name=text))
            .order_by("pk")
            .first()
        )
        if organization is not None:
            found.append(organization)
    return found
