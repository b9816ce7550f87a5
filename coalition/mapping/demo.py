"""Demo mapping for ``load_demo``: clearly fictitious risk zones and trafficking routes for
every member country and the regional level.

Each member country gets four to six zones and the regional level three: points (at
places of the gazetteer or at coordinates inside the country), small polygons (counter-
clockwise, five to eight vertices, inside the country) and whole first-level areas, using
every kind of zone and every risk level; about half are publishable (and approved for
the public map). Eleven routes run
between places of the gazetteer (each member country owns one, the regional level three),
with modes of transport, forms of exploitation and a victim profile of small made-up
aggregate counts. Names end in "(demo)" and every source is phrased as fictitious
("Informe ficticio de la ST-CR, 2024 (demo)"). Nothing here names or describes a person.

The gazetteer (areas and places) is loaded first. Running it again changes nothing: a
zone or a route is known by its country and name, and one that exists is left as it is.
"""

import datetime
from dataclasses import dataclass, field

from coalition.core import audit, publication
from coalition.core.choices import AuditAction
from coalition.core.choices import Population as P
from coalition.core.models import Country, User
from coalition.mapping import gazetteer, geometry
from coalition.mapping.choices import Confidence as C
from coalition.mapping.choices import ExploitationForm as E
from coalition.mapping.choices import RiskLevel as R
from coalition.mapping.choices import Shape, Stage
from coalition.mapping.choices import SocialFactor as F
from coalition.mapping.choices import TransportMode as T
from coalition.mapping.choices import ZoneKind as K
from coalition.mapping.models import AdminArea, Place, Route, Zone

REGIONAL = "regional"
NOTE = "Datos ficticios de demostración."


def _date(text):
    return datetime.date.fromisoformat(text)


@dataclass(frozen=True)
class ZoneSpec:
    """A demo zone. ``where`` is a place name or (longitude, latitude) for a point, the
    outer ring for a polygon, or the area's name for a whole administrative area."""

    country: str  # ISO code, or "regional"
    name: str
    kind: str
    risk: str
    shape: str
    where: object
    factors: list
    populations: list
    forms: list
    sources: str
    confidence: str
    start: str
    description: str
    publishable: bool = False
    end: str = ""


@dataclass(frozen=True)
class RouteSpec:
    """A demo route: stops as (place name, stage), in order; victims as aggregate counts
    (women, men, girls, boys, unknown)."""

    country: str
    name: str
    stops: list
    modes: list
    forms: list
    sources: str
    confidence: str
    start: str
    description: str
    victims: dict = field(default_factory=dict)
    end: str = ""


# --- zones --------------------------------------------------------------------------------

