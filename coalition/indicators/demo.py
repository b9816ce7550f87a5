"""Demo data of the indicators app for ``load_demo``: the Palermo framework (two versions)
and clearly fictitious yearly assessments of six countries (2021-2024) and of the regional
level (2023-2024), moved through their approval as the demo users would.

Every answer is invented: the comments start "[Demo]", the evidence links point to
``https://example.org/demo/...`` and the few evidence files say they are fictitious.
Scores differ from country to country and improve unevenly from year to year, so that the
regional matrix and the country profiles have something to show. The 2024 states show
each step of the review: Guatemala approved, El Salvador submitted, Costa Rica returned
with comments on three indicators, Honduras a draft half filled in.

Version 1 of the framework is what 2021 answered; 2022 onwards answer version 2 (the
shipped file, which adds one indicator to what version 1 asked). Random but seeded: every
run draws the same answers. Running it again changes nothing: a country-year that has an
assessment is left as it is.

Honduras, El Salvador, Panama, the Dominican Republic and the regional level have no demo
editor: the Regional Technical Secretariat fills and submits for them.
"""

import copy
import datetime
import json
import random
import zlib
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from coalition.core import approvals, audit, files
from coalition.core.choices import AuditAction
from coalition.core.models import Approval, ApprovalStep, Country, User
from coalition.indicators.choices import AnswerType, ScoringRule
from coalition.indicators.models import (
    APPROVAL_KIND,
    Answer,
    AnswerEvidence,
    Assessment,
    Framework,
    ReviewComment,
)
from coalition.indicators.scoring import FIELD_OF, SCALE_TOP
from coalition.indicators.validation import parse

CODE = "palermo"
PALERMO = Path(__file__).resolve().parent / "data" / "palermo.json"
DEMO_MARK = "[Demo]"
SEED = 17
REGIONAL = "XR"
EVIDENCE_SITE = "https://example.org/demo/indicadores"

# Each country's overall level in 2021 (0 to 1) and what it gained each year after:
# uneven on purpose (a pause, a step back, a leap).
LEVELS = {
    "GT": (0.46, (0.05, 0.08, 0.03)),
    "SV": (0.36, (0.02, 0.11, 0.04)),
    "HN": (0.30, (0.07, 0.00, 0.06)),
    "CR": (0.63, (0.04, 0.03, 0.05)),
    "PA": (0.52, (-0.04, 0.07, 0.03)),
    "DO": (0.41, (0.08, 0.02, 0.05)),
    REGIONAL: (0.55, (0.0, 0.0, 0.05)),
}

# (country, year) -> the approval moves: (demo user, move, date "MM-DD" of the next year,
# comment). None: an assessment left open (a draft).
SUBMIT, APPROVE, RETURN = "submit", "approve", "return"
ADMIN = "st-regional"
EDITORS = {"GT": "editor-gt", "CR": "editor-cr"}
RETURN_COMMENT = (
    "[Demo] Faltan respaldos en tres indicadores: vean los comentarios junto a cada uno, "
    "corríjanlos y vuelvan a enviar la evaluación. (Comentario de demostración.)"
)
EARLIER_RETURN = (
    "[Demo] La cifra de personas capacitadas no coincide con el informe anual; revísenla y "
    "envíen de nuevo. (Comentario de demostración.)"
)


def _approved(submitted="03-10", approved="04-02"):
    return [("editor", SUBMIT, submitted, ""), (ADMIN, APPROVE, approved, "")]


