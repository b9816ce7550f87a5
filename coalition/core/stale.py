"""A page's save refused when the record changed since the form was opened.

Every edit page carries, in a hidden field, the version of the record its form was drawn
from (``concurrency.token``). On saving, inside the save's transaction, ``check`` compares
it with the record as it is now: when someone else saved in between, nothing is written,
the form comes back (409) with what the user typed, the list of what the other person
changed (``form.stale``, shown by ``includes/stale_edit.html``) and the record's current
version, so that pressing Save again applies the user's values over theirs. A form that
carries no version, or an altered one, is refused the same way.

The generic edit view (``core.generic``) does this for every record; the pages that edit
in their own way (a country's progress on an activity, a SWOT) call ``add_field``,
``check`` and ``refuse`` themselves.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.formats import localize
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coalition.core import concurrency

FIELD = "record_version"
# The version of a record that did not exist yet when the form was opened (a country's
# first progress on an activity): whoever creates it meanwhile is "someone else".
ABSENT = "absent"
STATUS = 409
# Never listed as a change: the key, and what the model says is bookkeeping.
_UNLISTED = {"id"}


@dataclass
class Stale:
    """Why a save was refused: the changes (label, value when opened, value now), or
    ``unknown`` when the form carried no readable version."""

    changes: list = field(default_factory=list)
    unknown: bool = False


class VersionField(forms.CharField):
    """The hidden version: never a change the user made. (Its token is signed with the
    time it was made, so the one drawn when the form is sent back differs from the one
    the user's page carried, whenever a second has passed.)"""

    def has_changed(self, initial, data):
        return False


def add_field(form, record):
    """Give ``form`` the hidden field with the version of ``record`` (None: not created
    yet). Call before the form is validated, with the record as read from the database."""
    form.fields[FIELD] = VersionField(required=False, widget=forms.HiddenInput)
    form.initial[FIELD] = concurrency.token(record) if record is not None else ABSENT


def fresh(record):
    """The record as the database holds it now, locked until the transaction ends, or None
    when it does not exist (any more)."""
    if record is None or record.pk is None:
        return None
    manager = type(record)._default_manager
    return manager.select_for_update().filter(pk=record.pk).first()


def check(form, current):
    """None when the form was drawn from ``current`` (the record now, from ``fresh``) or
    there is nothing to overwrite; otherwise a ``Stale``. Call inside the transaction."""
    if current is None:
        return None
    sent = form.data.get(form.add_prefix(FIELD), "")
    before = {} if sent == ABSENT else concurrency.read_token(sent)
    if before is None:
        return Stale(unknown=True)
    # Fields no one types (a search index, a derived count) change only with others.
    listed = list(_readable(form, current, concurrency.changes(before, current)))
    return Stale(changes=listed) if listed else None


def refuse(form, stale, current, *others):
    """Put ``stale`` on ``form`` for the page to show, and the record's current version in
    its hidden field, so that the next Save applies the form as typed. A file sent with it
    (an ``Upload`` among ``others``) must be chosen again."""
    form.stale = stale
    data = form.data.copy()
    data[form.add_prefix(FIELD)] = concurrency.token(current)
    form.data = data
    for other in others:
        ask_again = getattr(other, "ask_again", None)
        if ask_again is not None:
            ask_again()


# --- what changed, in words --------------------------------------------------------------


def _readable(form, record, found):
    """The changes in the form's order (the fields it does not show after)."""
    order = {name: n for n, name in enumerate(form.fields)}
    for name, then, now in sorted(found, key=lambda row: order.get(row[0], len(order))):
        if name in _UNLISTED or not _typed(record, name):
            continue
        label, shown = _describer(form, record, name)
        yield (label, shown(then), shown(now))


def _typed(record, name):
    """Whether someone sets the state's key ``name``: not a field the model derives."""
    try:
        field = type(record)._meta.get_field(name)
    except Exception:  # a key of the model's own snapshot
        return True
    # A reverse relation (a SWOT's items) is the rows others type.
    return field.editable or not getattr(field, "concrete", False)


def _describer(form, record, name):
    """(label, function that shows a stored value) for the state's key ``name``: the
    form's label and choices when the form has the field, else the model's."""
    form_field = form.fields.get(name)
    try:
        model_field = type(record)._meta.get_field(name)
    except Exception:  # a key of the model's own snapshot (a SWOT's items)
        model_field = None
    if form_field is not None and form_field.label:
        label = str(form_field.label)
    elif model_field is not None and hasattr(model_field, "verbose_name"):
        label = str(model_field.verbose_name)
    elif model_field is not None:  # a reverse relation: its rows' plural name
        label = str(model_field.related_model._meta.verbose_name_plural)
    else:
        label = name.replace("_", " ")
    return capfirst(label), lambda value: _shown(value, model_field, form_field)


def _shown(value, model_field, form_field):
    if value in (None, "", [], {}):
        return "—"
    related = getattr(model_field, "related_model", None)
    if related is not None and not isinstance(value, list | dict):
        found = related._default_manager.filter(pk=value).first()
        return str(found) if found is not None else "—"
    if related is not None and value and all(isinstance(v, int) for v in value):
        rows = related._default_manager.filter(pk__in=value)
        return "; ".join(sorted(str(row) for row in rows)) or "—"
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return _rows(value)
        return ", ".join(_label(v, model_field, form_field) for v in value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return _label(value, model_field, form_field)


def _label(value, model_field, form_field):
    """A stored code as its choice's label (from the form, else from the model)."""
    for choices in (
        getattr(form_field, "choices", None),
        getattr(getattr(model_field, "base_field", None), "choices", None),
        getattr(model_field, "choices", None),
    ):
        if choices and not isinstance(form_field, forms.ModelChoiceField):
            labels = {str(code): label for code, label in _flat(choices)}
            if str(value) in labels:
                return str(labels[str(value)])
    return str(localize(value))


def _flat(choices):
    for code, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat(label)
        else:
            yield code, label


def _rows(rows):
    """Dependent rows (a SWOT's items): their texts, or how many there are."""
    texts = [str(row.get("text") or row.get("name") or row.get("title") or "") for row in rows]
    if all(texts):
        return "; ".join(texts)
    return ngettext("%(count)d entry", "%(count)d entries", len(rows)) % {"count": len(rows)}
