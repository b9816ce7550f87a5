"""Sample URL arguments of the sentences' URLs, for the URL sweep (see core's sweep.py)."""


def samples(fixtures):
    countries = fixtures["countries"]
    return {
        "sentence-years": [
            {"iso2": countries["CR"].iso2},
            {"iso2": countries["GT"].iso2},
            {"iso2": "ZZ"},
        ],
    }