ZONES = [
    # Belize
    ZoneSpec(
        "BZ", "Corredor fronterizo de Benque Viejo del Carmen (demo)", K.BORDER, R.HIGH,
        Shape.POINT, "Benque Viejo del Carmen",
        [F.BORDER, F.MIGRATION, F.POVERTY], [P.MIGRANTS, P.WOMEN, P.ADOLESCENTS],
        [E.SEXUAL, E.FORCED_LABOUR],
        "Informe ficticio de la ST-BZ, 2024 (demo)\n"
        "Expedientes ficticios de la Fiscalía Especializada, 2023 (demo)",
        C.HIGH, "2023-01-01",
        "Paso terrestre con Guatemala. Los informes describen la captación de mujeres y "
        "adolescentes con ofertas de empleo en bares y comercios de la franja fronteriza.",
        publishable=True,
    ),
    ZoneSpec(
        "BZ", "Área turística de San Ignacio (demo)", K.RISK, R.MEDIUM, Shape.POINT,
        (-89.07, 17.16), [F.TOURISM, F.MIGRATION], [P.WOMEN, P.ADOLESCENTS], [E.SEXUAL],
        "Estudio ficticio de una ONG local, 2024 (demo)", C.LOW, "2024-03-01",
        "Alojamientos y bares de temporada turística con señales de explotación sexual "
        "comercial; una sola fuente, pendiente de confirmar.",
    ),
    ZoneSpec(
        "BZ", "Zona cañera de Orange Walk (demo)", K.EXPLOITATION, R.MEDIUM, Shape.POLYGON,
        [
            [-88.5147, 18.0632], [-88.5654, 18.1089], [-88.621, 18.1284], [-88.6843, 18.0513],
            [-88.6471, 17.9797], [-88.5663, 17.9713], [-88.5147, 18.0632],
        ],
        [F.AGRICULTURE, F.MIGRATION], [P.MIGRANTS, P.MEN], [E.FORCED_LABOUR],
        "Informe ficticio del Equipo de Respuesta Inmediata de Belice, 2023 (demo)\n"
        "Inspecciones laborales ficticias, 2023 (demo)",
        C.MEDIUM, "2022-11-01",
        "Trabajo forzoso de jornaleros migrantes durante la zafra: retención de salarios y "
        "deudas por transporte y alojamiento.",
        publishable=True, end="2024-05-31",
    ),
    ZoneSpec(
        "BZ", "Comunidades rurales de Toledo (demo)", K.VULNERABLE, R.LOW, Shape.AREA,
        "Toledo", [F.POVERTY, F.AGRICULTURE], [P.INDIGENOUS, P.CHILDREN, P.ADOLESCENTS],
        [E.CHILD_LABOUR, E.SERVITUDE],
        "Diagnóstico ficticio de la Coalición Nacional de Belice, 2022 (demo)",
        C.LOW, "2022-01-01",
        "Pobreza y poca presencia institucional; se señala el envío de adolescentes a "
        "trabajo doméstico en las ciudades.",
    ),
    # Costa Rica
    ZoneSpec(
        "CR", "Puesto fronterizo de Peñas Blancas (demo)", K.BORDER, R.HIGH, Shape.POINT,
        "Peñas Blancas", [F.BORDER, F.MIGRATION], [P.MIGRANTS, P.WOMEN],
        [E.SEXUAL, E.FORCED_LABOUR],
        "Informe ficticio de la ST-CR, 2024 (demo)\n"
        "Sentencias ficticias en firme, 2022-2023 (demo)",
        C.HIGH, "2023-01-01",
        "Principal paso terrestre con Nicaragua; tránsito de personas captadas con ofertas de "
        "trabajo doméstico y en comercios.",
        publishable=True,
    ),
    ZoneSpec(
        "CR", "Playas de Jacó (demo)", K.EXPLOITATION, R.CRITICAL, Shape.POINT, (-84.63, 9.62),
        [F.TOURISM], [P.ADOLESCENTS, P.WOMEN, P.LGBTI], [E.SEXUAL],
        "Expedientes ficticios de la Fiscalía Adjunta contra la Trata, 2022-2024 (demo)\n"
        "Informe ficticio de la ST-CR, 2024 (demo)",
        C.HIGH, "2022-06-01",
        "Explotación sexual comercial ligada al turismo, con ofrecimiento por redes sociales.",
    ),
    ZoneSpec(
        "CR", "Zona piñera de la Región Huetar Norte (demo)", K.EXPLOITATION, R.HIGH,
        Shape.POLYGON,
        [
            [-84.2589, 10.4594], [-84.2876, 10.5311], [-84.3584, 10.5468], [-84.4315, 10.4763],
            [-84.4354, 10.3934], [-84.3562, 10.3618], [-84.2996, 10.3556], [-84.2589, 10.4594],
        ],
        [F.AGRICULTURE, F.MIGRATION, F.BORDER], [P.MIGRANTS, P.MEN], [E.FORCED_LABOUR],
        "Informe ficticio de la Inspección de Trabajo, 2024 (demo)\n"
        "Estudio ficticio de la OIM, 2023 (demo)",
        C.MEDIUM, "2023-01-01",
        "Plantaciones con trabajadores migrantes contratados por intermediarios, con "
        "documentos retenidos y jornadas excesivas.",
        publishable=True, end="2025-06-30",
    ),
    ZoneSpec(
        "CR", "Barrios del sur de San José (demo)", K.RECRUITMENT, R.MEDIUM, Shape.POLYGON,
        [
            [-84.0622, 9.9094], [-84.0738, 9.9225], [-84.1035, 9.9162], [-84.1001, 9.8855],
            [-84.0818, 9.8799], [-84.0622, 9.9094],
        ],
        [F.POVERTY, F.VIOLENCE], [P.ADOLESCENTS, P.CHILDREN], [E.SEXUAL],
        "Reporte ficticio de una ONG de atención a la niñez, 2024 (demo)",
        C.LOW, "2024-02-01",
        "Captación de adolescentes en centros educativos y por redes sociales.",
    ),
    ZoneSpec(
        "CR", "Provincia de Limón (demo)", K.VULNERABLE, R.MEDIUM, Shape.AREA, "Limón",
        [F.PORT, F.POVERTY, F.AGRICULTURE], [P.WOMEN, P.MIGRANTS, P.INDIGENOUS],
        [E.SEXUAL, E.FORCED_LABOUR],
        "Informe ficticio de la ST-CR, 2023 (demo)\n"
        "Estudio ficticio de una universidad pública, 2023 (demo)",
        C.MEDIUM, "2023-01-01",
        "Actividad portuaria y bananera, pobreza y frontera con Panamá.",
        publishable=True,
    ),
    # El Salvador
    ZoneSpec(
        "SV", "Paso fronterizo de El Amatillo (demo)", K.BORDER, R.MEDIUM, Shape.POINT,
        "El Amatillo", [F.BORDER, F.MIGRATION], [P.MIGRANTS, P.ADOLESCENTS],
        [E.SEXUAL, E.FORCED_LABOUR],
        "Informe ficticio de la ST-SV, 2024 (demo)\n"
        "Registros ficticios de la Dirección General de Migración, 2024 (demo)",
        C.MEDIUM, "2024-01-01",
        "Paso con Honduras sobre el río Goascorán; tránsito de personas hacia el norte.",
        publishable=True,
    ),
    ZoneSpec(
        "SV", "Franja costera de La Libertad (demo)", K.RISK, R.MEDIUM, Shape.POINT,
        (-89.32, 13.49), [F.TOURISM], [P.ADOLESCENTS, P.WOMEN], [E.SEXUAL],
        "Estudio ficticio de una ONG local, 2024 (demo)", C.LOW, "2024-06-01",
        "Crecimiento del turismo de playa; señales de explotación sexual aún sin confirmar.",
    ),
    ZoneSpec(
        "SV", "Colonias del norte del área metropolitana de San Salvador (demo)", K.RECRUITMENT,
        R.CRITICAL, Shape.POLYGON,
        [
            [-89.1664, 13.7375], [-89.1913, 13.7673], [-89.2174, 13.7655], [-89.2338, 13.7345],
            [-89.2187, 13.7207], [-89.1857, 13.7181], [-89.1664, 13.7375],
        ],
        [F.VIOLENCE, F.POVERTY], [P.ADOLESCENTS, P.CHILDREN], [E.FORCED_MILITARY, E.SEXUAL],
        "Sentencias ficticias en firme, 2021-2023 (demo)\n"
        "Informe ficticio de la ST-SV, 2024 (demo)",
        C.HIGH, "2021-01-01",
        "Reclutamiento forzado de adolescentes por grupos delictivos y explotación sexual.",
    ),
    ZoneSpec(
        "SV", "Departamento de Morazán (demo)", K.VULNERABLE, R.LOW, Shape.AREA, "Morazán",
        [F.POVERTY, F.MIGRATION], [P.CHILDREN, P.ADOLESCENTS, P.WOMEN],
        [E.CHILD_LABOUR, E.SERVITUDE],
        "Diagnóstico ficticio de la Coalición Nacional de El Salvador, 2022 (demo)",
        C.LOW, "2022-01-01",
        "Hogares rurales pobres con alta emigración; riesgo de trabajo infantil y servidumbre "
        "doméstica.",
        publishable=True,
    ),
    ZoneSpec(
        "SV", "Puerto de Acajutla (demo)", K.TRANSIT, R.LOW, Shape.POINT, "Acajutla",
        [F.PORT], [P.MEN, P.MIGRANTS], [E.FORCED_LABOUR],
        "Informe ficticio de la Autoridad Marítima, 2023 (demo)", C.LOW, "2023-01-01",
        "Embarque de tripulantes para la pesca con contratos engañosos.",
        publishable=True, end="2024-12-31",
    ),
    # Guatemala
    ZoneSpec(
        "GT", "Tecún Umán y riberas del Suchiate (demo)", K.BORDER, R.CRITICAL, Shape.POINT,
        "Tecún Umán", [F.BORDER, F.MIGRATION, F.POVERTY],
        [P.MIGRANTS, P.CHILDREN, P.ADOLESCENTS, P.WOMEN],
        [E.SEXUAL, E.FORCED_LABOUR, E.FORCED_BEGGING],
        "Sentencias ficticias en firme, 2022-2024 (demo)\n"
        "Informe ficticio de la SVET, 2024 (demo)",
        C.HIGH, "2022-01-01",
        "Cruce informal del río Suchiate hacia México; bares, comercios y mendicidad forzada "
        "de niñas y niños.",
        publishable=True,
    ),
    ZoneSpec(
        "GT", "Fincas de la costa sur de Escuintla (demo)", K.EXPLOITATION, R.HIGH,
        Shape.POLYGON,
        [
            [-90.8715, 14.1231], [-90.9037, 14.2041], [-90.9553, 14.2214], [-91.0214, 14.1621],
            [-91.0228, 14.0856], [-90.9881, 14.0172], [-90.8979, 14.0654], [-90.8715, 14.1231],
        ],
        [F.AGRICULTURE, F.POVERTY], [P.MEN, P.ADOLESCENTS, P.INDIGENOUS],
        [E.FORCED_LABOUR, E.CHILD_LABOUR],
        "Informe ficticio de la Inspección General de Trabajo, 2023 (demo)\n"
        "Estudio ficticio de una ONG de derechos laborales, 2024 (demo)",
        C.MEDIUM, "2023-01-01",
        "Cortadores de caña y trabajadores de palma traídos del altiplano por contratistas.",
    ),
    ZoneSpec(
        "GT", "Departamento de Huehuetenango (demo)", K.RECRUITMENT, R.HIGH, Shape.AREA,
        "Huehuetenango", [F.POVERTY, F.MIGRATION, F.BORDER],
        [P.INDIGENOUS, P.ADOLESCENTS, P.WOMEN],
        [E.FORCED_LABOUR, E.FORCED_MARRIAGE, E.SEXUAL],
        "Informe ficticio de la SVET, 2023 (demo)\n"
        "Diagnóstico ficticio de la Coalición Nacional de Guatemala, 2023 (demo)",
        C.MEDIUM, "2023-01-01",
        "Captación en comunidades rurales con ofertas de trabajo en el sur de México y en la "
        "capital; uniones forzadas de adolescentes.",
        publishable=True,
    ),
    ZoneSpec(
        "GT", "Flores y alrededores del lago Petén Itzá (demo)", K.RISK, R.MEDIUM, Shape.POINT,
        "Flores", [F.TOURISM, F.BORDER], [P.ADOLESCENTS, P.WOMEN], [E.SEXUAL],
        "Reporte ficticio de una ONG local, 2024 (demo)", C.LOW, "2024-01-01",
        "Turismo y paso hacia Belice; señales de explotación sexual sin confirmar.",
    ),
    ZoneSpec(
        "GT", "Asentamientos periurbanos del norte de la capital (demo)", K.VULNERABLE, R.HIGH,
        Shape.POLYGON,
        [
            [-90.4814, 14.6733], [-90.4887, 14.6954], [-90.5186, 14.6815], [-90.5193, 14.6581],
            [-90.4977, 14.6413], [-90.4814, 14.6733],
        ],
        [F.POVERTY, F.VIOLENCE, F.MIGRATION], [P.CHILDREN, P.ADOLESCENTS, P.WOMEN],
        [E.FORCED_BEGGING, E.SEXUAL, E.SERVITUDE],
        "Informe ficticio de la Procuraduría de la Niñez, 2024 (demo)\n"
        "Estudio ficticio de una ONG de atención a la niñez, 2023 (demo)",
        C.MEDIUM, "2023-06-01",
        "Familias desplazadas del interior, violencia y escasa oferta educativa.",
    ),
    ZoneSpec(
        "GT", "Puerto Barrios (demo)", K.TRANSIT, R.LOW, Shape.POINT, "Puerto Barrios",
        [F.PORT, F.TOURISM], [P.WOMEN, P.MIGRANTS], [E.SEXUAL],
        "Informe ficticio de la Dirección General de Migración, 2024 (demo)", C.LOW,
        "2024-01-01", "Tránsito marítimo hacia Belice y Honduras.",
        publishable=True,
    ),
    # Honduras
    ZoneSpec(
        "HN", "Puesto fronterizo de Corinto, Omoa (demo)", K.BORDER, R.MEDIUM, Shape.POINT,
        "Corinto", [F.BORDER, F.MIGRATION], [P.MIGRANTS, P.ADOLESCENTS],
        [E.SEXUAL, E.FORCED_LABOUR],
        "Informe ficticio de la CICESCT, 2024 (demo)\n"
        "Registros ficticios del Instituto Nacional de Migración, 2024 (demo)",
        C.MEDIUM, "2024-01-01", "Paso terrestre con Guatemala en la costa caribe.",
        publishable=True,
    ),
    ZoneSpec(
        "HN", "Zona agrícola y camaronera de Choluteca (demo)", K.VULNERABLE, R.HIGH,
        Shape.AREA, "Choluteca", [F.AGRICULTURE, F.POVERTY, F.BORDER],
        [P.CHILDREN, P.ADOLESCENTS, P.MEN], [E.FORCED_LABOUR, E.CHILD_LABOUR],
        "Informe ficticio de la Secretaría de Trabajo, 2023 (demo)\n"
        "Estudio ficticio de Save the Children, 2023 (demo)",
        C.MEDIUM, "2023-01-01",
        "Trabajo infantil en el cultivo de melón y en las camaroneras; frontera con Nicaragua.",
        publishable=True,
    ),
    ZoneSpec(
        "HN", "Colonias periféricas de San Pedro Sula (demo)", K.RECRUITMENT, R.CRITICAL,
        Shape.POLYGON,
        [
            [-87.9642, 15.4615], [-87.986, 15.5036], [-88.0237, 15.4942], [-88.0429, 15.459],
            [-88.0186, 15.4299], [-87.9794, 15.4319], [-87.9642, 15.4615],
        ],
        [F.VIOLENCE, F.POVERTY], [P.ADOLESCENTS, P.CHILDREN, P.WOMEN],
        [E.FORCED_MILITARY, E.SEXUAL, E.OTHER],
        "Sentencias ficticias en firme, 2022-2024 (demo)\n"
        "Informe ficticio de la Fiscalía Especial contra la Trata, 2024 (demo)",
        C.HIGH, "2022-01-01",
        "Reclutamiento forzado por grupos delictivos, explotación sexual y actividades "
        "delictivas forzadas (registradas como «otra forma»).",
    ),
    ZoneSpec(
        "HN", "Roatán, Islas de la Bahía (demo)", K.RISK, R.MEDIUM, Shape.POINT,
        (-86.55, 16.33), [F.TOURISM, F.PORT], [P.WOMEN, P.ADOLESCENTS], [E.SEXUAL],
        "Reporte ficticio de una ONG local, 2024 (demo)", C.LOW, "2024-01-01",
        "Turismo de cruceros; alertas de explotación sexual sin confirmar.",
    ),
    ZoneSpec(
        "HN", "Puerto Cortés (demo)", K.TRANSIT, R.MEDIUM, Shape.POINT, "Puerto Cortés",
        [F.PORT], [P.WOMEN, P.MIGRANTS, P.MEN], [E.SEXUAL, E.FORCED_LABOUR],
        "Informe ficticio de la CICESCT, 2023 (demo)\n"
        "Registros ficticios de la Marina Mercante, 2023 (demo)",
        C.MEDIUM, "2023-01-01", "Salida marítima hacia Guatemala, Belice y México.",
        publishable=True,
    ),
    # Nicaragua
    ZoneSpec(
        "NI", "Paso fronterizo de El Guasaule (demo)", K.BORDER, R.MEDIUM, Shape.POINT,
        "El Guasaule", [F.BORDER, F.MIGRATION], [P.MIGRANTS, P.WOMEN], [E.SEXUAL],
        "Informe ficticio de la Coalición Nacional de Nicaragua, 2024 (demo)\n"
        "Estudio ficticio de la OIM, 2023 (demo)",
        C.MEDIUM, "2023-06-01", "Paso terrestre con Honduras en la ruta del Pacífico.",
        publishable=True,
    ),
    ZoneSpec(
        "NI", "Departamento de Chinandega (demo)", K.VULNERABLE, R.MEDIUM, Shape.AREA,
        "Chinandega", [F.AGRICULTURE, F.POVERTY, F.PORT], [P.MEN, P.ADOLESCENTS],
        [E.FORCED_LABOUR],
        "Diagnóstico ficticio de una ONG local, 2023 (demo)", C.LOW, "2023-01-01",
        "Ingenios azucareros, puerto de Corinto y frontera con Honduras.",
        publishable=True,
    ),
    ZoneSpec(
        "NI", "Corredor turístico de San Juan del Sur (demo)", K.EXPLOITATION, R.HIGH,
        Shape.POLYGON,
        [
            [-85.7822, 11.2859], [-85.7988, 11.3154], [-85.8344, 11.3079], [-85.854, 11.2756],
            [-85.8415, 11.2433], [-85.8095, 11.2515], [-85.7822, 11.2859],
        ],
        [F.TOURISM], [P.ADOLESCENTS, P.WOMEN], [E.SEXUAL],
        "Expedientes ficticios del Ministerio Público, 2022-2023 (demo)", C.HIGH,
        "2022-01-01", "Explotación sexual comercial asociada al turismo de playa.",
    ),
    ZoneSpec(
        "NI", "Mercados y semáforos de Managua (demo)", K.RISK, R.MEDIUM, Shape.POINT,
        "Managua", [F.POVERTY], [P.CHILDREN], [E.FORCED_BEGGING, E.CHILD_LABOUR],
        "Informe ficticio de una ONG de atención a la niñez, 2024 (demo)\n"
        "Registros ficticios del Ministerio de la Familia, 2024 (demo)",
        C.MEDIUM, "2024-01-01", "Niñas y niños en mendicidad y ventas callejeras forzadas.",
    ),
    ZoneSpec(
        "NI", "Triángulo minero del Caribe Norte (demo)", K.EXPLOITATION, R.HIGH, Shape.POLYGON,
        [
            [-84.6037, 13.8282], [-84.6548, 13.9354], [-84.7468, 14.0181], [-84.8372, 13.9558],
            [-84.8976, 13.8279], [-84.8583, 13.7598], [-84.751, 13.729], [-84.662, 13.7531],
            [-84.6037, 13.8282],
        ],
        [F.EXTRACTIVE, F.POVERTY, F.VIOLENCE], [P.MEN, P.ADOLESCENTS, P.WOMEN, P.INDIGENOUS],
        [E.FORCED_LABOUR, E.SEXUAL],
        "Estudio ficticio de un centro de investigación, 2024 (demo)", C.LOW, "2024-01-01",
        "Minería artesanal con trabajo forzoso y explotación sexual en los asentamientos "
        "mineros.",
    ),
    # Panamá
    ZoneSpec(
        "PA", "Paso fronterizo de Guabito (demo)", K.BORDER, R.MEDIUM, Shape.POINT, "Guabito",
        [F.BORDER, F.MIGRATION, F.AGRICULTURE], [P.INDIGENOUS, P.MIGRANTS], [E.FORCED_LABOUR],
        "Informe ficticio de la CNCTP, 2024 (demo)\n"
        "Registros ficticios del Servicio Nacional de Migración, 2024 (demo)",
        C.MEDIUM, "2024-01-01",
        "Movimiento de trabajadores agrícolas entre Panamá y Costa Rica.",
        publishable=True,
    ),
    ZoneSpec(
        "PA", "Provincia de Darién (demo)", K.TRANSIT, R.CRITICAL, Shape.AREA, "Darién",
        [F.MIGRATION, F.BORDER, F.VIOLENCE], [P.MIGRANTS, P.CHILDREN, P.WOMEN],
        [E.SEXUAL, E.FORCED_LABOUR],
        "Informe ficticio de la CNCTP, 2024 (demo)\n"
        "Expedientes ficticios de la Fiscalía contra la Delincuencia Organizada, 2023 (demo)\n"
        "Estudio ficticio de la OIM, 2024 (demo)",
        C.HIGH, "2022-01-01",
        "Tránsito irregular por la selva desde Colombia; las personas migrantes quedan "
        "expuestas a redes de trata.",
        publishable=True,
    ),
    ZoneSpec(
        "PA", "Zona portuaria y comercial de Colón (demo)", K.RISK, R.HIGH, Shape.POLYGON,
        [
            [-79.8041, 9.315], [-79.8227, 9.3434], [-79.8553, 9.3196], [-79.8503, 9.2932],
            [-79.823, 9.2825], [-79.8041, 9.315],
        ],
        [F.PORT, F.POVERTY], [P.WOMEN, P.MIGRANTS], [E.SEXUAL, E.FORCED_LABOUR],
        "Informe ficticio de la CNCTP, 2023 (demo)", C.MEDIUM, "2023-01-01",
        "Puertos y zona franca; locales nocturnos con mujeres migrantes.",
    ),
    ZoneSpec(
        "PA", "Aeropuerto de Tocumen y alrededores (demo)", K.TRANSIT, R.MEDIUM, Shape.POINT,
        "Aeropuerto de Tocumen (PTY)", [F.MIGRATION], [P.WOMEN, P.MIGRANTS], [E.SEXUAL],
        "Registros ficticios del Servicio Nacional de Migración, 2024 (demo)", C.MEDIUM,
        "2024-01-01", "Centro de conexiones aéreas de la región; llegadas desde Sudamérica y "
        "el Caribe.",
    ),
    ZoneSpec(
        "PA", "Fincas bananeras de Bocas del Toro (demo)", K.VULNERABLE, R.LOW, Shape.AREA,
        "Bocas del Toro", [F.AGRICULTURE, F.POVERTY], [P.INDIGENOUS, P.CHILDREN],
        [E.CHILD_LABOUR],
        "Diagnóstico ficticio de una ONG local, 2022 (demo)", C.LOW, "2022-01-01",
        "Familias jornaleras de comunidades indígenas; trabajo infantil en temporada de "
        "cosecha.",
        publishable=True,
    ),
    # República Dominicana
    ZoneSpec(
        "DO", "Paso fronterizo de Dajabón (demo)", K.BORDER, R.HIGH, Shape.POINT, "Dajabón",
        [F.BORDER, F.MIGRATION, F.POVERTY], [P.MIGRANTS, P.CHILDREN],
        [E.FORCED_BEGGING, E.FORCED_LABOUR],
        "Sentencias ficticias en firme, 2023 (demo)\n"
        "Informe ficticio de la CITIM, 2024 (demo)",
        C.HIGH, "2023-01-01",
        "Mercado binacional y paso con Haití; traslado de niñas y niños para la mendicidad.",
        publishable=True,
    ),
    ZoneSpec(
        "DO", "Polo turístico de La Altagracia (demo)", K.RISK, R.HIGH, Shape.AREA,
        "La Altagracia", [F.TOURISM], [P.ADOLESCENTS, P.WOMEN, P.LGBTI], [E.SEXUAL],
        "Informe ficticio de la CITIM, 2023 (demo)\n"
        "Estudio ficticio de una ONG de protección de la niñez, 2023 (demo)",
        C.MEDIUM, "2023-01-01", "Turismo masivo de playa; explotación sexual comercial.",
        publishable=True,
    ),
    ZoneSpec(
        "DO", "Bateyes azucareros de San Pedro de Macorís (demo)", K.VULNERABLE, R.HIGH,
        Shape.POLYGON,
        [
            [-69.2796, 18.4968], [-69.2978, 18.532], [-69.3307, 18.5435], [-69.358, 18.5287],
            [-69.3648, 18.489], [-69.3359, 18.4641], [-69.2878, 18.4566], [-69.2796, 18.4968],
        ],
        [F.AGRICULTURE, F.MIGRATION, F.POVERTY], [P.MIGRANTS, P.MEN, P.CHILDREN],
        [E.FORCED_LABOUR, E.CHILD_LABOUR],
        "Estudio ficticio de la OIT, 2023 (demo)\n"
        "Informe ficticio del Ministerio de Trabajo, 2023 (demo)",
        C.MEDIUM, "2023-01-01",
        "Comunidades de trabajadores de la caña sin documentos y con deudas con los "
        "contratistas.",
    ),
    ZoneSpec(
        "DO", "Sosúa (demo)", K.EXPLOITATION, R.CRITICAL, Shape.POINT, "Sosúa", [F.TOURISM],
        [P.ADOLESCENTS, P.WOMEN], [E.SEXUAL],
        "Sentencias ficticias en firme, 2022-2024 (demo)\n"
        "Expedientes ficticios de la Procuraduría Especializada, 2024 (demo)",
        C.HIGH, "2022-01-01", "Explotación sexual comercial de adolescentes ligada al turismo.",
    ),
    ZoneSpec(
        "DO", "Barrios del norte de Santo Domingo (demo)", K.RECRUITMENT, R.MEDIUM,
        Shape.POLYGON,
        [
            [-69.8723, 18.5246], [-69.8945, 18.5523], [-69.9242, 18.5417], [-69.919, 18.5163],
            [-69.8986, 18.5077], [-69.8723, 18.5246],
        ],
        [F.POVERTY, F.VIOLENCE], [P.WOMEN, P.ADOLESCENTS], [E.SEXUAL, E.SERVITUDE],
        "Reporte ficticio de una ONG de mujeres, 2024 (demo)", C.LOW, "2024-01-01",
        "Captación de mujeres jóvenes con ofertas de trabajo en el extranjero.",
    ),
    # Regional level
    ZoneSpec(
        REGIONAL, "Golfo de Fonseca (demo)", K.RISK, R.MEDIUM, Shape.POLYGON,
        [
            [-87.4519, 13.2222], [-87.5407, 13.3689], [-87.6579, 13.4076], [-87.7689, 13.4129],
            [-87.8719, 13.2533], [-87.7882, 13.0971], [-87.6816, 13.0357], [-87.5338, 13.0879],
            [-87.4519, 13.2222],
        ],
        [F.BORDER, F.PORT, F.POVERTY], [P.ADOLESCENTS, P.MEN, P.MIGRANTS],
        [E.FORCED_LABOUR, E.SEXUAL],
        "Informe regional ficticio de la ST Regional, 2024 (demo)\n"
        "Informes ficticios de las ST de El Salvador, Honduras y Nicaragua, 2023 (demo)",
        C.MEDIUM, "2023-01-01",
        "Aguas compartidas por tres países; pesca artesanal y cruces en lancha sin control.",
    ),
    ZoneSpec(
        REGIONAL, "Región del Trifinio (demo)", K.VULNERABLE, R.MEDIUM, Shape.POLYGON,
        [
            [-89.1987, 14.4045], [-89.2768, 14.4782], [-89.3692, 14.5018], [-89.4408, 14.4577],
            [-89.4197, 14.3143], [-89.3411, 14.2691], [-89.2627, 14.2756], [-89.1987, 14.4045],
        ],
        [F.BORDER, F.AGRICULTURE, F.POVERTY], [P.INDIGENOUS, P.ADOLESCENTS, P.CHILDREN],
        [E.CHILD_LABOUR, E.FORCED_LABOUR],
        "Diagnóstico regional ficticio, 2022 (demo)", C.LOW, "2022-01-01",
        "Zona cafetalera donde se unen Guatemala, El Salvador y Honduras.",
        publishable=True,
    ),
    ZoneSpec(
        REGIONAL, "Frontera Sixaola – Guabito (demo)", K.BORDER, R.HIGH, Shape.POINT,
        "Sixaola", [F.BORDER, F.MIGRATION, F.AGRICULTURE],
        [P.INDIGENOUS, P.MIGRANTS, P.WOMEN], [E.FORCED_LABOUR, E.SEXUAL],
        "Informe binacional ficticio de las ST de Costa Rica y Panamá, 2024 (demo)\n"
        "Estudio ficticio de la OIM, 2024 (demo)",
        C.MEDIUM, "2024-01-01", "Puente binacional sobre el río Sixaola y fincas bananeras.",
        publishable=True,
    ),
]  # fmt: skip


