"""Every capability app has the same files for the same jobs, so that knowing one app is
knowing them all (docs/architecture.md, "Apps and layout")."""

from pathlib import Path

import pytest
from django.apps import apps

FILES = ["models.py", "views.py", "forms.py", "filters.py", "urls.py", "api.py",
         "admin.py", "metrics.py", "demo.py"]  # fmt: skip
# A capability split into sub-packages (knowledge: swot/, practices/, agreements/,
# campaigns/) may keep these in each sub-package instead.
SPLIT = {"views.py", "forms.py"}
NOT_CAPABILITIES = {"coalition.core", "coalition.lib"}
# The public site owns no data: it shows what the other capabilities publish, read through
# their metrics. It has no models, admin, API, metrics, demo data, filter sets or forms of
# its own (its lists' one filter form is in listing.py).
# The reports (the regional annual report) likewise read the others' metrics only.
OWNS_NO_DATA = {"public": {"models.py", "admin.py", "api.py", "metrics.py", "demo.py",
                           "filters.py", "forms.py"},
                "reports": {"models.py", "admin.py", "api.py", "metrics.py", "demo.py",
                            "filters.py"}}  # fmt: skip


def capabilities():
    return [
        config
        for config in apps.get_app_configs()
        if config.name.startswith("coalition.") and config.name not in NOT_CAPABILITIES
    ]


def has(folder, name):
    if (folder / name).is_file() or (folder / name.removesuffix(".py") / "__init__.py").is_file():
        return True
    return name in SPLIT and any(
        (sub / name).is_file() and (sub / "__init__.py").is_file()
        for sub in folder.iterdir()
        if sub.is_dir() and sub.name != "tests"
    )


def test_the_capabilities_are_the_installed_apps_of_the_package():
    names = {config.label for config in capabilities()}
    assert {"plans", "events", "directory", "mapping", "knowledge"} <= names


@pytest.mark.parametrize("config", capabilities(), ids=lambda config: config.label)
def test_each_capability_has_the_files_of_the_skeleton(config):
    folder = Path(config.path)
    needed = [name for name in FILES if name not in OWNS_NO_DATA.get(config.label, ())]
    missing = [name for name in needed if not has(folder, name)]
    if not (folder / "tests" / "__init__.py").is_file():
        missing.append("tests/")
    assert not missing, f"{config.label} lacks {', '.join(missing)}"


def test_a_capability_missing_a_file_is_caught(tmp_path):
    (tmp_path / "views.py").write_text("")
    (tmp_path / "agreements").mkdir()
    (tmp_path / "agreements" / "__init__.py").write_text("")
    (tmp_path / "agreements" / "forms.py").write_text("")
    assert has(tmp_path, "views.py")
    (tmp_path / "api").mkdir()
    assert not has(tmp_path, "api.py")
    (tmp_path / "api" / "__init__.py").write_text("")
    assert has(tmp_path, "api.py")
    assert has(tmp_path, "forms.py")
    assert not has(tmp_path, "metrics.py")
    assert not has(tmp_path, "urls.py")
