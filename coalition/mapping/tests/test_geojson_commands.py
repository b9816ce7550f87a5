"""``coalition import_geojson`` and ``coalition export_geojson``."""

import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import connections

from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry
from coalition.mapping.io_views import EXAMPLE
from coalition.mapping.models import Route, Zone

KML = "{http://www.opengis.net/kml/2.2}"


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_command_imports_a_good_file(mapping, tmp_path):
    path = tmp_path / "zonas.geojson"
    path.write_bytes(EXAMPLE.read_bytes())
    output = run("import_geojson", str(path))
    assert "3 features: 2 zones created, 0 updated, 0 unchanged; 1 routes created" in output
    assert Zone.objects.filter(name__startswith="Ejemplo").count() == 2
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert entry.actor_repr == "system:import_geojson"


def test_a_dry_run_writes_nothing(mapping, tmp_path):
    path = tmp_path / "zonas.geojson"
    path.write_bytes(EXAMPLE.read_bytes())
    output = run("import_geojson", str(path), "--dry-run")
    assert "nothing was written" in output and "2 zones created" in output
    assert not Zone.objects.filter(name__startswith="Ejemplo").exists()


def test_a_bad_file_lists_every_problem_and_writes_nothing(mapping, personas, tmp_path):
    document = json.loads(EXAMPLE.read_bytes())
    document["features"][0]["properties"]["country"] = "GT"
    document["features"][1]["properties"]["kind"] = "volcano"
    path = tmp_path / "zonas.geojson"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("import_geojson", str(path), "--as", "cr_editor")
    message = str(caught.value)
    assert "nothing imported, 2 problem(s)" in message
    assert 'feature 1, property "country": you may not write map data of Guatemala.' in message
    assert 'feature 2, property "kind": «volcano» is not a kind of zone' in message
    assert not Zone.objects.filter(name__startswith="Ejemplo").exists()
    # The same file is fine for the whole region.
    path.write_text(json.dumps(document).replace('"volcano"', '"risk"'), encoding="utf-8")
    assert "2 zones created" in run("import_geojson", str(path))


def test_bad_input_is_a_message_and_an_exit_status_not_a_traceback(
    mapping, tmp_path, capsys, monkeypatch
):
    path = tmp_path / "zonas.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    # As from the shell, but keep the test's database connection: a command run from the
    # command line closes every connection when it ends (PostgreSQL would lose the test's).
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["coalition", "import_geojson", str(path)]).execute()
    assert exited.value.code != 0
    error = capsys.readouterr().err
    assert "nothing imported" in error and "not valid JSON" in error and "line 1" in error
    assert "Traceback" not in error
    with pytest.raises(CommandError, match="no such file"):
        run("import_geojson", str(tmp_path / "missing.geojson"))
    with pytest.raises(CommandError, match="no user"):
        run("import_geojson", str(path), "--as", "nobody")


def test_a_user_who_may_not_write_is_refused(mapping, personas, tmp_path):
    path = tmp_path / "zonas.geojson"
    path.write_bytes(EXAMPLE.read_bytes())
    with pytest.raises(CommandError, match="may not write map data"):
        run("import_geojson", str(path), "--as", "partner")


def test_the_export_writes_geojson_or_kml_and_imports_back_unchanged(mapping, tmp_path):
    path = tmp_path / "mapa.geojson"
    output = run("export_geojson", str(path), "--country", "cr")
    assert "3 zones and 1 routes written (geojson)" in output
    document = json.loads(path.read_text(encoding="utf-8"))
    assert {f["properties"]["country"] for f in document["features"]} == {"CR"}
    before = (Zone.objects.count(), Route.objects.count())
    assert "0 zones created, 0 updated, 3 unchanged" in run("import_geojson", str(path))
    assert (Zone.objects.count(), Route.objects.count()) == before

    kml = tmp_path / "mapa.kml"
    assert "(kml)" in run("export_geojson", str(kml))
    root = ET.parse(kml).getroot()
    assert len(list(root.iter(f"{KML}Placemark"))) == 7
    exports = AuditEntry.objects.filter(action=AuditAction.EXPORT).order_by("seq")
    assert [e.after["format"] for e in exports] == ["geojson", "kml"]
    assert exports[0].actor_repr == "system:export_geojson"
    assert exports[0].after["country"] == "CR"


def test_the_export_refuses_an_unknown_country(mapping, tmp_path):
    with pytest.raises(CommandError, match="not an active country"):
        run("export_geojson", str(tmp_path / "mapa.geojson"), "--country", "ZZ")
    with pytest.raises(CommandError, match="cannot be written"):
        run("export_geojson", str(tmp_path / "missing" / "mapa.geojson"))
