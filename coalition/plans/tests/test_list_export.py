"""The plan list as a spreadsheet: the listed plans, with their size and completion."""

import datetime

import pytest
from django.urls import reverse

from coalition.core.tests.exports import check_list_export
from coalition.plans.choices import PlanKind, PlanStatus
from coalition.plans.models import Plan

pytestmark = pytest.mark.django_db


def test_the_plan_list_exports_its_filter(client_for, plan_data, django_assert_max_num_queries):
    Plan.objects.create(
        code="plan-cerrado",
        kind=PlanKind.PLAN,
        name_es="Plan cerrado",
        name_en="Closed plan",
        period="2012",
        starts=datetime.date(2012, 1, 1),
        status=PlanStatus.CLOSED,
    )
    rows = check_list_export(
        client_for,
        reverse("plan-list"),
        bounded=django_assert_max_num_queries,
        max_queries=18,
        exporter="cr_editor",
        refused="cr_contributor",
        filters={"status": plan_data["plan"].status},
        headers=("Code", "Código"),
        shown=["plan-prueba\tTest plan"],
        hidden=["Closed plan"],
        bad_filter={"kind": "nonsense"},
    )
    assert rows[0][5:7] == ["Objectives", "Activities"]
    assert rows[1][5:7] == ["2", "3"]
