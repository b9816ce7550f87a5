"""Filters of the referrals between offices, shared by the inbox, its export and the API.

The filters only narrow what ``access`` already let the user see: the queryset given is
``Referral.objects.visible_to(user)``, so no value of a filter reveals another office's
referral. ``direction`` reads the user from the request: "received" are the referrals whose
receiving office the user works for (or whose receiving country it edits), "sent" likewise
for the sending side.
"""

import django_filters
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coalition.coordination.choices import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    ReferralKind,
    Status,
    Urgency,
)
from coalition.coordination.models import Referral
from coalition.core import access
from coalition.core.filters import FilterSet, OrderingFilter
from coalition.core.models import Country, Organization


class Direction:
    RECEIVED = "received"
    SENT = "sent"
    ALL = "all"
    CHOICES = (
        (RECEIVED, pgettext_lazy("referrals", "Received")),
        (SENT, pgettext_lazy("referrals", "Sent")),
        (ALL, pgettext_lazy("referrals", "All")),
    )


def received_q(user):
    """A ``Q`` over referrals: those whose receiving side ``user`` acts for."""
    offices, editors = access.office_ids(user), access.country_editor_country_ids(user)
    return Q(receiver_id__in=offices) | Q(receiving_country_id__in=editors)


def sent_q(user):
    """A ``Q`` over referrals: those whose sending side ``user`` acts for."""
    offices, editors = access.office_ids(user), access.country_editor_country_ids(user)
    return Q(sender_id__in=offices) | Q(country_id__in=editors)


# The status filter also takes the two groups a reader most often wants.
OPEN, CLOSED = "open", "closed"
STATUS_CHOICES = [
    (OPEN, _("Open (sent, acknowledged or in progress)")),
    (CLOSED, _("Closed (completed, declined or cancelled)")),
    *Status.choices,
]

# Sorting by urgency and by status follows their meaning, not the alphabet of their codes.
URGENCY_RANK = {Urgency.IMMEDIATE: 1, Urgency.HOURS_72: 2, Urgency.ROUTINE: 3}
STATUS_RANK = {status: rank for rank, status in enumerate(Status.values, start=1)}


def _ranked(field, ranks):
    return Case(
        *(When(**{field: value}, then=Value(rank)) for value, rank in ranks.items()),
        default=Value(99),
        output_field=IntegerField(),
    )


def with_sort_keys(queryset):
    """``queryset`` with what the sort menu orders by: the urgency's and the status's rank,
    and the next deadline (the acknowledgement's while sent, the response's while open;
    none once closed)."""
    return queryset.annotate(
        urgency_rank=_ranked("urgency", URGENCY_RANK),
        status_rank=_ranked("status", STATUS_RANK),
        next_deadline=Case(
            When(status=Status.SENT, then=F("acknowledge_by")),
            When(status__in=OPEN_STATUSES, then=F("respond_by")),
            default=None,
        ),
    )


class ReferralOrdering(OrderingFilter):
    """The inbox's sort menu. Closed referrals have no next deadline: they come last
    whichever way the deadline is sorted; every order ends on the newest first, so that
    pages never repeat or skip a row."""

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        if value.lstrip("-") == "next_deadline":
            field = F("next_deadline")
            return (
                field.desc(nulls_last=True) if value.startswith("-") else field.asc(nulls_last=True)
            )
        return value

    def filter(self, qs, value):
        if value in ([], (), {}, "", None):
            return qs
        return qs.order_by(*(self.get_ordering_value(param) for param in value), "-sent_at", "-pk")


def _offices(request):
    """The offices the office filter offers: those at either end of a referral the user
    sees (so the menu never names an office it has no referral with). Kept on the request:
    the inbox's tabs count with a second FilterSet."""
    if request is None:
        return Organization.objects.none()
    ids = getattr(request, "_referral_office_ids", None)
    if ids is None:
        pairs = (
            Referral.objects.visible_to(request.user)
            .order_by()
            .values_list("sender_id", "receiver_id")
            .distinct()
        )
        ids = request._referral_office_ids = {pk for pair in pairs for pk in pair}
    return Organization.objects.filter(pk__in=ids).order_by("name")


class ReferralFilterSet(FilterSet):
    direction = django_filters.ChoiceFilter(
        choices=Direction.CHOICES,
        method="in_direction",
        label=_("Direction"),
        empty_label=None,
    )
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="with_status", label=_("Status"), empty_label=_("All")
    )
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(),
        to_field_name="iso2",
        method="with_country",
        label=_("Country"),
    )
    urgency = django_filters.ChoiceFilter(
        choices=Urgency.choices, label=_("Urgency"), empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        choices=ReferralKind.choices, label=_("Type"), empty_label=_("All")
    )
    # Either end; ``field_name`` tells the API schema that the value is an office's id.
    office = django_filters.ModelChoiceFilter(
        queryset=_offices, field_name="sender", method="with_office", label=_("Office")
    )
    overdue = django_filters.ChoiceFilter(
        choices=(("1", _("Overdue only")),),
        method="only_overdue",
        label=_("Overdue"),
        empty_label=_("All"),
    )
    q = django_filters.CharFilter(method="search", label=_("Reference"), max_length=24)
    ordering = ReferralOrdering(
        fields=(
            ("sent_at", "sent"),
            ("urgency_rank", "urgency"),
            ("next_deadline", "deadline"),
            ("status_rank", "status"),
        ),
        field_labels={
            "sent_at": _("Sent"),
            "urgency_rank": _("Urgency"),
            "next_deadline": _("Deadline"),
            "status_rank": _("Status"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Referral
        fields = ["direction", "status", "country", "urgency", "kind", "office", "overdue", "q"]

    def filter_queryset(self, queryset):
        return super().filter_queryset(with_sort_keys(queryset))

    def in_every_direction(self):
        """The referrals the other filters keep, whatever the direction asked (unordered):
        what the inbox's tabs count. Only for a valid FilterSet."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name not in ("direction", "ordering"):
                queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by()

    def _user(self):
        return getattr(self.request, "user", None)

    def in_direction(self, queryset, name, value):
        user = self._user()
        if value == Direction.RECEIVED:
            return queryset.filter(received_q(user)) if user else queryset.none()
        if value == Direction.SENT:
            return queryset.filter(sent_q(user)) if user else queryset.none()
        return queryset

    def with_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(status__in=OPEN_STATUSES)
        if value == CLOSED:
            return queryset.filter(status__in=CLOSED_STATUSES)
        return queryset.filter(status=value)

    def with_country(self, queryset, name, value):
        return queryset.filter(Q(country=value) | Q(receiving_country=value))

    def with_office(self, queryset, name, value):
        return queryset.filter(Q(sender=value) | Q(receiver=value))

    def only_overdue(self, queryset, name, value):
        return queryset.overdue() if value == "1" else queryset

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(reference__istartswith=value) if value else queryset
