"""Sample URL arguments of the sentences app's URLs, for the URL sweep (core's
test_url_sweep).

Statistics: sentences of Guatemala (2021 approved) and Costa Rica, and the two export
formats plus one that does not exist.
"""

import datetime

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.sentences.models import APPROVAL_KIND
from coalition.sentences.tests.factories import sentence


def statistics_samples(fixtures):
    countries = fixtures["countries"]
    sentence(countries["GT"], final_date=datetime.date(2021, 5, 4))
    sentence(countries["CR"], final_date=datetime.date(2022, 5, 4))
    Approval.objects.create(
        kind=APPROVAL_KIND, country=countries["GT"], year=2021, state=ApprovalState.APPROVED
    )
    return {
        "sentence-statistics-export": [{"fmt": "csv"}, {"fmt": "xlsx"}, {"fmt": "pdf"}],
    }


def samples(fixtures):
    return {**statistics_samples(fixtures)}
