"""The indicators' demo data: several countries and years in every state of the review,
loaded once however often ``load_demo`` runs, and naming nobody."""

import re

import pytest

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.indicators.demo import load_demo_indicators
from coalition.indicators.models import (
    APPROVAL_KIND,
    Answer,
    AnswerEvidence,
    Assessment,
    Framework,
    ReviewComment,
)
from coalition.indicators.scores import scores_by_country_year
from coalition.indicators.tests import factories
from coalition.indicators.validation import problems

DEMO_NAMES = {"regional_admin": "st-regional", "cr_editor": "editor-cr", "gt_editor": "editor-gt"}


@pytest.fixture
def demo(personas):
    """The demo users the demo acts as, and a framework (the file's when it is there)."""
    for persona, username in DEMO_NAMES.items():
        personas[persona].username = username
        personas[persona].save()
    if not Framework.objects.exists():
        factories.framework()
    load_demo_indicators("system:load_demo")
    return personas


def states():
    return {
        (a.country.scope_code, a.year): a.state
        for a in Approval.objects.filter(kind=APPROVAL_KIND).select_related("country")
    }


def test_it_loads_once_however_often_it_runs(demo):
    counts = (Assessment.objects.count(), Answer.objects.count(), ReviewComment.objects.count())
    files = AnswerEvidence.objects.count()
    steps = list(Approval.objects.values_list("pk", "state"))

    assert load_demo_indicators("system:load_demo") == 0

    assert counts[0] >= 20
    assert (
        Assessment.objects.count(),
        Answer.objects.count(),
        ReviewComment.objects.count(),
    ) == counts
    assert AnswerEvidence.objects.count() == files > 0
    assert list(Approval.objects.values_list("pk", "state")) == steps


def test_it_shows_every_state_of_the_review_in_2024(demo):
    found = states()
    assert found[("GT", 2024)] == ApprovalState.APPROVED
    assert found[("SV", 2024)] == ApprovalState.SUBMITTED
    assert found[("CR", 2024)] == ApprovalState.RETURNED
    assert ("HN", 2024) not in found
    assert sum(state == ApprovalState.APPROVED for state in found.values()) >= 15


def test_the_returned_year_has_comments_on_indicators_tied_to_its_return(demo):
    returned = Assessment.objects.get(country__iso2="CR", year=2024)
    step = returned.approval().steps.order_by("-time").first()
    comments = ReviewComment.objects.filter(assessment=returned)

    assert step.action == "return" and step.comment
    assert 2 <= comments.count() <= 3
    assert {comment.step_id for comment in comments} == {step.pk}
    assert ReviewComment.objects.exclude(assessment=returned).count() == 0


def test_the_approval_steps_are_dated_after_their_year_by_the_demo_users(demo):
    approved = Assessment.objects.get(country__iso2="GT", year=2022).approval()
    submitted, approved_step = approved.steps.order_by("time")

    assert submitted.actor.username == "editor-gt"
    assert approved_step.actor.username == "st-regional"
    assert submitted.time.year == approved_step.time.year == 2023
    assert submitted.time < approved_step.time


def test_the_honduras_draft_is_partly_filled_and_the_others_can_be_submitted(demo):
    draft = Assessment.objects.get(country__iso2="HN", year=2024)
    answered = draft.answers.count()

    assert 0 < answered < draft.framework.indicators.count()
    assert problems(draft)
    for record in Assessment.objects.exclude(pk=draft.pk).exclude(country__iso2="XR", year=2024):
        assert problems(record) == [], record


def test_scores_differ_by_country_and_change_over_the_years(demo):
    scores = {
        (country, year): found.score
        for (country, year), found in scores_by_country_year(approved_only=False).items()
    }
    countries = {a.country_id: a.country.iso2 for a in Assessment.objects.all()}
    by_code = {(countries[c], y): s for (c, y), s in scores.items()}

    assert len({by_code[(iso2, 2023)] for iso2 in ("GT", "SV", "HN", "CR", "DO")}) == 5
    assert by_code[("CR", 2023)] > by_code[("HN", 2023)]
    assert by_code[("SV", 2021)] != by_code[("SV", 2024)]
    assert {("XR", 2023), ("XR", 2024)} <= set(by_code)


def test_the_first_year_keeps_the_version_it_answered(demo):
    first = {a.framework_id for a in Assessment.objects.filter(year=2021)}
    later = {a.framework_id for a in Assessment.objects.filter(year__gte=2022)}
    oldest = Framework.objects.filter(code="palermo").order_by("version").first()

    assert first == {oldest.pk}
    assert later == {Framework.latest("palermo").pk}


def test_nothing_in_it_identifies_a_person(demo):
    texts = [
        value
        for row in Answer.objects.all()
        for value in (row.text, row.comment, row.evidence_url)
        if value
    ]
    texts += list(ReviewComment.objects.values_list("text", flat=True))
    for name, description in AnswerEvidence.objects.values_list("original_name", "description"):
        texts += [name, description]

    assert texts
    for text in texts:
        assert "[Demo]" in text or text.startswith("https://example.org/demo/") or "demo" in text
        assert not re.search(r"@|\b\d{4}-\d{4}\b|\b\d{8,}\b", text), text
    for row in AnswerEvidence.objects.all():
        content = row.file.open("rb").read()
        if row.content_type == "application/pdf":
            assert content.startswith(b"%PDF"), row
        else:
            assert "Documento ficticio de demostración" in content.decode(), row


@pytest.fixture
def palermo_file(tmp_path, monkeypatch, personas):
    """A small framework file standing in for the Palermo file, and the demo users."""
    from coalition.indicators import demo as module
    from coalition.indicators.tests import framework_file

    for persona, username in DEMO_NAMES.items():
        personas[persona].username = username
        personas[persona].save()
    data = framework_file.sample()
    data["code"] = "palermo"
    path = tmp_path / "palermo.json"
    framework_file.write(path, data)
    monkeypatch.setattr(module, "PALERMO", path)
    return path


def test_it_loads_the_file_as_version_2_after_an_earlier_draft_answered_in_2021(palermo_file):
    from coalition.indicators import loader

    load_demo_indicators("system:load_demo")
    first, second = Framework.objects.filter(code="palermo").order_by("version")

    assert {a.framework for a in Assessment.objects.filter(year=2021)} == {first}
    assert {a.framework for a in Assessment.objects.filter(year__gte=2022)} == {second}
    assert second.indicators.count() == first.indicators.count() + 1
    assert loader.load_file(palermo_file, actor_repr="test").outcome == "unchanged"


def test_it_makes_version_2_with_a_changed_weight_when_the_file_is_version_1(palermo_file):
    from coalition.indicators import loader

    loader.load_file(palermo_file, actor_repr="test")
    load_demo_indicators("system:load_demo")
    first, second = Framework.objects.filter(code="palermo").order_by("version")

    assert {a.framework for a in Assessment.objects.filter(year=2021)} == {first}
    assert {a.framework for a in Assessment.objects.filter(year__gte=2022)} == {second}
    weights = {i.code: i.weight for i in first.indicators.all()}
    assert {i.code: i.weight for i in second.indicators.all()} != weights
    assert second.changes
