"""The partner's page, /plans/partner/: the activities that name its organization and
the approved progress of every country on them; and ``{% approved_progress %}``."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from coalition.plans.models import Progress
from coalition.plans.tests.test_partner_access import name_partners, shared_evidence

URL = "/plans/partner/"


@pytest.fixture
def named(plan_data, countries, organizations):
    return name_partners(plan_data, countries, organizations)


def test_the_partner_sees_its_activities_with_their_approved_progress(named, client_for):
    response = client_for("partner").get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Construir una herramienta" in page  # I.2, IOM responsible
    assert "Responsables" in page or "Responsible parties" in page  # the column naming it
    assert "Herramienta en pruebas en Costa Rica." in page  # CR 2026, approved
    assert "Herramienta construida" in page  # a product of I.2
    assert "Guatemala." not in page  # GT's year is only submitted
    assert "Capacitar jueces" not in page  # II.1 names Save the Children
    assert "Propiciar encuentros" not in page  # I.1 names nobody


def test_another_partner_sees_its_own_activities(named, client_for):
    from conftest import sign_in

    client = sign_in(client_for("anonymous"), named["save_partner"])
    page = client.get(URL).content.decode()
    assert "Capacitar jueces" in page
    assert "Construir una herramienta" not in page


def test_shared_evidence_is_listed_and_unshared_is_not(named, client_for):
    shared = shared_evidence(named, "CR")
    unshared = shared_evidence(named, "GT")
    page = client_for("partner").get(URL).content.decode()
    assert f"/plans/evidence/{shared.pk}/" in page
    assert f"/plans/evidence/{unshared.pk}/" not in page


def test_the_filters_narrow_by_country_year_and_plan(named, client_for):
    client = client_for("partner")
    assert "Herramienta en pruebas" not in client.get(URL, {"year": 2025}).content.decode()
    assert "Herramienta en pruebas" in client.get(URL, {"year": 2026}).content.decode()
    assert "Herramienta en pruebas" not in client.get(URL, {"country": "GT"}).content.decode()
    empty = client.get(URL, {"plan": "no-such-plan"})
    assert empty.status_code == 200
    assert "Herramienta en pruebas" in empty.content.decode()  # an unknown plan: all plans


def test_a_partner_named_nowhere_sees_the_empty_state(plan_data, client_for):
    response = client_for("partner").get(URL)
    assert response.status_code == 200
    assert "Ninguna actividad" in response.content.decode() or "No activity" in (
        response.content.decode()
    )


def test_the_regional_admin_sees_what_a_partner_sees(named, client_for, organizations):
    client = client_for("regional_admin")
    chooser = client.get(URL)
    assert chooser.status_code == 200
    assert "Construir una herramienta" not in chooser.content.decode()
    page = client.get(URL, {"organization": organizations["oim"].pk}).content.decode()
    assert "Herramienta en pruebas en Costa Rica." in page
    assert "Guatemala." not in page
    assert "Capacitar jueces" not in page
    bad = client.get(URL, {"organization": "abc"})
    assert bad.status_code == 400
    assert "abc" in bad.content.decode()


@pytest.mark.parametrize("persona", ["cr_editor", "gt_editor", "cr_contributor", "auditor"])
def test_other_roles_may_not_open_the_page(named, client_for, persona):
    assert client_for(persona).get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(named, client_for):
    assert client_for("anonymous").get(URL).status_code == 302


def test_the_navigation_links_partners_to_the_page(named, client_for):
    page = client_for("partner").get("/home/").content.decode()
    assert f'href="{URL}"' in page
    assert f'href="{URL}"' not in client_for("cr_editor").get("/home/").content.decode()


def test_the_page_reads_a_bounded_number_of_rows(named, client_for, django_assert_max_num_queries):
    client = client_for("partner")
    client.get(URL)
    shared_evidence(named, "CR")
    with django_assert_max_num_queries(20):
        assert client.get(URL).status_code == 200


def test_the_template_tag_shows_the_approved_progress_the_reader_may_read(named, personas):
    template = Template("{% load approved %}{% approved_progress activity %}")
    request = RequestFactory().get("/")

    def render(user, ref):
        request.user = user
        return template.render(Context({"request": request, "activity": named["activities"][ref]}))

    assert "Herramienta en pruebas en Costa Rica." in render(personas["partner"], "I.2")
    assert "Guatemala." not in render(personas["partner"], "I.2")
    assert "Costa Rica" not in render(personas["partner"], "I.1")  # does not name IOM
    assert "Guatemala." in render(personas["gt_editor"], "I.2")  # its own country's
    Progress.objects.all().delete()  # the live rows: the tag reads the approved snapshot
    assert "Herramienta en pruebas en Costa Rica." in render(personas["partner"], "I.2")
