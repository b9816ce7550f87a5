"""Demo knowledge and cooperation for ``load_demo``: clearly fictitious SWOTs, good
practices, cooperation agreements and campaigns for every member country and the
regional level.

- SWOTs of 2025 for the eight member countries (seven or eight items each, in the four
  quadrants and on several axes) and the regional SWOT consolidated from them (each
  regional item names the country items it was made from); a 2024 exercise for Costa Rica,
  Guatemala and Honduras.
- Sixteen good practices in every review status, on every axis, of the demo institutions,
  with a directory contact where the demo directory has one; one published practice has an
  edit that awaits review (the public page still shows what was published).
- Thirteen agreements of every status and type, with party countries and institutions;
  three in force expire within 90 days of the day the demo is loaded; several have a small
  generated PDF; those with police, migration and the judiciary are linked to the 2012
  plan's activities whose verification source is "Convenios ...".
- Nine campaigns, national and regional, on every channel, with reach figures, linked to
  objective IV of the 2012 plan (those of 2012-2013) or of the demo plan 2026-2027, with
  generated materials (PDF brochures and cards, a PNG poster, WAV radio spots), some
  approved and published.

Titles end in "(demo)"; summaries and descriptions start with "[Demo]" and sources are
phrased as fictitious. No person is named: contacts are the demo directory's. Running it
again changes nothing: a SWOT is known by its country and year, the other records by
their country and title, a file by its record and name.
"""

import datetime
import io
import math
import struct
import wave
import zlib
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from coalition.core import audit, files, publication
from coalition.core.choices import AuditAction
from coalition.core.choices import Axis as A
from coalition.core.models import Country, Organization, User
from coalition.directory.models import Contact, ContactKind
from coalition.knowledge.choices import AgreementKind as K
from coalition.knowledge.choices import AgreementStatus as S
from coalition.knowledge.choices import Audience as AU
from coalition.knowledge.choices import Channel as CH
from coalition.knowledge.choices import Language as L
from coalition.knowledge.choices import MaterialKind as M
from coalition.knowledge.choices import PracticeStatus as P
from coalition.knowledge.choices import Quadrant as Q4
from coalition.knowledge.choices import Replicability as R
from coalition.knowledge.models import (
    Agreement,
    AgreementDocument,
    Campaign,
    CampaignMaterial,
    Practice,
    PracticeDocument,
    Swot,
    SwotItem,
)
from coalition.plans.models import Activity, ActivityItem, ItemKind

SEED = "plan-operativo-2012"
DEMO = "demo-plan-2026-2027"
REGIONAL = "XR"
D = datetime.date

ST, WE, OP, TH = Q4.STRENGTH, Q4.WEAKNESS, Q4.OPPORTUNITY, Q4.THREAT

# --- SWOT ----------------------------------------------------------------------------------

