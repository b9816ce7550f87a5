"""A framework version written back as its framework file (the data ``loader.load``
reads): what the framework page offers to download, and what loads back unchanged."""

from decimal import Decimal


def _text(obj, name, *, optional=True):
    es, en = getattr(obj, f"{name}_es"), getattr(obj, f"{name}_en")
    if optional and not es and not en:
        return None
    return {"es": es, "en": en}


def _figure(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral() else float(value)


def dump(version):
    """A framework version as its file's data (``load`` reads it back to the same version)."""
    indicators = version.indicators.select_related("instrument", "pillar")
    by_pillar = {}
    for indicator in indicators:
        by_pillar.setdefault(indicator.pillar_id, []).append(indicator)
    instruments = {i.instrument.code: i.instrument for i in indicators}
    data = {
        "code": version.code,
        "name": _text(version, "name", optional=False),
        "description": _text(version, "description"),
        "changes": version.changes or None,
        "instruments": [
            {
                "code": i.code,
                "short_name": _text(i, "short_name", optional=False),
                "name": _text(i, "name", optional=False),
                "adopted": i.adopted,
                "url": i.url or None,
            }
            for i in sorted(instruments.values(), key=lambda i: (i.adopted or 0, i.code))
        ],
        "pillars": [
            {
                "code": pillar.code,
                "name": _text(pillar, "name", optional=False),
                "description": _text(pillar, "description"),
                "weight": _figure(pillar.weight),
                "indicators": [_dump_indicator(i) for i in by_pillar.get(pillar.pk, [])],
            }
            for pillar in version.pillars.all()
        ],
        "rules": [
            {
                "code": rule.code,
                "kind": rule.kind,
                "indicator": rule.indicator.code,
                "when": rule.when.code,
                "values": rule.values,
                "message": _text(rule, "message", optional=False),
            }
            for rule in version.rules.select_related("indicator", "when")
        ],
    }
    return _pruned(data)


def _dump_indicator(indicator):
    return {
        "code": indicator.code,
        "question": _text(indicator, "question", optional=False),
        "guidance": _text(indicator, "guidance"),
        "instrument": indicator.instrument.code,
        "article": indicator.article,
        "paragraph": indicator.paragraph or None,
        "answer_type": indicator.answer_type,
        "scoring_rule": indicator.scoring_rule,
        "target": _figure(indicator.target),
        "weight": _figure(indicator.weight),
        "minimum": _figure(indicator.minimum),
        "maximum": _figure(indicator.maximum),
        "required": indicator.required,
        "verification": _text(indicator, "verification"),
        "source": indicator.source or None,
    }


def _pruned(value):
    """``value`` without the keys whose value is None (the optional keys left out)."""
    if isinstance(value, dict):
        return {k: _pruned(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value
