def samples(fixtures):
    countries = fixtures["countries"]
    return {
        "help-country": [{"iso2": countries["CR"].iso2}, {"iso2": "ZZ"}, {"iso2": "XR"}],
    }