# Per country: (quadrant, axis, item); the evidence is the country's fictitious report.
SWOTS_2025 = {
    "BZ": [
        (ST, A.COORDINATION, "El Consejo Nacional contra la Trata sesiona de forma regular y "
         "reúne a gobierno y sociedad civil."),
        (ST, A.DETECTION, "Equipo de respuesta inmediata con presencia en los distritos de Cayo "
         "y Corozal."),
        (WE, A.ATTENTION, "Un solo albergue especializado, sin cupo para hombres adultos."),
        (WE, A.JUSTICE, "Pocas condenas en firme: los procesos se prolongan y las víctimas "
         "desisten."),
        (OP, A.PREVENTION, "Materiales en inglés, español y kriol que pueden compartirse con "
         "los países vecinos."),
        (TH, A.DETECTION, "Pasos no habilitados en la frontera con Guatemala y mucha movilidad "
         "laboral de temporada."),
        (TH, A.PREVENTION, "Captación por redes sociales con ofertas de empleo en el turismo."),
    ],
    "CR": [
        (ST, A.COORDINATION, "Coalición nacional con fondo propio y comisiones técnicas "
         "activas."),
        (ST, A.ATTENTION, "Equipo de Respuesta Inmediata que activa la atención en menos de 24 "
         "horas."),
        (WE, A.PREVENTION, "Pocas campañas fuera del Valle Central, sobre todo en las zonas "
         "costeras."),
        (WE, A.JUSTICE, "Rotación de fiscales especializados y poca formación en prueba "
         "digital."),
        (OP, A.DETECTION, "Cooperación policial con Nicaragua y Panamá en los puestos "
         "fronterizos."),
        (OP, A.PREVENTION, "Interés del sector turístico en códigos de conducta contra la "
         "explotación sexual."),
        (TH, A.DETECTION, "Explotación sexual ligada al turismo ofrecida por aplicaciones de "
         "mensajería."),
        (TH, A.REPATRIATION, "Más personas migrantes en tránsito hacia el norte por la frontera "
         "sur."),
    ],
    "SV": [
        (ST, A.JUSTICE, "Unidad fiscal especializada con sede central y enlaces "
         "departamentales."),
        (ST, A.COORDINATION, "Consejo Nacional contra la Trata con plan de acción vigente."),
        (WE, A.ATTENTION, "Atención psicológica concentrada en San Salvador; poca cobertura en "
         "el oriente del país."),
        (WE, A.DETECTION, "Registros de casos no unificados entre policía, fiscalía y "
         "migración."),
        (OP, A.REPATRIATION, "El protocolo regional de repatriación agiliza el retorno de "
         "víctimas salvadoreñas."),
        (TH, A.PREVENTION, "Violencia de pandillas que expone a adolescentes a la captación."),
        (TH, A.DETECTION, "Migración irregular de adolescentes no acompañados hacia el norte."),
    ],
    "GT": [
        (ST, A.COORDINATION, "Secretaría técnica que coordina la comisión interinstitucional y "
         "publica informes anuales."),
        (ST, A.JUSTICE, "Juzgados especializados con experiencia en la prueba anticipada."),
        (ST, A.PREVENTION, "Mesas interinstitucionales que sesionan cada mes en los "
         "departamentos fronterizos."),
        (WE, A.ATTENTION, "Albergues temporales con cupo limitado para adolescentes varones."),
        (WE, A.PREVENTION, "Pocos materiales en idiomas mayas, poco adaptados a cada "
         "comunidad."),
        (OP, A.ATTENTION, "Nuevos albergues con apoyo de la cooperación internacional."),
        (TH, A.DETECTION, "Corredores de Tecún Umán y La Mesilla con presencia de redes de "
         "tráfico."),
        (TH, A.PREVENTION, "Trabajo infantil en fincas agrícolas aceptado en algunas "
         "comunidades."),
    ],
    "HN": [
        (ST, A.COORDINATION, "Comisión interinstitucional con equipos de respuesta inmediata en "
         "las principales ciudades."),
        (ST, A.DETECTION, "Línea gratuita de denuncia atendida las 24 horas."),
        (WE, A.JUSTICE, "Pocas sentencias por trata laboral: los casos se califican como otros "
         "delitos."),
        (WE, A.ATTENTION, "Seguimiento débil de las víctimas retornadas después de los tres "
         "primeros meses."),
        (OP, A.REPATRIATION, "Centros de atención al migrante retornado que pueden detectar "
         "víctimas."),
        (TH, A.PREVENTION, "Pobreza y desplazamiento por violencia en el Valle de Sula."),
        (TH, A.DETECTION, "Captación en la costa caribe para la explotación en centros "
         "turísticos de la región."),
    ],
    "NI": [
        (ST, A.COORDINATION, "Coalición nacional con presencia en los departamentos del "
         "Pacífico y del Caribe."),
        (ST, A.PREVENTION, "Programas de prevención en escuelas de secundaria."),
        (WE, A.ATTENTION, "Atención especializada a víctimas concentrada en Managua."),
        (WE, A.DETECTION, "Poca información estadística publicada sobre los casos "
         "detectados."),
        (OP, A.PREVENTION, "Trabajo conjunto con radios comunitarias de la Costa Caribe."),
        (TH, A.DETECTION, "Migración laboral hacia Costa Rica por pasos no habilitados."),
        (TH, A.REPATRIATION, "Retornos desde el sur sin entrevista de detección de víctimas."),
    ],
    "PA": [
        (ST, A.DETECTION, "Unidad policial especializada y control migratorio en el aeropuerto "
         "de Tocumen."),
        (ST, A.COORDINATION, "Comisión nacional con una secretaría técnica dedicada."),
        (WE, A.ATTENTION, "Sin albergue especializado para víctimas adultas de trata laboral."),
        (WE, A.PREVENTION, "Poca difusión en las comarcas indígenas y en Darién."),
        (OP, A.DETECTION, "Conexión aérea de la región: cooperación con aerolíneas para "
         "detectar casos."),
        (TH, A.DETECTION, "Tránsito masivo de migrantes por el Darién con presencia de redes de "
         "tráfico."),
        (TH, A.JUSTICE, "Casos transnacionales que exigen cooperación judicial con varios "
         "países a la vez."),
    ],
    "DO": [
        (ST, A.COORDINATION, "Comisión interinstitucional con plan nacional y mesas "
         "provinciales en zonas turísticas."),
        (ST, A.JUSTICE, "Procuraduría especializada con experiencia en explotación sexual "
         "comercial."),
        (WE, A.ATTENTION, "Pocos intérpretes de creole haitiano para atender a víctimas "
         "extranjeras."),
        (WE, A.DETECTION, "Pocas inspecciones laborales en la construcción y la agricultura."),
        (OP, A.REPATRIATION, "Diálogo binacional con Haití sobre el retorno seguro de niñas y "
         "niños."),
        (OP, A.PREVENTION, "Cadenas hoteleras dispuestas a capacitar a su personal."),
        (TH, A.DETECTION, "Mendicidad forzada de niñas y niños en las ciudades."),
        (TH, A.PREVENTION, "Ofertas engañosas de empleo en el extranjero difundidas por redes "
         "sociales."),
    ],
}  # fmt: skip

# The regional SWOT of 2025: each item with the country items (ISO code, index in
# SWOTS_2025) it was consolidated from.
REGIONAL_2025 = [
    (ST, A.COORDINATION, "Instancias nacionales de coordinación activas en los ocho países.",
     [("BZ", 0), ("CR", 0), ("SV", 1), ("GT", 0), ("HN", 0), ("NI", 0), ("PA", 1), ("DO", 0)]),
    (ST, A.DETECTION, "Equipos de respuesta inmediata o unidades especializadas en la mayoría "
     "de los países.", [("BZ", 1), ("HN", 1), ("PA", 0)]),
    (WE, A.ATTENTION, "Atención especializada concentrada en las capitales y pocos albergues.",
     [("BZ", 2), ("SV", 2), ("GT", 3), ("NI", 2), ("PA", 2)]),
    (WE, A.JUSTICE, "Pocas sentencias en firme y rotación de fiscales especializados.",
     [("BZ", 3), ("CR", 3), ("HN", 2)]),
    (OP, A.REPATRIATION, "El protocolo regional de repatriación puede agilizar el retorno "
     "seguro.", [("SV", 4), ("HN", 4), ("DO", 4)]),
    (TH, A.DETECTION, "Corredores migratorios hacia el norte usados por redes de tráfico y "
     "trata.", [("SV", 6), ("GT", 6), ("NI", 5), ("PA", 5)]),
    (TH, A.PREVENTION, "Captación por redes sociales con ofertas falsas de empleo.",
     [("BZ", 6), ("CR", 6), ("DO", 7)]),
]  # fmt: skip

