"""A list asked for a sort order it does not offer keeps its default order, so its pages
neither repeat nor skip rows."""

import warnings

import pytest
from django.core.paginator import UnorderedObjectListWarning
from django.urls import reverse

LISTS = ["event-list", "participant-list", "campaign-list"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_an_unknown_sort_order_leaves_the_list_in_its_default_order(name, client_for):
    client = client_for("regional_admin")
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnorderedObjectListWarning)
        response = client.get(reverse(name), {"ordering": "no-such-column"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_sort_order_the_list_offers_is_followed(client_for, personas, organizations):
    from coalition.core.filters import OrganizationFilterSet
    from coalition.core.models import Organization

    chosen = OrganizationFilterSet({"ordering": "-name"}, queryset=Organization.objects.all())
    unknown = OrganizationFilterSet({"ordering": "nonsense"}, queryset=Organization.objects.all())
    assert chosen.sorted_by_reader
    assert not unknown.sorted_by_reader
    names = [o.name for o in chosen.qs]
    assert names == sorted(names, reverse=True)
