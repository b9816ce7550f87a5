"""The public pages' cache: each page is rendered once per address (the language is part of
it) and kept in the ``public`` cache, which the server's processes share; the whole cache is
dropped when data that public pages show changes, once that change is committed.

A change is seen two ways, because neither alone sees them all: a row of a capability saved
or deleted (``post_save``, ``post_delete``, ``m2m_changed``: the admin, the demo loader,
management commands), and an audited change (``core.audit.recorded``: publishing writes with
``QuerySet.update``, which sends no model signal). Dropping everything is coarse on purpose:
data changes are rare next to public reads, and a page never outlives its data.
"""

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from coalition.core import audit
from coalition.core.choices import AuditAction

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


def store():
    return caches[ALIAS]


def clear():
    store().clear()


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
