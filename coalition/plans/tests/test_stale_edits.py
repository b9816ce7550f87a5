"""Two people reporting the same country's progress on an activity: the second save does
not silently undo the first."""

import pytest
from django.urls import reverse

from coalition.core.tests.versions import form_values, reapply, stale_box, two_editors
from coalition.plans.models import Progress, ProgressRevision

pytestmark = pytest.mark.usefixtures("in_english")


def product_values(activity, status, percent, **others):
    """The form's fields for the activity's only product (I.1 is reported per product)."""
    from coalition.plans.choices import ItemKind

    (product,) = activity.items.filter(kind=ItemKind.PRODUCT)
    key = f"product-{product.pk}"
    return {f"{key}-status": status, f"{key}-percent": percent, **others}


def test_a_second_save_over_changed_progress_is_refused_and_can_be_applied_again(
    client_for, plan_data
):
    activity = plan_data["activities"]["I.1"]
    url = reverse("progress-update", args=[activity.pk, "CR"])
    revisions = ProgressRevision.objects.count()
    refused, sent = two_editors(
        client_for("cr_editor"),
        client_for("regional_admin"),
        url,
        product_values(activity, "done", "100"),
        {"narrative": "Tres reuniones realizadas."},
    )
    assert refused.status_code == 409
    box = stale_box(refused)
    assert "In progress" in box and "Done" in box and "40" in box and "100" in box
    assert form_values(refused)["narrative"] == "Tres reuniones realizadas."
    progress = Progress.objects.get(activity=activity, country__iso2="CR")
    assert (progress.status, progress.narrative) == ("done", "Dos reuniones realizadas.")
    assert ProgressRevision.objects.count() == revisions + 1
    assert reapply(client_for("regional_admin"), url, refused, sent).status_code == 302
    progress.refresh_from_db()
    assert (progress.status, progress.narrative) == ("in_progress", "Tres reuniones realizadas.")


def test_progress_first_reported_by_someone_else_meanwhile_is_not_overwritten(
    client_for, plan_data
):
    activity = plan_data["activities"]["II.1"]
    url = reverse("progress-update", args=[activity.pk, "CR"])
    refused, sent = two_editors(
        client_for("cr_editor"),
        client_for("regional_admin"),
        url,
        {"status": "in_progress", "percent": "30", "narrative": "Primer taller."},
        {"status": "in_progress", "percent": "10", "narrative": "Otra cosa."},
    )
    assert refused.status_code == 409 and "Primer taller." in stale_box(refused)
    assert Progress.objects.get(activity=activity, country__iso2="CR").percent == 30
    assert reapply(client_for("regional_admin"), url, refused, sent).status_code == 302
    assert Progress.objects.get(activity=activity, country__iso2="CR").percent == 10
