"""Sample URL arguments of the country profiles and the assessments' workbooks: the
shared rows' countries (an approved year, an open one, a submitted one), a country without
an assessment, an unknown code, and an assessment that does not exist."""

MISSING = {"pk": 999999}


def samples(fixtures, shared):
    countries = [{"iso2": code} for code in ("GT", "CR", "regional", "HN", "ZZ")]
    assessments = [{"pk": shared[key].pk} for key in ("approved", "open", "submitted")]
    return {
        "country-profile": countries,
        "country-profile-pdf": countries,
        "country-profile-xlsx": countries,
        "assessment-export": [*assessments, MISSING],
    }
