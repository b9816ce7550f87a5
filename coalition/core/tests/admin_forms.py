"""Filling in a Django admin form as a browser would, for tests that write through the admin.

``admin_form(client, url)`` opens an admin add or change page and returns what its form
would send unchanged (inline rows and their management forms included); a test changes
what it needs and posts it back with ``client.post(url, data)``.
"""

from html.parser import HTMLParser

UNSENT_INPUTS = {"submit", "button", "reset", "file", "image"}


class _Form(HTMLParser):
    """The values of the first form whose id ends in ``_form`` (the admin's change form)."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self.inside = self.done = False
        self.select = None  # [name, multiple, options, selected]
        self.textarea = None  # [name, text]
        self.option = None  # [value, selected, text]

    def _add(self, name, value):
        if name and "__prefix__" not in name:  # the template of a new inline row
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and (attrs.get("id") or "").endswith("_form"):
            self.inside = True
        if not self.inside:
            return
        kind = (attrs.get("type") or "text").lower()
        if tag == "input" and kind not in UNSENT_INPUTS:
            if kind not in ("checkbox", "radio") or "checked" in attrs:
                self._add(
                    attrs.get("name"), attrs.get("value") or ("on" if kind == "checkbox" else "")
                )
        elif tag == "select":
            self.select = [attrs.get("name"), "multiple" in attrs, [], []]
        elif tag == "option" and self.select is not None:
            self.option = [attrs.get("value"), "selected" in attrs, ""]
        elif tag == "textarea":
            self.textarea = [attrs.get("name"), ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        if self.option is not None:
            self.option[2] += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "option" and self.option is not None:
            value, selected, text = self.option
            value = text.strip() if value is None else value
            self.select[2].append(value)
            if selected:
                self.select[3].append(value)
            self.option = None
        elif tag == "select" and self.select is not None:
            name, multiple, options, selected = self.select
            # A single choice with nothing marked sends its first option, as a browser does.
            for value in selected or ([] if multiple or not options else options[:1]):
                self._add(name, value)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self._add(name, text.removeprefix("\n"))
            self.textarea = None
        elif tag == "form":
            self.inside, self.done = False, True


def form_values(html):
    """``{name: value or [values]}`` that the admin's change form in ``html`` would send."""
    parser = _Form()
    parser.feed(html)
    return {name: values[0] if len(values) == 1 else values for name, values in parser.data.items()}


def admin_form(client, url):
    """What the admin form at ``url`` would send as it stands."""
    response = client.get(url)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    return form_values(response.content.decode())
