"""Form data of an edit page as the page sends it: with the version of the record it was
opened on (``core.stale``)."""

import re
from html.parser import HTMLParser

from coalition.core import concurrency, stale


def versioned(record, data=None, **more):
    """``data`` (and ``more``) with the hidden version of ``record`` as the database holds it."""
    current = type(record)._default_manager.get(pk=record.pk)
    return {**(data or {}), **more, stale.FIELD: concurrency.token(current)}


def opened(client, url, data=None, **more):
    """``data`` with the version the edit page at ``url`` carries when ``client`` opens it
    now (nothing when the page has none or refuses the client)."""
    found = re.search(rf'name="{stale.FIELD}" value="([^"]*)"', client.get(url).content.decode())
    return {**(data or {}), **more, **({stale.FIELD: found.group(1)} if found else {})}


def save(client, url, data=None, **kwargs):
    """Open the edit page at ``url`` and send ``data`` with it, as a browser does."""
    return client.post(url, opened(client, url, data), **kwargs)


class _FormReader(HTMLParser):
    """The values a browser would send from each ``method="post"`` form of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.current, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.current = []
            self.forms.append(self.current)
        if self.current is None:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("file", "submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if a.get("type") in ("checkbox", "radio") else ""
            self.current.append((name, a.get("value", default)))
        elif tag == "select" and name:
            self.select = (name, "multiple" in a)
        elif tag == "option" and self.select and "selected" in a:
            self.current.append((self.select[0], a.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.current is not None:
            self.current.append((self.textarea[0], self.textarea[1].lstrip("\n")))
            self.textarea = None


def form_values(response):
    """The edit form of a page (the one with the version field, else the largest) as a
    browser would send it unchanged: {name: value or [values]}, as the test client posts."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    chosen = next((f for f in reader.forms if any(n == stale.FIELD for n, _v in f)), None)
    values = {}
    for name, value in chosen or max(reader.forms, key=len):
        if name == "csrfmiddlewaretoken":
            continue
        values.setdefault(name, []).append(value)
    return {name: found[0] if len(found) == 1 else found for name, found in values.items()}


def stale_box(response):
    """The text of the refusal that lists what someone else changed ("" when none)."""
    page = response.content.decode()
    if 'id="stale-edit"' not in page:
        return ""
    return re.sub(
        r"\s+",
        " ",
        re.sub(r"<[^>]+>", " ", page.split('id="stale-edit"', 1)[1].split("</div>", 1)[0]),
    )


def two_editors(first, second, url, first_changes, second_changes):
    """Two people open the edit page at ``url``; the first saves ``first_changes``, then
    the second sends ``second_changes``: (the second's answer, what the second sent)."""
    first_form = form_values(first.get(url))
    second_form = form_values(second.get(url))
    saved = first.post(url, {**first_form, **first_changes})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    sent = {**second_form, **second_changes}
    return second.post(url, sent), sent


def reapply(client, url, refused, sent):
    """Press Save again on a refused form: what the user typed, with the returned version."""
    return client.post(url, {**sent, stale.FIELD: form_values(refused)[stale.FIELD]})
