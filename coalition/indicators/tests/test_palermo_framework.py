"""The Palermo framework file (``indicators/data/palermo.json``): what a reviewer of the
framework checks before countries answer it."""

import datetime
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from coalition.indicators.choices import (
    RULES_FOR,
    AnswerType,
    RuleKind,
    ScoringRule,
    Source,
    YesPartialNo,
)
from coalition.indicators.dump import dump
from coalition.indicators.loader import load_file
from coalition.indicators.models import (
    Framework,
    Indicator,
    Instrument,
    Pillar,
    ValidationRule,
)
from coalition.indicators.tests import factories
from coalition.indicators.validation import problems

FILE = Path(__file__).resolve().parents[1] / "data" / "palermo.json"
DATA = json.loads(FILE.read_text(encoding="utf-8"))
INDICATORS = [item for pillar in DATA["pillars"] for item in pillar["indicators"]]
BY_CODE = {item["code"]: item for item in INDICATORS}
PREFIX = {
    "prosecution": "PR",
    "protection": "PP",
    "prevention": "PV",
    "coordination": "CO",
    "cooperation": "CI",
}
LANGUAGES = ("es", "en")
NUMERIC = {AnswerType.NUMBER, AnswerType.PERCENTAGE, AnswerType.SCALE}


def cited(instrument):
    return Counter(item["article"] for item in INDICATORS if item["instrument"] == instrument)


def test_the_framework_has_between_40_and_60_indicators():
    assert 40 <= len(INDICATORS) <= 60


def test_it_has_the_five_pillars_of_the_international_framework_for_action_in_order():
    assert [pillar["code"] for pillar in DATA["pillars"]] == list(PREFIX)
    for pillar in DATA["pillars"]:
        assert pillar["indicators"], pillar["code"]
        for language in LANGUAGES:
            assert pillar["name"][language].strip(), pillar["code"]
            assert pillar["description"][language].strip(), pillar["code"]


@pytest.mark.parametrize("article", ["3", "5", "6", "7", "8", "9", "10", "11", "12", "13"])
def test_every_substantive_article_of_the_protocol_is_cited(article):
    assert cited("tip-protocol")[article] >= 1


def test_articles_with_several_obligations_are_cited_for_each_of_them():
    paragraphs = {
        article: {
            item["paragraph"]
            for item in INDICATORS
            if item["instrument"] == "tip-protocol" and item["article"] == article
        }
        for article in ("3", "5", "6", "8", "9", "11", "12")
    }
    assert {"a", "b", "c"} <= paragraphs["3"]
    assert {"1", "2"} <= paragraphs["5"]
    assert {"1", "2", "3", "4", "5", "6"} <= paragraphs["6"]
    assert {"1", "2", "3", "4"} <= paragraphs["8"]
    assert {"1", "2", "3", "4", "5"} <= paragraphs["9"]
    assert {"1", "3"} <= paragraphs["11"]
    assert {"a", "b"} <= paragraphs["12"]


def test_every_instrument_is_cited_and_every_citation_names_a_listed_instrument():
    listed = {instrument["code"] for instrument in DATA["instruments"]}
    used = {item["instrument"] for item in INDICATORS}
    assert used == listed
    assert {"tip-protocol", "untoc", "som-protocol", "crc-opsc", "ilo-p29", "regional"} == listed


def test_instruments_have_names_in_both_languages_that_fit_the_model():
    short = Instrument._meta.get_field("short_name_es").max_length
    long = Instrument._meta.get_field("name_es").max_length
    for instrument in DATA["instruments"]:
        for language in LANGUAGES:
            assert 0 < len(instrument["short_name"][language]) <= short, instrument["code"]
            assert 0 < len(instrument["name"][language]) <= long, instrument["code"]
        assert instrument["adopted"] in {2000, 2012, 2014}
        assert instrument.get("url", "https://").startswith("https://")


def test_indicator_codes_are_unique_and_carry_their_pillars_prefix():
    codes = [item["code"] for item in INDICATORS]
    assert len(codes) == len(set(codes))
    for pillar in DATA["pillars"]:
        for number, item in enumerate(pillar["indicators"], 1):
            assert item["code"] == f"{PREFIX[pillar['code']]}-{number:02d}"


