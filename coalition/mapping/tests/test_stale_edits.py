"""Two people editing the same zone: the second save does not silently undo the first."""

import pytest
from django.urls import reverse

from coalition.core.tests.versions import form_values, reapply, stale_box, two_editors
from coalition.mapping.models import Place, Zone

pytestmark = pytest.mark.usefixtures("in_english")


def test_a_second_save_over_a_changed_zone_is_refused_and_can_be_applied_again(client_for, mapping):
    zone = mapping["zones"]["cr_coast"]
    url = reverse("zone-update", args=[zone.pk])
    refused, sent = two_editors(
        client_for("cr_editor"),
        client_for("regional_admin"),
        url,
        {"name": "Litoral caribeño"},
        {"name": "Costa de Limón"},
    )
    assert refused.status_code == 409
    box = stale_box(refused)
    assert "Litoral de Limón" in box and "Litoral caribeño" in box
    assert form_values(refused)["name"] == "Costa de Limón"
    assert Zone.objects.get(pk=zone.pk).name == "Litoral caribeño"
    assert reapply(client_for("regional_admin"), url, refused, sent).status_code == 302
    assert Zone.objects.get(pk=zone.pk).name == "Costa de Limón"


def test_a_second_save_over_a_changed_place_is_refused_and_can_be_applied_again(
    client_for, mapping
):
    place = Place.objects.order_by("pk").first()
    url = reverse("place-update", args=[place.pk])
    refused, sent = two_editors(
        client_for("regional_admin"),
        client_for("regional_admin"),
        url,
        {"name": "Nombre de la primera persona"},
        {"name": "Nombre de la segunda persona"},
    )
    assert refused.status_code == 409 and "Nombre de la primera persona" in stale_box(refused)
    assert Place.objects.get(pk=place.pk).name == "Nombre de la primera persona"
    assert reapply(client_for("regional_admin"), url, refused, sent).status_code == 302
    assert Place.objects.get(pk=place.pk).name == "Nombre de la segunda persona"
