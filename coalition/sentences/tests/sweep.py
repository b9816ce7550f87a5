"""Sample URL arguments of the sentences' URLs, for the URL sweep (see core's sweep.py):
records and offences of two countries, a small GLOTIP release, the national records (not
a release: 404), a source that does not exist, and the sharing agreements."""

import datetime

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.sentences import glotip
from coalition.sentences.models import APPROVAL_KIND, Source
from coalition.sentences.tests import sweep_sharing
from coalition.sentences.tests.factories import offence, sentence

GLOTIP_SAMPLE = (
    b"Iso3_code,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,txtVALUE\n"
    b"GTM,Persons convicted,Total,Total,Total,Total,2021,Counts,35\n"
    b"CRI,Persons convicted,Total,Total,Total,Total,2021,Counts,<5\n"
)


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
    countries = fixtures["countries"]
    gt_offence = offence(countries["GT"], article="Art. 202 Ter")
    cr_offence = offence(countries["CR"], article="Art. 172")
    records = [
        {"pk": sentence(countries["GT"], refresh=False).pk},
        {"pk": sentence(countries["CR"], refresh=False).pk},
    ]
    offences = [{"pk": gt_offence.pk}, {"pk": cr_offence.pk}]
    release = glotip.import_release(
        GLOTIP_SAMPLE, "sample.csv", datetime.date(2023, 5, 30)
    ).records[0]
    return {
        "sentence-detail": records,
        "sentence-update": records,
        "sentence-delete": records,
        "offence-update": offences,
        "offence-delete": offences,
        "api:sentence-detail": records,
        "api:offence-detail": offences,
        "sentence-years": [
            {"iso2": countries["CR"].iso2},
            {"iso2": countries["GT"].iso2},
            {"iso2": "ZZ"},
        ],
        "glotip-source-delete": [
            {"pk": release.pk},
            {"pk": Source.national().pk},
            {"pk": 999999},
        ],
        **sweep_sharing.samples(fixtures),
        **statistics_samples(fixtures),
    }
