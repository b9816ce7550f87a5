"""Good practices as each persona sees them: the list and its search, the form (a
contributor writes for its own institution), the review from draft to published, the
documents, and the contact person that only the coordinators see (the public pages are
the public app's)."""

import io
import os

import pytest
from django.urls import reverse

from coalition.core.choices import Axis
from coalition.core.models import AuditEntry, Organization
from coalition.core.tests.versions import versioned
from coalition.directory.models import Contact
from coalition.knowledge.choices import PracticeStatus
from coalition.knowledge.models import Practice, PracticeDocument
from coalition.knowledge.tests.conftest import PDF, publish

pytestmark = pytest.mark.usefixtures("in_english")


def text(response):
    return response.content.decode()


def fai():
    return Organization.objects.get(acronym="FAI")


def make_practice(country, title, **fields):
    fields.setdefault("axis", Axis.PREVENTION)
    fields.setdefault("description", "Talleres comunitarios con líderes locales.")
    practice = Practice.objects.create(country=country, title=title, **fields)
    if practice.status == PracticeStatus.PUBLISHED:
        publish(practice)
    return practice


def practice_data(country, **changes):
    data = {
        "title": "Mesas comunitarias de prevención",
        "country": country.pk,
        "axis": Axis.PREVENTION,
        "institution": "",
        "year": "2024",
        "description": "Mesas en cada cantón fronterizo.",
        "results": "Doce mesas activas.",
        "success_factors": "Apoyo municipal.",
        "replicability": "high",
        "replicability_notes": "",
        "contact": "",
    }
    data.update(changes)
    return data


def review(client, practice, status):
    return client.post(reverse("practice-review", args=[practice.pk]), {"status": status})


def upload(name, content):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


# --- the list ----------------------------------------------------------------------------


def test_the_list_shows_the_practices_in_the_users_scope(client_for, knowledge):
    page = text(client_for("cr_editor").get(reverse("practice-list")))
    assert "Línea 1-1-1 de denuncia anónima" in page and "Red de escuelas protectoras" in page
    assert "Fiscalía con enfoque en víctimas" not in page  # Guatemala's
    assert "New good practice" in page
    page = text(client_for("regional_admin").get(reverse("practice-list")))
    assert "Fiscalía con enfoque en víctimas" in page and "Reviewed" in page


def test_a_partner_sees_only_regional_practices(client_for, knowledge, countries):
    regional = make_practice(countries["regional"], "Protocolo regional de repatriación segura")
    partner = client_for("partner")
    page = text(partner.get(reverse("practice-list")))
    assert "Protocolo regional de repatriación segura" in page
    assert "Línea 1-1-1" not in page and "Fiscalía con enfoque" not in page
    assert "New good practice" not in page
    assert partner.get(regional.get_absolute_url()).status_code == 200
    cr_practice = knowledge["practices"]["cr_published"]
    assert partner.get(cr_practice.get_absolute_url()).status_code == 404


def test_searching_panama_finds_panama(client_for, knowledge, countries):
    make_practice(countries["regional"], "Ruta de atención Costa Rica–Panamá")
    page = text(client_for("cr_editor").get(reverse("practice-list"), {"q": "panama"}))
    assert "Ruta de atención Costa Rica–Panamá" in page and "Línea 1-1-1" not in page


def test_the_list_filters_by_status_axis_country_and_year(client_for, knowledge):
    client = client_for("regional_admin")
    page = text(client.get(reverse("practice-list"), {"status": "draft"}))
    assert "Red de escuelas protectoras" in page and "Línea 1-1-1" not in page
    page = text(client.get(reverse("practice-list"), {"axis": "justice", "country": "GT"}))
    assert "Fiscalía con enfoque en víctimas" in page and "Red de escuelas" not in page
    page = text(client.get(reverse("practice-list"), {"year": "2024"}))
    assert "Línea 1-1-1" in page and "Red de escuelas" not in page
    page = text(client.get(reverse("practice-list"), {"status": "nonsense"}))
    assert "Select a valid choice" in page


def test_an_empty_list_says_so(client_for, knowledge):
    page = text(client_for("cr_editor").get(reverse("practice-list"), {"q": "no existe nada"}))
    assert "No good practice matches these filters." in page


