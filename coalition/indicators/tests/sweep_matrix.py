"""Sample URL arguments of the regional comparison's drill-down, for the URL sweep: an
approved assessment (every reader), an open one (Costa Rica's data roles only) and a
submitted one of the regional level, each with an existing and an unknown pillar."""


def samples(fixtures, shared):
    cells = []
    for key in ("approved", "open", "submitted"):
        record = shared[key]
        cells.append({"iso2": record.country.iso2, "year": record.year, "pillar": "prosecution"})
    approved = shared["approved"]
    cells.append({"iso2": approved.country.iso2, "year": approved.year, "pillar": "unknown"})
    cells.append({"iso2": "CR", "year": 1999, "pillar": "prosecution"})
    return {
        "indicator-matrix-cell": cells,
        "indicator-matrix-export": [{"fmt": "csv"}, {"fmt": "xlsx"}, {"fmt": "pdf"}],
    }
