"""A sentence's legal summary, its one free text, refuses identifiers of persons
(``lib/screening.py``) on every way in: the model's validation (which the pages and the
import, a form per row, run), and the API's serializers."""

import importlib
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from rest_framework import serializers

import coalition.sentences
from coalition.lib.screening import refuse_identifiers
from coalition.sentences.models import Sentence
from coalition.sentences.tests.factories import sentence

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SUMMARY = (
    "Condena por trata con fines de explotación sexual, artículo 202 Ter del Código Penal; "
    "8 años de prisión y multa de Q300,000; sentencia firme el 12/03/2022"
)
IDENTIFYING = "Condena por trata; la víctima (DPI 2345 67890 0101) declaró."
REFUSAL = (
    "This text seems to identify a person: a Guatemalan DPI number (characters 36–50). "
    "Remove it: no person may be identifiable here."
)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def _app_classes(base):
    """Every subclass of ``base`` defined in the sentences app, its modules imported."""
    for module in pkgutil.walk_packages(coalition.sentences.__path__, "coalition.sentences."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)
    found, todo = [], [base]
    while todo:
        for cls in todo.pop().__subclasses__():
            todo.append(cls)
            if cls.__module__.startswith("coalition.sentences.") and ".tests" not in cls.__module__:
                found.append(cls)
    return found


def _of_sentences(classes, fields_of):
    return [
        cls
        for cls in classes
        if getattr(getattr(cls, "Meta", None), "model", None) is Sentence
        and "summary" in fields_of(cls)
    ]


def test_a_legal_summary_passes_the_models_validation(countries):
    record = sentence(countries["GT"], summary=SUMMARY)
    record.full_clean()


def test_a_summary_with_a_document_number_is_refused_without_repeating_it(countries):
    record = sentence(countries["GT"])
    record.summary = IDENTIFYING
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    errors = caught.value.error_dict["summary"]
    assert [error.code for error in errors] == ["identifier"]
    assert caught.value.message_dict["summary"] == [REFUSAL]


def test_a_form_of_the_sentence_refuses_on_the_summary_field(countries):
    record = sentence(countries["GT"])
    form_class = forms.modelform_factory(Sentence, fields=["summary"])
    form = form_class({"summary": IDENTIFYING}, instance=record)
    assert not form.is_valid()
    assert form.errors == {"summary": [REFUSAL]}
    assert form_class({"summary": SUMMARY}, instance=record).is_valid()
    # The app's own forms (the pages, the import's form per row) validate on the model:
    # a ModelForm runs the model field's validators in _post_clean (full_clean).
    for cls in _of_sentences(_app_classes(forms.ModelForm), lambda cls: cls.base_fields):
        assert cls._post_clean is forms.ModelForm._post_clean, cls


class SummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Sentence
        fields = ["summary"]


def test_an_api_serializer_refuses_the_summary_with_a_400s_message(countries):
    record = sentence(countries["GT"])
    serializer = SummarySerializer(record, data={"summary": IDENTIFYING}, partial=True)
    assert not serializer.is_valid()
    assert serializer.errors == {"summary": [REFUSAL]}
    assert SummarySerializer(record, data={"summary": SUMMARY}, partial=True).is_valid()
    # The app's own serializers copy the model field's validators, unless one declares its
    # summary field itself and forgets them.
    for cls in _of_sentences(_app_classes(serializers.ModelSerializer), lambda c: c().fields):
        field = cls().fields["summary"]
        assert field.read_only or refuse_identifiers in field.validators, cls
