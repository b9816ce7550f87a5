from pathlib import Path

import pytest
from django.conf import settings

from coalition.core.choices import ApprovalState, AuditAction
from coalition.core.models import Approval, AuditEntry
from coalition.indicators import loader
from coalition.indicators.dump import dump
from coalition.indicators.models import (
    APPROVAL_KIND,
    Answer,
    Framework,
    Indicator,
    Instrument,
    ValidationRule,
)
from coalition.indicators.tests import factories
from coalition.indicators.tests.framework_file import indicator, sample, write

pytestmark = pytest.mark.django_db

PALERMO = Path(settings.BASE_DIR) / "coalition" / "indicators" / "data" / "palermo.json"


def refused(data):
    with pytest.raises(loader.FrameworkFileError) as caught:
        loader.load(data, actor_repr="test")
    return {p.where: p.message for p in caught.value.problems}


def test_a_new_code_makes_version_1_with_its_pillars_indicators_and_rule():
    result = loader.load(sample(), actor_repr="test")
    made = Framework.objects.get(code="sample")
    assert made.version == 1
    assert [p.code for p in made.pillars.all()] == ["prosecution", "prevention"]
    assert [i.code for i in made.indicators.all()] == ["PR-01", "PR-02", "PV-01", "PV-02"]
    assert made.indicators.get(code="PV-02").source == "sentences.persons_convicted"
    assert made.rules.get().when.code == "PR-01"
    assert Instrument.objects.get(code="tip-protocol").adopted == 2000
    assert result.describe() == "Versión 1 creada: 4 indicadores en 2 pilares, 1 regla."


def test_it_describes_what_it_did_in_english(in_english):
    result = loader.load(sample(), actor_repr="test")
    assert result.describe() == "Version 1 created: 4 indicators in 2 pillars, 1 rule."


def test_it_names_each_problem_by_its_place_and_indicator_code():
    data = sample()
    data["pillars"][1]["indicators"][0]["answer_type"] = "yesno"
    data["pillars"][0]["indicators"][0]["scoring_rule"] = "target"
    data["pillars"][1]["indicators"][1]["instrument"] = "nowhere"
    data["pillars"][1]["indicators"][1]["question"] = {"en": "Only English"}
    data["pillars"][1]["code"] = "prosecution"
    data["rules"][0]["when"] = "XX-99"
    data["rules"][0]["kind"] = "sometimes"
    problems = refused(data)
    assert "pillars[1].indicators[0].answer_type (PV-01)" in problems
    assert "pillars[0].indicators[0].scoring_rule (PR-01)" in problems
    assert "pillars[0].indicators[0].target (PR-01)" in problems
    assert "pillars[1].indicators[1].instrument (PV-02)" in problems
    assert "pillars[1].indicators[1].question.es (PV-02)" in problems
    assert "pillars[1].code" in problems
    assert "XX-99" in problems["rules[0].when"]
    assert "rules[0].kind" in problems
    assert not Framework.objects.exists()


def test_it_refuses_an_impossible_range_a_bad_source_and_too_long_codes():
    data = sample()
    data["pillars"][1]["indicators"][0].update(minimum=10, maximum=5)
    data["pillars"][1]["indicators"][1]["source"] = "sentences.everything"
    data["pillars"][0]["indicators"][1]["code"] = "X" * 21
    data["pillars"][0]["indicators"][0]["weight"] = "heavy"
    data["pillars"][0]["indicators"][0]["color"] = "red"
    problems = refused(data)
    assert "pillars[1].indicators[0].minimum (PV-01)" in problems
    assert "pillars[1].indicators[1].source (PV-02)" in problems
    assert problems["pillars[0].indicators[1].code"] == "tiene más de 20 caracteres"
    assert "pillars[0].indicators[0].weight (PR-01)" in problems
    assert "pillars[0].indicators[0].color (PR-01)" in problems


def test_it_refuses_a_file_that_is_not_a_framework():
    assert refused([1, 2]) == {"": "se esperaba un objeto ({…})"}
    problems = refused({"code": "x"})
    assert set(problems) == {"name", "pillars"}


def test_an_instrument_already_loaded_may_be_cited_without_repeating_it():
    factories.instrument()
    data = sample()
    data["instruments"] = []
    loader.load(data, actor_repr="test")
    assert Indicator.objects.filter(framework__code="sample").count() == 4


def test_a_missing_english_text_is_a_notice_not_a_problem():
    data = sample()
    data["pillars"][0]["indicators"][0]["question"] = {"es": "¿Solo español?"}
    result = loader.load(data, actor_repr="test")
    assert [n.where for n in result.notices] == ["pillars[0].indicators[0].question.en (PR-01)"]


def test_nothing_is_written_when_the_writing_fails_half_way(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader, "_create_contents", broken)
    with pytest.raises(RuntimeError):
        loader.load(sample(), actor_repr="test")
    assert not Framework.objects.exists()
    assert not Instrument.objects.exists()


def test_the_same_file_again_changes_nothing_and_writes_no_audit_entry():
    loader.load(sample(), actor_repr="test")
    entries = AuditEntry.objects.count()
    result = loader.load(sample(), actor_repr="test")
    assert result.outcome == "unchanged"
    assert result.describe().startswith("Versión 1 sin cambios")
    assert Framework.objects.filter(code="sample").count() == 1
    assert AuditEntry.objects.count() == entries


