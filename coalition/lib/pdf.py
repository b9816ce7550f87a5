"""PDFs from HTML templates (WeasyPrint), self-contained: nothing is fetched.

Images are embedded in the HTML as ``data:`` URLs (the QR codes of the directory's cards);
WeasyPrint refuses every other address (file, http...), so a PDF never reads the server's
files nor the network, whatever the HTML holds.
"""

import functools
from dataclasses import dataclass

from django.template.loader import render_to_string

# The PDFs' typeface (templates/includes/pdf_style.css, the cards): what ``fitted``
# measures with.
FONT_FILE = "DejaVuSans.ttf"
MM_PER_PT = 25.4 / 72


def html_to_pdf(html):
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def render_pdf(template, context):
    """The PDF of ``template`` rendered with ``context`` (in the active language)."""
    return html_to_pdf(render_to_string(template, context))


@functools.lru_cache(maxsize=1)
def _font():
    from PIL import ImageFont

    try:
        return ImageFont.truetype(FONT_FILE, 100)
    except OSError:
        return None


def _width_em(text):
    font = _font()
    if font is None:
        return len(text) * 0.62  # a little wider than DejaVu Sans's average letter
    return font.getlength(text) / 100


@dataclass(frozen=True)
class Fitted:
    """A text to print without cutting it: its type size in points, as CSS text ("6.5"),
    and its lines, each to print ``white-space: nowrap``."""

    size: str
    lines: tuple


def fitted(text, width_mm, largest_pt, smallest_pt):
    """``text`` (an e-mail address, a phone number) on one line ``width_mm`` wide, in the
    largest type from ``largest_pt`` down to ``smallest_pt`` that fits it; an e-mail address
    too long even then goes on two lines after its "@", never elsewhere."""
    width_em = _width_em(text)
    fitting = width_mm * 0.97 / (width_em * MM_PER_PT) if width_em else largest_pt
    size = max(smallest_pt, min(largest_pt, fitting))
    lines = (text,)
    if fitting < smallest_pt and "@" in text:
        local, domain = text.rsplit("@", 1)
        lines = (f"{local}@", domain)
    return Fitted(f"{size:.1f}", lines)
