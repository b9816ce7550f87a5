"""The create, edit and delete pages of every country-scoped record, written once.

A capability configures a class per verb with its model, form and template, and changes
what differs through small named hooks instead of copying the flow::

    class EventEdit:
        model = Event
        form_class = EventForm
        template_name = "events/event_form.html"
        upload_form_class = MaterialForm          # a file sent with the record (optional)
        activity_field = "activities"             # ?activity= prefills the linked activity

    class EventCreateView(EventEdit, generic.RecordCreateView):
        created_message = gettext_lazy("Event “%(title)s” created.")

    class EventUpdateView(EventEdit, generic.RecordUpdateView):
        updated_message = gettext_lazy("Event saved.")

What every page then does the same way:

- access: ``RuleMixin`` with the rule of the verb (creating: whoever edits a country;
  editing and deleting: ``object_rule(model, "edit")``), and the record looked up through
  ``access.get_editable_or_403`` (outsiders 404, readers 403);
- the form's ``country`` offers only the countries the user may edit, preselected when
  there is only one; ``?activity=`` preselects the plan activity the record verifies;
- the save, the file sent with it, the re-check that the record stays within the user's
  reach and the audit entry (the model's ``snapshot()`` when it has one) are one
  transaction; then the success message and the record's page;
- an edit opened before someone else's save is refused (``core.stale``): 409, the form
  as typed and what changed.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from coalition.core import access, audit, files, stale
from coalition.core.choices import AuditAction
from coalition.core.forms import offer_editable_countries
from coalition.core.models import Country
from coalition.lib.text import int_or_none


class _Attributes(dict):
    """``message % _Attributes(obj)`` fills ``%(title)s`` with ``obj.title``, and a name
    that is no attribute (``%(swot)s``) with the record itself."""

    def __init__(self, obj):
        super().__init__()
        self.obj = obj

    def __missing__(self, key):
        return getattr(self.obj, key, self.obj)


class RecordView(access.RuleMixin, View):
    """What the three verbs share: the model and how one record is found."""

    model = None
    # Related rows read with the record (``select_related``).
    related = ()
    # Where to go after deleting (a URL name) or when there is no record page.
    list_url_name = None

    def get_queryset(self):
        return self.model._default_manager.select_related(*self.related)

    def get_object(self):
        """The record named by the URL, if the user may change it: outsiders get 404,
        those who may only read it 403."""
        return access.get_editable_or_403(
            self.get_queryset(), self.request.user, request=self.request, pk=self.kwargs["pk"]
        )

    def announce(self, obj, message):
        messages.success(self.request, message % _Attributes(obj))


class RecordFormView(RecordView):
    """The form page of a record (``RecordCreateView``, ``RecordUpdateView``)."""

    http_method_names = ["get", "post"]
    form_class = None
    template_name = None
    # The name the template knows the record by (None while creating).
    context_object_name = None
    # The form of a file sent with the record (``files.Upload``), and the field of the
    # attachment row that names the record.
    upload_form_class = None
    attachment_model = None
    upload_parent_field = None
    # The form's many-to-many field of plan activities that ``?activity=`` prefills.
    activity_field = None
    created_message = None
    updated_message = None

    # --- hooks -------------------------------------------------------------------------

    def get_initial(self):
        """The new record's first values: the user's one editable country, the activity
        named in the address."""
        initial = {}
        editable = access.editable_country_ids(self.request.user)
        if editable and len(editable) == 1:
            initial["country"] = next(iter(editable))
        activity = int_or_none(self.request.GET.get("activity"))
        if self.activity_field and activity is not None:
            activities = self.model._meta.get_field(self.activity_field).related_model
            if activities._default_manager.filter(pk=activity).exists():
                initial[self.activity_field] = [activity]
        return initial

    def get_form_kwargs(self):
        kwargs = {"user": self.request.user, "instance": self.object}
        if self.object is None:
            kwargs["initial"] = self.get_initial()
        if self.request.method == "POST":
            kwargs["data"] = self.request.POST
        return kwargs

    def restrict_form(self, form):
        """Offer only what the user may choose: the countries it edits (of those the form
        offers). The form narrows its other choices itself (it has the user)."""
        country = form.fields.get("country")
        if getattr(getattr(country, "queryset", None), "model", None) is Country:
            offer_editable_countries(country, self.request.user, within=country.queryset)

    def before_save(self, obj, form):
        """Set what the form does not (who created it) on the unsaved record."""
        if hasattr(obj, "created_by_id") and obj.created_by_id is None:
            obj.created_by = self.request.user

    def save_related(self, obj, form):
        """Save what hangs on the saved record before it is audited (its links)."""
        form.save_m2m()

    def get_formsets(self):
        """Inline formsets of rows that hang on the record, validated with its form (the
        view saves them in ``save_related``)."""
        return []

    def after_save(self, obj, before):
        """Anything more in the same transaction, after the audit entry."""

    def attachment(self, obj):
        """The unsaved row of the file sent with the record."""
        return self.attachment_model(**{self.upload_parent_field: obj, "country": obj.country})

    def saved(self, obj):
        """Say what happened (a message) after the save."""
        message = self.created_message if self.object is None else self.updated_message
        self.announce(obj, message)

    def get_success_url(self, obj):
        return obj.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = {"form": self.form, "object": self.object}
        if self.context_object_name:
            context[self.context_object_name] = self.object
        if self.upload is not None:
            context["upload_form"] = self.upload.form
        context.update(kwargs)
        return context

    # --- the flow ----------------------------------------------------------------------

    def setup_forms(self):
        self.object = self.get_object() if "pk" in self.kwargs else None
        self.form = self.form_class(**self.get_form_kwargs())
        self.restrict_form(self.form)
        self.formsets = self.get_formsets()
        if self.object is not None:
            stale.add_field(self.form, self.object)
        self.upload = (
            files.Upload(self.request, self.upload_form_class) if self.upload_form_class else None
        )

    def get(self, request, *args, **kwargs):
        self.setup_forms()
        return self.render_form()

    def post(self, request, *args, **kwargs):
        self.setup_forms()
        forms = [self.form, *self.formsets] + ([self.upload] if self.upload else [])
        if not files.all_valid(*forms):
            return self.render_form(status=400)
        with transaction.atomic():
            current = stale.fresh(self.object)
            if self.object is not None and current is None:
                raise Http404  # deleted by someone else meanwhile: not brought back
            refused = stale.check(self.form, current) if self.object is not None else None
            if refused is None:
                obj = self.save(current)
        if refused is not None:
            stale.refuse(self.form, refused, current, *forms[1:])
            return self.render_form(status=stale.STATUS)
        self.saved(obj)
        return redirect(self.get_success_url(obj))

    def save(self, current):
        """Save the record, its links and the file sent with it, audited; call inside the
        transaction."""
        before = audit.snapshot_of(current) if current is not None else None
        obj = self.form.save(commit=False)
        self.before_save(obj, self.form)
        obj.save()
        self.save_related(obj, self.form)
        access.recheck_editable(self.request.user, obj)
        audit.record(
            self.request,
            AuditAction.UPDATE if before else AuditAction.CREATE,
            obj,
            before=before,
            after=audit.snapshot_of(obj),
        )
        self.after_save(obj, before)
        if self.upload is not None:
            self.upload.save(self.request, self.attachment(obj))
        return obj

    def render_form(self, status=200):
        return render(self.request, self.template_name, self.get_context_data(), status=status)


class RecordCreateView(RecordFormView):
    """A new record: for whoever edits a country's records."""

    access_rule = access.EDITOR