SWOTS_2024 = {
    "CR": [
        (ST, A.COORDINATION, "Coalición nacional con comisiones técnicas activas."),
        (WE, A.PREVENTION, "Campañas concentradas en la capital."),
        (WE, A.JUSTICE, "Fiscales especializados con mucha carga de trabajo."),
        (OP, A.DETECTION, "Acercamiento con la policía de Nicaragua para un convenio."),
        (TH, A.DETECTION, "Ofrecimiento de explotación sexual por redes sociales."),
    ],
    "GT": [
        (ST, A.JUSTICE, "Juzgados especializados en varios departamentos."),
        (WE, A.ATTENTION, "Albergues temporales sin cupo suficiente."),
        (OP, A.PREVENTION, "Radios comunitarias dispuestas a difundir mensajes en idiomas "
         "mayas."),
        (TH, A.DETECTION, "Redes de tráfico en los corredores de la frontera occidental."),
        (TH, A.PREVENTION, "Trabajo infantil en fincas agrícolas."),
    ],
    "HN": [
        (ST, A.COORDINATION, "Equipos de respuesta inmediata en Tegucigalpa y San Pedro Sula."),
        (WE, A.ATTENTION, "Pocos programas de reinserción para sobrevivientes."),
        (OP, A.REPATRIATION, "Centros de atención al migrante retornado."),
        (TH, A.PREVENTION, "Desplazamiento por violencia en zonas urbanas."),
        (TH, A.DETECTION, "Captación en la costa caribe."),
    ],
}  # fmt: skip


# --- good practices ------------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeSpec:
    country: str
    title: str
    axis: str
    institution: str  # acronym (or name) of a demo institution of the country or region
    year: int
    status: str
    description: str
    results: str
    success_factors: str
    replicability: str
    replicability_notes: str = ""
    document: bool = False
    # Results written after it was published: an edit that awaits review.
    pending_results: str = ""


PRACTICES = [
    PracticeSpec(
        "CR", "Equipo de Respuesta Inmediata interinstitucional (demo)", A.ATTENTION, "ST",
        2023, P.PUBLISHED,
        "Un equipo de policía, fiscalía, migración y servicios sociales se activa con una "
        "sola llamada y coordina la atención de la víctima desde el primer contacto.",
        "La atención inicial pasó de varios días a menos de 24 horas en los casos del año "
        "(cifras ficticias).",
        "Un protocolo firmado por todas las instituciones y una persona de enlace por "
        "institución disponible las 24 horas.",
        R.HIGH, "Requiere un acuerdo entre instituciones y un fondo pequeño para traslados.",
        document=True,
        pending_results="La atención inicial bajó a menos de 12 horas y el equipo se amplió "
        "a la zona norte (cifras ficticias, en revisión).",
    ),
    PracticeSpec(
        "CR", "Capacitación a personal hotelero para detectar la explotación sexual (demo)",
        A.PREVENTION, "FMA", 2024, P.REVIEWED,
        "Talleres breves para recepcionistas, personal de seguridad y taxistas de zonas "
        "turísticas sobre señales de alerta y a quién llamar.",
        "Treinta hoteles participantes y las primeras denuncias desde el sector (ficticias).",
        "El apoyo de las cámaras de turismo y un material de bolsillo con los teléfonos.",
        R.HIGH,
    ),
    PracticeSpec(
        "CR", "Revisión conjunta de alertas migratorias en Peñas Blancas (demo)",
        A.DETECTION, "DGM", 2025, P.DRAFT,
        "Migración y policía revisan juntas, cada semana, las alertas de personas menores "
        "de edad que viajan sin sus padres.",
        "", "", R.MEDIUM,
    ),
    PracticeSpec(
        "GT", "Entrevista única de niñas y niños en cámara Gesell (demo)", A.JUSTICE, "FETP",
        2022, P.PUBLISHED,
        "La declaración de la niña o el niño se graba una sola vez, como prueba anticipada, "
        "para no repetirla en cada etapa del proceso.",
        "Menos desistimientos y audiencias más cortas (cifras ficticias).",
        "Salas equipadas en las sedes departamentales y personal de psicología formado.",
        R.MEDIUM, "Necesita equipo de grabación y reglas procesales que acepten la prueba.",
        document=True,
    ),
    PracticeSpec(
        "GT", "Mensajes de prevención en k'iche' y q'eqchi' con radios comunitarias (demo)",
        A.PREVENTION, "ST", 2024, P.PUBLISHED,
        "Cuñas radiales producidas con las propias comunidades, en su idioma, sobre ofertas "
        "engañosas de empleo.",
        "Doce radios comunitarias transmitieron los mensajes durante seis meses (ficticio).",
        "La participación de líderes comunitarios en la producción de los mensajes.",
        R.HIGH,
    ),
    PracticeSpec(
        "GT", "Registro compartido de casos entre fiscalía y policía (demo)", A.COORDINATION,
        "UPTT", 2025, P.DRAFT,
        "Una hoja de registro común con un número de caso compartido, sin datos de las "
        "víctimas, para seguir cada investigación.",
        "", "", R.LOW,
    ),
    PracticeSpec(
        "SV", "Acompañamiento psicosocial durante el proceso penal (demo)", A.ATTENTION,
        "FMA", 2023, P.REVIEWED,
        "Una persona de psicología acompaña a la víctima en cada audiencia y la prepara "
        "antes de declarar.",
        "Más víctimas sostienen su declaración hasta el final del proceso (ficticio).",
        "Coordinación previa con la fiscalía sobre las fechas de audiencia.",
        R.MEDIUM,
    ),
    PracticeSpec(
        "SV", "Mesa departamental de prevención en Santa Ana (demo)", A.COORDINATION, "ST",
        2025, P.DRAFT,
        "Alcaldías, escuelas y centros de salud se reúnen cada mes para planificar "
        "actividades de prevención.",
        "", "", R.HIGH,
    ),
    PracticeSpec(
        "HN", "Detección de víctimas en centros de atención al migrante retornado (demo)",
        A.REPATRIATION, "DGM", 2024, P.PUBLISHED,
        "Una entrevista breve, con preguntas de detección, a cada persona retornada que "
        "llega a los centros de atención.",
        "Casos detectados que antes pasaban desapercibidos (cifras ficticias).",
        "Personal formado y una ruta clara de derivación a los servicios de atención.",
        R.MEDIUM,
    ),
    PracticeSpec(
        "HN", "Programa de reinserción laboral para sobrevivientes (demo)", A.ATTENTION,
        "FMA", 2025, P.DRAFT,
        "Formación técnica y acompañamiento en la búsqueda de empleo durante un año.",
        "", "", R.MEDIUM,
    ),
    PracticeSpec(
        "NI", "Clubes escolares de prevención (demo)", A.PREVENTION, "ST", 2023, P.REVIEWED,
        "Estudiantes de secundaria formados como promotores que hablan con sus compañeros "
        "sobre las formas de captación.",
        "Clubes activos en veinte escuelas (ficticio).",
        "Docentes responsables en cada escuela y materiales adaptados a la edad.",
        R.HIGH,
    ),
    PracticeSpec(
        "PA", "Alerta temprana con aerolíneas en el aeropuerto (demo)", A.DETECTION, "UPTT",
        2024, P.PUBLISHED,
        "El personal de las aerolíneas avisa a la unidad policial cuando ve señales de "
        "alerta en pasajeros en tránsito.",
        "Alertas recibidas y verificadas en el primer año (cifras ficticias).",
        "Capacitación corta y un único número de contacto en el aeropuerto.",
        R.MEDIUM,
    ),
    PracticeSpec(
        "DO", "Intérpretes de creole haitiano en la atención a víctimas (demo)", A.ATTENTION,
        "FMA", 2024, P.REVIEWED,
        "Una lista de intérpretes capacitados que acompañan las entrevistas y la atención "
        "de víctimas que no hablan español.",
        "Entrevistas más completas y víctimas mejor informadas de sus derechos (ficticio).",
        "Intérpretes con formación en confidencialidad y atención sin revictimización.",
        R.HIGH,
    ),
    PracticeSpec(
        "BZ", "Capacitación trilingüe a inspectores laborales (demo)", A.DETECTION, "ST",
        2025, P.DRAFT,
        "Talleres en inglés, español y kriol para inspectores que visitan fincas y "
        "comercios.",
        "", "", R.HIGH,
    ),
    PracticeSpec(
        REGIONAL, "Protocolo regional de repatriación de víctimas (demo)", A.REPATRIATION,
        "ST Regional", 2022, P.PUBLISHED,
        "Un procedimiento común para el retorno voluntario y seguro de víctimas entre los "
        "países miembros, con puntos focales en cada país.",
        "Retornos coordinados en menos tiempo y con evaluación de riesgo (ficticio).",
        "Puntos focales designados y un formulario común que no lleva datos personales.",
        R.MEDIUM, "Cada país necesita designar su punto focal y su ruta interna.",
    ),
    PracticeSpec(
        REGIONAL, "Red regional de fiscales especializados (demo)", A.JUSTICE, "UNODC", 2024,
        P.REVIEWED,
        "Fiscales de los ocho países comparten consultas y solicitudes de asistencia por un "
        "canal seguro.",
        "Solicitudes de asistencia respondidas en días y no en meses (ficticio).",
        "Reuniones anuales presenciales y un directorio actualizado de enlaces.",
        R.HIGH,
    ),
]  # fmt: skip


