"""Spanish is the default language and every user-visible string is translated."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _catalog():
    return polib.pofile(str(PO))


def test_every_spanish_entry_is_translated_and_not_fuzzy():
    po = _catalog()
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [], f"untranslated: {untranslated[:10]}"
    assert fuzzy == [], f"fuzzy: {fuzzy[:10]}"


def test_the_compiled_catalog_matches_the_source():
    compiled = {(e.msgid, e.msgstr) for e in polib.mofile(str(MO)) if not e.msgid_plural}
    source = {(e.msgid, e.msgstr) for e in _catalog() if not e.msgid_plural and not e.obsolete}
    assert source - compiled == set(), "run `make messages` to recompile locale/es"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_every_string_in_code_and_templates_is_in_the_catalog(tmp_path):
    """Extract messages from a copy of the sources and compare with the catalog."""
    shutil.copytree(ROOT / "coalition", tmp_path / "coalition")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "locale" / "es" / "LC_MESSAGES").mkdir(parents=True)
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "es", "--no-location"],
        cwd=tmp_path,
        env={
            "DJANGO_SETTINGS_MODULE": "coalition.settings",
            "PYTHONPATH": str(tmp_path),
            "PATH": "/usr/bin:/bin",
            "COALITION_VAR_DIR": str(tmp_path / "var"),
        },
        check=True,
        capture_output=True,
    )
    extracted = {e.msgid for e in polib.pofile(str(tmp_path / "locale/es/LC_MESSAGES/django.po"))}
    translated = {e.msgid for e in _catalog() if e.translated()}
    assert sorted(extracted - translated) == [], "new strings: run `make messages` and translate"


def test_pages_speak_spanish_by_default_and_english_on_request(client, countries):
    assert "Qué es la trata de personas" in client.get("/").content.decode()
    assert "What trafficking in persons is" in client.get("/en/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Sign in" in client.get("/login/").content.decode()
