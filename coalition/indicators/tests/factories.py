"""A small fictitious framework and assessments for tests: one indicator of each answer
type, a computed one, and a consistency rule, as the framework file would load them."""

from decimal import Decimal

from coalition.indicators.models import (
    Answer,
    Assessment,
    Framework,
    Indicator,
    Instrument,
    Pillar,
    ValidationRule,
)

# (pillar code, indicator code, answer type, scoring rule, weight, extra fields)
INDICATORS = (
    ("prosecution", "PR-01", "ynp", "ynp", 2, {"article": "5", "paragraph": "1"}),
    ("prosecution", "PR-02", "text", "none", 0, {"article": "5", "required": False}),
    ("prosecution", "PR-03", "number", "target", 1, {"article": "5", "target": Decimal(20)}),
    ("protection", "PP-01", "scale", "scale", 1, {"article": "6", "paragraph": "3"}),
    ("protection", "PP-02", "percent", "target", 1, {"article": "6", "target": Decimal(100)}),
    ("prevention", "PV-01", "date", "answered", 1, {"article": "9", "required": False}),
    (
        "prevention",
        "PV-02",
        "number",
        "positive",
        1,
        {"article": "9", "paragraph": "2", "source": "sentences.persons_convicted"},
    ),
)
PILLARS = (
    ("prosecution", "Persecución", "Prosecution"),
    ("protection", "Protección y asistencia", "Protection and assistance"),
    ("prevention", "Prevención", "Prevention"),
)


def instrument(code="tip-protocol"):
    found, _created = Instrument.objects.get_or_create(
        code=code,
        defaults={
            "short_name_es": "Protocolo de Palermo",
            "short_name_en": "Palermo Protocol",
            "name_es": "Protocolo para prevenir, reprimir y sancionar la trata de personas",
            "name_en": "Protocol to Prevent, Suppress and Punish Trafficking in Persons",
            "adopted": 2000,
        },
    )
    return found


def framework(code="palermo", version=1):
    """A framework version with three pillars, seven indicators (one of each answer type,
    one computed) and the rule "PR-02 must be empty when PR-01 is no"."""
    made = Framework.objects.create(
        code=code, version=version, name_es="Indicadores de Palermo", name_en="Palermo indicators"
    )
    protocol = instrument()
    pillars = {}
    for order, (pillar_code, name_es, name_en) in enumerate(PILLARS, 1):
        pillars[pillar_code] = Pillar.objects.create(
            framework=made, code=pillar_code, order=order, name_es=name_es, name_en=name_en
        )
    for order, (pillar_code, code_, answer_type, rule, weight, extra) in enumerate(INDICATORS, 1):
        Indicator.objects.create(
            framework=made,
            pillar=pillars[pillar_code],
            code=code_,
            order=order,
            question_es=f"Pregunta {code_}",
            question_en=f"Question {code_}",
            instrument=protocol,
            answer_type=answer_type,
            scoring_rule=rule,
            weight=Decimal(weight),
            **extra,
        )
    ValidationRule.objects.create(
        framework=made,
        code="R-01",
        kind="empty_when",
        indicator=indicator(made, "PR-02"),
        when=indicator(made, "PR-01"),
        values=["no"],
        message_es="Si la trata no está tipificada, el artículo debe quedar vacío.",
        message_en="If trafficking is not criminalized, the article reference must be empty.",
    )
    return made


def indicator(made, code):
    return Indicator.objects.get(framework=made, code=code)


def assessment(country, year=2023, made=None, answers=None, **fields):
    """An assessment of ``country`` for ``year`` with ``answers`` {indicator code: value}
    (each value in its answer type's field)."""
    made = made or Framework.objects.filter(code="palermo").order_by("-version").first()
    made = made or framework()
    record = Assessment.objects.create(country=country, year=year, framework=made, **fields)
    for code, value in (answers or {}).items():
        answer(record, code, value)
    return record


def answer(record, code, value, **fields):
    from coalition.indicators.scoring import FIELD_OF

    found = indicator(record.framework, code)
    return Answer.objects.update_or_create(
        assessment=record,
        indicator=found,
        defaults={FIELD_OF[found.answer_type]: value, **fields},
    )[0]


# Every scored indicator answered at the top: each pillar scores 100.
FULL = {
    "PR-01": "yes",
    "PR-03": Decimal(20),
    "PP-01": Decimal(4),
    "PP-02": Decimal(100),
    "PV-01": "2023-05-01",
    "PV-02": Decimal(3),
}