# --- routes -------------------------------------------------------------------------------

REC, TRA, EXP = Stage.RECRUITMENT, Stage.TRANSIT, Stage.EXPLOITATION

ROUTES = [
    RouteSpec(
        "GT", "Quetzaltenango – Tecún Umán – Tapachula (demo)",
        [("Quetzaltenango", REC), ("Tecún Umán", TRA), ("Ciudad Hidalgo", TRA),
         ("Tapachula", EXP)],
        [T.ROAD, T.BOAT, T.ON_FOOT], [E.FORCED_LABOUR, E.SEXUAL],
        "Sentencias ficticias en firme, 2022-2024 (demo)\n"
        "Informe ficticio de la SVET, 2024 (demo)",
        C.HIGH, "2022-01-01",
        "Captación en comunidades rurales del altiplano con ofertas de trabajo agrícola y en "
        "comercios; autobús hasta la frontera, cruce del Suchiate en balsa y explotación en "
        "fincas y bares del sur de México.",
        victims={"women": 6, "men": 4, "girls": 3, "boys": 1},
    ),
    RouteSpec(
        "CR", "Managua – Peñas Blancas – San José (demo)",
        [("Managua", REC), ("Peñas Blancas", TRA), ("Liberia", TRA), ("San José", EXP)],
        [T.ROAD], [E.SEXUAL, E.SERVITUDE],
        "Sentencias ficticias en firme, 2022-2023 (demo)\n"
        "Informe ficticio de la ST-CR, 2024 (demo)",
        C.HIGH, "2022-06-01",
        "Ofertas de empleo doméstico y en restaurantes; viaje en autobús con documentos "
        "retenidos por el intermediario.",
        victims={"women": 9, "girls": 2},
    ),
    RouteSpec(
        "PA", "Santo Domingo – Ciudad de Panamá, por vía aérea (demo)",
        [("Santo Domingo", REC), ("Aeropuerto Las Américas (SDQ)", TRA),
         ("Aeropuerto de Tocumen (PTY)", TRA), ("Ciudad de Panamá", EXP)],
        [T.AIR, T.ROAD], [E.SEXUAL],
        "Informe ficticio de la CNCTP, 2024 (demo)\n"
        "Registros ficticios del Servicio Nacional de Migración, 2024 (demo)",
        C.MEDIUM, "2023-01-01",
        "Ofertas de trabajo como modelos o en hoteles; vuelo con boleto pagado por la red, "
        "que luego se cobra como deuda.",
        victims={"women": 7, "unknown": 2},
    ),
    RouteSpec(
        "HN", "Tegucigalpa – El Amatillo – Ciudad de Guatemala (demo)",
        [("Tegucigalpa", REC), ("El Amatillo", TRA), ("San Salvador", TRA),
         ("La Hachadura", TRA), ("Ciudad de Guatemala", EXP)],
        [T.ROAD], [E.SEXUAL, E.FORCED_BEGGING],
        "Informe ficticio de la CICESCT, 2024 (demo)\n"
        "Expedientes ficticios de la Fiscalía Especial contra la Trata, 2023 (demo)",
        C.MEDIUM, "2023-01-01",
        "Traslado por carretera a lo largo de la costa del Pacífico, con cruces por puntos "
        "ciegos cerca de los puestos fronterizos.",
        victims={"women": 5, "girls": 3, "boys": 2},
    ),
    RouteSpec(
        "SV", "San Miguel – Acajutla – Puerto Quetzal (demo)",
        [("San Miguel", REC), ("Acajutla", TRA), ("Puerto Quetzal", EXP)],
        [T.ROAD, T.BOAT], [E.FORCED_LABOUR],
        "Informe ficticio de la Autoridad Marítima, 2023 (demo)", C.LOW, "2023-01-01",
        "Hombres jóvenes contratados como tripulantes de pesca con contratos engañosos.",
        victims={"men": 6, "boys": 1}, end="2024-12-31",
    ),
    RouteSpec(
        "NI", "Chinandega – El Guasaule – San Pedro Sula (demo)",
        [("Chinandega", REC), ("El Guasaule", TRA), ("Tegucigalpa", TRA),
         ("San Pedro Sula", EXP)],
        [T.ROAD], [E.SEXUAL, E.FORCED_LABOUR],
        "Informe ficticio de la Coalición Nacional de Nicaragua, 2024 (demo)", C.LOW,
        "2024-01-01",
        "Ofertas de trabajo en maquilas y restaurantes del norte de Honduras.",
        victims={"women": 4, "men": 2, "girls": 1},
    ),
    RouteSpec(
        "BZ", "Flores – Melchor de Mencos – Belize City (demo)",
        [("Flores", REC), ("Melchor de Mencos", TRA), ("Benque Viejo del Carmen", TRA),
         ("Belmopan", TRA), ("Belize City", EXP)],
        [T.ROAD, T.ON_FOOT], [E.SEXUAL, E.FORCED_LABOUR],
        "Informe ficticio de la ST-BZ, 2024 (demo)\n"
        "Expedientes ficticios de la Fiscalía Especializada, 2023 (demo)",
        C.MEDIUM, "2023-01-01",
        "Captación en Petén con ofertas de trabajo en bares y comercios de Belice; cruce a pie "
        "por veredas cercanas al puesto fronterizo.",
        victims={"women": 5, "girls": 2, "men": 1},
    ),
    RouteSpec(
        "DO", "Puerto Príncipe – Jimaní – Santo Domingo (demo)",
        [("Puerto Príncipe", REC), ("Jimaní", TRA), ("Santo Domingo", EXP)],
        [T.ROAD, T.ON_FOOT], [E.FORCED_BEGGING, E.FORCED_LABOUR],
        "Sentencias ficticias en firme, 2023 (demo)\n"
        "Informe ficticio de la CITIM, 2024 (demo)",
        C.HIGH, "2022-01-01",
        "Traslado de niñas y niños para la mendicidad y de hombres para la construcción, "
        "con cruces por pasos no habilitados.",
        victims={"men": 6, "boys": 4, "girls": 1},
    ),
    RouteSpec(
        REGIONAL, "Corredor terrestre hacia Norteamérica (demo)",
        [("San Pedro Sula", REC), ("Agua Caliente", TRA), ("Ciudad de Guatemala", TRA),
         ("La Mesilla", TRA), ("Ciudad de México", TRA), ("Houston", EXP)],
        [T.ROAD, T.RAIL, T.ON_FOOT], [E.FORCED_LABOUR, E.SEXUAL],
        "Informe regional ficticio de la ST Regional, 2024 (demo)\n"
        "Estudio ficticio de la OIM, 2023 (demo)",
        C.MEDIUM, "2023-01-01",
        "Migración irregular hacia el norte; la deuda por el viaje se cobra con trabajo forzoso "
        "o explotación sexual en el destino.",
        victims={"men": 8, "women": 4, "boys": 2, "unknown": 3},
    ),
    RouteSpec(
        REGIONAL, "Ruta marítima del Caribe (demo)",
        [("La Ceiba", REC), ("Puerto Cortés", TRA), ("Puerto Barrios", TRA),
         ("Belize City (puerto)", TRA), ("Cancún", EXP)],
        [T.BOAT, T.ROAD], [E.SEXUAL, E.FORCED_LABOUR],
        "Diagnóstico regional ficticio, 2024 (demo)", C.LOW, "2024-01-01",
        "Traslado en lanchas y embarcaciones de carga a lo largo de la costa caribe hacia "
        "centros turísticos.",
        victims={"women": 6, "girls": 2},
    ),
    RouteSpec(
        REGIONAL, "Corredor aéreo desde Sudamérica (demo)",
        [("Bogotá", REC), ("Aeropuerto de Tocumen (PTY)", TRA),
         ("Aeropuerto Juan Santamaría (SJO)", TRA), ("San José", EXP)],
        [T.AIR], [E.SEXUAL],
        "Informe regional ficticio de la ST Regional, 2023 (demo)\n"
        "Informes ficticios de las ST de Costa Rica y Panamá, 2023 (demo)",
        C.MEDIUM, "2022-06-01",
        "Vuelos con escala en Panamá; ofertas de trabajo como modelos o en la hostelería.",
        victims={"women": 5, "unknown": 1}, end="2025-06-30",
    ),
]  # fmt: skip

