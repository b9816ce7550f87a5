"""Event pages as each persona sees them: lists and calendar, who attended (names for the
data roles, contacts for the person's own country, counts for partners), the event form,
materials, participants, and the figures on the plan's activity page."""

import datetime
import io

import pytest
from django.urls import reverse

from coalition.core.models import AuditEntry
from coalition.core.tests.versions import versioned
from coalition.events.models import Event, Material, Participant
from coalition.events.tests.conftest import make_event
from coalition.plans.tests.conftest import PDF_BYTES

pytestmark = pytest.mark.usefixtures("in_english")


def text(response):
    return response.content.decode()


def test_the_list_shows_the_events_in_the_users_scope(client_for, events):
    page = text(client_for("cr_editor").get(reverse("event-list"), {"when": "all"}))
    assert "Taller para jueces penales" in page
    assert "Reunión de la Coalición Regional" in page  # the regional level
    assert "Reunión técnica con la PNC" not in page  # Guatemala
    partner = text(client_for("partner").get(reverse("event-list"), {"when": "all"}))
    assert "Reunión de la Coalición Regional" in partner
    assert "Taller para jueces penales" not in partner


def test_the_list_filters_by_kind_search_and_time(client_for, events):
    client = client_for("regional_admin")
    page = text(client.get(reverse("event-list"), {"when": "all", "kind": "technical_meeting"}))
    assert "Reunión técnica con la PNC" in page and "Taller para jueces" not in page
    page = text(client.get(reverse("event-list"), {"when": "all", "q": "jose"}))  # San José
    assert "Taller para jueces penales" in page and "PNC" not in page
    page = text(client.get(reverse("event-list"), {"when": "past"}))
    assert "Taller para jueces penales" in page and "Coalición Regional" not in page
    page = text(client.get(reverse("event-list"), {"when": "all", "kind": "nonsense"}))
    assert "Select a valid choice" in page


def test_the_list_answers_htmx_with_the_table_alone(client_for, events):
    response = client_for("regional_admin").get(
        reverse("event-list"), {"when": "all"}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in text(response) and "Taller para jueces penales" in text(response)


def test_the_list_takes_a_bounded_number_of_queries(
    client_for, events, countries, django_assert_max_num_queries
):
    for n in range(30):
        make_event(countries["CR"], f"Taller {n}", datetime.date(2026, 1, 1 + n % 28))
    client = client_for("regional_admin")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("event-list"), {"when": "all"})
    assert response.status_code == 200


def test_the_month_view_places_a_multi_day_event_on_each_of_its_days(client_for, events):
    response = client_for("cr_editor").get(reverse("event-calendar"), {"month": "2026-08"})
    page = text(response)
    assert "August 2026" in page
    assert page.count("Taller para jueces penales</a>") == 3 + 1  # 3 days + phone list
    assert "Reunión de la Coalición Regional" not in page
    # This month instead of one that cannot be.
    for nonsense in ("2026-13", "9999-12", "0-1", "x", "2026-99999999999999999999999"):
        response = client_for("cr_editor").get(reverse("event-calendar"), {"month": nonsense})
        assert response.status_code == 200


def test_editors_see_names_and_their_own_countrys_contacts(client_for, events):
    page = text(client_for("cr_editor").get(events["workshop"].get_absolute_url()))
    assert "Ana Mora" in page and "ana.mora@example.test" in page
    assert "Marta Pérez" in page  # a Guatemalan at a Costa Rican workshop: name only
    marta = events["people"]["marta"]
    marta.email = "marta@example.test"
    marta.save()
    page = text(client_for("cr_editor").get(events["workshop"].get_absolute_url()))
    assert "marta@example.test" not in page
    assert "marta@example.test" in text(
        client_for("gt_editor").get(events["meeting"].get_absolute_url())
    )


