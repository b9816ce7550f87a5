"""Filters of events, shared by the list, the month view and the API, and of participants."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from coalition.core.filters import FilterSet, OrderingFilter, year_filter
from coalition.core.models import Country
from coalition.events import metrics
from coalition.events.choices import EventKind, EventStatus, Profession, Sex
from coalition.events.models import Attendance, Event, Participant, identity_key
from coalition.lib.text import fold
from coalition.plans.models import Plan


class EventFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), to_field_name="iso2", label=_("Country")
    )
    kind = django_filters.ChoiceFilter(choices=EventKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=EventStatus.choices, label=_("Status"))
    audience = django_filters.ChoiceFilter(
        choices=Profession.choices, method="with_audience", label=_("Audience")
    )
    year = year_filter("starts")
    plan = django_filters.ModelChoiceFilter(
        queryset=Plan.objects.all(),
        to_field_name="code",
        method="in_plan",
        label=_("Plan"),
    )
    activity = django_filters.NumberFilter(field_name="activities", label=_("Activity"))
    attendance = django_filters.ChoiceFilter(
        choices=[("none", _("None recorded")), ("recorded", _("Recorded"))],
        method="with_attendance",
        label=_("Attendance"),
    )
    ordering = OrderingFilter(
        fields=(("starts", "starts"), ("title", "title"), ("country__name_es", "country")),
        field_labels={
            "starts": _("Start date"),
            "title": _("Title"),
            "country__name_es": _("Country"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Event
        fields = [
            "q", "country", "kind", "status", "audience", "year", "plan", "activity", "attendance",
        ]  # fmt: skip

    def search(self, queryset, name, value):
        for term in fold(value).split():
            queryset = queryset.filter(search_text__contains=term)
        return queryset

    def with_audience(self, queryset, name, value):
        # Audiences are a JSON list; the quoted value matches one whole item.
        return queryset.filter(audiences__icontains=f'"{value}"')

    def with_attendance(self, queryset, name, value):
        """With attendance recorded, or without it among the events not cancelled (those
        whose attendance is still to record)."""
        if value == "recorded":
            return queryset.filter(Exists(Attendance.objects.filter(event=OuterRef("pk"))))
        return metrics.without_attendance(queryset)

    # The type hint tells the API schema that "plan" takes a plan's code.
    def in_plan(self, queryset, name, value: str):
        return queryset.filter(activities__plan=value).distinct()


class ParticipantFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), to_field_name="iso2", label=_("Country")
    )
    profession = django_filters.ChoiceFilter(choices=Profession.choices, label=_("Profession"))
    sex = django_filters.ChoiceFilter(choices=Sex.choices, label=_("Sex"))
    ordering = OrderingFilter(
        fields=(("name", "name"), ("organization_name", "institution"), ("events", "events")),
        field_labels={
            "name": _("Name"),
            "organization_name": _("Institution"),
            "events": _("Events"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Participant
        fields = ["q", "country", "profession", "sex"]

    def search(self, queryset, name, value):
        for term in identity_key(value).split():
            queryset = queryset.filter(
                Q(name_key__contains=term) | Q(organization_key__contains=term)
            )
        return queryset