PLAN = {
    **{(iso2, 2021): _approved() for iso2 in ("GT", "SV", "HN", "CR", "PA", "DO")},
    ("GT", 2022): _approved("02-25", "03-18"),
    ("SV", 2022): [
        ("editor", SUBMIT, "03-14", ""),
        (ADMIN, RETURN, "03-29", EARLIER_RETURN),
        ("editor", SUBMIT, "04-12", ""),
        (ADMIN, APPROVE, "04-26", ""),
    ],
    ("HN", 2022): _approved("03-30", "05-06"),
    ("CR", 2022): _approved("02-20", "03-07"),
    ("PA", 2022): _approved("03-21", "04-19"),
    ("DO", 2022): _approved("04-04", "05-02"),
    ("GT", 2023): _approved("03-04", "03-22"),
    ("SV", 2023): _approved("03-18", "04-08"),
    ("HN", 2023): _approved("04-15", "05-20"),
    ("CR", 2023): _approved("02-16", "03-01"),
    ("PA", 2023): [("editor", SUBMIT, "03-27", "")],
    ("DO", 2023): _approved("03-11", "04-09"),
    (REGIONAL, 2023): _approved("05-15", "05-29"),
    ("GT", 2024): _approved("02-20", "03-14"),
    ("SV", 2024): [("editor", SUBMIT, "03-28", "")],
    ("CR", 2024): [("editor", SUBMIT, "03-10", ""), (ADMIN, RETURN, "03-24", RETURN_COMMENT)],
    ("HN", 2024): None,
    (REGIONAL, 2024): None,
}
# The share of its indicators a draft has answered.
DRAFT_FILLED = {("HN", 2024): 0.55, (REGIONAL, 2024): 0.8}

# What the regional administrator wrote next to three indicators of the returned year.
REVIEW_COMMENTS = (
    "[Demo] El enlace de respaldo no abre: adjunten el texto vigente de la norma citada.",
    "[Demo] La cifra no coincide con el informe anual enviado a la Secretaría; revísenla.",
    "[Demo] Expliquen en el comentario qué cambió respecto del año anterior.",
)

TEXTS = (
    "[Demo] La ley vigente tipifica la trata conforme al artículo 3 del Protocolo; la "
    "reforma de este año amplió las formas de explotación. (Texto ficticio.)",
    "[Demo] La mesa interinstitucional se reunió cuatro veces; las actas están en la "
    "Secretaría Técnica Nacional. (Texto ficticio.)",
    "[Demo] Existe un protocolo de atención, aplicado en la capital y en dos "
    "departamentos fronterizos. (Texto ficticio.)",
    "[Demo] Se firmó un memorando de entendimiento con un país vecino para la "
    "repatriación asistida. (Texto ficticio.)",
    "[Demo] El presupuesto asignado cubre el albergue especializado y la línea de ayuda "
    "gratuita. (Texto ficticio.)",
)
COMMENTS = (
    "[Demo] Dato tomado del informe anual de la Fiscalía especializada.",
    "[Demo] Respuesta validada en la sesión ordinaria de la coalición nacional.",
    "[Demo] La cifra incluye solo los casos registrados hasta el 31 de diciembre.",
    "[Demo] Se espera completar la reforma el próximo año.",
    "[Demo] Información proporcionada por la Dirección General de Migración.",
    "[Demo] Avance parcial: la norma está aprobada, falta su reglamento.",
)

# (country, year, file name, content type, description): the evidence files, attached to
# the first answered indicator of the assessment that has none yet.
EVIDENCE_FILES = (
    ("GT", 2023, "ley-contra-la-trata-demo.pdf", "application/pdf",
     "[Demo] Extracto ficticio de la ley"),
    ("CR", 2024, "acta-mesa-interinstitucional-demo.txt", "text/plain",
     "[Demo] Acta ficticia de la mesa interinstitucional"),
    ("SV", 2024, "informe-anual-demo.pdf", "application/pdf",
     "[Demo] Informe anual ficticio"),
    ("HN", 2024, "protocolo-atencion-demo.txt", "text/plain",
     "[Demo] Protocolo de atención ficticio"),
)  # fmt: skip


def load_demo_indicators(actor):
    """``load_demo``'s entry: the framework, then the assessments of every planned
    country-year with their answers, approvals, review comments and evidence files.
    Returns how many rows it created (assessments, answers, comments and files)."""
    first = _first_version(actor)
    if first is None:
        return 0
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in={c for c, _y in PLAN})}
    users = {u.username: u for u in User.objects.filter(username__in=[ADMIN, *EDITORS.values()])}
    if ADMIN not in users:
        return 0
    demo = _Demo(actor, countries, users)
    created = 0
    for year in sorted({year for _iso2, year in PLAN}):
        # 2021 answers version 1; once it is approved (frozen), version 2 is made.
        framework = first if year == 2021 else _next_version(actor)
        for iso2, planned in PLAN:
            if planned == year:
                created += demo.assessment(iso2, year, framework)
    created += demo.evidence_files()
    return created