def test_partners_see_counts_never_names(client_for, events, countries):
    regional = events["regional"]
    regional.status = "held"
    regional.save()
    from coalition.events.tests.conftest import attend

    attend(regional, events["people"]["ana"], regional.starts)
    page = text(client_for("partner").get(regional.get_absolute_url()))
    assert 'id="people-count">1<' in page
    assert "Ana Mora" not in page
    assert "Only the coalition's coordinators see who attended" in page
    assert client_for("partner").get(reverse("attendance-pdf", args=[regional.pk])).status_code
    assert (
        client_for("partner").get(reverse("participant-list")).status_code == 403
    )  # partners read no people


def test_the_multi_day_attendance_shows_who_came_each_day(client_for, events):
    page = text(client_for("cr_editor").get(events["workshop"].get_absolute_url()))
    assert "3 days" in page
    assert page.count('<span class="visually-hidden">present</span>') == 3 + 1 + 1


def test_an_editor_creates_an_event_linked_to_an_activity(client_for, events, countries):
    client = client_for("cr_editor")
    activity = events["activity"]
    form = client.get(reverse("event-create"), {"activity": activity.pk})
    assert form.status_code == 200
    response = client.post(
        reverse("event-create"),
        {
            "kind": "workshop",
            "title": "Taller en Liberia",
            "status": "planned",
            "country": countries["CR"].pk,
            "starts": "2026-12-03",
            "ends": "2026-12-04",
            "city": "Liberia",
            "activities": [activity.pk],
            "audiences": ["prosecutors", "judges"],
        },
    )
    event = Event.objects.get(title="Taller en Liberia")
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.audiences == ["judges", "prosecutors"]
    assert event.created_by.username == "cr_editor"
    assert list(event.activities.all()) == [activity]
    assert AuditEntry.objects.filter(action="create", object_type="events.event").exists()


def test_the_event_form_refuses_bad_dates_and_other_countries(client_for, countries):
    client = client_for("cr_editor")
    base = {"kind": "workshop", "title": "X", "status": "planned", "city": ""}
    response = client.post(
        reverse("event-create"),
        {**base, "country": countries["CR"].pk, "starts": "2026-12-04", "ends": "2026-12-03"},
    )
    assert response.status_code == 400
    assert "The event cannot end before it starts." in text(response)
    response = client.post(
        reverse("event-create"),
        {**base, "country": countries["GT"].pk, "starts": "2026-12-04", "ends": "2026-12-04"},
    )
    assert response.status_code == 400
    assert not Event.objects.exists()


def test_dates_cannot_leave_recorded_attendance_outside(client_for, events, countries):
    workshop = events["workshop"]
    response = client_for("cr_editor").post(
        reverse("event-update", args=[workshop.pk]),
        versioned(
            workshop,
            {
                "kind": "workshop",
                "title": workshop.title,
                "status": "held",
                "country": countries["CR"].pk,
                "starts": "2026-08-11",
                "ends": "2026-08-12",
            },
        ),
    )
    assert response.status_code == 400
    assert "Some attendance is recorded on days outside these dates" in text(response)


def test_others_may_not_change_an_event(client_for, events):
    url = reverse("event-update", args=[events["workshop"].pk])
    assert client_for("gt_editor").get(url).status_code == 404
    assert client_for("partner").get(url).status_code == 404
    assert client_for("cr_contributor").get(url).status_code == 200


def test_a_person_added_by_hand_is_recognised_when_already_known(client_for, events, countries):
    client = client_for("cr_editor")
    meeting = make_event(countries["CR"], "Reunión", datetime.date(2026, 11, 2))
    response = client.post(
        reverse("attendee-add", args=[meeting.pk]),
        {
            "name": "ana  MORA",
            "sex": "F",
            "organization_name": "Poder judicial",
            "profession": "judges",
            "country": countries["CR"].pk,
            "days": ["2026-11-02"],
        },
    )
    assert response.status_code == 302
    assert list(meeting.attendance.values_list("participant", flat=True)) == [
        events["people"]["ana"].pk
    ]
    response = client.post(
        reverse("attendee-add", args=[meeting.pk]),
        {"name": "", "sex": "F", "country": countries["CR"].pk, "days": ["2026-11-02"]},
    )
    assert response.status_code == 400
    assert Participant.objects.count() == 3


