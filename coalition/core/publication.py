"""Published versions: what the public site shows of a record that editors keep changing.

A ``Publishable`` record (``core.models``) carries, besides its own fields (the working
copy that editors and the API change), ``published_version``: a JSON copy of its public
fields taken when it was last published. The public pages read that copy, never the row,
so an edit to a published record reaches the public only when someone who may approve it
publishes it again; until then the record's page lists what differs.

- ``publish`` / ``unpublish`` take or drop the copy, save it and write the audit entry, in
  the caller's transaction; ``take`` / ``drop`` only set it, for callers that save and
  audit the record themselves (a review move that also changes a status).
- ``public_copy`` / ``public_copies`` give unsaved instances of the record's class that
  hold the published values (and the record's id), so public templates render them as
  they would render the record.
- ``differences`` lists the public fields whose working value is not the published one.
"""

import json

from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.utils import formats

from coalition.core import audit
from coalition.core.choices import AuditAction


def snapshot(record, fields):
    """The JSON values of ``fields`` of ``record`` (a many-to-many field as sorted ids). Also
    used by the data migrations, on historical models."""
    data = {}
    for name in fields:
        field = record._meta.get_field(name)
        if field.many_to_many:
            data[name] = sorted(getattr(record, name).values_list("pk", flat=True))
        else:
            data[name] = getattr(record, field.attname)
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def take(record):
    """Make the record's working copy its published version (not saved)."""
    record.published_version = snapshot(record, record.public_fields)


def drop(record):
    """Withdraw the record from the public site (not saved)."""
    record.published_version = None


def _save_and_record(request, record, action, before, **who):
    with transaction.atomic():
        type(record).objects.filter(pk=record.pk).update(published_version=record.published_version)
        audit.record(
            request,
            action,
            record,
            before={"published_version": before},
            after={"published_version": record.published_version},
            **who,
        )


def publish(request, record, **who):
    """Publish the record as it is now: the public site shows this version from now on.
    ``who`` goes to ``audit.record`` (``actor_repr`` for a management command)."""
    before = record.published_version
    take(record)
    _save_and_record(request, record, AuditAction.PUBLISH, before, **who)


def unpublish(request, record, **who):
    """Take the record off the public site (nothing happens when it is not on it)."""
    if record.published_version is None:
        return
    before = record.published_version
    drop(record)
    _save_and_record(request, record, AuditAction.UNPUBLISH, before, **who)


def record_withdrawal(request, record, before, **who):
    """Audit a record that a save took off the public site (a zone no longer marked
    publishable): ``before`` is its audit snapshot from before the save."""
    published = (before or {}).get("published_version")
    if published is not None and record.published_version is None:
        audit.record(
            request,
            AuditAction.UNPUBLISH,
            record,
            before={"published_version": published},
            after={"published_version": None},
            **who,
        )


def public_copy(record):
    """An unsaved instance of the record's class holding its published values and its id
    (``published_ids``: the ids of its many-to-many fields), or None when unpublished."""
    data = record.published_version
    if data is None:
        return None
    model = type(record)
    copy = model(pk=record.pk)
    copy._state.adding = False
    copy.published_ids = {}
    for name, value in data.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # a field removed since it was published
        if field.many_to_many:
            copy.published_ids[name] = value
        else:
            setattr(copy, field.attname, field.to_python(value))
    copy.published_version = data
    return copy


def public_copies(queryset, related=()):
    """The public copies of the published records of ``queryset``, with the foreign keys
    named in ``related`` fetched in one query each."""
    rows = queryset.filter(published_version__isnull=False).only("pk", "published_version")
    copies = [public_copy(row) for row in rows]
    if related:
        prefetch_related_objects(copies, *related)
    return copies


def published_related(copy, name):
    """The records a public copy's many-to-many field ``name`` named when published."""
    field = copy._meta.get_field(name)
    return field.related_model.objects.filter(pk__in=copy.published_ids.get(name, []))


def display(record, name):
    """The value of field ``name`` of ``record`` (or of its public copy) as text."""
    field = record._meta.get_field(name)
    if field.many_to_many:
        if getattr(record, "published_ids", None) is not None:
            values = published_related(record, name)
        else:
            values = getattr(record, name).all()
        return ", ".join(sorted(str(value) for value in values))
    value = getattr(record, name)
    if value is None or value == "" or value == []:
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list):
        choices = record.public_list_choices.get(name)
        labels = dict(choices.choices) if choices else {}
        return ", ".join(str(labels.get(code, code)) for code in value)
    if isinstance(value, models.Model):
        return str(value)
    return formats.localize(value)


def _changed(record):
    published = record.published_version
    if published is None:
        return []
    current = snapshot(record, record.public_fields)
    return [name for name in record.public_fields if current[name] != published.get(name)]


def differs(record):
    """Has the working copy of a published record changed since it was published?"""
    return bool(_changed(record))


def differences(record):
    """(label, published text, working text) of each public field the working copy has
    changed since the record was published; empty when it is not published, or unchanged."""
    changed = _changed(record)
    if not changed:
        return []
    copy = public_copy(record)
    return [
        (record._meta.get_field(name).verbose_name, display(copy, name), display(record, name))
        for name in changed
    ]