# --- agreements ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementSpec:
    country: str
    title: str
    kind: str
    status: str
    summary: str
    parties: list = field(default_factory=list)  # ISO codes
    organizations: list = field(default_factory=list)  # [(ISO code or XR, acronym or name)]
    signed: object = None  # a date, or days from today (int)
    effective: object = None
    expires: object = None
    obligations: str = ""
    focal_notes: str = ""
    activities: list = field(default_factory=list)  # refs of the 2012 plan
    document: bool = False


MEMBERS = ["BZ", "CR", "SV", "GT", "HN", "NI", "PA", "DO"]

AGREEMENTS = [
    AgreementSpec(
        "CR", "Convenio de cooperación policial Costa Rica–Nicaragua (demo)", K.POLICE,
        S.IN_FORCE,
        "[Demo] Intercambio de información y operaciones coordinadas contra la trata en la "
        "frontera norte.",
        ["CR", "NI"], [("CR", "UPTT"), ("NI", "UPTT")], -700, -690, 60,
        "Intercambio de alertas en 24 horas; reunión técnica cada trimestre.",
        "Jefaturas de las delegaciones policiales de frontera.", ["III.2"], document=True,
    ),
    AgreementSpec(
        "CR", "Acuerdo de intercambio de alertas migratorias Costa Rica–Panamá (demo)",
        K.MIGRATION, S.SIGNED,
        "[Demo] Aviso mutuo de viajes de personas menores de edad con señales de alerta.",
        ["CR", "PA"], [("CR", "DGM"), ("PA", "DGM")], -30, 15, 1110,
        "Designar un enlace por puesto fronterizo; informe semestral conjunto.",
        activities=["III.2"],
    ),
    AgreementSpec(
        "GT", "Convenio con el Organismo Judicial para datos de sentencias en firme (demo)",
        K.JUDICIAL, S.NEGOTIATION,
        "[Demo] Envío periódico de datos agregados de sentencias por trata y delitos conexos.",
        ["GT"], [("GT", "FETP")], activities=["VII.1"],
    ),
    AgreementSpec(
        "GT", "Protocolo binacional de atención a víctimas en la frontera occidental (demo)",
        K.PROTECTION, S.IN_FORCE,
        "[Demo] Derivación de víctimas entre los albergues de ambos lados de la frontera.",
        ["GT"], [("GT", "ST"), ("GT", "ALB")], D(2023, 5, 10), D(2023, 6, 1), 25,
        "Atención inmediata y traslado acompañado al albergue del país de origen.",
        "Coordinación de albergues de frontera.", document=True,
    ),
    AgreementSpec(
        "SV", "Convenio de cooperación policial El Salvador–Guatemala–Honduras (demo)",
        K.POLICE, S.IN_FORCE,
        "[Demo] Equipos conjuntos de investigación en los pasos fronterizos del trifinio.",
        ["SV", "GT", "HN"], [("SV", "UPTT"), ("GT", "UPTT"), ("HN", "UPTT")],
        D(2022, 3, 15), D(2022, 4, 1), 85,
        "Un enlace por país; intercambio de alertas e información de inteligencia.",
        activities=["III.2"], document=True,
    ),
    AgreementSpec(
        "HN", "Acuerdo con la Corte Suprema para estadísticas judiciales (demo)", K.JUDICIAL,
        S.SIGNED,
        "[Demo] Datos anuales de sentencias en firme, agregados, para las estadísticas "
        "nacionales y regionales.",
        ["HN"], [("HN", "FETP")], D(2025, 9, 1), D(2025, 10, 1), D(2028, 10, 1),
        "Entrega de datos agregados cada enero.", activities=["VII.1"],
    ),
    AgreementSpec(
        "NI", "Memorando de entendimiento con la policía de Costa Rica (demo)", K.POLICE,
        S.EXPIRED,
        "[Demo] Primer memorando de cooperación policial, firmado tras la reunión de 2012.",
        ["NI", "CR"], [("NI", "UPTT"), ("CR", "UPTT")], D(2012, 10, 20), D(2012, 11, 1),
        D(2015, 11, 1), "Reuniones semestrales de seguimiento.", activities=["III.2"],
        document=True,
    ),
    AgreementSpec(
        "PA", "Convenio con albergues privados para víctimas adultas (demo)", K.PROTECTION,
        S.IDEA,
        "[Demo] Plazas en albergues de organizaciones privadas para víctimas adultas de trata "
        "laboral.",
        ["PA"], [("PA", "FMA")],
    ),
    AgreementSpec(
        "DO", "Acuerdo binacional sobre el retorno seguro de niñas y niños (demo)",
        K.MIGRATION, S.NEGOTIATION,
        "[Demo] Procedimiento de retorno con evaluación de riesgo y acompañamiento.",
        ["DO"], [("DO", "DGM"), ("DO", "ST")], activities=["III.2"],
    ),
    AgreementSpec(
        "BZ", "Convenio de intercambio de información con la Fiscalía de Guatemala (demo)",
        K.JUDICIAL, S.TERMINATED,
        "[Demo] Intercambio de información sobre procesos abiertos; terminado de común "
        "acuerdo al entrar en vigor el acuerdo regional.",
        ["BZ", "GT"], [("BZ", "FETP"), ("GT", "FETP")], D(2013, 2, 1), D(2013, 3, 1),
        D(2018, 3, 1), activities=["VII.1"],
    ),
    AgreementSpec(
        REGIONAL, "Protocolo regional de repatriación de víctimas de trata (demo)",
        K.MIGRATION, S.IN_FORCE,
        "[Demo] Retorno voluntario y seguro de víctimas entre los países miembros.",
        MEMBERS, [("XR", "ST Regional"), ("XR", "OIM")], D(2019, 6, 14), D(2019, 7, 1),
        None, "Designar un punto focal por país; evaluar el riesgo antes de cada retorno.",
        "Puntos focales de las secretarías técnicas nacionales.", ["III.2"], document=True,
    ),
    AgreementSpec(
        REGIONAL, "Acuerdo regional de intercambio de datos de sentencias (demo)",
        K.JUDICIAL, S.IN_FORCE,
        "[Demo] Datos agregados de sentencias en firme compartidos con los socios que el "
        "acuerdo nombra.",
        ["CR", "SV", "GT", "HN", "PA"], [("XR", "ST Regional"), ("XR", "UNODC")],
        D(2024, 2, 20), D(2024, 3, 1), D(2027, 3, 1),
        "Datos agregados con control estadístico de divulgación; revisión anual.",
        activities=["VII.1"],
    ),
    AgreementSpec(
        REGIONAL, "Carta de intención con Interpol sobre alertas de personas desaparecidas "
        "(demo)", K.OTHER, S.IDEA,
        "[Demo] Explorar el uso de las notificaciones internacionales en casos de trata.",
        [], [("XR", "Interpol")],
    ),
]  # fmt: skip


