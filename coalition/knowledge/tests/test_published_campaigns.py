"""A public campaign is shown as it was published: its edits reach the public pages once
someone who may approve publishes them; it is published with its first published material
and withdrawn with its last."""

import pytest
from django.urls import reverse

from coalition.core.models import AuditEntry
from coalition.core.tests.versions import versioned
from coalition.knowledge.tests.test_campaigns import audit, campaign_data, text

pytestmark = pytest.mark.usefixtures("in_english")


def test_an_edit_of_a_public_campaign_waits_until_its_changes_are_published(
    client_for, knowledge, countries, committed
):
    campaign = knowledge["campaigns"]["cr_radio"]
    public_url = reverse("public:campaign-detail", args=[campaign.pk])
    anonymous = client_for("anonymous")
    before = text(anonymous.get(public_url))
    assert "No te dejés engañar" in before

    contributor = client_for("cr_contributor")
    data = campaign_data(countries["CR"], title="Campaña renombrada", message="Mensaje nuevo.")
    with committed():
        response = contributor.post(
            reverse("campaign-update", args=[campaign.pk]), versioned(campaign, data), follow=True
        )
    assert "keeps showing the published version" in text(response)

    public = text(anonymous.get(public_url))
    assert "No te dejés engañar" in public and "Campaña renombrada" not in public
    assert "Mensaje nuevo." not in public
    listed = text(anonymous.get(reverse("public:campaign-list")))
    assert "No te dejés engañar" in listed and "Campaña renombrada" not in listed

    page = text(contributor.get(campaign.get_absolute_url()))
    assert "this edit awaits review" in page and "Publish the changes" not in page
    assert contributor.post(reverse("campaign-publish", args=[campaign.pk])).status_code == 403

    editor = client_for("cr_editor")
    assert "Publish the changes" in text(editor.get(campaign.get_absolute_url()))
    with committed():
        assert editor.post(reverse("campaign-publish", args=[campaign.pk])).status_code == 302
    public = text(anonymous.get(public_url))
    assert "Campaña renombrada" in public and "Mensaje nuevo." in public
    entry = AuditEntry.objects.get(action="publish", object_type="knowledge.campaign")
    assert entry.before["published_version"]["title"] == "No te dejés engañar"
    assert entry.after["published_version"]["title"] == "Campaña renombrada"


def test_a_campaign_is_published_with_its_first_material_and_withdrawn_with_its_last(
    client_for, knowledge, committed
):
    campaign = knowledge["campaigns"]["gt_cards"]
    material = knowledge["materials"]["gt"]  # approved, not published
    client = client_for("gt_editor")
    url = reverse("campaign-material-update", args=[material.pk])
    with committed():
        assert client.post(url, {"action": "publish"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.published_version["title"] == campaign.title
    public_url = reverse("public:campaign-detail", args=[campaign.pk])
    assert client_for("anonymous").get(public_url).status_code == 200
    assert audit("publish", material).exists()

    with committed():
        assert client.post(url, {"action": "unpublish"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.published_version is None
    assert client_for("anonymous").get(public_url).status_code == 404
    assert AuditEntry.objects.filter(
        action="unpublish", object_type="knowledge.campaign", object_id=str(campaign.pk)
    ).exists()
    # Publishing changes of a campaign that is not public is refused.
    response = client.post(reverse("campaign-publish", args=[campaign.pk]))
    assert response.status_code == 400 and "not public" in text(response)


def test_removing_the_last_published_material_takes_the_campaign_off_the_public_site(
    client_for, knowledge, committed
):
    campaign = knowledge["campaigns"]["cr_radio"]
    material = knowledge["materials"]["published"]
    public_url = reverse("public:campaign-detail", args=[campaign.pk])
    assert client_for("anonymous").get(public_url).status_code == 200
    with committed():
        response = client_for("cr_editor").post(
            reverse("campaign-material-delete", args=[material.pk])
        )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.published_version is None
    assert client_for("anonymous").get(public_url).status_code == 404
    assert AuditEntry.objects.filter(
        action="unpublish", object_type="knowledge.campaign", object_id=str(campaign.pk)
    ).exists()
