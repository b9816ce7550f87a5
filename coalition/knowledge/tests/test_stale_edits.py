"""Two people editing the same agreement or SWOT: the second save does not silently undo
the first."""

import pytest
from django.urls import reverse

from coalition.core.tests.versions import form_values, reapply, stale_box, two_editors
from coalition.knowledge.models import Swot, SwotItem

pytestmark = pytest.mark.usefixtures("in_english")


def test_a_second_save_over_a_changed_agreement_is_refused_and_can_be_applied_again(
    client_for, knowledge
):
    police = knowledge["agreements"]["cr_police"]
    url = reverse("agreement-update", args=[police.pk])
    refused, sent = two_editors(
        client_for("cr_editor"),
        client_for("regional_admin"),
        url,
        {"obligations": "Intercambio de alertas y de datos."},
        {"title": "Convenio policial renovado"},
    )
    assert refused.status_code == 409
    box = stale_box(refused)
    assert "Intercambio de alertas migratorias." in box
    assert "Intercambio de alertas y de datos." in box
    assert form_values(refused)["title"] == "Convenio policial renovado"
    police.refresh_from_db()
    assert police.title == "Convenio de cooperación policial Costa Rica–Nicaragua"
    assert reapply(client_for("regional_admin"), url, refused, sent).status_code == 302
    police.refresh_from_db()
    # The second person's form held the obligations as they were when opened: applying it
    # again writes those too, as that person decided after seeing the change.
    assert police.title == "Convenio policial renovado"


def test_a_second_save_over_a_changed_swot_is_refused_and_can_be_applied_again(
    client_for, knowledge
):
    swot = knowledge["swots"]["CR"]
    url = reverse("swot-update", args=[swot.pk])
    refused, sent = two_editors(
        client_for("cr_editor"),
        client_for("regional_admin"),
        url,
        {"summary": "Taller nacional con doce instituciones."},
        {"summary": "Análisis de la mesa interinstitucional."},
    )
    assert refused.status_code == 409
    assert "Taller nacional con doce instituciones." in stale_box(refused)
    assert Swot.objects.get(pk=swot.pk).summary == "Taller nacional con doce instituciones."
    assert reapply(client_for("regional_admin"), url, refused, sent).status_code == 302
    assert Swot.objects.get(pk=swot.pk).summary == "Análisis de la mesa interinstitucional."


def test_an_item_added_while_the_swot_form_was_open_is_shown_before_saving_over_it(
    client_for, knowledge
):
    swot = knowledge["swots"]["CR"]
    url = reverse("swot-update", args=[swot.pk])
    second = client_for("regional_admin")
    opened = form_values(second.get(url))
    added = client_for("cr_editor").post(
        reverse("swot-item-create", args=[swot.pk]),
        {"quadrant": "opportunity", "axis": "prevention", "text": "Nueva ley de trata"},
    )
    assert added.status_code == 302
    response = second.post(url, {**opened, "summary": "Otro resumen"})
    assert response.status_code == 409 and "Nueva ley de trata" in stale_box(response)
    assert Swot.objects.get(pk=swot.pk).summary != "Otro resumen"


def test_a_second_save_over_a_changed_swot_item_is_refused(client_for, knowledge):
    item = knowledge["items"]["CR"][0]
    url = reverse("swot-item-update", args=[item.pk])
    refused, sent = two_editors(
        client_for("cr_editor"),
        client_for("regional_admin"),
        url,
        {"text": "Mesa interinstitucional activa y con presupuesto"},
        {"text": "Mesa interinstitucional que sesiona cada mes"},
    )
    assert refused.status_code == 409
    assert "Mesa interinstitucional activa y con presupuesto" in stale_box(refused)
    item.refresh_from_db()
    assert item.text == "Mesa interinstitucional activa y con presupuesto"
    assert reapply(client_for("regional_admin"), url, refused, sent).status_code == 302
    item.refresh_from_db()
    assert item.text == "Mesa interinstitucional que sesiona cada mes"
    assert SwotItem.objects.filter(swot=item.swot).count() == 3
