import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.core.choices import ApprovalState, AuditAction
from coalition.core.models import Approval, AuditEntry
from coalition.indicators import loader
from coalition.indicators.models import APPROVAL_KIND, Framework
from coalition.indicators.tests import factories
from coalition.indicators.tests.framework_file import indicator, sample

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture
def versions(countries):
    """Version 1 of "sample" used by Guatemala's submitted 2022 assessment, and version 2
    without PV-02, with PV-03 added and PV-01's target changed."""
    first = loader.load(sample(), actor_repr="test").framework
    factories.assessment(countries["GT"], 2022, first, {"PR-01": "yes"})
    Approval.objects.create(
        kind=APPROVAL_KIND, country=countries["GT"], year=2022, state=ApprovalState.SUBMITTED
    )
    data = sample()
    prevention = data["pillars"][1]["indicators"]
    prevention[0]["target"] = 40
    del prevention[1]
    prevention.append(indicator("PV-03", "scale", "scale", article="10"))
    data["changes"] = "PV-02 replaced by PV-03."
    second = loader.load(data, actor_repr="test").framework
    return first, second


@pytest.mark.parametrize("persona", ["regional_admin", "cr_editor", "cr_contributor", "partner"])
def test_every_reader_sees_the_frameworks_and_their_versions(client_for, versions, persona):
    response = client_for(persona).get(reverse("framework-list"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Test indicators" in text
    assert "Version 2" in text and "Version 1" in text
    assert "Frozen" in text
    assert "PV-02 replaced by PV-03." in text


def test_the_auditor_and_outsiders_do_not_read_the_frameworks(client_for, versions):
    assert client_for("auditor").get(reverse("framework-list")).status_code in (403, 404)
    response = client_for("anonymous").get(reverse("framework-list"))
    assert response.status_code == 302


def test_the_list_says_when_no_framework_is_loaded(client_for):
    response = client_for("cr_editor").get(reverse("framework-list"))
    assert "No indicator framework has been loaded yet." in response.content.decode()
    assert reverse("framework-load") not in response.content.decode()
    response = client_for("regional_admin").get(reverse("framework-list"))
    assert reverse("framework-load") in response.content.decode()


def test_a_version_shows_its_indicators_and_what_changed_since_the_previous(client_for, versions):
    first, second = versions
    response = client_for("partner").get(second.get_absolute_url())
    text = response.content.decode()
    assert "Palermo Protocol, art. 5.1" in text
    assert "Value ÷ 40, at most 1; weight 1" in text
    changes = text.split("Changes since the previous version")[1]
    assert "PV-03" in changes.split("Removed")[0]  # added
    assert "PV-02" in changes.split("Removed")[1].split("Changed")[0]
    assert "PV-01</a>: target" in changes
    # A link to the same indicator in the previous version.
    assert first.indicators.get(code="PR-01").get_absolute_url() in text


def test_the_filters_narrow_the_indicators(client_for, versions):
    first, _second = versions
    client = client_for("cr_editor")
    url = first.get_absolute_url()
    computed = client.get(url, {"computed": "yes"}).content.decode()
    assert "PV-02" in computed and "PR-01</a>" not in computed
    by_article = client.get(url, {"article": "9"}).content.decode()
    assert "PV-01" in by_article and "PR-01</a>" not in by_article
    searched = client.get(url, {"q": "Question PR-02"}).content.decode()
    assert "PR-02" in searched and "PV-01</a>" not in searched
    typed = client.get(url, {"answer_type": "text", "pillar": "prosecution"}).content.decode()
    assert "PR-02" in typed and "PR-01</a>" not in typed
    nothing = client.get(url, {"pillar": "prevention", "answer_type": "text"})
    assert "No indicator matches these filters." in nothing.content.decode()
    assert client.get(url, {"answer_type": "nonsense"}).status_code == 200


def test_an_indicator_shows_its_reference_rules_and_versions(client_for, versions):
    first, second = versions
    pr02 = second.indicators.get(code="PR-02")
    text = client_for("partner").get(pr02.get_absolute_url()).content.decode()
    assert "Palermo Protocol, art. 5" in text
    assert "R-01" in text and "Must be empty." in text
    assert first.indicators.get(code="PR-02").get_absolute_url() in text
    pv02 = first.indicators.get(code="PV-02")
    text = client_for("partner").get(pv02.get_absolute_url()).content.decode()
    assert "Court records" in text
    assert "Persons convicted (court sentences)" in text


def test_an_unknown_framework_or_indicator_answers_404(client_for):
    client = client_for("cr_editor")
    assert client.get(reverse("framework-detail", args=[999])).status_code == 404
    assert client.get(reverse("indicator-detail", args=[999])).status_code == 404


def test_the_download_is_the_framework_file_and_is_audited(client_for, versions):
    _first, second = versions
    response = client_for("partner").get(reverse("framework-export", args=[second.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="sample-v2.json"'
    data = json.loads(response.content)
    assert [i["code"] for i in data["pillars"][1]["indicators"]] == ["PV-01", "PV-03"]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 1
    assert loader.load(data, actor_repr="test").outcome == "unchanged"


def upload(data, name="framework.json"):
    content = data if isinstance(data, bytes) else json.dumps(data).encode()
    return {"file": SimpleUploadedFile(name, content, content_type="application/json")}


def test_a_regional_administrator_loads_a_file_and_reads_what_it_did(client_for):
    client = client_for("regional_admin")
    response = client.post(reverse("framework-load"), upload(sample()), follow=True)
    made = Framework.objects.get(code="sample")
    assert response.redirect_chain[-1][0] == made.get_absolute_url()
    assert "Version 1 created: 4 indicators in 2 pillars, 1 rule." in response.content.decode()
    entry = AuditEntry.objects.get(object_type="indicators.framework")
    assert entry.actor_repr != "system:load_framework"


def test_a_refused_file_lists_every_problem_by_its_place(client_for):
    data = sample()
    data["pillars"][0]["indicators"][1]["answer_type"] = "essay"
    response = client_for("regional_admin").post(reverse("framework-load"), upload(data))
    assert response.status_code == 400
    text = response.content.decode()
    assert "pillars[0].indicators[1].answer_type (PR-02)" in text
    assert "Nothing was recorded" in text
    assert not Framework.objects.exists()
    broken = client_for("regional_admin").post(reverse("framework-load"), upload(b"{"))
    assert "Not valid JSON" in broken.content.decode()


@pytest.mark.parametrize("persona", ["cr_editor", "partner"])
def test_only_regional_administrators_load_a_framework(client_for, persona):
    response = client_for(persona).post(reverse("framework-load"), upload(sample()))
    assert response.status_code == 403
    assert not Framework.objects.exists()


def test_the_framework_page_reads_a_bounded_number_of_queries(
    client_for, versions, django_assert_max_num_queries
):
    _first, second = versions
    client = client_for("partner")
    with django_assert_max_num_queries(25):
        client.get(second.get_absolute_url())
    with django_assert_max_num_queries(25):
        client.get(reverse("framework-list"))
