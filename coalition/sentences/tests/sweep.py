"""Sample URL arguments of the sentences' URLs, for the URL sweep (see core's sweep.py)."""

from coalition.sentences.tests.factories import offence, sentence


def samples(fixtures):
    countries = fixtures["countries"]
    gt_offence = offence(countries["GT"], article="Art. 202 Ter")
    cr_offence = offence(countries["CR"], article="Art. 172")
    records = [
        {"pk": sentence(countries["GT"], refresh=False).pk},
        {"pk": sentence(countries["CR"], refresh=False).pk},
    ]
    offences = [{"pk": gt_offence.pk}, {"pk": cr_offence.pk}]
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
    }