# --- campaigns -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MaterialSpec:
    kind: str
    title: str
    language: str = L.ES
    approved: bool = False
    published: bool = False


@dataclass(frozen=True)
class CampaignSpec:
    country: str
    title: str
    message: str
    channels: list
    starts: datetime.date
    ends: datetime.date | None
    audiences: list
    languages: list
    organizations: list  # [(ISO code or XR, acronym or name)]
    activities: list  # [(plan code, ref)]
    reach: dict
    materials: list = field(default_factory=list)


CAMPAIGNS = [
    CampaignSpec(
        REGIONAL, "Campaña radial regional «No estás en venta» (demo)",
        "[Demo] Ninguna oferta de trabajo te pide entregar tus documentos: infórmate antes "
        "de viajar.",
        [CH.RADIO], D(2012, 10, 1), D(2013, 3, 31), [AU.GENERAL, AU.YOUTH],
        [L.ES, L.EN, L.GARIFUNA], [("XR", "ST Regional"), ("XR", "OIM")], [(SEED, "IV.1")],
        {"broadcasts": 2400},
        [MaterialSpec(M.AUDIO, "Cuña radial de 30 segundos", L.ES, True, True),
         MaterialSpec(M.AUDIO, "Radio spot, 30 seconds", L.EN, True)],
    ),
    CampaignSpec(
        REGIONAL, "Tarjetas de contactos clave internacionales (demo)",
        "[Demo] Los teléfonos de las instituciones que atienden a víctimas en cada país, en "
        "una tarjeta de bolsillo.",
        [CH.CARDS], D(2013, 2, 1), D(2013, 12, 31), [AU.OFFICIALS, AU.TRAVELLERS],
        [L.ES, L.EN], [("XR", "ST Regional"), ("XR", "Interpol")], [(SEED, "IV.1")],
        {"cards_printed": 5000},
        [MaterialSpec(M.CARD, "Tarjeta de contactos clave", L.ES, True, True)],
    ),
    CampaignSpec(
        REGIONAL, "Página web de la Coalición Regional (demo)",
        "[Demo] Información para el público, las líneas de ayuda de cada país y los "
        "materiales de campaña.",
        [CH.WEB, CH.SOCIAL], D(2013, 6, 1), None, [AU.GENERAL], [L.ES, L.EN],
        [("XR", "ST Regional")], [(SEED, "IV.1")],
        {"web_visits": 48000, "social_reach": 120000},
        [MaterialSpec(M.IMAGE, "Banner de la página web", L.ES, True, True)],
    ),
    CampaignSpec(
        REGIONAL, "Campaña regional del 30 de julio, Día Mundial contra la Trata (demo)",
        "[Demo] La trata no tiene fronteras: denunciar salva vidas.",
        [CH.SOCIAL, CH.TV, CH.EVENTS, CH.WEB], D(2026, 7, 1), D(2026, 8, 15),
        [AU.GENERAL, AU.YOUTH, AU.MIGRANTS],
        [L.ES, L.EN, L.KRIOL, L.MISKITO, L.HAITIAN],
        [("XR", "ST Regional"), ("XR", "Save the Children"), ("XR", "OIM")], [(DEMO, "IV.1")],
        {"broadcasts": 180, "web_visits": 22000, "social_reach": 350000},
        [MaterialSpec(M.IMAGE, "Afiche de la campaña", L.ES, True, True),
         MaterialSpec(M.BROCHURE, "Folleto informativo", L.ES, True, True),
         MaterialSpec(M.BROCHURE, "Information leaflet", L.EN, True),
         MaterialSpec(M.AUDIO, "Cuña radial en miskito (en revisión)", L.MISKITO)],
    ),
    CampaignSpec(
        "GT", "Tarjetas de bolsillo para personas migrantes en Tecún Umán (demo)",
        "[Demo] Si te quitan tus documentos o no te dejan salir, llama: la ayuda es gratuita.",
        [CH.CARDS, CH.BROCHURES], D(2026, 3, 1), D(2026, 9, 30), [AU.MIGRANTS],
        [L.ES, L.KICHE, L.MAM], [("GT", "ST"), ("GT", "DGM")], [(DEMO, "IV.1")],
        {"cards_printed": 8000, "brochures_printed": 4000},
        [MaterialSpec(M.CARD, "Tarjeta de bolsillo", L.ES, True, True),
         MaterialSpec(M.CARD, "Tarjeta de bolsillo en k'iche'", L.KICHE, True)],
    ),
    CampaignSpec(
        "CR", "No te dejés engañar: ofertas falsas de empleo (demo)",
        "[Demo] Antes de aceptar un trabajo en otra ciudad o país, verificá la empresa.",
        [CH.RADIO, CH.SOCIAL], D(2026, 2, 1), D(2026, 5, 31), [AU.YOUTH, AU.WOMEN],
        [L.ES], [("CR", "ST"), ("CR", "FMA")], [(DEMO, "IV.1")],
        {"broadcasts": 320, "social_reach": 45000},
        [MaterialSpec(M.AUDIO, "Cuña radial de 20 segundos", L.ES, True, True),
         MaterialSpec(M.BROCHURE, "Folleto (borrador)", L.ES)],
    ),
    CampaignSpec(
        "HN", "Escuelas que protegen (demo)",
        "[Demo] Docentes y familias atentos a las señales de captación de adolescentes.",
        [CH.BROCHURES, CH.EVENTS], D(2026, 8, 4), D(2026, 11, 27),
        [AU.CHILDREN, AU.EDUCATORS], [L.ES, L.GARIFUNA], [("HN", "ST"), ("HN", "FMA")],
        [(DEMO, "IV.1")], {"brochures_printed": 12000},
        [MaterialSpec(M.BROCHURE, "Guía para docentes", L.ES, True, True)],
    ),
    CampaignSpec(
        "BZ", "Know your rights / Conoce tus derechos (demo)",
        "[Demo] Your employer may not keep your passport. Tu empleador no puede quedarse con "
        "tu pasaporte.",
        [CH.RADIO, CH.TV, CH.BROCHURES], D(2026, 4, 1), D(2026, 6, 30),
        [AU.WORKERS, AU.MIGRANTS], [L.EN, L.ES, L.KRIOL], [("BZ", "ST"), ("BZ", "DGM")],
        [(DEMO, "IV.1")], {"broadcasts": 150, "brochures_printed": 3000},
        [MaterialSpec(M.BROCHURE, "Know your rights leaflet", L.EN, True, True)],
    ),
    CampaignSpec(
        "DO", "Viaja seguro (demo)",
        "[Demo] Si viajás por trabajo, dejá a tu familia los datos de quién te contrata.",
        [CH.TV, CH.SOCIAL, CH.WEB, CH.CARDS], D(2025, 11, 15), D(2026, 1, 31),
        [AU.TRAVELLERS, AU.WOMEN], [L.ES, L.HAITIAN], [("DO", "ST"), ("DO", "DGM")], [],
        {"web_visits": 9000, "social_reach": 80000, "cards_printed": 2000},
        [MaterialSpec(M.CARD, "Tarjeta para viajeros", L.ES, True)],
    ),
]  # fmt: skip