def test_the_list_takes_a_bounded_number_of_queries(
    client_for, knowledge, countries, django_assert_max_num_queries
):
    for n in range(40):
        make_practice(countries["CR"], f"Práctica {n:02}", institution=fai(), year=2020)
    client = client_for("regional_admin")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("practice-list"))
    assert response.status_code == 200 and "Práctica 00" in text(response)


def test_the_auditor_reads_no_practice(client_for, knowledge):
    assert client_for("auditor").get(reverse("practice-list")).status_code == 403
    practice = knowledge["practices"]["cr_published"]
    assert client_for("auditor").get(practice.get_absolute_url()).status_code == 404


# --- the form ----------------------------------------------------------------------------


def test_an_editor_records_a_practice_as_a_draft(client_for, knowledge, countries):
    client = client_for("cr_editor")
    assert client.get(reverse("practice-create")).status_code == 200
    data = practice_data(countries["CR"], status="published")  # the form has no status
    response = client.post(reverse("practice-create"), data)
    practice = Practice.objects.get(title="Mesas comunitarias de prevención")
    assert response.status_code == 302 and response["Location"] == practice.get_absolute_url()
    assert practice.status == PracticeStatus.DRAFT and practice.country == countries["CR"]
    assert AuditEntry.objects.filter(
        action="create", object_type="knowledge.practice", object_id=str(practice.pk)
    ).exists()


def test_the_form_refuses_other_countries_and_their_institutions(client_for, knowledge, countries):
    client = client_for("cr_editor")
    response = client.post(reverse("practice-create"), practice_data(countries["GT"]))
    assert response.status_code == 400 and "Select a valid choice" in text(response)
    st_gt = Organization.objects.get(acronym="ST-GT")  # not visible to Costa Rica's editor
    response = client.post(
        reverse("practice-create"), practice_data(countries["CR"], institution=st_gt.pk)
    )
    assert response.status_code == 400
    admin = client_for("regional_admin")
    response = admin.post(
        reverse("practice-create"), practice_data(countries["CR"], institution=st_gt.pk)
    )
    assert response.status_code == 400
    assert "Choose an institution of Costa Rica or a regional one." in text(response)
    response = admin.post(reverse("practice-create"), practice_data(countries["CR"], year="1492"))
    assert response.status_code == 400 and "greater than or equal to 1990" in text(response)
    assert not Practice.objects.filter(title="Mesas comunitarias de prevención").exists()


def test_a_regional_institution_may_carry_a_country_practice(client_for, knowledge, countries):
    oim = Organization.objects.get(acronym="OIM")
    response = client_for("cr_editor").post(
        reverse("practice-create"), practice_data(countries["CR"], institution=oim.pk)
    )
    assert response.status_code == 302
    assert Practice.objects.get(title="Mesas comunitarias de prevención").institution == oim


def test_a_contributors_practice_is_its_own_institutions(client_for, knowledge, countries):
    client = client_for("cr_contributor")
    page = text(client.get(reverse("practice-create")))
    assert "Fundación Atención Integral" in page and "Secretaría Técnica Nacional" not in page
    st_cr = Organization.objects.get(acronym="ST-CR")
    response = client.post(
        reverse("practice-create"), practice_data(countries["CR"], institution=st_cr.pk)
    )
    assert response.status_code == 400
    response = client.post(reverse("practice-create"), practice_data(countries["CR"]))
    assert response.status_code == 400 and "This field is required." in text(response)
    response = client.post(
        reverse("practice-create"), practice_data(countries["CR"], institution=fai().pk)
    )
    assert response.status_code == 302
    assert Practice.objects.get(title="Mesas comunitarias de prevención").institution == fai()
    # Another institution's practice of the same country: seen, not changed.
    published = knowledge["practices"]["cr_published"]
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get(reverse("practice-update", args=[published.pk])).status_code == 403


def test_outsiders_get_404_and_readers_403(client_for, knowledge, countries):
    cr_draft = knowledge["practices"]["cr_draft"]
    gt = client_for("gt_editor")
    assert gt.get(cr_draft.get_absolute_url()).status_code == 404
    assert gt.get(reverse("practice-update", args=[cr_draft.pk])).status_code == 404
    assert gt.post(reverse("practice-delete", args=[cr_draft.pk])).status_code == 404
    regional = make_practice(countries["regional"], "Protocolo regional")
    partner = client_for("partner")
    assert partner.get(reverse("practice-update", args=[regional.pk])).status_code == 403
    assert partner.get(reverse("practice-create")).status_code == 403
    assert review(partner, regional, "reviewed").status_code == 403
    assert client_for("anonymous").get(reverse("practice-list")).status_code == 302


