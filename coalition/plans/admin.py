from django.contrib import admin

from coalition.core.admin import CoalitionAdminMixin
from coalition.plans.models import Activity, ActivityItem, Objective, Plan


class ObjectiveInline(CoalitionAdminMixin, admin.TabularInline):
    model = Objective
    extra = 0


@admin.register(Plan)
class PlanAdmin(CoalitionAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name_es", "kind", "period", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "name_es", "name_en"]
    inlines = [ObjectiveInline]


class ActivityItemInline(CoalitionAdminMixin, admin.TabularInline):
    model = ActivityItem
    extra = 0
    fields = ["kind", "position", "text_es", "text_en", "starts", "ends"]


@admin.register(Activity)
class ActivityAdmin(CoalitionAdminMixin, admin.ModelAdmin):
    list_display = ["ref", "title_es", "plan", "deadline"]
    list_filter = ["plan"]
    search_fields = ["ref", "title_es", "title_en"]
    raw_id_fields = ["continues"]
    inlines = [ActivityItemInline]