# --- the framework and its two versions -----------------------------------------------


def _read_file():
    return json.loads(PALERMO.read_text(encoding="utf-8"))


def _first_version(actor):
    """Version 1 of the Palermo framework: as it is when already loaded (by
    ``load_framework``), else an earlier draft of the shipped file (without the file's
    last indicator), so that loading the file itself makes version 2."""
    found = Framework.objects.filter(code=CODE).order_by("version").first()
    if found is not None or not PALERMO.exists():
        return found
    from coalition.indicators import loader

    loader.load(_earlier_draft(_read_file()), actor_repr=actor)
    return Framework.objects.filter(code=CODE).order_by("version").first()


def _earlier_draft(data):
    """The framework file without its last indicator that no rule names."""
    draft = copy.deepcopy(data)
    named = {code for rule in draft.get("rules", []) for code in (rule["indicator"], rule["when"])}
    for pillar in reversed(draft["pillars"]):
        dropped = [i for i in pillar["indicators"] if i["code"] not in named]
        if len(pillar["indicators"]) > 1 and dropped:
            pillar["indicators"].remove(dropped[-1])
            break
    draft["changes"] = ""
    return draft


def _revised(data):
    """The framework file with its first scored indicator weighing one more: the change
    that makes version 2 when version 1 was loaded from the file itself."""
    revised = copy.deepcopy(data)
    for pillar in revised["pillars"]:
        for indicator in pillar["indicators"]:
            if indicator.get("scoring_rule", "none") != "none":
                indicator["weight"] = float(indicator.get("weight", 1)) + 1
                revised["changes"] = (
                    f"{indicator['code']} pesa más (cambio de demostración). "
                    f"{indicator['code']} weighs more (demo change)."
                )
                return revised
    return revised


def _next_version(actor):
    """Version 2, once version 1 is frozen by the approved 2021 assessments: the shipped
    file loaded again (or, when version 1 is the file, the file with one weight
    changed). Without the file, every year answers the latest version there is."""
    latest = Framework.latest(CODE)
    if latest.version > 1 or not latest.frozen or not PALERMO.exists():
        return latest
    from coalition.indicators import loader

    loader.load_file(PALERMO, actor_repr=actor)
    if Framework.latest(CODE).version == latest.version:
        loader.load(_revised(_read_file()), actor_repr=actor)
    return Framework.latest(CODE)


# --- the answers ----------------------------------------------------------------------


def _draw(*parts):
    """A random generator seeded by ``parts``: the same answer on every run."""
    return random.Random(zlib.crc32(":".join(map(str, (SEED, *parts))).encode()))


def level(iso2, year):
    """A country's overall level (0 to 1) in ``year``."""
    start, gains = LEVELS[iso2]
    first = 2023 if iso2 == REGIONAL else 2021
    return start + sum(gains[: max(0, year - first)])


def _quality(iso2, year, indicator):
    """How well ``iso2`` does on ``indicator`` in ``year`` (0 to 1): its level, its
    strength in the indicator's pillar, the indicator's own difficulty (the same every
    year, so that trends move smoothly) and a little of the year's chance."""
    pillar = _draw(iso2, indicator.pillar.code).uniform(-0.15, 0.15)
    own = _draw(iso2, indicator.code).gauss(0, 0.18)
    chance = _draw(iso2, year, indicator.code).uniform(-0.05, 0.05)
    return min(1.0, max(0.0, level(iso2, year) + pillar + own + chance))


def _bounded(indicator, value, top):
    low = indicator.minimum if indicator.minimum is not None else Decimal(0)
    high = indicator.maximum if indicator.maximum is not None else top
    return min(max(Decimal(value), low), high)


