"""The tamper-evident audit log.

``record`` appends one entry in the caller's transaction. Each entry stores the SHA-256
of its own content together with the previous entry's hash, so editing, deleting,
inserting or reordering any entry breaks the chain, and ``verify`` finds the first break.

Writes are explicit: views and management commands call ``record`` next to the change
they make, inside the same ``transaction.atomic`` block, so the change and its audit line
are committed together or not at all.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.dispatch import Signal
from django.utils import timezone

from coalition.core.models import AuditEntry, Country
from coalition.lib.net import client_ip

GENESIS = "0" * 64
# Sent after each entry is written (sender: the entry), with its ``action`` and
# ``object_type``: what others need to learn that a record changed, even when it was written
# with ``QuerySet.update``, which sends no model signal.
recorded = Signal()
# Fields never copied into before/after snapshots.
_SECRET_FIELDS = {"password", "key", "token", "secret", "key_hash"}


def snapshot(obj):
    """A JSON-safe dict of a model instance's concrete fields (secrets left out)."""
    if obj is None:
        return None
    data = {}
    for f in obj._meta.concrete_fields:
        if f.name in _SECRET_FIELDS:
            continue
        value = getattr(obj, f.attname)
        data[f.name] = _json_safe(value)
    for f in obj._meta.many_to_many:
        if obj.pk is not None:
            data[f.name] = sorted(getattr(obj, f.name).values_list("pk", flat=True))
    return data


def snapshot_of(obj):
    """What the log keeps of a record: the model's own ``snapshot()`` when it has one (a
    SWOT with its items, an event with its links), else its fields."""
    return obj.snapshot() if hasattr(obj, "snapshot") else snapshot(obj)


def _json_safe(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def _content(entry):
    """The canonical text that an entry's hash covers."""
    payload = {
        "seq": entry.seq,
        "time": entry.time.astimezone(UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor": entry.actor_repr,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "country_id": entry.country_id,
        "before": entry.before,
        "after": entry.after,
        "request_id": entry.request_id,
        "ip": entry.ip,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)


def compute_hash(entry, prev_hash):
    return hashlib.sha256((prev_hash + "\n" + _content(entry)).encode()).hexdigest()


def _lock_chain():
    """Serialize appends so two writers never chain onto the same previous entry.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: transactions begin
    IMMEDIATE (see settings), which already holds the single write lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x0C0A1171])


def _actor(request, actor):
    user = actor if actor is not None else getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return user, user.get_username()
    return None, "anonymous" if request is not None else "system"


def _client_ip(request):
    return client_ip(request) if request is not None else None


def record(
    request,
    action,
    obj=None,
    *,
    actor=None,
    actor_repr=None,
    country=None,
    before=None,
    after=None,
    object_type=None,
    object_id=None,
    object_repr=None,
):
    """Append one entry. ``request`` may be None (management commands: pass ``actor_repr``).

    ``obj`` fills object type/id/repr and country (when it has one) unless given.
    """
    user, who = _actor(request, actor)
    if actor_repr:
        who = actor_repr
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk or "")
        object_repr = object_repr or str(obj)[:200]
        if country is None:
            country = _country_of(obj)
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
        entry = AuditEntry(
            seq=seq,
            time=timezone.now(),
            actor=user,
            actor_repr=who[:150],
            action=str(action),
            object_type=object_type or "",
            object_id=str(object_id or ""),
            object_repr=(object_repr or "")[:200],
            country=country,
            before=_roundtrip(before),
            after=_roundtrip(after),
            request_id=getattr(request, "request_id", "") if request is not None else "",
            ip=_client_ip(request),
            prev_hash=prev_hash,
        )
        entry.hash = compute_hash(entry, prev_hash)
        entry.save()
    recorded.send(sender=entry, action=entry.action, object_type=entry.object_type)
    return entry


def dumps(value):
    """JSON text of a before/after value for exports ("" for none)."""
    if value is None:
        return ""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)


def _roundtrip(value):
    """Store exactly what will be read back, so the hash verifies after a reload."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _country_of(obj):
    if isinstance(obj, Country):
        return obj
    country_id = getattr(obj, "country_id", None)
    if country_id is None:
        return None
    return Country(pk=country_id)


@dataclass
class Break:
    seq: int
    entry_id: int | None
    reason: str

    def __str__(self):
        where = f"entry #{self.seq}" + (f" (id {self.entry_id})" if self.entry_id else "")
        return f"{where}: {self.reason}"


def verify(chunk_size=2000):
    """Walk the chain in order; return the first ``Break``, or None when it is intact."""
    expected_seq, prev_hash = 1, GENESIS
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk_size):
        if entry.seq != expected_seq:
            return Break(
                entry.seq,
                entry.pk,
                f"sequence jumps from #{expected_seq - 1} to #{entry.seq} "
                "(entries were deleted or inserted)",
            )
        if entry.prev_hash != prev_hash:
            return Break(
                entry.seq, entry.pk, "does not follow the previous entry (deleted or reordered)"
            )
        if compute_hash(entry, prev_hash) != entry.hash:
            return Break(entry.seq, entry.pk, "its content was changed after it was written")
        expected_seq, prev_hash = entry.seq + 1, entry.hash
    return None
