"""Form data of an edit page as the page sends it: with the version of the record it was
opened on (``core.stale``)."""

import re

from coalition.core import concurrency, stale


def versioned(record, data=None, **more):
    """``data`` (and ``more``) with the hidden version of ``record`` as the database holds it."""
    current = type(record)._default_manager.get(pk=record.pk)
    return {**(data or {}), **more, stale.FIELD: concurrency.token(current)}


def opened(client, url, data=None, **more):
    """``data`` with the version the edit page at ``url`` carries when ``client`` opens it
    now (nothing when the page has none or refuses the client)."""
    found = re.search(rf'name="{stale.FIELD}" value="([^"]*)"', client.get(url).content.decode())
    return {**(data or {}), **more, **({stale.FIELD: found.group(1)} if found else {})}


def save(client, url, data=None, **kwargs):
    """Open the edit page at ``url`` and send ``data`` with it, as a browser does."""
    return client.post(url, opened(client, url, data), **kwargs)
