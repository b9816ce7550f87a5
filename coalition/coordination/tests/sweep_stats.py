"""Sample URL arguments of the referral statistics' exports, for the URL sweep."""


def samples(fixtures, shared):
    return {"referral-statistics-export": [{"fmt": "csv"}, {"fmt": "xlsx"}, {"fmt": "pdf"}]}