VICTIM_FIELDS = {
    "women": "victims_women",
    "men": "victims_men",
    "girls": "victims_girls",
    "boys": "victims_boys",
    "unknown": "victims_unknown",
}


def load_demo_mapping(actor):
    """Load the gazetteer, then create the demo zones and routes (with their stops) that do
    not exist yet; returns how many rows were created (areas, places, zones, routes and
    stops)."""
    created = gazetteer.load_areas() + gazetteer.load_places()
    countries = {c.scope_code: c for c in Country.objects.active()}
    editors = _editors()
    for spec in ZONES:
        country = countries.get(spec.country)
        if country is None or Zone.objects.filter(country=country, name=spec.name).exists():
            continue
        zone = _zone(spec, country, editors)
        if zone is not None:
            audit.record(
                None, AuditAction.CREATE, zone, actor_repr=actor, after=audit.snapshot(zone)
            )
            if zone.publishable:  # approved for the public map
                publication.publish(None, zone, actor_repr=actor)
            created += 1
    places = {}
    for place in Place.objects.order_by("-pk"):
        places[place.name] = place  # the oldest wins when two countries share a name
    for spec in ROUTES:
        country = countries.get(spec.country)
        if country is None or Route.objects.filter(country=country, name=spec.name).exists():
            continue
        if any(name not in places for name, _stage in spec.stops):
            continue
        route = Route.objects.create(
            country=country,
            name=spec.name,
            description=f"{spec.description} {NOTE}",
            exploitation_forms=[str(f) for f in spec.forms],
            transport_modes=[str(m) for m in spec.modes],
            sources=spec.sources,
            confidence=spec.confidence,
            period_start=_date(spec.start),
            period_end=_date(spec.end) if spec.end else None,
            created_by=editors.get(spec.country) or editors.get(REGIONAL),
            **{VICTIM_FIELDS[key]: count for key, count in spec.victims.items()},
        )
        stops = route.replace_stops((places[name], stage) for name, stage in spec.stops)
        audit.record(
            None, AuditAction.CREATE, route, actor_repr=actor, after=route.audit_snapshot()
        )
        created += 1 + len(stops)
    return created