class RecordUpdateView(RecordFormView):
    """A record's form. ``access_rule`` defaults to editing the model's record."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.model is not None and "access_rule" not in cls.__dict__:
            cls.access_rule = access.object_rule(cls.model, "edit")


class RecordDeleteView(RecordView):
    """Delete a record (POST), audited, with the files of its ``attachments`` (a related
    name) once the deletion is committed; then its list."""

    http_method_names = ["post"]
    attachments = None
    deleted_message = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.model is not None and "access_rule" not in cls.__dict__:
            cls.access_rule = access.object_rule(cls.model, "edit")

    def check(self, obj):
        """Refuse (``access.deny``) a deletion the rule alone does not decide."""

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        self.check(obj)
        rows = list(getattr(obj, self.attachments).all()) if self.attachments else []
        try:
            files.delete_with_files(request, obj, rows, audit.snapshot_of(obj))
        except ProtectedError as error:
            kinds = sorted({str(o._meta.verbose_name_plural) for o in error.protected_objects})
            messages.error(
                request,
                _("“%(record)s” was not deleted: other records depend on it (%(kinds)s).")
                % {"record": obj, "kinds": ", ".join(kinds)},
            )
            return redirect(obj.get_absolute_url())
        self.announce(obj, self.deleted_message)
        return redirect(reverse(self.list_url_name))
