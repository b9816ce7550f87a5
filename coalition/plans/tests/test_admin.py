"""Plans edited in the Django admin: the plan, its inline rows and their links are audited."""

from django.contrib import admin
from django.contrib.admin import AdminSite
from django.urls import reverse

from coalition.core.admin import CoalitionAdminMixin
from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry
from coalition.core.tests.admin_forms import admin_form
from coalition.plans.models import ActivityItem, Objective, Plan, ProgressRevision


def test_an_objective_added_inline_on_its_plan_writes_its_own_entry(plan_data, client_for):
    plan = plan_data["plan"]
    client = client_for("regional_admin")
    change = reverse("admin:plans_plan_change", args=[plan.pk])
    data = admin_form(client, change)
    assert data["objectives-TOTAL_FORMS"] == "2"
    data.update(
        {
            "objectives-TOTAL_FORMS": "3",
            "objectives-2-numeral": "III",
            "objectives-2-position": "3",
            "objectives-2-title_es": "SENSIBILIZAR",
        }
    )
    data["objectives-0-title_en"] = "STRENGTHEN THE COALITION"
    assert client.post(change, data).status_code == 302

    added = Objective.objects.get(plan=plan, numeral="III")
    logged = AuditEntry.objects.filter(object_type="plans.objective").order_by("seq")
    assert [(e.action, e.object_id) for e in logged] == [
        (AuditAction.UPDATE, str(plan_data["objectives"][0].pk)),
        (AuditAction.CREATE, str(added.pk)),
    ]
    assert logged[0].before["title_en"] == "STRENGTHEN"
    assert logged[0].after["title_en"] == "STRENGTHEN THE COALITION"
    assert logged[1].after["title_es"] == "SENSIBILIZAR"
    assert AuditEntry.objects.get(object_type="plans.plan").action == AuditAction.UPDATE


def test_links_to_countries_changed_in_the_admin_are_in_the_entry(plan_data, client_for, countries):
    """Many-to-many fields are saved after the record: the entry waits for them."""

    class ItemAdmin(CoalitionAdminMixin, admin.ModelAdmin):
        fields = ["kind", "position", "text_es", "countries"]

    item = ActivityItem.objects.filter(activity=plan_data["activities"]["I.1"]).first()
    model_admin = ItemAdmin(ActivityItem, AdminSite(name="items"))
    # A verified regional administrator's request, as the admin's views receive it.
    request = client_for("regional_admin").get(reverse("admin:index")).wsgi_request
    form_class = model_admin.get_form(request, item, change=True)
    data = {"kind": item.kind, "position": item.position, "text_es": item.text_es}
    form = form_class({**data, "countries": [countries["CR"].pk]}, instance=item)
    assert form.is_valid(), form.errors
    saved = model_admin.save_form(request, form, change=True)
    model_admin.save_model(request, saved, form, change=True)
    model_admin.save_related(request, form, [], change=True)

    entry = AuditEntry.objects.get(object_type="plans.activityitem")
    assert entry.before["countries"] == []
    assert entry.after["countries"] == [countries["CR"].pk]


def test_the_history_of_progress_is_not_in_the_admin():
    """Each revision is written once, with the change it records: nobody edits them."""
    assert ProgressRevision not in admin.site._registry
    assert Plan in admin.site._registry
