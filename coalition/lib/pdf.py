"""PDFs from HTML templates (WeasyPrint), self-contained: nothing is fetched."""

from django.template.loader import render_to_string


def no_fetching(url, *args, **kwargs):
    """Our PDFs are self-contained: WeasyPrint never fetches a file or a URL."""
    raise ValueError(f"The document does not load external resources ({url[:60]}).")


def html_to_pdf(html):
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=no_fetching).write_pdf()


def render_pdf(template, context):
    """The PDF of ``template`` rendered with ``context`` (in the active language)."""
    return html_to_pdf(render_to_string(template, context))
