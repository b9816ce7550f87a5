"""A progress narrative has a limit that the page and the API both keep, shown as a
character count under the field; a long narrative is cut in the activity's table."""

from django.urls import reverse

from coalition.core.tests.versions import save
from coalition.lib import limits
from coalition.plans.models import Progress, ProgressRevision
from coalition.plans.tests.test_api import patch_json, progress_url


def form_url(activity, iso2="CR"):
    return reverse("progress-update", args=[activity.pk, iso2])


def progress(narrative):
    return {"status": "in_progress", "percent": 50, "narrative": narrative, "next_steps": ""}


def test_a_narrative_over_the_limit_is_refused_by_name_and_given_back(client_for, plan_data):
    judges = plan_data["activities"]["II.1"]
    too_long = "a" * (limits.NARRATIVE + 1)
    response = save(client_for("cr_editor"), form_url(judges), progress(too_long))
    assert response.status_code == 400
    page = response.content.decode()
    under_narrative = page.split('id="id_narrative"', 1)[1].split('<div class="mb-3">', 1)[0]
    assert "menos de 5000 caracteres (tiene 5001)" in under_narrative
    assert too_long in page
    assert not Progress.objects.filter(activity=judges, country__iso2="CR").exists()


def test_a_narrative_of_exactly_the_limit_is_saved(client_for, plan_data):
    judges = plan_data["activities"]["II.1"]
    response = save(client_for("cr_editor"), form_url(judges), progress("a" * limits.NARRATIVE))
    assert response.status_code == 302
    saved = Progress.objects.get(activity=judges, country__iso2="CR")
    assert len(saved.narrative) == limits.NARRATIVE


def test_the_api_refuses_a_narrative_over_the_limit_and_changes_nothing(client_for, plan_data):
    row = plan_data["progress"]["CR"]
    versions = ProgressRevision.objects.filter(progress=row).count()
    response = patch_json(
        client_for("cr_editor"), progress_url(row), {"narrative": "a" * (limits.NARRATIVE + 1)}
    )
    assert response.status_code == 400
    assert "narrative" in response.json()
    row.refresh_from_db()
    assert row.narrative == "Dos reuniones realizadas."
    assert ProgressRevision.objects.filter(progress=row).count() == versions


def test_the_form_counts_the_characters_of_each_limited_text(client_for, plan_data):
    meetings = plan_data["activities"]["I.1"]
    page = client_for("cr_editor").get(form_url(meetings)).content.decode()
    assert 'maxlength="5000"' in page and 'maxlength="2000"' in page
    assert 'data-counter-for="id_narrative"' in page
    assert "25 de 5000 caracteres" in page  # "Dos reuniones realizadas." as it is saved
    assert 'data-template="{count} de {max} caracteres"' in page


def test_a_long_narrative_is_cut_in_the_activitys_table_and_whole_one_click_away(
    client_for, plan_data
):
    row = plan_data["progress"]["CR"]
    row.narrative = "palabra " * 600 + "FIN"
    row.save()
    page = client_for("regional_admin").get(row.activity.get_absolute_url()).content.decode()
    cell = page.split('id="country-CR"', 1)[1].split("</tr>", 1)[0]
    excerpt = cell.split('class="excerpt">', 1)[1].split("</span>", 1)[0]
    assert len(excerpt) <= 400 and excerpt.endswith("…")
    assert "Leer todo" in cell
    assert "FIN" in cell.split("<details>", 1)[1]
