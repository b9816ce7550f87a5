"""What every report PDF's pages say about when they were generated (includes/pdf_style.css
and includes/pdf_generated.html), for the tests of each report."""

import re

LABEL = {"es": "Generado", "en": "Generated"}
MONTHS = {
    "es": "ene|feb|mar|abr|may|jun|jul|ago|sep|oct|nov|dic",
    "en": "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec",
}


def assert_generated_once(page_text, language):
    """The heading's "Generated" row and the page's footer, each saying it once, with the
    day written with the month's name and a 24-hour time: "Generated 2 Dec 2026, 13:49"."""
    text = " ".join(page_text.split())
    label = LABEL[language]
    stamp = rf"\d{{1,2}} ({MONTHS[language]}) \d{{4}}, \d{{2}}:\d{{2}}"
    assert text.count(label) == 2, text  # the heading's label and the footer
    assert re.search(rf"{label} {stamp}", text), text  # the footer
    assert re.search(rf"(^| ){stamp} ", text), text  # the heading's value, with no label
    assert not re.search(r"\d{1,2}/\d{1,2}/\d{4}", text), text
