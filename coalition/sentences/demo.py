"""Demo data of the sentences app for ``load_demo``: each demo country's offences (real
legal articles) and clearly fictitious final sentences for 2021-2024 (every summary starts
"Caso ficticio de demostración"; court files "DEMO-GT-2021-0001"), with counts shaped like
the region's published figures: those convicted mostly adult men, the victims mostly
women and girls with many minors, citizenships mostly national and of the neighbours.

Random but seeded: every run draws the same cases. Running it again changes nothing: the
offences are known by their article, and a country-year that has demo sentences is left
as it is.
"""

import datetime
import random
from collections import Counter
from types import SimpleNamespace

from coalition.core import approvals, audit
from coalition.core.choices import AuditAction
from coalition.core.models import Approval, Country, User
from coalition.mapping.models import AdminArea
from coalition.sentences import aggregates
from coalition.sentences.choices import AgeGroup, CourtLevel, Exploitation, Outcome, Sex
from coalition.sentences.models import (
    APPROVAL_KIND,
    DefendantCount,
    Offence,
    Sentence,
    VictimCount,
)

DEMO_MARK = "Caso ficticio de demostración"
YEARS = range(2021, 2025)
SEED = 16

# (category, name, legal article) of each demo country's law.
OFFENCES = {
    "GT": [
        ("trafficking", "Trata de personas", "Art. 202 Ter Código Penal"),
        (
            "procuring",
            "Promoción, facilitación o favorecimiento de prostitución",
            "Art. 191 Código Penal",
        ),
        ("illegal_adoption", "Adopción irregular", "Art. 241 Bis Código Penal"),
    ],
    "CR": [
        ("trafficking", "Trata de personas", "Art. 172 Código Penal"),
        ("procuring", "Proxenetismo", "Art. 169 Código Penal"),
        ("smuggling", "Tráfico ilícito de personas", "Art. 249 Ley General de Migración"),
    ],
    "SV": [
        ("trafficking", "Trata de personas", "Art. 367-B Código Penal"),
        ("smuggling", "Tráfico ilegal de personas", "Art. 367-A Código Penal"),
    ],
    "HN": [("trafficking", "Trata de personas", "Art. 219 Código Penal")],
    "PA": [("trafficking", "Trata de personas", "Art. 456 Código Penal")],
}
# Citizenships other than the country's own, the likeliest first.
NEIGHBOURS = {
    "GT": ["SV", "HN", "MX", "NI"],
    "CR": ["NI", "PA", "CO", "VE"],
    "SV": ["GT", "HN", "NI"],
    "HN": ["GT", "SV", "NI"],
    "PA": ["CO", "VE", "NI", "DO"],
}
# Sentences per year: (fewest, most).
PER_YEAR = {"GT": (25, 40), "CR": (15, 25), "SV": (18, 30), "HN": (15, 28), "PA": (10, 18)}
FORMS = [
    (Exploitation.SEXUAL, 62),
    (Exploitation.FORCED_LABOUR, 14),
    (Exploitation.DOMESTIC_SERVITUDE, 6),
    (Exploitation.FORCED_BEGGING, 5),
    (Exploitation.FORCED_CRIMINALITY, 4),
    (Exploitation.FORCED_MARRIAGE, 4),
    (Exploitation.ILLEGAL_ADOPTION, 3),
    (Exploitation.OTHER, 2),
]
FORM_WORDS = {
    Exploitation.SEXUAL: "explotación sexual",
    Exploitation.FORCED_LABOUR: "trabajos forzados",
    Exploitation.DOMESTIC_SERVITUDE: "servidumbre doméstica",
    Exploitation.FORCED_BEGGING: "mendicidad forzada",
    Exploitation.FORCED_CRIMINALITY: "actividades delictivas forzadas",
    Exploitation.FORCED_MARRIAGE: "matrimonio forzado",
    Exploitation.ILLEGAL_ADOPTION: "adopción irregular",
    Exploitation.OTHER: "otras formas de explotación",
}


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _citizenship(rng, iso2, national_share):
    if rng.random() < national_share:
        return iso2
    if rng.random() < 0.05:
        return "XX"
    neighbours = NEIGHBOURS[iso2]
    return rng.choices(neighbours, weights=range(len(neighbours), 0, -1))[0]


