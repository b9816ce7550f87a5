"""Every free text a person types has a limit (lib/limits.py), so that the forms, the API
and the imports refuse a text that would fill a page; and the form field template counts
the characters of such a text."""

from django.apps import apps
from django.db import models
from django.template.loader import render_to_string

from coalition.lib import limits

# Texts no one types in a form: GeoJSON, search indexes, and the plan as the seed words it
# (loaded from the plan's files, never edited in a page).
NOT_FREE_TEXT = {
    "mapping.AdminArea.geometry",
    "mapping.Zone.geometry",
    "plans.Plan.notes",
    "plans.Plan.strategic_objective_es",
    "plans.Plan.strategic_objective_en",
    "plans.Objective.title_es",
    "plans.Objective.title_en",
    "plans.Activity.title_es",
    "plans.Activity.title_en",
    "plans.ActivityItem.text_es",
    "plans.ActivityItem.text_en",
}
OURS = {"core", "plans", "events", "knowledge", "mapping", "directory"}


def free_texts():
    for model in apps.get_models():
        if model._meta.app_label not in OURS:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField) and field.editable:
                yield f"{model._meta.label}.{field.name}", field


def test_every_free_text_has_one_of_the_limits():
    unbounded = [
        name for name, field in free_texts() if name not in NOT_FREE_TEXT and not field.max_length
    ]
    assert unbounded == []
    allowed = {limits.NARRATIVE, limits.DESCRIPTION, limits.SUMMARY, limits.NOTE}
    odd = [(name, f.max_length) for name, f in free_texts() if f.max_length not in allowed | {None}]
    assert odd == []


def test_the_exceptions_are_still_texts_no_form_offers():
    assert {name for name, _field in free_texts()} >= NOT_FREE_TEXT


def test_a_limited_text_gets_a_counter_and_an_unlimited_one_none(db):
    from django import forms

    class Note(forms.Form):
        limited = forms.CharField(max_length=limits.NOTE, widget=forms.Textarea)
        free = forms.CharField(widget=forms.Textarea)

    html = render_to_string(
        "includes/form_fields.html", {"form": Note(initial={"limited": "hola"})}
    )
    assert 'maxlength="1000"' in html
    assert html.count("data-counter-for=") == 1
    assert 'data-counter-for="id_limited"' in html
    assert "4 de 1000 caracteres" in html