# --- loading -------------------------------------------------------------------------------


def load_demo_knowledge(actor):
    """Create the demo SWOTs, practices, agreements and campaigns (with their files) that
    do not exist yet; returns how many rows were created (records, SWOT items, files)."""
    return _Loader(actor).run()


class _Loader:
    def __init__(self, actor):
        self.actor = actor
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.countries = {c.iso2: c for c in Country.objects.active()}
        self.editors = {
            iso2: user
            for user in User.objects.filter(username__in=["editor-cr", "editor-gt", "st-regional"])
            for iso2 in user.memberships.values_list("country__iso2", flat=True)
        }
        self.created = 0

    def run(self):
        self.swots()
        self.practices()
        self.agreements()
        self.campaigns()
        return self.created

    def editor(self, iso2):
        return self.editors.get(iso2) or self.editors.get(REGIONAL)

    def record(self, obj, after=None):
        after = after if after is not None else audit.snapshot(obj)
        audit.record(None, AuditAction.CREATE, obj, actor_repr=self.actor, after=after)
        self.created += 1

    # --- SWOT -------------------------------------------------------------------------
    def swots(self):
        made = {}
        for iso2, items in SWOTS_2025.items():
            made[iso2] = self.swot(iso2, 2025, items)
        regional = self.countries.get(REGIONAL)
        if regional is not None and not Swot.objects.filter(country=regional, year=2025).exists():
            swot = Swot.objects.create(
                country=regional,
                year=2025,
                summary="[Demo] FODA regional ficticio, consolidado en la reunión de la "
                "Coalición Regional a partir de los FODA nacionales de 2025.",
                created_by=self.editor(REGIONAL),
            )
            for position, (quadrant, axis, text, sources) in enumerate(REGIONAL_2025, start=1):
                item = SwotItem.objects.create(
                    swot=swot,
                    quadrant=quadrant,
                    axis=axis,
                    text=text,
                    evidence="Consolidado de los FODA nacionales ficticios de 2025 (demo).",
                    position=position,
                )
                item.sources.set(
                    made[iso2][index]
                    for iso2, index in sources
                    if made.get(iso2) and index < len(made[iso2])
                )
                self.created += 1
            self.record(swot, swot.snapshot())
        for iso2, items in SWOTS_2024.items():
            self.swot(iso2, 2024, items)

    def swot(self, iso2, year, items):
        """The country's SWOT of ``year`` with its items (in order); the existing items
        when it is already there, None when the country is not."""
        country = self.countries.get(iso2)
        if country is None:
            return None
        existing = Swot.objects.filter(country=country, year=year).first()
        if existing is not None:
            return list(existing.items.order_by("position", "pk"))
        swot = Swot.objects.create(
            country=country,
            year=year,
            summary=f"[Demo] FODA nacional ficticio de {year}, validado en un taller de la "
            "coalición nacional.",
            created_by=self.editor(iso2),
        )
        made = []
        for position, (quadrant, axis, text) in enumerate(items, start=1):
            made.append(
                SwotItem.objects.create(
                    swot=swot,
                    quadrant=quadrant,
                    axis=axis,
                    text=text,
                    evidence=f"Informe ficticio de la ST-{iso2}, {year} (demo).",
                    position=position,
                )
            )
            self.created += 1
        self.record(swot, swot.snapshot())
        return made

    # --- good practices ---------------------------------------------------------------
    def practices(self):
        for spec in PRACTICES:
            country = self.countries.get(spec.country)
            if (
                country is None
                or Practice.objects.filter(country=country, title=spec.title).exists()
            ):
                continue
            institution = _organization(spec.country, spec.institution)
            contacts = _contacts([institution], 1)
            reviewed = spec.status in (P.REVIEWED, P.PUBLISHED)
            practice = Practice.objects.create(
                country=country,
                title=spec.title,
                axis=spec.axis,
                institution=institution,
                year=spec.year,
                description=f"[Demo] {spec.description}",
                results=spec.results,
                success_factors=spec.success_factors,
                replicability=spec.replicability,
                replicability_notes=spec.replicability_notes,
                contact=contacts[0] if contacts else None,
                status=spec.status,
                reviewed_by=self.editor(spec.country) if reviewed else None,
                reviewed_at=self.now if reviewed else None,
                published_at=self.now if spec.status == P.PUBLISHED else None,
                created_by=self.editor(spec.country),
            )
            self.record(practice)
            if spec.status == P.PUBLISHED:
                publication.publish(None, practice, actor_repr=self.actor)
            if spec.pending_results:
                before = audit.snapshot(practice)
                practice.results = spec.pending_results
                practice.save()
                audit.record(
                    None, AuditAction.UPDATE, practice, actor_repr=self.actor,
                    before=before, after=audit.snapshot(practice),
                )  # fmt: skip
            if spec.document:
                self.attach(
                    PracticeDocument(practice=practice),
                    practice,
                    "sistematizacion-demo.pdf",
                    _pdf(spec.title, "Sistematización ficticia de la buena práctica."),
                    "application/pdf",
                    description="[Demo] Documento de sistematización",
                )

    # --- agreements -------------------------------------------------------------------
    def agreements(self):
        activities = _agreement_activities()
        for spec in AGREEMENTS:
            country = self.countries.get(spec.country)
            if (
                country is None
                or Agreement.objects.filter(country=country, title=spec.title).exists()
            ):
                continue
            organizations = [
                org for org in (_organization(*key) for key in spec.organizations) if org
            ]
            agreement = Agreement.objects.create(
                country=country,
                title=spec.title,
                kind=spec.kind,
                status=spec.status,
                summary=spec.summary,
                signed_on=self.day(spec.signed),
                effective_on=self.day(spec.effective),
                expires_on=self.day(spec.expires),
                obligations=spec.obligations,
                focal_points_notes=spec.focal_notes,
                created_by=self.editor(spec.country),
            )
            agreement.party_countries.set(
                self.countries[iso2] for iso2 in spec.parties if iso2 in self.countries
            )
            agreement.party_organizations.set(organizations)
            agreement.focal_points.set(_contacts(organizations, 2))
            agreement.activities.set(
                activities[ref] for ref in spec.activities if ref in activities
            )
            self.record(agreement, agreement.snapshot())
            if spec.document:
                self.attach(
                    AgreementDocument(agreement=agreement),
                    agreement,
                    "convenio-firmado-demo.pdf",
                    _pdf(spec.title, "Texto ficticio del convenio firmado."),
                    "application/pdf",
                    description="[Demo] Texto firmado",
                )

    def day(self, value):
        """A date as given, or that many days from today."""
        if isinstance(value, int):
            return self.today + datetime.timedelta(days=value)
        return value

    # --- campaigns --------------------------------------------------------------------
    def campaigns(self):
        activities = _campaign_activities()
        for spec in CAMPAIGNS:
            country = self.countries.get(spec.country)
            if country is None:
                continue
            campaign = Campaign.objects.filter(country=country, title=spec.title).first()
            if campaign is None:
                campaign = Campaign.objects.create(
                    country=country,
                    title=spec.title,
                    message=spec.message,
                    channels=[str(c) for c in spec.channels],
                    starts=spec.starts,
                    ends=spec.ends,
                    audiences=[str(a) for a in spec.audiences],
                    languages=[str(lang) for lang in spec.languages],
                    created_by=self.editor(spec.country),
                    **spec.reach,
                )
                campaign.organizations.set(
                    org for org in (_organization(*key) for key in spec.organizations) if org
                )
                campaign.activities.set(
                    activities[key] for key in spec.activities if key in activities
                )
                self.record(campaign, campaign.snapshot())
            for material in spec.materials:
                if campaign.materials.filter(title=material.title).exists():
                    continue
                name, content, content_type = _material_file(material, spec.title)
                self.attach(
                    CampaignMaterial(
                        campaign=campaign,
                        kind=material.kind,
                        title=material.title,
                        language=material.language,
                        approved=material.approved,
                        approved_by=self.editor(spec.country) if material.approved else None,
                        published=material.published,
                    ),
                    campaign,
                    name,
                    content,
                    content_type,
                    description="[Demo] Material ficticio",
                )
            self.publish_materials(campaign)

    def publish_materials(self, campaign):
        """Give the published materials, and their campaign, their published version."""
        published = campaign.materials.filter(published=True)
        for material in published.filter(published_version__isnull=True):
            publication.publish(None, material, actor_repr=self.actor)
        if campaign.published_version is None and published.exists():
            publication.publish(None, campaign, actor_repr=self.actor)

    # --- files ------------------------------------------------------------------------
    def attach(self, row, parent, name, content, content_type, description=""):
        row.country = parent.country
        row.original_name = name
        row.content_type = content_type
        row.description = description
        row.uploaded_by = self.editor(parent.country.iso2)
        files.store(row, ContentFile(content, name=name), then=lambda: self.record(row))


