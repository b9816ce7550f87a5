"""PDFs from HTML templates (WeasyPrint), self-contained: nothing is fetched.

Images are embedded in the HTML as ``data:`` URLs (the QR codes of the directory's cards);
WeasyPrint refuses every other address (file, http...), so a PDF never reads the server's
files nor the network, whatever the HTML holds.
"""

from django.template.loader import render_to_string


def html_to_pdf(html):
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def render_pdf(template, context):
    """The PDF of ``template`` rendered with ``context`` (in the active language)."""
    return html_to_pdf(render_to_string(template, context))
