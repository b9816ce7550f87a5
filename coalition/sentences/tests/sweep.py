"""Sample URL arguments of the sentences app's URLs, for the URL sweep (core's
test_url_sweep; see core/tests/sweep.py): a small GLOTIP release, the national records
(not a release: 404), a source that does not exist, and the sharing agreements."""

import datetime

from coalition.sentences import glotip
from coalition.sentences.models import Source
from coalition.sentences.tests import sweep_sharing

GLOTIP_SAMPLE = (
    b"Iso3_code,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,txtVALUE\n"
    b"GTM,Persons convicted,Total,Total,Total,Total,2021,Counts,35\n"
    b"CRI,Persons convicted,Total,Total,Total,Total,2021,Counts,<5\n"
)


def samples(fixtures):
    release = glotip.import_release(
        GLOTIP_SAMPLE, "sample.csv", datetime.date(2023, 5, 30)
    ).records[0]
    return {
        "glotip-source-delete": [
            {"pk": release.pk},
            {"pk": Source.national().pk},
            {"pk": 999999},
        ],
        **sweep_sharing.samples(fixtures),
    }
