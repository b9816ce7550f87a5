"""What the attention tests of every app share: the items the home page shows a persona,
and whether their links open."""

from urllib.parse import parse_qs, urlsplit

HOME = "/home/"


def items(client):
    """The home page's "needs your attention" items, as ``Item``s (level, message, link)."""
    response = client.get(HOME)
    assert response.status_code == 200
    return response.context["attention"]


def mentioning(client, words):
    """The items whose message holds ``words``."""
    return [item for item in items(client) if words in item.message]


def query_of(link):
    """The link's query as ``{name: [values]}``."""
    return parse_qs(urlsplit(link).query)


def opens(client, link):
    """Does the link answer 200 to ``client``?"""
    return client.get(link).status_code == 200
