import pytest

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.core.tests.openapi import api_schema, schema_problems
from coalition.indicators import loader
from coalition.indicators.models import APPROVAL_KIND
from coalition.indicators.tests import factories
from coalition.indicators.tests.framework_file import sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def frameworks(countries):
    made = factories.framework()  # palermo v1: 7 indicators, used by a submitted assessment
    factories.assessment(countries["GT"], 2022, made, {"PR-01": "yes"})
    Approval.objects.create(
        kind=APPROVAL_KIND, country=countries["GT"], year=2022, state=ApprovalState.SUBMITTED
    )
    other = loader.load(sample(), actor_repr="test").framework
    return made, other


def test_readers_list_the_frameworks_with_their_pillars_and_counts(client_for, frameworks):
    made, _other = frameworks
    client = client_for("partner")
    response = client.get("/api/indicator-frameworks/", {"code": "palermo"})
    assert response.status_code == 200
    [found] = response.json()["results"]
    assert found["version"] == 1 and found["frozen"] is True
    assert found["indicator_count"] == 7 and found["rule_count"] == 1
    assert [p["code"] for p in found["pillars"]] == ["prosecution", "protection", "prevention"]
    assert found["pillars"][0]["indicator_count"] == 3
    one = client.get(f"/api/indicator-frameworks/{made.pk}/")
    assert schema_problems(client, one, "/api/indicator-frameworks/{id}/", "get") == []
    assert schema_problems(client, response, "/api/indicator-frameworks/", "get") == []


def test_the_indicators_filter_by_framework_pillar_instrument_article_type_and_computed(
    client_for, frameworks, in_english
):
    made, other = frameworks
    client = client_for("cr_editor")

    def codes(**query):
        response = client.get("/api/indicators/", query)
        assert response.status_code == 200
        return [row["code"] for row in response.json()["results"]]

    assert codes(framework=made.pk, pillar="prosecution") == ["PR-01", "PR-02", "PR-03"]
    assert codes(framework=made.pk, computed="true") == ["PV-02"]
    assert codes(framework=other.pk, article="9") == ["PV-01", "PV-02"]
    assert codes(framework=other.pk, answer_type="text") == ["PR-02"]
    assert len(codes(instrument="tip-protocol")) == 11
    assert codes(instrument="nowhere") == []
    row = client.get(f"/api/indicators/{made.indicators.get(code='PR-03').pk}/").json()
    assert row["formula"] == "Value ÷ 20, at most 1; weight 1"
    assert row["pillar"] == "prosecution" and row["instrument"] == "tip-protocol"


def test_a_bad_filter_answers_400(client_for, frameworks):
    response = client_for("cr_editor").get("/api/indicators/", {"answer_type": "essay"})
    assert response.status_code == 400


def test_the_api_is_read_only_and_closed_to_outsiders_and_the_auditor(client_for, frameworks):
    assert client_for("regional_admin").post("/api/indicators/", {}).status_code in (403, 405)
    assert client_for("anonymous").get("/api/indicators/").status_code in (401, 403)
    assert client_for("auditor").get("/api/indicator-frameworks/").status_code == 403


def test_both_lists_are_in_the_schema_with_summaries(client_for):
    schema = api_schema(client_for("regional_admin"))
    assert schema["paths"]["/api/indicators/"]["get"]["summary"]
    assert schema["paths"]["/api/indicator-frameworks/"]["get"]["summary"]


def test_the_lists_read_a_bounded_number_of_queries(
    client_for, frameworks, django_assert_max_num_queries
):
    client = client_for("partner")
    with django_assert_max_num_queries(15):
        assert client.get("/api/indicators/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get("/api/indicator-frameworks/").status_code == 200
