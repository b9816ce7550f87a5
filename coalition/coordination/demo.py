"""Demo referrals for ``load_demo``: clearly fictitious requests of help between the demo
offices of seven countries, with the timelines an office would see.

The offices are demo institutions of the directory: each country's foundation ("FMA",
given the victim-assistance-office service here, where it lacks it), its migration
directorate ("DGM", repatriation), the prosecutor's victim-assistance office ("OAV") and
the shelter ("ALB"). The demo users ``oficina-gt`` and ``oficina-sv`` work at the
foundations of Guatemala and El Salvador; ``institucion-gt`` (the Guatemalan police unit)
is party to no referral.

Every referral is sent and moved through ``coordination.workflow`` at times counted back
from now, so the demo stays fresh: some wait for an acknowledgement past their deadline
(an immediate one from Guatemala to El Salvador among them), some are overdue for their
answer, some are in progress with messages of both offices, some were completed in time or
late, declined with a reason, cancelled, and several were closed more than 200 days ago
(for ``purge_closed_referrals``). Profiles hold codes only; every summary, note and
message starts or reads as a fictitious case and names nobody (the identifier screen
checks them all, as it would a user's).

Running it again changes nothing: once the audit log holds the demo's referrals, nothing
is added.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from coalition.coordination import workflow
from coalition.coordination.choices import AgeGroup, Need, ReferralKind, Side, Status, Urgency
from coalition.coordination.models import Referral, ReferralMessage
from coalition.core import audit
from coalition.core.choices import AuditAction, Exploitation, Service, Sex
from coalition.core.models import AuditEntry, Organization, User

K, U, S, N, E = ReferralKind, Urgency, Status, Need, Exploitation
DEMO_MARK = "Caso ficticio de demostración"
# The demo users who act for an office (the others' moves are the system's): the two
# offices' people, and the Guatemalan and Costa Rican editors for the rest of their country.
OFFICE_USERS = {
    ("GT", "FMA"): "oficina-gt",
    ("SV", "FMA"): "oficina-sv",
    ("CR", "FMA"): "contrib-cr",
}
EDITORS = {"GT": "editor-gt", "CR": "editor-cr"}
# The demo institutions that act as offices, and the victim service each must offer.
OFFICE_SERVICES = {
    "FMA": Service.VICTIM_ASSISTANCE_OFFICE,
    "DGM": Service.REPATRIATION,
    "OAV": Service.VICTIM_ASSISTANCE_OFFICE,
    "ALB": Service.SHELTER,
}


def hours(n):
    return datetime.timedelta(hours=n)


def days(n):
    return datetime.timedelta(days=n)


@dataclass
class Demo:
    """One demo referral: from ``sender`` to ``receiver`` ("GT FMA"), sent ``ago`` before
    now; its ``steps`` (status, time after sending, note) and ``messages`` (side, time
    after sending, text)."""

    sender: str
    receiver: str
    kind: str
    urgency: str
    ago: datetime.timedelta
    profile: tuple  # age group, sex, nationality, languages, needs, forms of exploitation
    summary: str
    steps: list = field(default_factory=list)
    messages: list = field(default_factory=list)


# Minimal profiles, codes only.
WOMAN_SV = (
    AgeGroup.YOUNG,
    Sex.FEMALE,
    "SV",
    ["es"],
    [N.SHELTER, N.DOCUMENTS, N.FAMILY],
    [E.SEXUAL],
)
GIRL_HN = (
    AgeGroup.ADOLESCENT,
    Sex.FEMALE,
    "HN",
    ["es"],
    [N.SHELTER, N.PSYCHOLOGICAL, N.FAMILY],
    [E.SEXUAL],
)
MAN_GT = (
    AgeGroup.ADULT,
    Sex.MALE,
    "GT",
    ["es", "myn"],
    [N.TRANSPORT, N.DOCUMENTS, N.LIVELIHOOD],
    [E.FORCED_LABOUR],
)
BOY_GT = (
    AgeGroup.ADOLESCENT,
    Sex.MALE,
    "GT",
    ["myn", "es"],
    [N.FAMILY, N.EDUCATION, N.INTERPRETATION],
    [E.FORCED_BEGGING],
)
WOMAN_NI = (
    AgeGroup.ADULT,
    Sex.FEMALE,
    "NI",
    ["es"],
    [N.HEALTH, N.LEGAL, N.DOCUMENTS],
    [E.DOMESTIC_SERVITUDE],
)
WOMAN_DO = (
    AgeGroup.YOUNG,
    Sex.FEMALE,
    "DO",
    ["es"],
    [N.SHELTER, N.PROTECTION, N.LEGAL],
    [E.SEXUAL, E.FORCED_MARRIAGE],
)
MAN_HN = (AgeGroup.YOUNG, Sex.MALE, "HN", ["es"], [N.TRANSPORT, N.HEALTH], [E.FORCED_CRIMINALITY])
CHILD_SV = (
    AgeGroup.CHILD,
    Sex.UNKNOWN,
    "SV",
    ["es"],
    [N.FAMILY, N.SHELTER, N.PROTECTION],
    [E.MIXED],
)
PERSON_PA = (AgeGroup.ADULT, Sex.OTHER, "CO", ["es"], [N.PSYCHOLOGICAL, N.LIVELIHOOD], [E.SEXUAL])
WOMAN_GT = (
    AgeGroup.OLDER,
    Sex.FEMALE,
    "GT",
    ["myn"],
    [N.INTERPRETATION, N.HEALTH],
    [E.DOMESTIC_SERVITUDE],
)
PERSON_BZ = (
    AgeGroup.ADULT,
    Sex.MALE,
    "GT",
    ["es", "en", "bzj"],
    [N.LIVELIHOOD, N.OTHER],
    [E.FORCED_LABOUR],
)
MAN_NI = (
    AgeGroup.ADULT,
    Sex.MALE,
    "NI",
    ["es", "en"],
    [N.DOCUMENTS, N.TRANSPORT],
    [E.FORCED_LABOUR, E.OTHER],
)

ACK, PROG, DONE, DECL, CANC = S.ACKNOWLEDGED, S.IN_PROGRESS, S.COMPLETED, S.DECLINED, S.CANCELLED
SND, RCV = Side.SENDING, Side.RECEIVING

# fmt: off
DEMOS = [
    # --- waiting for an acknowledgement past its deadline -------------------------------
    Demo("GT FMA", "SV FMA", K.REPATRIATION, U.IMMEDIATE, hours(7), WOMAN_SV,
         "Mujer joven salvadoreña acogida tras un operativo; pide volver con su familia "
         "cuanto antes. Se necesita recibirla en frontera y alojamiento seguro."),
    Demo("HN DGM", "GT FMA", K.FAMILY_TRACING, U.HOURS_72, days(2), BOY_GT,
         "Adolescente guatemalteco retornado por la frontera; habla un idioma maya y dice "
         "tener familia en el occidente del país. Se pide ubicar a la familia."),
    Demo("CR OAV", "PA DGM", K.DOCUMENTS, U.ROUTINE, days(5), PERSON_PA,
         "Persona adulta rescatada en un centro nocturno; necesita documentos de viaje "
         "para regresar. Acepta el retorno voluntario."),
    Demo("DO FMA", "HN OAV", K.RISK_ASSESSMENT, U.HOURS_72, days(3), MAN_HN,
         "Hombre joven hondureño obligado a transportar mercancía ilícita; teme volver a "
         "su comunidad. Se pide una evaluación del riesgo en el lugar de retorno."),
    # --- sent recently, within the deadlines ---------------------------------------------
    Demo("SV OAV", "GT DGM", K.REPATRIATION, U.ROUTINE, hours(20), MAN_GT,
         "Hombre guatemalteco rescatado de una finca; pide volver a su comunidad. Se "
         "coordina el traslado por el puesto fronterizo más cercano."),
    Demo("NI FMA", "CR FMA", K.ASSISTANCE, U.ROUTINE, days(1), WOMAN_NI,
         "Mujer adulta nicaragüense que trabajó sin paga en una casa; necesita atención "
         "médica y asesoría legal mientras se decide su retorno."),
    # --- acknowledged or in progress, overdue for their answer ---------------------------
    Demo("SV FMA", "GT FMA", K.PROTECTION, U.HOURS_72, days(6), GIRL_HN,
         "Adolescente hondureña identificada en tránsito; el grupo que la trasladó sigue "
         "activo. Se piden medidas de protección mientras dura el proceso.",
         [(ACK, hours(10), ""), (PROG, days(1), "")],
         [(RCV, hours(11), "Recibido. Coordinamos con el albergue y la fiscalía."),
          (SND, days(2), "¿Hay novedades sobre las medidas solicitadas?")]),
    Demo("GT FMA", "HN DGM", K.REPATRIATION, U.ROUTINE, days(21), GIRL_HN,
         "Adolescente hondureña en un albergue de Guatemala; la familia fue ubicada y "
         "espera su retorno. Falta la coordinación del traslado.",
         [(ACK, days(2), "")],
         [(SND, days(8), "Seguimos a la espera de la fecha del traslado."),
          (RCV, days(9), "Estamos revisando la disponibilidad de transporte.")]),
    Demo("PA FMA", "NI OAV", K.LEGAL, U.HOURS_72, days(9), MAN_NI,
         "Hombre nicaragüense explotado en la construcción; quiere denunciar al volver. "
         "Se pide acompañamiento legal en su país.",
         [(ACK, hours(20), ""), (PROG, days(2), "")]),
    # --- in progress, in time -------------------------------------------------------------
    Demo("GT OAV", "SV FMA", K.ASSISTANCE, U.ROUTINE, days(4), CHILD_SV,
         "Niña o niño salvadoreño bajo protección en Guatemala; se pide apoyo psicosocial "
         "a la familia antes del retorno.",
         [(ACK, days(1), ""), (PROG, days(2), "")],
         [(RCV, days(1), "Recibido. Asignamos a una psicóloga del equipo."),
          (SND, days(2), "Gracias. Enviamos el plan de atención por la vía oficial."),
          (RCV, days(3), "Primera visita a la familia realizada; sigue el seguimiento.")]),
    Demo("SV FMA", "GT OAV", K.LEGAL, U.ROUTINE, days(6), WOMAN_SV,
         "Mujer salvadoreña que declaró en Guatemala; se pide información sobre el estado "
         "del proceso para orientarla.",
         [(ACK, days(1), ""), (PROG, days(3), "")],
         [(SND, hours(2), "Quedamos atentos a su confirmación."),
          (RCV, days(3), "El proceso sigue abierto; informaremos de cada audiencia.")]),
    Demo("HN OAV", "SV DGM", K.DOCUMENTS, U.ROUTINE, days(3), CHILD_SV,
         "Niña o niño salvadoreño sin documentos en un hogar de protección; se piden "
         "documentos de viaje para su retorno acompañado.",
         [(ACK, hours(30), "")]),
    Demo("CR FMA", "NI FMA", K.FAMILY_TRACING, U.ROUTINE, days(7), WOMAN_NI,
         "Mujer nicaragüense atendida en Costa Rica; pide reconectar con su familia antes "
         "de decidir si vuelve.",
         [(ACK, days(1), ""), (PROG, days(2), "")],
         [(RCV, days(2), "Iniciamos la búsqueda con las redes comunitarias."),
          (SND, days(4), "Ella confirma que desea el contacto.")]),
    Demo("DO OAV", "PA FMA", K.ASSISTANCE, U.HOURS_72, hours(30), WOMAN_DO,
         "Mujer joven dominicana que dejó el lugar de explotación; se pide alojamiento y "
         "atención mientras se prepara su retorno.",
         [(ACK, hours(3), "")],
         [(RCV, hours(4), "Recibido; hay cupo en el albergue esta semana.")]),
    Demo("GT DGM", "SV OAV", K.RISK_ASSESSMENT, U.HOURS_72, hours(40), WOMAN_SV,
         "Mujer salvadoreña por retornar; se pide evaluar el riesgo en su comunidad "
         "antes de fijar el traslado.",
         [(ACK, hours(5), ""), (PROG, hours(12), "")]),
    Demo("BZ FMA", "GT FMA", K.OTHER, U.ROUTINE, days(10), PERSON_BZ,
         "Hombre guatemalteco atendido en Belice tras trabajar sin paga en el campo; se "
         "pide orientación sobre programas de empleo a su regreso.",
         [(ACK, days(1), "")],
         [(SND, days(1), "He speaks English and Kriol too; any office language will do."),
          (RCV, days(2), "Recibido; la fundación tiene un programa de inserción laboral.")]),
    # --- completed in time ---------------------------------------------------------------
    Demo("GT FMA", "SV DGM", K.REPATRIATION, U.HOURS_72, days(30), WOMAN_SV,
         "Mujer joven salvadoreña retornada desde Guatemala con acompañamiento de ambas "
         "oficinas.",
         [(ACK, hours(6), ""), (PROG, hours(20), ""), (DONE, hours(60), "")],
         [(RCV, hours(6), "Recibido. Coordinamos la recepción en frontera."),
          (SND, hours(30), "Viaja con una acompañante de nuestra fundación."),
          (RCV, hours(60), "Recibida en frontera y trasladada al albergue.")]),
    Demo("SV FMA", "GT FMA", K.FAMILY_TRACING, U.ROUTINE, days(45), BOY_GT,
         "Adolescente guatemalteco atendido en El Salvador; se pide ubicar a su familia.",
         [(ACK, days(1), ""), (PROG, days(2), ""), (DONE, days(9), "")],
         [(RCV, days(1), "Iniciamos la búsqueda con la municipalidad."),
          (RCV, days(9), "Familia ubicada; acepta recibirlo con apoyo de la fundación.")]),
    Demo("HN FMA", "GT OAV", K.LEGAL, U.ROUTINE, days(60), GIRL_HN,
         "Adolescente hondureña víctima en Guatemala; se pide orientación legal para la "
         "familia.",
         [(ACK, days(2), ""), (DONE, days(12), "")]),
    Demo("CR DGM", "NI DGM", K.REPATRIATION, U.HOURS_72, days(50), MAN_NI,
         "Hombre nicaragüense rescatado en una plantación; retorno voluntario.",
         [(ACK, hours(10), ""), (DONE, hours(70), "")]),
    Demo("PA OAV", "DO FMA", K.ASSISTANCE, U.ROUTINE, days(80), WOMAN_DO,
         "Mujer joven dominicana retornada; se pide seguimiento psicosocial en su país.",
         [(ACK, days(2), ""), (PROG, days(3), ""), (DONE, days(14), "")]),
    Demo("NI OAV", "HN OAV", K.PROTECTION, U.IMMEDIATE, days(20), MAN_HN,
         "Hombre joven hondureño amenazado por la red; se piden medidas de protección "
         "al llegar.",
         [(ACK, hours(2), ""), (PROG, hours(3), ""), (DONE, hours(20), "")]),
    # --- completed late ------------------------------------------------------------------
    Demo("GT FMA", "HN FMA", K.ASSISTANCE, U.HOURS_72, days(40), GIRL_HN,
         "Adolescente hondureña retornada; se pide atención psicológica y escolar.",
         [(ACK, days(2), ""), (PROG, days(3), ""), (DONE, days(8), "")],
         [(SND, days(4), "¿Pueden confirmar la fecha de la primera cita?"),
          (RCV, days(8), "Disculpen la demora; la atención ya comenzó.")]),
    Demo("SV DGM", "GT DGM", K.DOCUMENTS, U.ROUTINE, days(70), MAN_GT,
         "Hombre guatemalteco sin documentos de viaje; retorno voluntario.",
         [(ACK, days(4), ""), (DONE, days(25), "")]),
    Demo("DO FMA", "CR OAV", K.RISK_ASSESSMENT, U.HOURS_72, days(35), WOMAN_DO,
         "Mujer joven dominicana que teme represalias; evaluación del riesgo pedida.",
         [(ACK, days(1), ""), (DONE, days(5), "")]),
    # --- declined with a reason ----------------------------------------------------------
    Demo("HN OAV", "GT FMA", K.LEGAL, U.ROUTINE, days(25), MAN_HN,
         "Hombre joven hondureño que pide asesoría sobre un proceso abierto en Guatemala.",
         [(DECL, days(2), "La fundación no da representación legal; les sugerimos la "
                          "oficina de atención a la víctima del Ministerio Público.")]),
    Demo("CR FMA", "PA FMA", K.PROTECTION, U.HOURS_72, days(15), PERSON_PA,
         "Persona adulta que pide protección al volver a Panamá.",
         [(ACK, hours(8), ""), (DECL, days(2), "Corresponde a la fiscalía; ya se le "
                                               "trasladó la solicitud por la vía oficial.")]),
    Demo("NI FMA", "SV OAV", K.DOCUMENTS, U.ROUTINE, days(100), WOMAN_NI,
         "Mujer nicaragüense que pide documentos; la solicitud llegó a otro país.",
         [(DECL, days(1), "La persona no es salvadoreña: la oficina competente es la de "
                          "Nicaragua.")]),
    # --- cancelled -----------------------------------------------------------------------
    Demo("GT OAV", "HN DGM", K.REPATRIATION, U.ROUTINE, days(12), MAN_HN,
         "Hombre joven hondureño que pedía volver a su país.",
         [(ACK, days(1), ""), (CANC, days(3), "La persona decidió quedarse y pidió "
                                             "protección internacional.")]),
    Demo("SV FMA", "CR FMA", K.ASSISTANCE, U.ROUTINE, days(18), CHILD_SV,
         "Niña o niño salvadoreño con su madre; se pedía alojamiento temporal.",
         [(CANC, hours(5), "Enviada por error: la familia ya está en El Salvador.")]),
    # --- closed more than 200 days ago (for the purge) -----------------------------------
    Demo("GT FMA", "SV FMA", K.REPATRIATION, U.HOURS_72, days(260), WOMAN_SV,
         "Mujer joven salvadoreña retornada con acompañamiento; caso cerrado.",
         [(ACK, hours(5), ""), (PROG, hours(10), ""), (DONE, hours(50), "")],
         [(RCV, hours(5), "Recibido; coordinamos la recepción."),
          (SND, hours(12), "Confirmamos el viaje por la vía oficial.")]),
    Demo("SV OAV", "GT FMA", K.ASSISTANCE, U.ROUTINE, days(300), WOMAN_GT,
         "Mujer mayor guatemalteca que habla un idioma maya; necesitaba intérprete y "
         "atención médica.",
         [(ACK, days(2), ""), (PROG, days(3), ""), (DONE, days(20), "")],
         [(RCV, days(3), "Contamos con intérprete en la fundación.")]),
    Demo("HN DGM", "NI DGM", K.REPATRIATION, U.ROUTINE, days(240), MAN_NI,
         "Hombre nicaragüense en tránsito; retorno voluntario.",
         [(ACK, days(1), ""), (DONE, days(10), "")]),
    Demo("PA FMA", "CR OAV", K.LEGAL, U.ROUTINE, days(330), PERSON_PA,
         "Persona adulta que pedía orientación legal en Costa Rica.",
         [(DECL, days(4), "No corresponde a esta oficina; se orientó a la fiscalía.")]),
    Demo("DO DGM", "HN FMA", K.FAMILY_TRACING, U.ROUTINE, days(400), GIRL_HN,
         "Adolescente hondureña; se pedía ubicar a su familia.",
         [(ACK, days(3), ""), (PROG, days(5), ""), (DONE, days(19), "")]),
    Demo("CR OAV", "GT DGM", K.DOCUMENTS, U.IMMEDIATE, days(220), MAN_GT,
         "Hombre guatemalteco sin documentos; retorno urgente.",
         [(CANC, hours(2), "La persona ya había cruzado la frontera por sus medios.")]),
]
# fmt: on


def load_demo_referrals(actor_repr):
    """Send the demo referrals (once); returns how many rows were created: referrals,
    their steps and messages."""
    if AuditEntry.objects.filter(
        object_type=Referral._meta.label_lower, action=AuditAction.CREATE, actor_repr=actor_repr
    ).exists():
        return 0
    loader = _Loader(actor_repr)
    for demo in DEMOS:
        loader.referral(demo)
    return loader.created


class _Loader:
    def __init__(self, actor_repr):
        self.actor_repr = actor_repr
        self.now = timezone.now().replace(second=0, microsecond=0)
        self.created = 0
        self.offices = {}
        self.users = {u.username: u for u in User.objects.filter(username__in=_usernames())}

    def office(self, key):
        """The demo office "GT FMA", offering its victim service (given here if missing)."""
        if key not in self.offices:
            iso2, acronym = key.split()
            org = (
                Organization.objects.filter(country__iso2=iso2, acronym=acronym)
                .order_by("pk")
                .first()
            )
            if org is not None and OFFICE_SERVICES[acronym] not in org.services:
                before = audit.snapshot(org)
                org.services = [*org.services, str(OFFICE_SERVICES[acronym])]
                org.save()
                audit.record(
                    None,
                    AuditAction.UPDATE,
                    org,
                    actor_repr=self.actor_repr,
                    before=before,
                    after=audit.snapshot(org),
                )
            self.offices[key] = org
        return self.offices[key]

    def acting(self, key):
        """A request as the demo user acting for office ``key`` (None: the system)."""
        iso2, acronym = key.split()
        username = OFFICE_USERS.get((iso2, acronym)) or EDITORS.get(iso2)
        user = self.users.get(username)
        return _Request(user) if user is not None else None

    def referral(self, demo):
        sender, receiver = self.office(demo.sender), self.office(demo.receiver)
        if sender is None or receiver is None:
            return
        sent_at = self.now - demo.ago
        age_group, sex, nationality, languages, needs, exploitation = demo.profile
        made = Referral(
            sender=sender,
            receiver=receiver,
            kind=demo.kind,
            urgency=demo.urgency,
            sent_at=sent_at,
            age_group=age_group,
            sex=sex,
            nationality=nationality,
            languages=list(languages),
            needs=[str(n) for n in needs],
            exploitation=[str(e) for e in exploitation],
            consent=True,
            consent_on=timezone.localdate(sent_at),
            summary=f"{DEMO_MARK}. {demo.summary}",
        )
        workflow.send(self.acting(demo.sender), made, actor_repr=self.actor_repr)
        self.created += 2  # the referral and its first step
        for status, after, note in demo.steps:
            side_key = demo.sender if status == S.CANCELLED else demo.receiver
            workflow.move(
                self.acting(side_key),
                made,
                status,
                note=note,
                at=sent_at + after,
                actor_repr=self.actor_repr,
            )
            self.created += 1
        for side, after, text in demo.messages:
            self.message(made, side, sent_at + after, text, demo)

    def message(self, made, side, sent_at, text, demo):
        request = self.acting(demo.sender if side == Side.SENDING else demo.receiver)
        message = ReferralMessage(
            referral=made,
            side=side,
            author=request.user if request is not None else None,
            sent_at=sent_at,
            text=text,
        )
        # Read by the other office unless it is the latest message of an open referral.
        later = [m for m in demo.messages if sent_at < made.sent_at + m[1]]
        if later or not made.is_open:
            message.read_at = sent_at + hours(1)
        message.full_clean(exclude=["referral", "author"])
        message.save()
        audit.record(
            None,
            AuditAction.CREATE,
            message,
            actor_repr=self.actor_repr,
            after=audit.snapshot_of(message),
        )
        self.created += 1


def _usernames():
    return {*OFFICE_USERS.values(), *EDITORS.values()}


class _Request:
    """What ``workflow`` and the audit log read of a request: the acting demo user."""

    def __init__(self, user):
        self.user = user
        self.META = {}
        self.request_id = ""
