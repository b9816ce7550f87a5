"""Two people editing the same contact: the second save does not silently undo the first."""

import pytest
from django.urls import reverse

from coalition.core.tests.versions import form_values, reapply, stale_box, two_editors
from coalition.directory.models import Contact

pytestmark = pytest.mark.usefixtures("in_english")


def test_a_second_save_over_a_changed_contact_is_refused_and_can_be_applied_again(
    client_for, directory
):
    person = directory["contacts"]["cr_person"]
    url = reverse("contact-update", args=[person.pk])
    refused, sent = two_editors(
        client_for("cr_editor"),
        client_for("regional_admin"),
        url,
        {"position": "Coordinadora"},
        {"position": "Subdirectora"},
    )
    assert refused.status_code == 409
    box = stale_box(refused)
    assert "Position" in box and "Directora" in box and "Coordinadora" in box
    assert form_values(refused)["position"] == "Subdirectora"
    assert Contact.objects.get(pk=person.pk).position == "Coordinadora"
    assert reapply(client_for("regional_admin"), url, refused, sent).status_code == 302
    assert Contact.objects.get(pk=person.pk).position == "Subdirectora"