def _editors():
    """The demo users who "created" the records: a country's editor, or the Secretariat."""
    users = User.objects.filter(username__in=["editor-cr", "editor-gt", "st-regional"])
    return {
        membership.country.scope_code: user
        for user in users
        for membership in user.memberships.select_related("country")
    }


def _zone(spec, country, editors):
    """Create one demo zone; None when its place or area is not in the gazetteer."""
    area, text = None, ""
    if spec.shape == Shape.AREA:
        area = AdminArea.objects.filter(country=country, name=spec.where).first()
        if area is None:
            return None
    else:
        if spec.shape == Shape.POLYGON:
            value = {"type": "Polygon", "coordinates": [[list(p) for p in spec.where]]}
        elif isinstance(spec.where, str):
            place = Place.objects.filter(name=spec.where).order_by("pk").first()
            if place is None:
                return None
            value = {"type": "Point", "coordinates": place.point}
        else:
            value = {"type": "Point", "coordinates": list(spec.where)}
        text, problems = geometry.check(value)
        if problems:
            raise ValueError(f"{spec.name}: {'; '.join(problems)}")
    return Zone.objects.create(
        country=country,
        name=spec.name,
        description=f"{spec.description} {NOTE}",
        kind=spec.kind,
        risk_level=spec.risk,
        shape=spec.shape,
        geometry=text,
        area=area,
        social_factors=[str(f) for f in spec.factors],
        populations=[str(p) for p in spec.populations],
        exploitation_forms=[str(f) for f in spec.forms],
        sources=spec.sources,
        confidence=spec.confidence,
        period_start=_date(spec.start),
        period_end=_date(spec.end) if spec.end else None,
        publishable=spec.publishable,
        created_by=editors.get(spec.country) or editors.get(REGIONAL),
    )
