"""The public pages' cache: each page is rendered once per address (the language is part of
it) and kept in the ``public`` cache, which the server's processes share; the whole cache is
dropped when data that public pages show changes, once that change is committed.

A change is seen two ways, because neither alone sees them all: a row of a capability saved
or deleted (``post_save``, ``post_delete``, ``m2m_changed``: the admin, the demo loader,
management commands), and an audited change (``core.audit.recorded``: publishing writes with
``QuerySet.update``, which sends no model signal). Dropping everything is coarse on purpose:
data changes are rare next to public reads, and a page never outlives its data.

Each server process also keeps the pages it served last in its own memory (``PageCache``),
which spares reading and unpacking a file per request. A shared generation stamp, kept in
the shared cache, says which copies are current: a clear gives it a new value, and every
process compares it on each request, so all of them drop their copies at once. A page is
stored under the generation read before it was rendered: one rendered from data a clear
has since replaced is never served after that clear.
"""

import hashlib
import logging
import threading
import uuid
from collections import OrderedDict

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from coalition.core import audit
from coalition.core.choices import AuditAction

logger = logging.getLogger(__name__)

ALIAS = "public"
# Apps whose records public pages show (a country, an institution, a campaign, a zone...).
SOURCES = {"core", "plans", "events", "directory", "mapping", "knowledge", "sentences"}
# Records of those apps that no public page shows and that change all the time.
IGNORED = {"core.auditentry", "core.user", "core.job", "core.membership"}
# Audited actions that change data (reads, exports and sign-ins do not).
CHANGES = {
    AuditAction.CREATE,
    AuditAction.UPDATE,
    AuditAction.DELETE,
    AuditAction.IMPORT,
    AuditAction.APPROVE,
    AuditAction.REOPEN,
    AuditAction.PUBLISH,
    AuditAction.UNPUBLISH,
}


GENERATION = "generation"
# Pages a process keeps in its memory, the least recently served dropped first (a page
# weighs some tens of kilobytes).
LOCAL_PAGES = 200


def store():
    return caches[ALIAS]


def key_of(address):
    """The cache key of a page's full address (path and query)."""
    return hashlib.sha256(address.encode()).hexdigest()


class PageCache:
    """The pages of the shared cache (``shared``, the ``public`` alias unless given), with
    a copy of the last ones served in this process's memory, valid while the shared
    generation stamp has not changed."""

    def __init__(self, shared=None):
        self._shared = shared
        self._lock = threading.Lock()
        self._generation = None
        self._pages = OrderedDict()

    def shared(self):
        return self._shared if self._shared is not None else store()

    def generation(self):
        """The shared stamp of the current pages (set on first use and by each clear).
        Should the file cache drop it while making room (``MAX_ENTRIES``), the next
        request sets a new one: every page is then rendered again, never a stale one."""
        shared = self.shared()
        stamp = shared.get(GENERATION)
        if stamp is None:
            shared.add(GENERATION, uuid.uuid4().hex, timeout=None)
            stamp = shared.get(GENERATION)
        return stamp

    def get(self, key):
        """(generation, stored page or None): store a page rendered now with that
        generation (``put``), so that a clear meanwhile makes it stale. A shared cache that
        cannot be read (its folder's permissions) makes every page rendered afresh, never
        an error page."""
        try:
            return self._get(key)
        except OSError:
            logger.exception("The public pages' cache cannot be read: rendering the page.")
            return None, None

    def _get(self, key):
        generation = self.generation()
        with self._lock:
            if generation != self._generation:
                self._pages.clear()
                self._generation = generation
            entry = self._pages.get(key)
            if entry is not None:
                self._pages.move_to_end(key)
                return generation, entry
        entry = self.shared().get(f"page:{generation}:{key}")
        if entry is not None:
            self._keep(key, entry, generation)
        return generation, entry

    def put(self, key, entry, generation):
        if generation is None:
            return
        try:
            self.shared().set(f"page:{generation}:{key}", entry)
        except OSError:
            logger.exception("The public pages' cache cannot be written: page not kept.")
            return
        self._keep(key, entry, generation)

    def clear(self):
        """Drop every page, in every process: a new generation makes all copies stale."""
        shared = self.shared()
        shared.clear()
        shared.set(GENERATION, uuid.uuid4().hex, timeout=None)
        with self._lock:
            self._pages.clear()
            self._generation = None

    def _keep(self, key, entry, generation):
        with self._lock:
            if generation != self._generation:
                return
            self._pages[key] = entry
            self._pages.move_to_end(key)
            while len(self._pages) > LOCAL_PAGES:
                self._pages.popitem(last=False)


# This process's pages.
pages = PageCache()


def clear():
    pages.clear()


def clear_on_commit():
    transaction.on_commit(clear, robust=True)


def _label(model):
    meta = model._meta
    return meta.app_label, meta.label_lower


def _model_changed(sender, **kwargs):
    app_label, label = _label(sender)
    if app_label in SOURCES and label not in IGNORED:
        clear_on_commit()


def _recorded(sender, action, object_type, **kwargs):
    app_label = object_type.split(".")[0]
    if action in CHANGES and app_label in SOURCES and object_type not in IGNORED:
        clear_on_commit()


def connect():
    post_save.connect(_model_changed, dispatch_uid="public-cache-save")
    post_delete.connect(_model_changed, dispatch_uid="public-cache-delete")
    m2m_changed.connect(_model_changed, dispatch_uid="public-cache-m2m")
    audit.recorded.connect(_recorded, dispatch_uid="public-cache-audit")