def _defendants(rng, iso2):
    cells = Counter()
    for _person in range(_pick(rng, [(1, 45), (2, 30), (3, 15), (4, 7), (6, 3)])):
        outcome = Outcome.CONVICTED if rng.random() < 0.8 else Outcome.ACQUITTED
        sex = _pick(rng, [(Sex.MALE, 72), (Sex.FEMALE, 27), (Sex.UNKNOWN, 1)])
        age = _pick(rng, [(AgeGroup.ADULT, 96), (AgeGroup.MINOR, 1), (AgeGroup.UNKNOWN, 3)])
        cells[(outcome, sex, age, _citizenship(rng, iso2, 0.88))] += 1
    return cells


def _victims(rng, iso2, forms):
    cells = Counter()
    for _person in range(_pick(rng, [(1, 35), (2, 25), (3, 17), (4, 10), (6, 8), (9, 5)])):
        sex = _pick(rng, [(Sex.FEMALE, 76), (Sex.MALE, 22), (Sex.UNKNOWN, 2)])
        age = _pick(rng, [(AgeGroup.MINOR, 42), (AgeGroup.ADULT, 53), (AgeGroup.UNKNOWN, 5)])
        cells[(rng.choice(forms), sex, age, _citizenship(rng, iso2, 0.72))] += 1
    return cells


def _offences(countries):
    """The demo countries' offences, by (country code, category)."""
    found = {}
    for iso2, rows in OFFENCES.items():
        country = countries.get(iso2)
        if country is None:
            continue
        for category, name, article in rows:
            offence, _new = Offence.objects.get_or_create(
                country=country,
                legal_article=article,
                defaults={"category": category, "name": name},
            )
            found.setdefault((iso2, offence.category), offence)
    return found


def _one_sentence(rng, country, year, number, offences, areas, editor):
    iso2 = country.iso2
    forms = [_pick(rng, FORMS)]
    if rng.random() < 0.08:
        forms.append(Exploitation.FORCED_LABOUR if forms[0] != "forced_labour" else "sexual")
    forms = [code for code in Exploitation.values if code in forms]
    defendants = _defendants(rng, iso2)
    convicted = sum(n for (outcome, *_rest), n in defendants.items() if outcome == "convicted")
    day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    reparation = convicted > 0 and rng.random() < 0.6
    amount = rng.randrange(10, 400) * 100 if reparation and rng.random() < 0.7 else None
    record = Sentence(
        country=country,
        court_level=_pick(
            rng,
            [(CourtLevel.FIRST_INSTANCE, 72), (CourtLevel.APPEAL, 20), (CourtLevel.CASSATION, 8)],
        ),
        area=rng.choice(areas) if areas else None,
        final_date=day,
        exploitation_forms=forms,
        prison_years=rng.randrange(16, 51) / 2 if convicted else None,
        fine_amount=rng.randrange(5, 200) * 250 if convicted and rng.random() < 0.5 else None,
        reparation_ordered=reparation,
        reparation_amount=amount,
        summary=(
            f"{DEMO_MARK}. Sentencia firme por trata de personas con fines de "
            f"{FORM_WORDS[forms[0]]}: {convicted} persona(s) condenada(s). Datos inventados "
            "para mostrar la aplicación; no describen ningún caso real."
        ),
        created_by=editor,
    )
    record.set_court_file(f"DEMO-{iso2}-{year}-{number:04d}")
    record.save()
    named = [offences[(iso2, "trafficking")]]
    if forms[0] == "sexual" and (iso2, "procuring") in offences and rng.random() < 0.25:
        named.append(offences[(iso2, "procuring")])
    if "illegal_adoption" in forms and (iso2, "illegal_adoption") in offences:
        named.append(offences[(iso2, "illegal_adoption")])
    record.offences.set(named)
    rows = [
        DefendantCount(sentence=record, outcome=o, sex=s, age_group=a, citizenship=c, count=n)
        for (o, s, a, c), n in defendants.items()
    ]
    rows += [
        VictimCount(sentence=record, exploitation=e, sex=s, age_group=a, citizenship=c, count=n)
        for (e, s, a, c), n in _victims(rng, iso2, forms).items()
    ]
    return rows


def load_demo_sentences(actor):
    """``load_demo``'s entry: the demo records first, then what builds on them (each part
    returns how many rows it created)."""
    from coalition.sentences.sharing.demo import load_demo_sharing

    return (
        load_demo_records(actor)
        + load_demo_approvals(actor)
        + load_demo_sharing(actor)
        + load_demo_glotip(actor)
    )


