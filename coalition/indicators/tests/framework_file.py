"""A small framework file (the data ``load_framework`` reads) for the tests of the loader,
the command, the pages and the API: two pillars, four indicators, one rule."""

import copy
import json


def text(es, en=None):
    return {"es": es, "en": en if en is not None else f"{es} (en)"}


def indicator(code, answer_type="ynp", scoring_rule="ynp", **extra):
    return {
        "code": code,
        "question": text(f"¿Pregunta {code}?", f"Question {code}?"),
        "instrument": "tip-protocol",
        "article": extra.pop("article", "5"),
        "answer_type": answer_type,
        "scoring_rule": scoring_rule,
        **extra,
    }


SAMPLE = {
    "code": "sample",
    "name": text("Indicadores de prueba", "Test indicators"),
    "description": text("Un marco pequeño.", "A small framework."),
    "changes": "First version.",
    "instruments": [
        {
            "code": "tip-protocol",
            "short_name": text("Protocolo de Palermo", "Palermo Protocol"),
            "name": text("Protocolo para prevenir la trata", "Protocol to prevent trafficking"),
            "adopted": 2000,
            "url": "https://example.org/protocol",
        }
    ],
    "pillars": [
        {
            "code": "prosecution",
            "name": text("Persecución", "Prosecution"),
            "weight": 2,
            "indicators": [
                indicator("PR-01", paragraph="1", weight=2, guidance=text("Guía", "Guidance")),
                indicator("PR-02", "text", "none", required=False),
            ],
        },
        {
            "code": "prevention",
            "name": text("Prevención", "Prevention"),
            "indicators": [
                indicator("PV-01", "number", "target", article="9", target=20),
                indicator(
                    "PV-02",
                    "number",
                    "positive",
                    article="9",
                    source="sentences.persons_convicted",
                    verification=text("Registros judiciales", "Court records"),
                ),
            ],
        },
    ],
    "rules": [
        {
            "code": "R-01",
            "kind": "empty_when",
            "indicator": "PR-02",
            "when": "PR-01",
            "values": ["no"],
            "message": text("Debe quedar vacío.", "Must be empty."),
        }
    ],
}


def sample():
    """A fresh copy of ``SAMPLE`` to change."""
    return copy.deepcopy(SAMPLE)


def write(path, data=None):
    path.write_text(json.dumps(sample() if data is None else data, ensure_ascii=False))
    return path
