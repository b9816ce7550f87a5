"""Sample URL arguments of the framework pages and API, for the URL sweep: the shared
framework, one of its indicators, and ids that do not exist."""


def samples(fixtures, shared):
    made = shared["framework"]
    frameworks = [{"pk": made.pk}, {"pk": 999999}]
    indicators = [{"pk": made.indicators.first().pk}, {"pk": 999999}]
    return {
        "framework-detail": frameworks,
        "framework-export": frameworks,
        "indicator-detail": indicators,
        "api:indicator-framework-detail": frameworks,
        "api:indicator-detail": indicators,
    }
