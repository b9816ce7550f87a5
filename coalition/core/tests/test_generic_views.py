"""The generic create, edit and delete pages (``core.generic``), through plain pages of
institutions configured with a model, a form and three messages."""

import pytest
from django.urls import reverse

from coalition.core.models import AuditEntry, Organization
from coalition.core.tests.versions import form_values

pytestmark = [pytest.mark.urls("coalition.core.tests.generic_urls"), pytest.mark.django_db]


def data(country, **changes):
    return {"name": "Red Nacional contra la Trata", "kind": "ngo", "country": country.pk, **changes}


def offered(response):
    return list(response.context["form"].fields["country"].queryset)


def test_the_new_record_form_offers_only_the_countries_the_user_edits(
    client_for, countries, in_english
):
    response = client_for("cr_editor").get(reverse("plain-create"))
    assert response.status_code == 200
    assert offered(response) == [countries["CR"]]
    # The only country it may choose is chosen already.
    assert form_values(response)["country"] == str(countries["CR"].pk)
    everything = client_for("regional_admin").get(reverse("plain-create"))
    assert len(offered(everything)) > 2 and countries["GT"] in offered(everything)
    assert "country" not in form_values(everything)


def test_a_new_record_is_audited_and_announced(client_for, countries, in_english):
    response = client_for("cr_editor").post(
        reverse("plain-create"), data(countries["CR"]), follow=True
    )
    created = Organization.objects.get(name="Red Nacional contra la Trata")
    assert response.redirect_chain[-1][0] == created.get_absolute_url()
    assert "Created Red Nacional contra la Trata." in response.content.decode()
    entry = AuditEntry.objects.filter(action="create", object_type="core.organization").get()
    assert entry.object_id == str(created.pk) and entry.after["name"] == created.name


def test_a_record_in_a_country_the_user_does_not_edit_is_refused_and_not_written(
    client_for, countries, in_english
):
    response = client_for("cr_editor").post(reverse("plain-create"), data(countries["GT"]))
    assert response.status_code == 400
    assert "country" in response.context["form"].errors
    assert not Organization.objects.filter(name="Red Nacional contra la Trata").exists()


def test_an_edit_is_audited_with_before_and_after_and_announced(
    client_for, organizations, in_english
):
    ngo = organizations["ngo_cr"]
    url = reverse("plain-update", args=[ngo.pk])
    client = client_for("cr_editor")
    sent = {**form_values(client.get(url)), "name": "Fundación renombrada"}
    response = client.post(url, sent, follow=True)
    assert "Saved Fundación renombrada." in response.content.decode()
    entry = AuditEntry.objects.filter(action="update", object_type="core.organization").get()
    assert entry.before["name"] == "Fundación Atención Integral"
    assert entry.after["name"] == "Fundación renombrada"


def test_outsiders_get_404_readers_403_and_visitors_the_sign_in_page(client_for, organizations):
    ngo, oim = organizations["ngo_cr"], organizations["oim"]
    for name in ("plain-update", "plain-delete"):
        url = reverse(name, args=[ngo.pk])
        assert client_for("gt_editor").post(url).status_code == 404
        assert client_for("anonymous").post(url).status_code == 302
    # The partner reads the regional bodies and may change none of them.
    assert client_for("partner").get(reverse("plain-update", args=[oim.pk])).status_code == 403
    assert client_for("partner").post(reverse("plain-delete", args=[oim.pk])).status_code == 403
    assert client_for("partner").get(reverse("plain-create")).status_code == 403
    assert Organization.objects.filter(pk__in=[ngo.pk, oim.pk]).count() == 2


def test_a_delete_is_posted_audited_and_announced(client_for, countries, in_english):
    ngo = Organization.objects.create(name="Red de Albergues", country=countries["CR"])
    url = reverse("plain-delete", args=[ngo.pk])
    client = client_for("cr_editor")
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("organization-list")
    assert "Deleted Red de Albergues." in response.content.decode()
    assert not Organization.objects.filter(pk=ngo.pk).exists()
    entry = AuditEntry.objects.filter(action="delete", object_type="core.organization").get()
    assert entry.before["name"] == "Red de Albergues"


def test_an_edit_that_would_move_the_record_out_of_reach_is_refused(
    client_for, organizations, countries
):
    ngo = organizations["ngo_cr"]
    url = reverse("plain-update", args=[ngo.pk])
    client = client_for("cr_editor")
    sent = {**form_values(client.get(url)), "country": countries["GT"].pk}
    assert client.post(url, sent).status_code == 400
    ngo.refresh_from_db()
    assert ngo.country == countries["CR"]


def test_a_record_others_depend_on_is_kept_with_a_message(client_for, organizations, in_english):
    st_cr = organizations["st_cr"]  # a contributor's membership names it
    response = client_for("cr_editor").post(reverse("plain-delete", args=[st_cr.pk]), follow=True)
    assert response.status_code == 200
    assert "was not deleted: other records depend on it (memberships)" in response.content.decode()
    assert Organization.objects.filter(pk=st_cr.pk).exists()
    assert not AuditEntry.objects.filter(action="delete").exists()


def test_a_change_of_a_field_no_one_types_does_not_refuse_the_save(client_for, organizations):
    ngo = organizations["ngo_cr"]
    url = reverse("plain-update", args=[ngo.pk])
    client = client_for("cr_editor")
    sent = {**form_values(client.get(url)), "acronym": "FAI-CR"}
    Organization.objects.filter(pk=ngo.pk).update(search_text="reindexed")
    assert client.post(url, sent).status_code == 302
    ngo.refresh_from_db()
    assert ngo.acronym == "FAI-CR"


def test_a_record_deleted_while_its_form_was_open_is_not_brought_back(client_for, countries):
    shelter = Organization.objects.create(name="Albergue temporal", country=countries["CR"])
    url = reverse("plain-update", args=[shelter.pk])
    client = client_for("cr_editor")
    sent = form_values(client.get(url))
    Organization.objects.filter(pk=shelter.pk).delete()
    assert client.post(url, sent).status_code == 404
    assert not Organization.objects.filter(name="Albergue temporal").exists()


def test_the_edit_page_names_what_it_edits(client_for, organizations, in_english):
    page = client_for("cr_editor").get(
        reverse("organization-update", args=[organizations["ngo_cr"].pk])
    )
    assert "<title>Edit organization" in page.content.decode()
