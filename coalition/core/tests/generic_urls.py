"""The project's URLs plus plain generic pages of institutions, configured with nothing
but a model, a form and messages (see test_generic_views.py); the messages are the
test's own, not translated."""

from django.urls import path

from coalition.core import generic
from coalition.core.forms import OrganizationForm
from coalition.core.models import Organization
from coalition.urls import urlpatterns as project


class Plain:
    model = Organization
    form_class = OrganizationForm
    template_name = "core/organization_form.html"
    context_object_name = "organization"
    created_message = "Created %(name)s."
    updated_message = "Saved %(name)s."


class PlainCreate(Plain, generic.RecordCreateView):
    pass


class PlainUpdate(Plain, generic.RecordUpdateView):
    pass


class PlainDelete(generic.RecordDeleteView):
    model = Organization
    deleted_message = "Deleted %(name)s."
    list_url_name = "organization-list"


urlpatterns = [
    path("plain/new/", PlainCreate.as_view(), name="plain-create"),
    path("plain/<int:pk>/edit/", PlainUpdate.as_view(), name="plain-update"),
    path("plain/<int:pk>/delete/", PlainDelete.as_view(), name="plain-delete"),
    *project,
]