def test_wrong_methods_get_405(client_for, knowledge):
    client = client_for("cr_editor")
    practice = knowledge["practices"]["cr_draft"]
    assert client.get(reverse("practice-review", args=[practice.pk])).status_code == 405
    assert client.get(reverse("practice-delete", args=[practice.pk])).status_code == 405
    assert client.get(reverse("practice-document-upload", args=[practice.pk])).status_code == 405
    assert client.post(reverse("practice-list")).status_code == 405
    assert client_for("anonymous").post(reverse("public:practice-list")).status_code == 405


def test_deleting_a_practice_removes_its_documents_and_files(
    client_for, knowledge, django_capture_on_commit_callbacks
):
    practice = knowledge["practices"]["cr_published"]
    document = knowledge["documents"]["practice"]
    path = document.file.path
    assert os.path.exists(path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("cr_editor").post(reverse("practice-delete", args=[practice.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("practice-list")
    assert not Practice.objects.filter(pk=practice.pk).exists()
    assert not PracticeDocument.objects.filter(pk=document.pk).exists()
    assert not os.path.exists(path)
    assert AuditEntry.objects.filter(action="delete", object_type="knowledge.practice").exists()


# --- review and the public site ----------------------------------------------------------


def test_publishing_makes_it_appear_and_unpublishing_removes_it(client_for, knowledge, committed):
    client, anonymous = client_for("cr_editor"), client_for("anonymous")
    practice = knowledge["practices"]["cr_draft"]
    public_url = reverse("public:practice-detail", args=[practice.pk])

    assert review(client, practice, "reviewed").status_code == 302
    practice.refresh_from_db()
    assert practice.status == "reviewed" and practice.reviewed_by.username == "cr_editor"
    assert practice.reviewed_at is not None and practice.published_at is None
    assert anonymous.get(public_url).status_code == 404

    with committed():
        response = review(client, practice, "published")
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == "published" and practice.published_at is not None
    assert "Red de escuelas protectoras" in text(anonymous.get(reverse("public:practice-list")))
    page = text(anonymous.get(public_url))
    assert "Talleres en escuelas fronterizas." in page and "Fundación Atención Integral" in page
    page = text(client.get(practice.get_absolute_url()))
    assert "Published on" in page and "Unpublish" in page

    with committed():
        assert review(client, practice, "reviewed").status_code == 302  # unpublish
    practice.refresh_from_db()
    assert practice.status == "reviewed" and practice.published_at is None
    assert anonymous.get(public_url).status_code == 404
    assert review(client, practice, "draft").status_code == 302  # returned
    practice.refresh_from_db()
    assert practice.status == "draft"

    actions = list(
        AuditEntry.objects.filter(object_type="knowledge.practice", object_id=str(practice.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["approve", "publish", "unpublish", "return"]


def test_an_invalid_review_move_is_refused_with_400(client_for, knowledge):
    client = client_for("cr_editor")
    practice = knowledge["practices"]["cr_draft"]
    response = review(client, practice, "published")
    assert response.status_code == 400
    assert "A practice that is “Draft” cannot be marked “Published”." in text(response)
    response = review(client, practice, "nonsense")
    assert response.status_code == 400 and "Select a valid choice" in text(response)
    practice.refresh_from_db()
    assert practice.status == "draft" and practice.reviewed_at is None
    assert not AuditEntry.objects.filter(object_type="knowledge.practice").exists()


def test_a_contributor_cannot_publish(client_for, knowledge):
    practice = knowledge["practices"]["cr_draft"]  # its own institution's
    client = client_for("cr_contributor")
    assert "Mark as reviewed" not in text(client.get(practice.get_absolute_url()))
    assert review(client, practice, "reviewed").status_code == 403
    practice.refresh_from_db()
    assert practice.status == "draft"
    assert AuditEntry.objects.filter(action="permission_denied").exists()


def test_an_edit_of_a_published_practice_waits_for_review_and_the_public_keeps_the_old_text(
    client_for, knowledge, countries, committed
):
    practice = make_practice(
        countries["CR"], "Casas de acogida comunitarias", institution=fai(),
        description="Texto publicado.", status=PracticeStatus.PUBLISHED,
        published_at="2025-01-01T00:00:00Z",
    )  # fmt: skip
    public_url = reverse("public:practice-detail", args=[practice.pk])
    anonymous = client_for("anonymous")
    client = client_for("cr_contributor")
    assert "wait for review" in text(client.get(reverse("practice-update", args=[practice.pk])))
    data = practice_data(
        countries["CR"], title="Casas de acogida renovadas", institution=fai().pk,
        description="Texto nuevo, sin revisar.",
    )  # fmt: skip
    with committed():
        response = client.post(
            reverse("practice-update", args=[practice.pk]), versioned(practice, data), follow=True
        )
    assert "keeps showing the published version" in text(response)
    practice.refresh_from_db()
    assert practice.status == "published" and practice.description == "Texto nuevo, sin revisar."

    # The public pages still show what was published, and find it by its published words.
    public = text(anonymous.get(public_url))
    assert "Texto publicado." in public and "Casas de acogida comunitarias" in public
    assert "Texto nuevo" not in public and "renovadas" not in public
    listed = text(anonymous.get(reverse("public:practice-list"), {"q": "renovadas"}))
    assert "Casas de acogida" not in listed
    listed = text(anonymous.get(reverse("public:practice-list"), {"q": "comunitarias"}))
    assert "Casas de acogida comunitarias" in listed and "renovadas" not in listed

    # Its page says an edit waits, and shows what differs; the contributor cannot publish.
    page = text(client.get(practice.get_absolute_url()))
    assert "this edit awaits review" in page and "Texto publicado." in page
    assert "Publish the changes" not in page
    editor = client_for("cr_editor")
    page = text(editor.get(practice.get_absolute_url()))
    assert "Publish the changes" in page and "Edit awaiting review" in page

    # A country editor publishes the changes: now the public sees them.
    with committed():
        assert review(editor, practice, "published").status_code == 302
    public = text(anonymous.get(public_url))
    assert "Texto nuevo, sin revisar." in public and "Texto publicado." not in public
    assert "this edit awaits review" not in text(editor.get(practice.get_absolute_url()))
    entry = AuditEntry.objects.filter(action="publish", object_id=str(practice.pk)).get()
    assert entry.before["published_version"]["description"] == "Texto publicado."
    assert entry.after["published_version"]["description"] == "Texto nuevo, sin revisar."


def test_an_approvers_edit_of_a_published_practice_also_waits_until_published(
    client_for, knowledge, committed
):
    practice = knowledge["practices"]["cr_published"]
    data = practice_data(
        practice.country, title=practice.title, axis=practice.axis,
        institution=practice.institution_id, description="Cambio del editor.",
    )  # fmt: skip
    client = client_for("cr_editor")
    with committed():
        client.post(reverse("practice-update", args=[practice.pk]), versioned(practice, data))
    public_url = reverse("public:practice-detail", args=[practice.pk])
    public = text(client_for("anonymous").get(public_url))
    assert "Una línea gratuita atiende denuncias las 24 horas." in public
    assert "Cambio del editor." not in public
    # Unpublishing takes the published version away at once.
    with committed():
        assert review(client, practice, "reviewed").status_code == 302
    assert client_for("anonymous").get(public_url).status_code == 404
    practice.refresh_from_db()
    assert practice.published_version is None and practice.status == "reviewed"


def test_a_contributor_saving_without_changes_keeps_the_status(client_for, knowledge, countries):
    practice = make_practice(
        countries["CR"], "Casas de acogida comunitarias", institution=fai(),
        description="Primera línea.\nSegunda línea.", status=PracticeStatus.PUBLISHED,
    )  # fmt: skip
    data = practice_data(
        countries["CR"], title=practice.title, institution=fai().pk, axis=practice.axis,
        description="Primera línea.\r\nSegunda línea.", year="", results="",
        success_factors="", replicability="",
    )  # fmt: skip
    response = client_for("cr_contributor").post(
        reverse("practice-update", args=[practice.pk]), versioned(practice, data)
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == "published"


def test_an_approvers_edit_keeps_the_practice_published(client_for, knowledge, countries):
    practice = knowledge["practices"]["cr_published"]
    st_cr = Organization.objects.get(acronym="ST-CR")
    data = practice_data(
        countries["CR"], title=practice.title, institution=st_cr.pk, description="Corregido."
    )
    response = client_for("cr_editor").post(
        reverse("practice-update", args=[practice.pk]), versioned(practice, data)
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == "published" and practice.description == "Corregido."


# --- the contact person ------------------------------------------------------------------


def test_the_contact_is_shown_to_the_coordinators_only(client_for, knowledge, countries):
    contact = Contact.objects.create(
        country=countries["CR"], organization=fai(), name="María Jiménez Solano",
        position="Coordinadora de proyectos", phones=["+50622223333"],
        emails=["mjimenez@fai.example.org"],
    )  # fmt: skip
    practice = make_practice(
        countries["regional"], "Red regional de albergues", contact=contact,
        status=PracticeStatus.PUBLISHED,
    )  # fmt: skip
    page = text(client_for("cr_editor").get(practice.get_absolute_url()))
    assert "María Jiménez Solano" in page and "mjimenez@fai.example.org" in page
    assert AuditEntry.objects.filter(
        action="view", object_type="directory.contact", object_id=str(contact.pk)
    ).exists()
    for persona in ("partner", "gt_editor"):  # both see the regional practice
        response = client_for(persona).get(practice.get_absolute_url())
        assert response.status_code == 200
        assert "María Jiménez" not in text(response) and "mjimenez" not in text(response)
    public = text(
        client_for("anonymous").get(reverse("public:practice-detail", args=[practice.pk]))
    )
    assert "Red regional de albergues" in public
    assert "María Jiménez" not in public and "mjimenez" not in public


def test_the_contact_field_offers_only_contacts_the_user_may_see(client_for, knowledge, countries):
    st_gt = Organization.objects.get(acronym="ST-GT")
    gt_contact = Contact.objects.create(country=countries["GT"], organization=st_gt, name="Luis Ak")
    page = text(client_for("cr_editor").get(reverse("practice-create")))
    assert "Luis Ak" not in page
    response = client_for("cr_editor").post(
        reverse("practice-create"), practice_data(countries["CR"], contact=gt_contact.pk)
    )
    assert response.status_code == 400 and "Select a valid choice" in text(response)


# --- documents ---------------------------------------------------------------------------


def test_documents_are_uploaded_checked_downloaded_and_audited(client_for, knowledge):
    client = client_for("cr_editor")
    practice = knowledge["practices"]["cr_draft"]
    url = reverse("practice-document-upload", args=[practice.pk])
    response = client.post(url, {"file": upload("informe final.pdf", PDF), "description": "x"})
    assert response.status_code == 302
    document = PracticeDocument.objects.get(practice=practice, original_name="informe final.pdf")
    assert AuditEntry.objects.filter(
        action="create", object_type="knowledge.practicedocument"
    ).exists()

    fake = upload("acta.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post(url, {"file": fake})
    assert response.status_code == 400 and "It is a web page (HTML)" in text(response)
    assert PracticeDocument.objects.filter(practice=practice).count() == 1

    response = client.get(document.get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert AuditEntry.objects.filter(
        action="view", object_type="knowledge.practicedocument", object_id=str(document.pk)
    ).exists()
    assert client_for("gt_editor").get(document.get_absolute_url()).status_code == 404
    assert "informe final.pdf" in text(client.get(practice.get_absolute_url()))


def test_only_who_may_edit_the_practice_removes_its_documents(client_for, knowledge):
    document = knowledge["documents"]["practice"]  # of ST-CR's practice
    url = reverse("practice-document-delete", args=[document.pk])
    assert client_for("cr_contributor").post(url).status_code == 403
    assert client_for("gt_editor").post(url).status_code == 404
    response = client_for("cr_editor").post(url)
    assert response.status_code == 302
    assert not PracticeDocument.objects.filter(pk=document.pk).exists()
    assert AuditEntry.objects.filter(
        action="delete", object_type="knowledge.practicedocument"
    ).exists()
