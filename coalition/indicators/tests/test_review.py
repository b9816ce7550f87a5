"""The review of an assessment, through its pages: submitted by its country's editor once
nothing is wrong, returned with comments per indicator, corrected, submitted again,
approved (locked) and reopened (audited); and who may do what."""

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from coalition.core import approvals
from coalition.core.choices import ApprovalAction, ApprovalState
from coalition.core.models import AuditEntry
from coalition.indicators import review
from coalition.indicators.models import APPROVAL_KIND, ReviewComment
from coalition.indicators.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english", "questionnaire")]


@pytest.fixture
def questionnaire(settings):
    """The questionnaire's URL names, served by a stand-in while the app has none."""
    settings.ROOT_URLCONF = "coalition.indicators.tests.review_urls"


@pytest.fixture
def draft(countries):
    """Costa Rica's 2023 assessment, fully answered."""
    return factories.assessment(countries["CR"], 2023, answers=factories.FULL)


def said(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def submit(client, assessment):
    return client.post(reverse("assessment-submit", args=[assessment.pk]))


def decide(client, assessment, action, comment="", **indicators):
    data = {"action": action, "comment": comment}
    data.update(
        {
            f"indicator-{factories.indicator(assessment.framework, code).pk}": text
            for code, text in indicators.items()
        }
    )
    return client.post(reverse("assessment-review", args=[assessment.pk]), data)


def state(assessment):
    return approvals.state_of(APPROVAL_KIND, assessment.country, assessment.year)


def shown_to(user, assessment):
    """The questionnaire's review includes for ``user``, rendered for every indicator."""
    request = RequestFactory().get("/")
    request.user = user
    context = review.context(request, assessment)
    html = render_to_string(
        "indicators/includes/review_actions.html",
        {"assessment": assessment, **context},
        request=request,
    )
    for indicator in assessment.framework.indicators.all():
        html += render_to_string(
            "indicators/includes/review_comments.html", {"indicator": indicator, **context}
        )
    return html


def test_a_submission_with_problems_is_refused_with_each_problem_linked(client_for, countries):
    made = factories.assessment(countries["CR"], 2023, answers={"PR-01": "no", "PR-02": "5"})
    response = submit(client_for("cr_editor"), made)
    assert response.status_code == 302
    message = " ".join(said(response))
    assert "Not submitted" in message
    pr03 = factories.indicator(made.framework, "PR-03")
    assert f"#indicator-{pr03.pk}" in message  # required, unanswered
    assert "PR-02" in message and "criminalized" in message  # the consistency rule
    assert state(made) == ApprovalState.OPEN


def test_the_whole_review_cycle(client_for, personas, draft):
    editor, admin = client_for("cr_editor"), client_for("regional_admin")
    response = submit(editor, draft)
    assert "submitted for approval" in " ".join(said(response))
    assert state(draft) == ApprovalState.SUBMITTED

    page = admin.get(reverse("assessment-review", args=[draft.pk]))
    assert page.status_code == 200
    assert b"PR-01" in page.content and b"Yes = 1, partially = 0.5, no = 0" in page.content

    response = decide(
        admin,
        draft,
        "return",
        "Two answers need their evidence.",
        **{"PR-01": "Cite the article of the penal code.", "PP-02": "Which report says 100 %?"},
    )
    assert response.status_code == 302
    assert state(draft) == ApprovalState.RETURNED
    step = draft.approval().steps.get(action=ApprovalAction.RETURN)
    assert sorted(c.indicator.code for c in ReviewComment.objects.filter(step=step)) == [
        "PP-02",
        "PR-01",
    ]

    seen = shown_to(personas["cr_editor"], draft)
    assert "Cite the article of the penal code." in seen
    assert "Which report says 100 %?" in seen
    assert "Two answers need their evidence." in seen
    pr01 = factories.indicator(draft.framework, "PR-01")
    assert f'id="review-comment-{pr01.pk}"' in seen
    assert 'id="assessment-submit"' in seen  # returned: the editor may submit again

    factories.answer(draft, "PR-01", "partial")
    assert state(draft) == ApprovalState.RETURNED
    submit(editor, draft)
    assert state(draft) == ApprovalState.SUBMITTED
    assert "Cite the article" not in shown_to(personas["cr_editor"], draft)  # no longer due
    history = admin.get(reverse("assessment-review", args=[draft.pk]))
    assert "Cite the article of the penal code." in history.content.decode()  # kept

    decide(admin, draft, "approve")
    assert state(draft) == ApprovalState.APPROVED
    assert approvals.is_locked(APPROVAL_KIND, draft.country_id, draft.year)
    assert 'id="assessment-submit"' not in shown_to(personas["cr_editor"], draft)

    refused = decide(admin, draft, "reopen")
    assert refused.status_code == 400
    assert "Say why" in " ".join(said(refused))
    decide(admin, draft, "reopen", "A figure of the protection pillar was wrong.")
    assert state(draft) == ApprovalState.OPEN
    entry = AuditEntry.objects.filter(action="reopen").get()
    assert entry.actor == personas["regional_admin"]
    assert entry.after["comment"] == "A figure of the protection pillar was wrong."


def test_a_return_without_an_overall_comment_keeps_what_was_typed(client_for, draft):
    submit(client_for("cr_editor"), draft)
    response = decide(client_for("regional_admin"), draft, "return", **{"PR-01": "Check it."})
    assert response.status_code == 400
    assert "Say why" in " ".join(said(response))
    assert b"Check it." in response.content
    assert state(draft) == ApprovalState.SUBMITTED
    assert not ReviewComment.objects.exists()


def test_approving_with_comments_on_indicators_is_refused(client_for, draft):
    submit(client_for("cr_editor"), draft)
    response = decide(client_for("regional_admin"), draft, "approve", **{"PR-01": "Check it."})
    assert response.status_code == 400
    assert "return the assessment" in " ".join(said(response))
    assert state(draft) == ApprovalState.SUBMITTED


def test_a_too_long_comment_on_an_indicator_is_named(client_for, draft):
    submit(client_for("cr_editor"), draft)
    response = decide(
        client_for("regional_admin"), draft, "return", "Fix it.", **{"PP-01": "x" * 1001}
    )
    assert response.status_code == 400
    assert "PP-01" in " ".join(said(response))
    assert state(draft) == ApprovalState.SUBMITTED


def test_an_unknown_action_or_a_move_the_state_forbids_is_a_message(client_for, draft):
    admin = client_for("regional_admin")
    assert decide(admin, draft, "burn").status_code == 400
    response = decide(admin, draft, "approve")  # still open
    assert response.status_code == 400
    assert "cannot be approved now" in " ".join(said(response))


def test_submitting_twice_says_it_is_already_submitted(client_for, draft):
    editor = client_for("cr_editor")
    submit(editor, draft)
    response = submit(editor, draft)
    assert "cannot be submitted now" in " ".join(said(response))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("gt_editor", 404), ("partner", 404), ("auditor", 404), ("cr_contributor", 403)],
)
def test_only_the_countrys_editors_and_the_admins_submit(client_for, draft, persona, status):
    assert submit(client_for(persona), draft).status_code == status
    assert state(draft) == ApprovalState.OPEN