def _value(indicator, quality, iso2, year):
    """An answer of ``indicator`` as good as ``quality``, read by ``validation.parse``."""
    kind = indicator.answer_type
    if kind == AnswerType.YES_PARTIAL_NO:
        raw = "yes" if quality >= 0.6 else "partial" if quality >= 0.3 else "no"
    elif kind == AnswerType.SCALE:
        raw = _bounded(indicator, round(quality * 4), SCALE_TOP)
    elif kind == AnswerType.PERCENTAGE:
        top = indicator.target if indicator.target else Decimal(100)
        raw = _bounded(indicator, round(quality * float(top)), Decimal(100))
    elif kind == AnswerType.NUMBER:
        if indicator.target:
            raw = round(quality * 1.1 * float(indicator.target))
        elif indicator.scoring_rule == ScoringRule.ABOVE_ZERO and quality < 0.2:
            raw = 0
        else:
            raw = round(quality * 40) + 1
        raw = _bounded(indicator, raw, Decimal(10**9))
    elif kind == AnswerType.TEXT:
        raw = _draw(iso2, year, indicator.code, "text").choice(TEXTS)
    else:  # a date: the better the country, the longer ago it was done
        rng = _draw(iso2, indicator.code, "date")
        raw = datetime.date(
            year - round((1 - quality) * 3) - rng.randrange(0, 6),
            rng.randrange(1, 13),
            rng.randrange(1, 29),
        )
    return parse(indicator, raw)


def _keep_rules(framework, values):
    """``values`` ({indicator: value}) mended to break none of the framework's rules."""
    for rule in framework.rules.select_related("indicator", "when"):
        target, when = values.get(rule.indicator), values.get(rule.when)
        triggered = when is not None and str(when) in {str(v) for v in rule.values}
        if rule.kind == "not_above":
            if target is not None and when is not None and target > when:
                values[rule.indicator] = when
        elif rule.kind == "empty_when" and triggered:
            values.pop(rule.indicator, None)
        elif rule.kind == "required_when" and triggered and target is None:
            values[rule.indicator] = _value(rule.indicator, 0.5, "rule", 0)
    return values