def test_one_audit_entry_records_each_load_that_writes():
    loader.load(sample(), actor_repr="system:test")
    entry = AuditEntry.objects.get(object_type="indicators.framework")
    assert entry.actor_repr == "system:test"
    assert entry.action == AuditAction.CREATE


def test_an_open_version_is_updated_in_place_and_open_answers_of_a_removed_indicator_go(
    countries,
):
    made = loader.load(sample(), actor_repr="test").framework
    record = factories.assessment(countries["CR"], 2023, made, {"PR-01": "yes", "PV-01": 10})
    data = sample()
    prevention = data["pillars"][1]["indicators"]
    prevention[0]["question"]["es"] = "¿Pregunta cambiada?"
    prevention[0]["target"] = 10
    del prevention[1]
    data["pillars"][0]["indicators"][1:] = []  # PR-02 goes, and its rule with it
    data["rules"] = []
    prevention.append(indicator("PV-03", "scale", "scale", article="10"))
    result = loader.load(data, actor_repr="test")
    assert result.describe() == "Versión 1 actualizada: 3 indicadores en 2 pilares, 0 reglas."
    assert Framework.objects.filter(code="sample").count() == 1
    codes = list(made.indicators.values_list("code", flat=True))
    assert codes == ["PR-01", "PV-01", "PV-03"]
    assert made.indicators.get(code="PV-01").question_es == "¿Pregunta cambiada?"
    assert not ValidationRule.objects.exists()
    # The answer of PV-01 kept, scored against its new target.
    assert Answer.objects.get(assessment=record, indicator__code="PV-01").score == 1


def test_removing_an_indicator_that_open_assessments_answer_deletes_them_with_a_notice(
    countries,
):
    made = loader.load(sample(), actor_repr="test").framework
    record = factories.assessment(countries["CR"], 2023, made, {"PR-01": "yes", "PV-02": 3})
    data = sample()
    del data["pillars"][1]["indicators"][1]
    result = loader.load(data, actor_repr="test")
    assert result.answers_deleted == 1
    assert "PV-02" in result.notices[0].message
    assert "Costa Rica" in result.notices[0].message
    assert list(record.answers.values_list("indicator__code", flat=True)) == ["PR-01"]


def test_a_frozen_version_stays_and_the_file_makes_the_next_one(countries):
    made = loader.load(sample(), actor_repr="test").framework
    submitted = factories.assessment(countries["GT"], 2022, made, {"PR-01": "yes", "PV-02": 3})
    Approval.objects.create(
        kind=APPROVAL_KIND, country=countries["GT"], year=2022, state=ApprovalState.SUBMITTED
    )
    data = sample()
    del data["pillars"][1]["indicators"][1]
    data["changes"] = "PV-02 removed."
    result = loader.load(data, actor_repr="test")
    assert result.describe() == "Versión 2 creada: 3 indicadores en 2 pilares, 1 regla."
    assert result.framework.version == 2
    assert result.framework.changes == "PV-02 removed."
    made.refresh_from_db()
    assert made.indicators.count() == 4
    submitted.refresh_from_db()
    assert submitted.framework == made
    assert submitted.answers.count() == 2
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT).count() == 1


def test_a_version_read_back_as_a_file_loads_to_the_same_version(countries):
    made = loader.load(sample(), actor_repr="test").framework
    data = dump(made)
    assert data["pillars"][0]["indicators"][0]["weight"] == 2
    result = loader.load(data, actor_repr="test")
    assert result.framework == made
    assert result.outcome == "unchanged"
    assert dump(made) == data


def test_load_file_refuses_a_file_that_is_not_json(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json")
    with pytest.raises(loader.FrameworkFileError) as caught:
        loader.load_file(broken, actor_repr="test")
    assert "JSON" in caught.value.problems[0].message
    assert loader.load_file(write(tmp_path / "ok.json"), actor_repr="test").created == 1


def test_a_frozen_version_downloaded_and_loaded_back_makes_no_new_version(countries):
    made = loader.load(sample(), actor_repr="test").framework
    factories.assessment(countries["GT"], 2022, made, {"PR-01": "yes"})
    Approval.objects.create(
        kind=APPROVAL_KIND, country=countries["GT"], year=2022, state=ApprovalState.APPROVED
    )
    assert loader.load(dump(made), actor_repr="test").outcome == "unchanged"
    assert Framework.objects.filter(code="sample").count() == 1


def test_the_palermo_file_loads_and_reads_back_unchanged():
    made = loader.load_file(PALERMO, actor_repr="test").framework
    assert loader.load(dump(made), actor_repr="test").outcome == "unchanged"
    assert loader.load_file(PALERMO, actor_repr="test").outcome == "unchanged"


def test_a_rule_kept_whose_indicator_is_replaced_follows_the_new_indicator():
    made = loader.load(sample(), actor_repr="test").framework
    data = sample()
    data["pillars"][0]["indicators"][1]["code"] = "PR-09"
    data["rules"][0]["indicator"] = "PR-09"
    loader.load(data, actor_repr="test")
    rule = made.rules.get()
    assert (rule.code, rule.indicator.code, rule.when.code) == ("R-01", "PR-09", "PR-01")
