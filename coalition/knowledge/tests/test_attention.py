"""The home page tells those who may edit cooperation agreements which of them, signed or in
force, expire within the alert window (90 days, as the e-mailed alerts), linked to the
list of agreements filtered to them."""

import datetime

import pytest
from django.utils import timezone

from coalition.core.tests.attention import mentioning, opens, query_of
from coalition.knowledge.choices import AgreementKind, AgreementStatus
from coalition.knowledge.models import Agreement

pytestmark = pytest.mark.usefixtures("in_english")

EXPIRING = "expire"


@pytest.fixture
def expiring(knowledge, countries):
    """Costa Rica's police agreement expires in 60 days (the fixture's); the regional
    migration protocol now in 10; a Costa Rican one lapsed yesterday and another expires
    in 120 days (neither counts)."""
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    agreements = knowledge["agreements"]
    Agreement.objects.filter(pk=agreements["regional_migration"].pk).update(
        expires_on=today + 10 * day
    )
    for title, expires in (
        ("Convenio vencido", today - day),
        ("Convenio lejano", today + 120 * day),
    ):
        Agreement.objects.create(
            country=countries["CR"], title=title, kind=AgreementKind.POLICE,
            status=AgreementStatus.IN_FORCE, signed_on=today - 400 * day, expires_on=expires,
        )  # fmt: skip
    return knowledge


def titles(response):
    return [agreement.title for agreement in response.context["page_obj"]]


def test_a_country_editor_sees_the_agreements_of_its_country_about_to_expire(expiring, client_for):
    client = client_for("cr_editor")
    [item] = mentioning(client, EXPIRING)
    assert item.message == "1 cooperation agreement expires within 90 days in Costa Rica."
    assert item.level == "warning"
    assert query_of(item.link)["country"] == ["CR"]
    page = client.get(item.link)
    assert page.status_code == 200
    assert titles(page) == [expiring["agreements"]["cr_police"].title]


def test_the_regional_administrator_sees_every_country_in_one_item(expiring, client_for):
    client = client_for("regional_admin")
    [item] = mentioning(client, EXPIRING)
    assert item.message == (
        "2 cooperation agreements expire within 90 days in 1 country and the regional level."
    )
    page = client.get(item.link)
    assert page.status_code == 200
    agreements = expiring["agreements"]
    assert sorted(titles(page)) == sorted(
        [agreements["cr_police"].title, agreements["regional_migration"].title]
    )


def test_another_country_editor_sees_none(expiring, client_for):
    assert mentioning(client_for("gt_editor"), EXPIRING) == []


@pytest.mark.parametrize("persona", ["partner", "auditor"])
def test_those_who_may_not_edit_agreements_see_none(expiring, client_for, persona):
    assert mentioning(client_for(persona), EXPIRING) == []


def test_a_contributor_who_edits_its_countrys_agreements_sees_them(expiring, client_for):
    client = client_for("cr_contributor")
    [item] = mentioning(client, EXPIRING)
    assert item.message.endswith("in Costa Rica.")
    assert opens(client, item.link)