class _Demo:
    def __init__(self, actor, countries, users):
        self.actor = actor
        self.countries = countries
        self.users = users

    def user(self, iso2):
        return self.users.get(EDITORS.get(iso2)) or self.users[ADMIN]

    def record(self, row, **after):
        audit.record(
            None,
            AuditAction.CREATE,
            row,
            actor_repr=self.actor,
            after={**audit.snapshot(row), **after},
        )

    def assessment(self, iso2, year, framework):
        """Make the assessment of ``iso2`` for ``year`` with its answers and move it
        through its approval; returns the rows created (0 when it exists)."""
        country = self.countries.get(iso2)
        if country is None or framework is None:
            return 0
        if Assessment.objects.filter(country=country, year=year).exists():
            return 0
        editor = self.user(iso2)
        record = Assessment.objects.create(
            country=country, year=year, framework=framework, created_by=editor
        )
        answers = self.answers(record, editor)
        self.record(record, answers=len(answers))
        created = 1 + len(answers)
        steps = PLAN[(iso2, year)] or []
        for username, action, when, comment in steps:
            user = editor if username == "editor" else self.users[username]
            step = self.move(user, action, record, when, comment)
            if action == RETURN and comment == RETURN_COMMENT:
                created += self.review_comments(record, step)
        if not steps:
            self.refresh_computed(record, editor)
        return created

    def answers(self, record, editor):
        iso2, year = record.country.iso2, record.year
        indicators = list(record.framework.indicators.select_related("pillar"))
        filled = DRAFT_FILLED.get((iso2, year), 1.0)
        values = {}
        for number, indicator in enumerate(indicators):
            if number >= round(filled * len(indicators)):
                break
            if indicator.source and PLAN[(iso2, year)] is None:
                continue  # an open year's computed figures come from their source
            if not indicator.required and _draw(iso2, year, indicator.code, "skip").random() < 0.1:
                continue
            values[indicator] = _value(indicator, _quality(iso2, year, indicator), iso2, year)
        values = _keep_rules(record.framework, values)
        computed_at = timezone.make_aware(datetime.datetime(year + 1, 2, 1, 9))
        rows = []
        for indicator, value in values.items():
            rng = _draw(iso2, year, indicator.code, "notes")
            rows.append(
                Answer(
                    assessment=record,
                    indicator=indicator,
                    comment=rng.choice(COMMENTS) if rng.random() < 0.3 else "",
                    evidence_url=(
                        f"{EVIDENCE_SITE}/{iso2.lower()}/{year}/{indicator.code.lower()}"
                        if rng.random() < 0.4
                        else ""
                    ),
                    computed_at=computed_at if indicator.source else None,
                    updated_by=editor,
                    **{FIELD_OF[indicator.answer_type]: value},
                )
            )
        for row in rows:
            row.save()  # each keeps its score
        return rows

    def move(self, user, action, record, when, comment):
        """One approval move made by ``user`` as on the approval pages, dated on
        ``when`` ("MM-DD") of the year after the assessment's."""
        request = SimpleNamespace(user=user, META={}, path="", request_id="demo")
        approval = approvals.move(
            request, action, APPROVAL_KIND, record.country, record.year, comment
        )
        month, day = map(int, when.split("-"))
        time = timezone.make_aware(datetime.datetime(record.year + 1, month, day, 10, 30))
        time = min(time, timezone.now())
        step = approval.steps.order_by("-pk").first()
        ApprovalStep.objects.filter(pk=step.pk).update(time=time)
        Approval.objects.filter(pk=approval.pk).update(updated=time)
        return step

    def review_comments(self, record, step):
        """The returned year's comments on three indicators (answered, scored ones)."""
        answered = (
            record.answers.exclude(indicator__scoring_rule=ScoringRule.NONE)
            .select_related("indicator__pillar")
            .order_by("indicator__pillar__order", "indicator__order")
        )
        chosen, pillars = [], set()
        for answer in answered:
            if answer.indicator.pillar_id not in pillars:
                pillars.add(answer.indicator.pillar_id)
                chosen.append(answer.indicator)
        for indicator, text in zip(chosen, REVIEW_COMMENTS, strict=False):
            self.record(
                ReviewComment.objects.create(
                    assessment=record, indicator=indicator, step=step, text=text
                )
            )
        return min(len(chosen), len(REVIEW_COMMENTS))

    def refresh_computed(self, record, editor):
        """An open year's computed indicators, read from their sources now."""
        try:
            from coalition.indicators import sources
        except ImportError:  # no computed indicators yet: they stay empty
            return
        sources.refresh(record, editor)

    def evidence_files(self):
        created = 0
        for iso2, year, name, content_type, description in EVIDENCE_FILES:
            answer = (
                Answer.objects.filter(assessment__country__iso2=iso2, assessment__year=year)
                .exclude(indicator__answer_type=AnswerType.TEXT)
                .order_by("indicator__pillar__order", "indicator__order")
                .first()
            )
            if answer is None or AnswerEvidence.objects.filter(original_name=name).exists():
                continue
            row = AnswerEvidence(
                answer=answer,
                country=answer.assessment.country,
                original_name=name,
                content_type=content_type,
                description=description,
                uploaded_by=self.user(iso2),
            )
            files.store(
                row,
                ContentFile(_file_content(name, description), name=name),
                then=lambda row=row: self.record(row),
            )
            created += 1
        return created


def _file_content(name, description):
    text = (
        f"{description}\n\nDocumento ficticio de demostración: no describe ningún caso, "
        "persona ni norma real.\nFictitious demo document: it describes no real case, "
        "person or law.\n"
    )
    if not name.endswith(".pdf"):
        return text.encode()
    from django.utils.html import escape

    from coalition.lib.pdf import html_to_pdf

    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in text.split("\n") if line)
    return html_to_pdf(f"<h1>{escape(description)}</h1>{paragraphs}")
