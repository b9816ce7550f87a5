"""Form data of an edit page as the page sends it: with the version of the record it was
opened on (``core.stale``)."""

from coalition.core import concurrency, stale


def versioned(record, data=None, **more):
    """``data`` (and ``more``) with the hidden version of ``record`` as the database holds it."""
    current = type(record)._default_manager.get(pk=record.pk)
    return {**(data or {}), **more, stale.FIELD: concurrency.token(current)}
