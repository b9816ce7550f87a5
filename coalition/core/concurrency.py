"""Two people editing the same record: the second save must not silently undo the first.

A reader gets the record's *version* with what they read (a hidden form field on the pages,
the ``ETag`` header in the API); a save that carries a version other than the record's
current one is refused, and the pages list what the other person changed. The version is
a digest of the record's state, the same state the audit log records (the model's own
``snapshot()`` when it has one, so a SWOT's items count as part of the SWOT), leaving out
the bookkeeping fields that every save touches.
"""

import hashlib
import json

from django.core import signing

from coalition.core import audit

# Fields every save rewrites: a save that changed nothing else is no conflict.
BOOKKEEPING = frozenset({"created", "modified", "updated", "published_version"})
_SALT = "coalition.core.concurrency"


def state(obj):
    """The record's state as a JSON-safe dict, without the bookkeeping fields."""
    data = audit.snapshot_of(obj)
    return {name: value for name, value in data.items() if name not in BOOKKEEPING}


def version(obj):
    """A short digest of the record's state: equal states, equal versions."""
    text = json.dumps(state(obj), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def token(obj):
    """A signed copy of the state a form was drawn from, to send back with the form."""
    return signing.dumps(state(obj), salt=_SALT, compress=True)


def read_token(value):
    """The state a form was drawn from, or None when the token is missing or was altered."""
    if not value:
        return None
    try:
        return signing.loads(value, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None


def changes(before, obj):
    """[(field name, value when read, value now)] of the fields changed since ``before``
    (a state from ``state`` or ``read_token``); empty when nothing changed."""
    now = state(obj)
    names = sorted(set(before) | set(now))
    return [
        (name, before.get(name), now.get(name))
        for name in names
        if before.get(name) != now.get(name)
    ]
