"""The public pages' cache across server processes: each keeps the pages it served in its
memory, and a change seen by one process reaches the pages every process serves at once."""

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.core.management import call_command

from coalition.core.models import Country
from coalition.public import cache


@pytest.fixture
def shared(tmp_path):
    """The file cache that gunicorn's processes share (var/public-pages in production)."""
    return FileBasedCache(str(tmp_path / "public-pages"), {})


def render(process, address, text):
    """Serve ``address`` as pages.page does: the cached page, else ``text`` rendered now."""
    key = cache.key_of(address)
    generation, entry = process.get(key)
    if entry is not None:
        return entry
    process.put(key, text, generation)
    return text


def test_a_page_one_process_rendered_is_served_by_another(shared):
    first, second = cache.PageCache(shared), cache.PageCache(shared)
    render(first, "/", "home, first rendering")
    assert render(second, "/", "home, rendered again") == "home, first rendering"


def test_a_clear_in_one_process_reaches_the_pages_another_keeps_in_memory(shared):
    first, second = cache.PageCache(shared), cache.PageCache(shared)
    render(first, "/en/", "old home")
    assert render(second, "/en/", "unused") == "old home"  # now in second's memory
    first.clear()
    assert render(second, "/en/", "new home") == "new home"
    assert render(first, "/en/", "unused") == "new home"


def test_a_page_rendered_from_data_a_clear_replaced_is_never_served(shared):
    slow, writer = cache.PageCache(shared), cache.PageCache(shared)
    key = cache.key_of("/statistics/")
    generation, entry = slow.get(key)  # a request starts rendering from the old data
    assert entry is None
    writer.clear()  # meanwhile another process commits a change
    slow.put(key, "old statistics", generation)
    assert render(writer, "/statistics/", "new statistics") == "new statistics"
    assert render(slow, "/statistics/", "unused") == "new statistics"


def test_a_process_keeps_only_its_most_recent_pages_in_memory(shared, monkeypatch):
    monkeypatch.setattr(cache, "LOCAL_PAGES", 2)
    process = cache.PageCache(shared)
    for address in ("/a/", "/b/", "/c/"):
        render(process, address, f"page {address}")
    generation = shared.get(cache.GENERATION)
    shared.clear()  # the files gone, the generation kept: only memory answers now
    shared.set(cache.GENERATION, generation)
    assert render(process, "/c/", "unused") == "page /c/"
    assert render(process, "/a/", "/a/ rendered again") == "/a/ rendered again"


@pytest.mark.django_db
def test_clear_public_cache_shows_data_changed_behind_the_sites_back(client, countries, capsys):
    assert "Costa Rica" in client.get("/en/").text
    Country.objects.filter(iso2="CR").update(name_en="Republic of Costa Rica")  # as SQL would
    assert "Republic of Costa Rica" not in client.get("/en/").text
    call_command("clear_public_cache")
    assert "Republic of Costa Rica" in client.get("/en/").text
    assert "cleared" in capsys.readouterr().out


class Unwritable:
    """A shared cache whose folder the server may not use (wrong owner)."""

    def get(self, key, default=None):
        raise PermissionError(13, "Permission denied", "var/public-pages")

    add = set = clear = get


def test_a_cache_folder_the_server_cannot_use_leaves_pages_rendered_afresh(caplog):
    process = cache.PageCache(Unwritable())
    assert render(process, "/", "home, first visit") == "home, first visit"
    assert render(process, "/", "home, second visit") == "home, second visit"
    assert "cannot be read" in caplog.text