# --- look-ups ------------------------------------------------------------------------------


def _organization(iso2, text):
    """A demo organization of the country (or the regional level) by acronym or name."""
    return (
        Organization.objects.filter(country__iso2=iso2)
        .filter(Q(acronym=text) | Q(name=text))
        .order_by("pk")
        .first()
    )


def _contacts(organizations, limit):
    """Up to ``limit`` people of the demo directory who work at ``organizations``."""
    organizations = [org for org in organizations if org is not None]
    if not organizations:
        return []
    return list(
        Contact.objects.filter(organization__in=organizations, kind=ContactKind.PERSON).order_by(
            "organization_id", "pk"
        )[:limit]
    )


def _agreement_activities():
    """{ref: activity} of the 2012 plan's activities whose verification source speaks of
    agreements ("Convenios o acuerdos firmados", "Convenios o mecanismos implementados")."""
    items = ActivityItem.objects.filter(
        kind=ItemKind.VERIFICATION, text_es__icontains="convenio", activity__plan__code=SEED
    ).select_related("activity")
    return {item.activity.ref: item.activity for item in items}


def _campaign_activities():
    """{(plan code, ref): activity} of objective IV of the 2012 plan and the demo plan."""
    rows = Activity.objects.filter(
        plan__code__in=[SEED, DEMO], objective__numeral="IV"
    ).select_related("plan")
    return {(a.plan.code, a.ref): a for a in rows}