@pytest.mark.parametrize("code", sorted(BY_CODE))
def test_each_indicator_is_complete_in_spanish_and_english(code):
    item = BY_CODE[code]
    for field in ("question", "guidance", "verification"):
        for language in LANGUAGES:
            assert len(item[field][language].strip()) > 10, f"{code} {field} {language}"
        assert item[field]["es"] != item[field]["en"], f"{code} {field} is not translated"
    assert item["article"].strip()
    assert len(item["article"]) <= Indicator._meta.get_field("article").max_length
    assert len(item["paragraph"]) <= Indicator._meta.get_field("paragraph").max_length


@pytest.mark.parametrize("code", sorted(BY_CODE))
def test_each_indicator_is_scored_in_a_way_its_answer_type_allows(code):
    item = BY_CODE[code]
    kind = AnswerType(item["answer_type"])
    rule = ScoringRule(item["scoring_rule"])
    assert rule in RULES_FOR[kind]
    if kind in {AnswerType.TEXT, AnswerType.DATE}:
        assert rule in {ScoringRule.NONE, ScoringRule.ANSWERED}
    assert 1 <= item["weight"] <= 3
    if rule == ScoringRule.TARGET:
        assert item["target"] and item["target"] > 0
    else:
        assert item["target"] is None
    low = Decimal(item["minimum"]) if item["minimum"] is not None else None
    high = Decimal(item["maximum"]) if item["maximum"] is not None else None
    if kind in NUMERIC:
        assert low == 0, "a count, a percentage or a level is never negative"
    if kind == AnswerType.PERCENTAGE:
        assert high == 100
    if kind == AnswerType.SCALE:
        assert high == 4
    if item["target"] is not None and high is not None:
        assert item["target"] <= high


def test_every_answer_type_is_used():
    assert {item["answer_type"] for item in INDICATORS} == set(AnswerType.values)


def test_each_source_feeds_exactly_one_computed_indicator_which_is_not_required():
    computed = [item for item in INDICATORS if item["source"]]
    assert sorted(item["source"] for item in computed) == sorted(Source.values)
    assert all(item["required"] is False for item in computed)
    for item in computed:
        assert item["answer_type"] in {AnswerType.NUMBER, AnswerType.PERCENTAGE}
        assert item["scoring_rule"] != ScoringRule.NONE, "a computed figure counts in the score"


def test_the_computed_indicators_sit_in_their_pillars():
    pillar_of = {
        item["source"]: pillar["code"]
        for pillar in DATA["pillars"]
        for item in pillar["indicators"]
        if item["source"]
    }
    assert pillar_of[Source.PERSONS_CONVICTED] == "prosecution"
    assert pillar_of[Source.JUSTICE_TRAINED] in {"prosecution", "coordination"}
    assert pillar_of[Source.INSTITUTIONS_VERIFIED] == "protection"
    assert pillar_of[Source.ACTIVITIES_COMPLETED] == "coordination"
    assert pillar_of[Source.AGREEMENTS_IN_FORCE] == "cooperation"
    assert pillar_of[Source.REPATRIATIONS_IN_TIME] == "cooperation"


def test_rules_name_existing_indicators_and_values_those_indicators_can_take():
    rules = DATA["rules"]
    assert len(rules) >= 5
    assert len({rule["code"] for rule in rules}) == len(rules)
    longest = ValidationRule._meta.get_field("message_es").max_length
    for rule in rules:
        kind = RuleKind(rule["kind"])
        target, when = BY_CODE[rule["indicator"]], BY_CODE[rule["when"]]
        assert target is not when
        for language in LANGUAGES:
            assert 0 < len(rule["message"][language]) <= longest
        if kind == RuleKind.NOT_ABOVE:
            assert target["answer_type"] == when["answer_type"] == AnswerType.NUMBER
        else:
            assert rule["values"]
            if when["answer_type"] == AnswerType.YES_PARTIAL_NO:
                assert set(rule["values"]) <= set(YesPartialNo.values)
    assert {RuleKind(rule["kind"]) for rule in rules} == set(RuleKind)


def test_an_article_reference_must_be_empty_when_trafficking_is_not_criminalized():
    (rule,) = [
        rule
        for rule in DATA["rules"]
        if rule["kind"] == RuleKind.EMPTY_WHEN
        and BY_CODE[rule["when"]]["article"] == "5"
        and BY_CODE[rule["indicator"]]["answer_type"] == AnswerType.TEXT
    ]
    assert rule["values"] == ["no"]
    criminalized = BY_CODE[rule["when"]]
    assert criminalized["answer_type"] == AnswerType.YES_PARTIAL_NO
    assert "autonomous offence" in criminalized["question"]["en"]
    assert "penal code" in BY_CODE[rule["indicator"]]["question"]["en"]
    assert BY_CODE[rule["indicator"]]["required"] is False


