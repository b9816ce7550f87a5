"""REST API of the events app: events with their attendance counts (read by every reader
within their scope, written by those who may edit the event's country) and the figures
that verify the plans. Who attended is not served by the API: counts only.
"""

import datetime

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from coalition.core import access
from coalition.core.api import AuditedWriteMixin
from coalition.core.models import Country, Organization
from coalition.events import metrics
from coalition.events.choices import Profession
from coalition.events.filters import EventFilterSet
from coalition.events.forms import EVENT_FIELDS
from coalition.events.models import Event, date_errors
from coalition.lib.text import int_or_none
from coalition.plans.models import Activity, Plan


class AttendanceCountsSerializer(serializers.Serializer):
    people = serializers.IntegerField(help_text="Distinct people who attended.")
    by_sex = serializers.DictField(child=serializers.IntegerField())
    by_profession = serializers.DictField(child=serializers.IntegerField())


class EventSerializer(serializers.ModelSerializer):
    """An event; ``attendance`` counts its people (each once), never names them."""

    country = serializers.SlugRelatedField(slug_field="iso2", queryset=Country.objects.active())
    host_country = serializers.SlugRelatedField(
        slug_field="iso2",
        queryset=Country.objects.members().active(),
        required=False,
        allow_null=True,
    )
    organizers = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Organization.objects.all(), required=False
    )
    supporters = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Organization.objects.all(), required=False
    )
    activities = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Activity.objects.all(), required=False
    )
    audiences = serializers.ListField(
        child=serializers.ChoiceField(choices=Profession.choices), required=False
    )
    attendance = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = ["id", *EVENT_FIELDS, "attendance", "page", "created", "updated"]
        read_only_fields = ["id", "created", "updated"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "organizers" in self.fields:
            visible = Organization.objects.visible_to(request.user)
            self.fields["organizers"].child_relation.queryset = visible
            self.fields["supporters"].child_relation.queryset = visible

    @extend_schema_field(AttendanceCountsSerializer)
    def get_attendance(self, event):
        breakdowns = self.context.get("breakdowns")
        if breakdowns is None:
            breakdowns = metrics.event_breakdowns([event.pk])
        return breakdowns.get(event.pk, metrics.Breakdown()).as_dict()

    def get_page(self, event) -> str:
        request = self.context.get("request")
        url = event.get_absolute_url()
        return request.build_absolute_uri(url) if request else url

    def validate_country(self, country):
        # 403, not a validation message naming the country (see the progress API).
        if not access.can_edit_country(self.context["request"].user, country):
            raise PermissionDenied(_("You may not record events for this country."))
        return country

    def validate_audiences(self, audiences):
        return sorted(set(audiences), key=list(Profession.values).index)

    def validate(self, attrs):
        current = self.instance
        starts = attrs.get("starts", getattr(current, "starts", None))
        ends = attrs.get("ends", getattr(current, "ends", None))
        if starts and ends:
            errors = date_errors(starts, ends, current)
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("List the events the user may see, with attendance counts")
    ),
    retrieve=extend_schema(summary=gettext_lazy("One event with its attendance counts")),
    create=extend_schema(summary=gettext_lazy("Record an event")),
    update=extend_schema(summary=gettext_lazy("Replace an event")),
    partial_update=extend_schema(summary=gettext_lazy("Change an event")),
)
class EventViewSet(
    AuditedWriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Meetings, workshops and trainings. Readers see the events of their countries and the
    regional ones (partners: the regional ones); those who may edit a country record and
    change its events, and every change is audited. Attendance comes as counts; the list
    of who attended is on the event's page, for the data roles only."""

    access_rule = access.READER
    write_rule = access.EDITOR
    created_by_field = "created_by"
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    ordering_fields = ["starts", "title"]

    def get_queryset(self):
        return (
            Event.objects.visible_to(self.request.user)
            .select_related("country", "host_country")
            .prefetch_related("organizers", "supporters", "activities")
            .order_by("-starts", "pk")
        )

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        context = {
            **self.get_serializer_context(),
            "breakdowns": metrics.event_breakdowns([e.pk for e in rows]),
        }
        data = EventSerializer(rows, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)


class EventFiguresView(APIView):
    """Held events per country and year (workshops, meetings, other) and the people trained
    in workshops by profession and sex, each person counted once."""

    access_rule = access.READER

    @extend_schema(
        summary=gettext_lazy("Events held and people trained"),
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="Year the events started"),
            OpenApiParameter("country", OpenApiTypes.STR, description="ISO code, or XR"),
            OpenApiParameter("plan", OpenApiTypes.STR, description="Code of a plan"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        raw = request.query_params.get("year") or None
        year = int_or_none(raw, datetime.MINYEAR, datetime.MAXYEAR)
        if raw is not None and year is None:
            raise serializers.ValidationError({"year": _("A year, e.g. 2012.")})
        country = _lookup(Country.objects.all(), "iso2", request.query_params.get("country"))
        plan = _lookup(Plan.objects.all(), "code", request.query_params.get("plan"))
        events = metrics.held_events(year=year, country=country, plan=plan)
        trained = metrics.people_by_profession(events)
        return Response(
            {
                "events_held": [
                    {
                        "country": row.country.iso2,
                        "year": row.year,
                        "workshops": row.workshops,
                        "meetings": row.meetings,
                        "other": row.other,
                        "total": row.total,
                    }
                    for row in metrics.events_by_country_year(events)
                ],
                "people_trained": trained.as_dict(),
            }
        )


def _lookup(queryset, field, value):
    if not value:
        return None
    found = queryset.filter(**{field: value}).first()
    if found is None:
        raise serializers.ValidationError({field: _("“%(value)s” is unknown.") % {"value": value}})
    return found


# The collections this app adds to /api/ (gathered by coalition/urls.py).
ROUTES = [
    ("events", EventViewSet, "event"),
]
URLS = [path("event-figures/", EventFiguresView.as_view(), name="event-figures")]
