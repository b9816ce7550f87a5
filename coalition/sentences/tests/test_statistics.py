"""The statistics pages, their exports and API: exact for the country's own editors,
approved and disclosure-controlled for everyone else."""

import datetime

import pytest

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.sentences.models import APPROVAL_KIND
from coalition.sentences.tests.factories import sentence

pytestmark = pytest.mark.django_db


def approve(country, year):
    Approval.objects.create(
        kind=APPROVAL_KIND, country=country, year=year, state=ApprovalState.APPROVED
    )


def test_smoke(client_for, countries):
    sentence(
        countries["GT"],
        defendants=(
            ("convicted", "male", "adult", "GT", 7),
            ("convicted", "female", "adult", "HN", 2),
        ),
    )
    sentence(countries["CR"], defendants=(("convicted", "male", "adult", "CR", 9),))
    approve(countries["GT"], 2021)
    for persona in ("regional_admin", "cr_editor", "cr_contributor", "partner"):
        response = client_for(persona).get("/sentences/statistics/")
        assert response.status_code == 200, persona
        open(f"/tmp/stat/{persona}.html", "w").write(response.content.decode())
