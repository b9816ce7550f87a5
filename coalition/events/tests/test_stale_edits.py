"""Two people editing the same event: the second save does not silently undo the first."""

import pytest
from django.urls import reverse

from coalition.core.models import AuditEntry
from coalition.core.tests.versions import form_values, reapply, stale_box, two_editors

pytestmark = pytest.mark.usefixtures("in_english")


def test_a_second_save_over_a_changed_event_is_refused_and_can_be_applied_again(client_for, events):
    workshop = events["workshop"]
    url = reverse("event-update", args=[workshop.pk])
    updates = AuditEntry.objects.filter(action="update", object_type="events.event")
    refused, sent = two_editors(
        client_for("cr_editor"),
        client_for("regional_admin"),
        url,
        {"title": "Taller de la primera persona", "status": "cancelled"},
        {"title": "Taller de la segunda persona"},
    )
    assert refused.status_code == 409
    box = stale_box(refused)
    assert "someone else changed this record" in box
    assert "Title" in box and "Taller para jueces penales" in box
    assert "Taller de la primera persona" in box
    assert "Cancelled" in box and "cancelled" not in box  # the choice's label, not its code
    # The form comes back as the second person typed it; nothing of theirs was written.
    assert form_values(refused)["title"] == "Taller de la segunda persona"
    workshop.refresh_from_db()
    assert workshop.title == "Taller de la primera persona" and updates.count() == 1
    # Saving the returned form applies the second person's values over the first's.
    response = reapply(client_for("regional_admin"), url, refused, sent)
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.title == "Taller de la segunda persona" and updates.count() == 2


def test_a_form_without_its_version_or_with_an_altered_one_is_refused_without_saving(
    client_for, events
):
    workshop = events["workshop"]
    url = reverse("event-update", args=[workshop.pk])
    client = client_for("cr_editor")
    data = {**form_values(client.get(url)), "title": "Sin versión"}
    for version in ("", "altered:token"):
        response = client.post(url, {**data, "record_version": version})
        assert response.status_code == 409
        assert "did not say which version" in stale_box(response)
    workshop.refresh_from_db()
    assert workshop.title == "Taller para jueces penales"
    # The refused page carries the record's version: saving it again goes through.
    assert reapply(client, url, response, data).status_code == 302


def test_the_new_event_form_preselects_the_activity_named_in_the_address(client_for, events):
    activity = events["plan"]["activities"]["I.1"]
    client = client_for("cr_editor")
    form = form_values(client.get(reverse("event-create"), {"activity": activity.pk}))
    assert form["activities"] == str(activity.pk)
    for unknown in ("999999", "99999999999999999999999", "x"):
        response = client.get(reverse("event-create"), {"activity": unknown})
        assert response.status_code == 200 and "activities" not in form_values(response)
