"""Keep the directory's search index current when contacts and institutions change.

Saves through the ORM (forms, imports, the admin, scripts) reach these receivers; bulk
writes (``bulk_create``, ``QuerySet.update``) do not, and are followed by
``search.rebuild_index()`` or ``search.index_contacts`` / ``index_institutions``.
"""

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models.signals import post_delete, post_migrate, post_save

from coalition.core.models import Organization
from coalition.directory import search
from coalition.directory.models import Contact


def contact_saved(sender, instance, raw=False, **kwargs):
    # A fixture being loaded (raw) may not have its institution yet: rebuild afterwards.
    if not raw:
        search.index_contacts([instance])


def contact_deleted(sender, instance, **kwargs):
    search.remove_contact(instance.pk)


def institution_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.reindex_institution(instance)


def institution_deleted(sender, instance, **kwargs):
    search.remove_institution(instance.pk)


def fill_empty_index(sender, using="default", **kwargs):
    """After ``migrate``: a database that had records before the index existed gets them
    indexed once (the migration itself cannot use today's models)."""
    if using != DEFAULT_DB_ALIAS or search.TABLE not in connection.introspection.table_names():
        return  # another database, or migrated back to before the index
    if search.is_empty() and (Organization.objects.exists() or Contact.objects.exists()):
        search.rebuild_index()


def connect(app_config):
    post_save.connect(contact_saved, sender=Contact, dispatch_uid="directory-index-contact")
    post_delete.connect(contact_deleted, sender=Contact, dispatch_uid="directory-unindex-contact")
    post_save.connect(
        institution_saved, sender=Organization, dispatch_uid="directory-index-institution"
    )
    post_delete.connect(
        institution_deleted, sender=Organization, dispatch_uid="directory-unindex-institution"
    )
    post_migrate.connect(fill_empty_index, sender=app_config, dispatch_uid="directory-fill-index")
