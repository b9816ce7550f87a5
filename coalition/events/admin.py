"""The events in the Django admin: only the private calendar feeds.

A regional administrator revokes here the calendar address of someone who left (the owner
revokes their own on the calendar page). Events, materials and attendance are written
through the pages and the API, which check the country, keep materials in private storage
and handle participants' personal data; the admin would bypass those checks.
"""

from django.contrib import admin

from coalition.core.admin import ViewAndDeleteAdminMixin
from coalition.events.models import FeedToken


@admin.register(FeedToken)
class FeedTokenAdmin(ViewAndDeleteAdminMixin, admin.ModelAdmin):
    list_display = ["user", "country", "created", "last_used", "revoked"]
    list_filter = ["country"]
    list_select_related = ["user", "country"]
    search_fields = ["user__username", "user__email"]
    exclude = ["key_hash"]