def test_the_regional_administrator_may_submit_for_a_country(client_for, draft):
    submit(client_for("regional_admin"), draft)
    assert state(draft) == ApprovalState.SUBMITTED


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("cr_editor", 403),
        ("cr_contributor", 403),
        ("gt_editor", 404),
        ("partner", 404),
        ("auditor", 404),
    ],
)
def test_only_regional_administrators_review(client_for, draft, persona, status):
    submit(client_for("cr_editor"), draft)
    client = client_for(persona)
    assert client.get(reverse("assessment-review", args=[draft.pk])).status_code == status
    assert decide(client, draft, "approve").status_code == status
    assert state(draft) == ApprovalState.SUBMITTED


def test_an_anonymous_visitor_is_sent_to_sign_in(client, draft):
    response = client.get(reverse("assessment-review", args=[draft.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_the_review_page_shows_the_evidence(client_for, draft):
    factories.answer(draft, "PR-01", "yes", evidence_url="https://example.org/ley-9095")
    page = client_for("regional_admin").get(reverse("assessment-review", args=[draft.pk]))
    assert b"https://example.org/ley-9095" in page.content


def test_comments_for_is_empty_unless_returned(client_for, draft):
    submit(client_for("cr_editor"), draft)
    decide(client_for("regional_admin"), draft, "return", "Fix.", **{"PR-03": "Source?"})
    found = review.comments_for(draft)
    pr03 = factories.indicator(draft.framework, "PR-03")
    assert [c.text for c in found[pr03.pk]] == ["Source?"]
    submit(client_for("cr_editor"), draft)
    assert review.comments_for(draft) == {}
    assert [r.comments[0].text for r in review.returns(draft)] == ["Source?"]