def test_persons_convicted_may_not_exceed_persons_prosecuted():
    convicted = next(i for i in INDICATORS if i["source"] == Source.PERSONS_CONVICTED)
    (rule,) = [rule for rule in DATA["rules"] if rule["indicator"] == convicted["code"]]
    assert rule["kind"] == RuleKind.NOT_ABOVE
    assert "prosecuted" in BY_CODE[rule["when"]]["question"]["en"]


def test_the_framework_fits_the_models_text_limits():
    assert DATA["code"] == "palermo"
    assert "version" not in DATA, "the loader numbers versions"
    assert len(DATA["name"]["es"]) <= Framework._meta.get_field("name_es").max_length
    assert len(DATA["name"]["en"]) <= Framework._meta.get_field("name_en").max_length
    for language in LANGUAGES:
        assert DATA["description"][language].strip()


def contents(version):
    """Everything a load writes of ``version``, to compare two loads."""
    return (
        list(Pillar.objects.filter(framework=version).values().order_by("order")),
        list(Indicator.objects.filter(framework=version).values().order_by("order", "code")),
        list(ValidationRule.objects.filter(framework=version).values().order_by("code")),
        list(Instrument.objects.values().order_by("code")),
    )


@pytest.mark.django_db
def test_the_loader_reads_the_file_without_a_problem_into_version_1():
    result = load_file(FILE)
    assert result.outcome == "created"
    assert result.notices == []
    version = result.framework
    assert (version.code, version.version) == ("palermo", 1)
    assert version.indicators.count() == len(INDICATORS)
    assert version.pillars.count() == 5
    assert version.rules.count() == len(DATA["rules"])
    criminalized = version.indicators.get(code="PR-01")
    assert criminalized.instrument.code == "tip-protocol"
    assert criminalized.reference.endswith("art. 5.1")
    assert version.indicators.filter(required=False).exclude(source="").count() == len(Source)


@pytest.mark.django_db
def test_loading_the_file_twice_changes_nothing():
    first = load_file(FILE).framework
    before = contents(first)
    again = load_file(FILE)
    assert again.outcome == "unchanged"
    assert again.framework.pk == first.pk
    assert Framework.objects.filter(code="palermo").count() == 1
    assert contents(first) == before


@pytest.mark.django_db
def test_the_loaded_version_writes_back_as_the_same_framework():
    version = load_file(FILE).framework
    written = dump(version)
    assert [p["code"] for p in written["pillars"]] == [p["code"] for p in DATA["pillars"]]
    assert [i["code"] for p in written["pillars"] for i in p["indicators"]] == list(BY_CODE)
    for item in (i for p in written["pillars"] for i in p["indicators"]):
        original = BY_CODE[item["code"]]
        for key in ("question", "guidance", "verification", "article", "answer_type"):
            assert item[key] == original[key], (item["code"], key)


def broken(record):
    return {(problem.indicator.code, str(problem.message)) for problem in problems(record)}


@pytest.mark.django_db
def test_an_assessment_of_the_loaded_framework_is_held_to_its_consistency_rules(countries):
    version = load_file(FILE).framework
    record = factories.assessment(
        countries["HN"],
        2024,
        made=version,
        answers={
            "PR-01": "no",
            "PR-02": "artículo 1",
            "PR-09": Decimal(3),
            "PR-10": Decimal(5),
            "CO-03": "yes",
        },
    )
    rule = {r["code"]: r for r in DATA["rules"]}
    with translation.override("en"):
        found = broken(record)
    assert ("PR-02", rule["R-01"]["message"]["en"]) in found
    assert ("PR-10", rule["R-03"]["message"]["en"]) in found
    assert ("CO-04", rule["R-05"]["message"]["en"]) in found
    factories.answer(record, "PR-01", "yes")
    factories.answer(record, "PR-10", Decimal(3))
    factories.answer(record, "CO-04", datetime.date(2022, 3, 15))
    with translation.override("en"):
        found = broken(record)
    assert not {code for code, _message in found} & {"PR-02", "PR-10", "CO-04"}
