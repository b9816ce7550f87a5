"""Every file written in a language the user chooses (PDFs, XLSX and CSV exports) reads
``?lang=`` through one helper (``core.files.export_language``): es or en in any case, the
pages' language when absent, and a 400 that names the parameter for anything else."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from coalition.core.tests.test_url_sweep import collect_samples

# Every URL whose file is written in a chosen language.
EXPORTS = [
    "plan-report",
    "attendance-template",
    "sign-in-sheet",
    "attendance-pdf",
    "swot-export-xlsx",
    "swot-export-pdf",
    "swot-compare-export",
    "agreement-export",
    "directory-export",
    "directory-import-template",
    "directory-cards",
    "country-profile-pdf",
    "country-profile-xlsx",
    "assessment-export",
]
SOURCES = Path(__file__).resolve().parents[3]


@pytest.fixture
def urls(countries, organizations, personas):
    samples = collect_samples(
        {"countries": countries, "organizations": organizations, "personas": personas}
    )
    return {name: reverse(name, kwargs=(samples.get(name) or [{}])[0]) for name in EXPORTS}


@pytest.mark.parametrize("name", EXPORTS)
def test_an_unknown_language_is_refused_naming_the_parameter(name, urls, client_for):
    response = client_for("regional_admin").get(urls[name], {"lang": "xx"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "xx" in text
    assert "lang=es" in text and "lang=en" in text


@pytest.mark.parametrize("name", EXPORTS)
def test_a_known_language_is_written_in_any_case(name, urls, client_for):
    response = client_for("regional_admin").get(urls[name], {"lang": "EN"})
    assert response.status_code == 200, response.content[:200]


def test_no_view_reads_the_lang_parameter_by_itself():
    # A view that read ?lang= itself would answer a wrong value its own way.
    readers = [
        str(path.relative_to(SOURCES))
        for path in SOURCES.glob("coalition/**/*.py")
        if "tests" not in path.parts
        and re.search(r"""GET(\.get\(|\[)\s*["']lang["']""", path.read_text(encoding="utf-8"))
    ]
    assert readers == ["coalition/core/files.py"]