# --- generated files -----------------------------------------------------------------------


def _pdf(title, text):
    """A one-page PDF that says it is demo material (WeasyPrint, nothing fetched)."""
    from django.utils.html import escape

    from coalition.lib.pdf import html_to_pdf

    return html_to_pdf(
        f"<h1>{escape(title)}</h1><p>{escape(text)}</p>"
        "<p>Documento ficticio de demostración. Demo document.</p>"
    )


def _png(width=320, height=160):
    """A small PNG poster: the coalition's blue with a yellow band (no text, no person)."""
    band = range(height * 2 // 5, height * 3 // 5)
    rows = []
    for y in range(height):
        colour = b"\xf2\xb7\x05" if y in band else b"\x1f\x4e\x79"
        rows.append(b"\x00" + colour * width)
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def _wav(seconds=1.0, rate=8000, pitch=440.0):
    """A short tone standing in for a radio spot (mono, 16-bit)."""
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * pitch * n / rate)))
        for n in range(int(seconds * rate))
    )
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        sound.writeframes(frames)
    return out.getvalue()


def _material_file(material, campaign_title):
    """(file name, content, content type) of a demo material of ``material.kind``."""
    slug = slugify(" ".join(material.title.split()[:3]))
    if material.kind == M.AUDIO:
        return f"{slug}-demo.wav", _wav(), "audio/wav"
    if material.kind == M.IMAGE:
        return f"{slug}-demo.png", _png(), "image/png"
    text = f"{material.title}. Material ficticio de la campaña «{campaign_title}»."
    return f"{slug}-demo.pdf", _pdf(material.title, text), "application/pdf"
