"""Every page speaks one language: no Spanish word in the interface of an English page, no
English word in that of a Spanish page.

Every GET URL pattern of the project is requested (with the URL sweep's samples, see
``test_url_sweep``) as the regional administrator, who may open nearly all of them, and
anonymously, for the public pages; each HTML page answered is read for its interface
only: labels, buttons, legends, table headers, menu options, navigation, help texts,
placeholders and accessible names, and the headings of pages that show no record. What a
page shows of its records (a plan's Spanish text, "Panamá", an institution's name) is
data, in whatever language it was written, and is not read.
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import resolve
from django.utils import translation

from coalition.core.models import User
from coalition.core.tests.test_url_sweep import NotCovered, collect, kwargs_for, url_for
from coalition.public.pages import LANGUAGE_OF

# Words that only an untranslated interface shows, matched whole and case-sensitive ("Nueva"
# is not one: Nueva Segovia and Nueva Ocotepeque are places).
SPANISH = [
    "descendente", "Buscar", "Guardar", "Nombre", "País", "Países", "Fecha", "Sin iniciar",
    "Ver", "Editar", "Eliminar", "Generado", "Vence", "Filtrar", "Limpiar", "Cancelar",
    "Exportar", "Importar", "Todos", "Todas", "Siguiente", "Anterior", "Cerrar", "Estado",
    "Tipo", "Año", "Agregar", "Ordenar por", "Descargar", "Volver", "Sí",
    "Institución", "Organizaciones", "Eventos", "Actualizado", "Título", "Subir", "Adjuntar",
]  # fmt: skip
ENGLISH = [
    "Search", "Save", "Sort by", "descending", "Edit", "Delete", "Generated", "Name",
    "Country", "Countries", "Date", "Cancel", "Filter", "Clear", "Export", "Import", "Next",
    "Previous", "Close", "Status", "Add", "New", "View", "Back", "Download", "Upload", "Yes",
    "All", "Kind", "Type", "Year", "Expires", "Title", "Updated", "Attach", "Not started",
]  # fmt: skip
TELLTALES = {"en": SPANISH, "es": ENGLISH}

# The interface: these elements' text, wherever they are.
CHROME_TAGS = {"label", "button", "legend", "summary", "caption", "option", "optgroup", "dt"}
# ... and the text of elements with one of these classes (Bootstrap's).
CHROME_CLASSES = {
    "btn", "nav-link", "dropdown-item", "page-link", "form-text", "form-label", "badge",
    "text-muted", "small", "help",
}  # fmt: skip
CHROME_ATTRIBUTES = ("placeholder", "aria-label")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SKIPPED = {"script", "style", "textarea", "pre", "code"}
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


class Interface(HTMLParser):
    """The interface texts of an HTML page (see the module's docstring)."""

    def __init__(self, *, headings):
        super().__init__(convert_charrefs=True)
        self.headings = headings
        self.stack = []  # (tag, is interface, is skipped)
        self.texts = []

    def _inside(self):
        chrome = any(entry[1] for entry in self.stack)
        skipped = any(entry[2] for entry in self.stack)
        return chrome and not skipped

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in CHROME_ATTRIBUTES:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])
        if tag in VOID:
            return
        classes = set((attrs.get("class") or "").split())
        chrome = (
            tag in CHROME_TAGS
            or bool(classes & CHROME_CLASSES)
            or (tag == "th" and any(entry[0] == "thead" for entry in self.stack))
            or (tag in HEADINGS and self.headings)
        )
        # An option that stands for a record (its value a primary key) is data.
        if tag == "option" and (attrs.get("value") or "").isdigit():
            chrome = False
        self.stack.append((tag, chrome, tag in SKIPPED or (tag == "option" and not chrome)))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if data.strip() and self._inside():
            self.texts.append(data)


def interface_texts(html, *, headings):
    parser = Interface(headings=headings)
    parser.feed(html)
    parser.close()
    return parser.texts


def telltales_in(texts, words):
    """The tell-tale words found, each with the text it was found in."""
    found = []
    for text in texts:
        text = " ".join(text.split())
        for word in words:
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text):
                found.append(f"{word!r} in {text[:80]!r}")
    return found


# --- the pages ---------------------------------------------------------------------------


def page_urls(samples):
    """(URL, whether it shows no record) of every GET URL pattern but the API's."""
    urls = []
    for entry in collect(settings.ROOT_URLCONF):
        if entry.is_api:
            continue
        try:
            kwarg_sets = kwargs_for(entry, samples)
        except NotCovered:
            continue  # test_url_sweep reports it
        urls += [(url_for(entry, kwargs), not kwargs) for kwargs in kwarg_sets]
    return urls


def problems_of(client, url, *, headings, words):
    response = client.get(url)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    if response.streaming:
        return []
    found = telltales_in(interface_texts(response.content.decode(), headings=headings), words)
    return [f"{url}: {problem}" for problem in found]


@pytest.fixture
def pages(countries, organizations, personas):
    from coalition.core.tests.test_url_sweep import collect_samples

    fixtures = {"countries": countries, "organizations": organizations, "personas": personas}
    return page_urls(collect_samples(fixtures))


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_page_shows_a_word_of_the_other_language(language, pages, client_for):
    User.objects.update(language=language)
    clients = [client_for("regional_admin"), client_for("anonymous")]
    for client in clients:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    problems = []
    with translation.override(language):
        for url, headings in pages:
            # A public page speaks the language of its address, whoever asks (public.pages).
            if LANGUAGE_OF.get(resolve(url.split("?")[0]).namespace, language) != language:
                continue
            for client in clients:
                problems += problems_of(client, url, headings=headings, words=TELLTALES[language])
    assert not problems, "\n".join(sorted(set(problems)))


# --- the check can fail ------------------------------------------------------------------


def test_it_finds_a_spanish_button_on_an_english_page_but_not_spanish_data():
    html = """<table><thead><tr><th>Name</th><th>País</th></tr></thead>
      <tbody><tr><td>Fecha de la Fundación Ver</td><td>Panamá</td></tr></tbody></table>
      <select name="o"><option value="-name">Nombre (descendente)</option>
      <option value="12">Ver y Guardar, S.A.</option></select>
      <a class="btn btn-primary" href="/x/">Guardar</a>
      <h1>Fecha límite</h1><input type="search" placeholder="Buscar">"""
    found = telltales_in(interface_texts(html, headings=False), SPANISH)
    words = sorted({problem.split("'")[1] for problem in found})
    assert words == ["Buscar", "Guardar", "Nombre", "País", "descendente"]


def test_it_finds_an_english_word_on_a_spanish_page():
    html = '<form><label for="q">Search</label><button>Guardar</button></form><p>Save</p>'
    assert telltales_in(interface_texts(html, headings=True), ENGLISH) == ["'Search' in 'Search'"]