def load_demo_records(actor):
    """Create the demo offences and sentences and refresh their statistics; returns how
    many sentences were created."""
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=list(OFFENCES))}
    offences = _offences(countries)
    editors = {
        iso2: user
        for user in User.objects.filter(username__in=["editor-cr", "editor-gt"])
        for iso2 in user.memberships.values_list("country__iso2", flat=True)
    }
    rng = random.Random(SEED)
    created = 0
    for iso2, country in sorted(countries.items()):
        areas = list(AdminArea.objects.filter(country=country).order_by("name"))
        done = set(
            Sentence.objects.filter(country=country, summary__startswith=DEMO_MARK)
            .values_list("year", flat=True)
            .distinct()
        )
        years = [year for year in YEARS if year not in done]
        counts = []
        for year in years:
            fewest, most = PER_YEAR[iso2]
            for number in range(1, rng.randint(fewest, most) + 1):
                counts += _one_sentence(
                    rng, country, year, number, offences, areas, editors.get(iso2)
                )
                created += 1
        DefendantCount.objects.bulk_create(c for c in counts if isinstance(c, DefendantCount))
        VictimCount.objects.bulk_create(c for c in counts if isinstance(c, VictimCount))
        if years:
            aggregates.refresh(country.pk, years)
    if created:
        audit.record(
            None,
            AuditAction.CREATE,
            actor_repr=actor,
            object_type=Sentence._meta.label_lower,
            object_repr="Demo sentences (fictitious)",
            after={"count": created},
        )
    return created


# --- the approvals -----------------------------------------------------------------------

# (country, year, [(demo user, move, comment)]): an approved year, a returned one, one
# awaiting the regional administrator, then more approved years so that the public site
# publishes figures of several countries and years. El Salvador, Honduras and Panama have
# no demo editor: the Secretariat submits for them.
DEMO_APPROVALS = [
    ("GT", 2022, [("editor-gt", "submit", ""), ("st-regional", "approve", "")]),
    (
        "CR",
        2023,
        [
            ("editor-cr", "submit", ""),
            (
                "st-regional",
                "return",
                "Dos sentencias de junio aparecen duplicadas y una no indica la nacionalidad "
                "de las víctimas: corríjanlas y vuelvan a enviar el año. (Comentario de "
                "demostración.)",
            ),
        ],
    ),
    ("SV", 2023, [("st-regional", "submit", "")]),
    ("GT", 2021, [("editor-gt", "submit", ""), ("st-regional", "approve", "")]),
    ("HN", 2022, [("st-regional", "submit", ""), ("st-regional", "approve", "")]),
    ("PA", 2022, [("st-regional", "submit", ""), ("st-regional", "approve", "")]),
    ("HN", 2021, [("st-regional", "submit", ""), ("st-regional", "approve", "")]),
]


def _as(user):
    """A request made by ``user``, as the approval moves record it (no address)."""
    return SimpleNamespace(user=user, META={}, path="", request_id="demo")


def load_demo_approvals(actor=None):
    """Move the demo years through their approval as the demo users would (each country's
    latest year with sentences when the planned one has none); a year already under
    approval is left alone. Returns how many moves were made."""
    names = {name for _iso2, _year, steps in DEMO_APPROVALS for name, _move, _c in steps}
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    moves = 0
    for iso2, year, steps in DEMO_APPROVALS:
        country = Country.objects.filter(iso2=iso2).first()
        if country is None:
            continue
        years = set(Sentence.objects.filter(country=country).values_list("year", flat=True))
        if year not in years:
            if not years:
                continue
            year = max(years)
        if Approval.objects.filter(kind=APPROVAL_KIND, country=country, year=year).exists():
            continue
        for username, action, comment in steps:
            user = users.get(username)
            if user is None:
                break
            approvals.move(_as(user), action, APPROVAL_KIND, country, year, comment)
            moves += 1
    return moves


# --- a GLOTIP release -----------------------------------------------------------------


def load_demo_glotip(actor):
    """Import the shipped GLOTIP extract (UNODC, Global Report on Trafficking in Persons:
    real public data, not fictitious) as "GLOTIP, release 2023-05-30", so that the
    reconciliation has a release to compare the demo records with. Idempotent: an extract
    already imported is left as it is. Returns how many figures it created."""
    from coalition.sentences import glotip
    from coalition.sentences.models import Source

    if Source.objects.filter(name=glotip.source_name(glotip.EXTRACT_RELEASED)).exists():
        return 0
    return glotip.import_extract(actor_repr=actor).imported