def test_removing_a_person_from_the_list_keeps_their_record(client_for, events):
    ana = events["people"]["ana"]
    url = reverse("attendee-remove", args=[events["workshop"].pk, ana.pk])
    assert client_for("cr_editor").post(url).status_code == 302
    assert not events["workshop"].attendance.filter(participant=ana).exists()
    assert Participant.objects.filter(pk=ana.pk).exists()


def test_materials_are_uploaded_checked_downloaded_and_audited(client_for, events):
    client = client_for("cr_editor")
    workshop = events["workshop"]
    upload = io.BytesIO(PDF_BYTES)
    upload.name = "agenda del taller.pdf"
    client.post(reverse("material-upload", args=[workshop.pk]), {"file": upload})
    material = Material.objects.get(original_name="agenda del taller.pdf")
    fake = io.BytesIO(b"<html><script>alert(1)</script></html>")
    fake.name = "acta.pdf"
    response = client.post(
        reverse("material-upload", args=[workshop.pk]), {"file": fake}, follow=True
    )
    assert "It is a web page (HTML)" in text(response)
    response = client.get(material.get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert AuditEntry.objects.filter(action="view", object_type="events.material").exists()
    assert client_for("gt_editor").get(material.get_absolute_url()).status_code == 404


def test_deleting_an_event_removes_its_attendance_not_its_people(client_for, events):
    workshop = events["workshop"]
    response = client_for("cr_editor").post(reverse("event-delete", args=[workshop.pk]))
    assert response.status_code == 302
    assert not Event.objects.filter(pk=workshop.pk).exists()
    assert Participant.objects.filter(pk=events["people"]["ana"].pk).exists()


def test_the_participants_of_the_users_countries_only(client_for, events):
    page = text(client_for("cr_editor").get(reverse("participant-list")))
    assert "Ana Mora" in page and "Marta Pérez" not in page
    marta = events["people"]["marta"]
    assert client_for("cr_editor").get(marta.get_absolute_url()).status_code == 404
    response = client_for("gt_editor").get(marta.get_absolute_url())
    assert response.status_code == 200 and "Reunión técnica con la PNC" in text(response)
    assert AuditEntry.objects.filter(action="view", object_type="events.participant").exists()


def test_a_participant_cannot_be_renamed_into_another(client_for, events, countries):
    luis = events["people"]["luis"]
    response = client_for("cr_editor").post(
        reverse("participant-update", args=[luis.pk]),
        {
            "name": "Ana Mora",
            "sex": "F",
            "organization_name": "Poder Judicial",
            "profession": "judges",
            "country": countries["CR"].pk,
        },
    )
    assert response.status_code == 400
    assert "they would be the same person" in text(response)


def test_the_activity_page_shows_the_live_verification(client_for, events):
    page = text(client_for("cr_editor").get(events["activity"].get_absolute_url()))
    assert "2 events held (1 workshop, 1 meeting; CR 1, GT 1)" in page
    assert "3 people attended" in page
    assert "Taller para jueces penales" in page
    assert "Reunión técnica con la PNC" not in page  # counted, but not the user's to open


def test_the_figures_page_counts_held_events_and_people_trained(client_for, events):
    page = text(client_for("partner").get(reverse("event-figures")))
    assert 'id="trained-total">3<' in page  # Ana, Luis and Marta at the workshop
    page = text(client_for("partner").get(reverse("event-figures"), {"country": "GT"}))
    assert 'id="trained-total">0<' in page
    assert "Guatemala" in page


def test_the_plans_pdf_report_prints_each_activitys_verification(client_for, events):
    from pypdf import PdfReader

    plan = events["plan"]["plan"]
    response = client_for("regional_admin").get(
        reverse("plan-report", args=[plan.code]), {"lang": "en"}
    )
    reader = PdfReader(io.BytesIO(response.content))
    content = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Verification: meetings and trainings: 2 events held (1 workshop, 1 meeting" in content
    assert "3 people attended" in content


def test_personal_data_is_read_by_the_data_roles_of_its_country_only(personas, events):
    from coalition.core import access

    marta = events["people"]["marta"]  # Guatemala
    visible = {
        name: set(
            access.restrict(Participant.objects.all(), personas[name]).values_list(
                "name", flat=True
            )
        )
        for name in ("regional_admin", "cr_editor", "gt_editor", "cr_contributor", "partner")
    }
    assert visible["regional_admin"] == {"Ana Mora", "Luis Solís", "Marta Pérez"}
    assert visible["cr_editor"] == visible["cr_contributor"] == {"Ana Mora", "Luis Solís"}
    assert visible["gt_editor"] == {marta.name}
    assert visible["partner"] == set()
    marta.country = events["regional"].country  # a person of a regional body
    marta.save()
    assert not access.restrict(Participant.objects.all(), personas["partner"]).exists()


def test_the_participant_list_takes_a_bounded_number_of_queries(
    client_for, events, countries, django_assert_max_num_queries
):
    from coalition.events.tests.conftest import attend, make_participant

    for n in range(30):
        attend(events["workshop"], make_participant(countries["CR"], f"Persona {n}"))
    client = client_for("cr_editor")
    with django_assert_max_num_queries(16):
        response = client.get(reverse("participant-list"), {"ordering": "-events"})
    assert response.status_code == 200
    assert text(response).count('href="/events/participants/') == 25  # one page of 32


def _edited(workshop, countries, **more):
    return versioned(
        workshop,
        {
            "kind": "workshop",
            "title": "Taller renombrado",
            "status": "held",
            "country": countries["CR"].pk,
            "starts": workshop.starts.isoformat(),
            "ends": workshop.ends.isoformat(),
            **more,
        },
    )


def test_an_event_and_a_material_sent_with_its_form_are_saved_together(
    client_for, events, countries
):
    workshop = events["workshop"]
    agenda = io.BytesIO(PDF_BYTES)
    agenda.name = "programa.pdf"
    response = client_for("cr_editor").post(
        reverse("event-update", args=[workshop.pk]),
        _edited(workshop, countries, **{"attach-file": agenda, "attach-description": "Programa"}),
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.title == "Taller renombrado"
    assert workshop.materials.get(original_name="programa.pdf").description == "Programa"


def test_a_refused_material_leaves_the_event_unchanged_and_the_form_as_typed(
    client_for, events, countries
):
    workshop = events["workshop"]
    title, materials = workshop.title, workshop.materials.count()
    fake = io.BytesIO(b"<html><script>alert(1)</script></html>")
    fake.name = "programa.pdf"
    response = client_for("cr_editor").post(
        reverse("event-update", args=[workshop.pk]),
        _edited(workshop, countries, **{"attach-file": fake, "attach-description": "Programa"}),
    )
    assert response.status_code == 400
    page = text(response)
    assert 'value="Taller renombrado"' in page and 'value="Programa"' in page
    under_file = page.split('id="id_attach-file"', 1)[1].split('<div class="mb-3">', 1)[0]
    assert "web page (HTML)" in under_file
    workshop.refresh_from_db()
    assert workshop.title == title and workshop.materials.count() == materials


def test_a_refused_material_on_the_event_page_keeps_its_description(client_for, events):
    workshop = events["workshop"]
    fake = io.BytesIO(b"<html></html>")
    fake.name = "acta.pdf"
    response = client_for("cr_editor").post(
        reverse("material-upload", args=[workshop.pk]),
        {"file": fake, "description": "Acta de la sesión"},
    )
    assert response.status_code == 400
    assert 'value="Acta de la sesión"' in text(response)
