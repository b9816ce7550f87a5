"""The import contract between apps (pyproject.toml, `make lint`) holds today, and a new
import of another capability's insides breaks it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter not installed")


def lint_imports(tree):
    """Run the project's contracts on the ``coalition`` package copied under ``tree``."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=tree,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def tree(tmp_path):
    """A copy of the package's Python files, free to break."""
    shutil.copytree(
        ROOT / "coalition",
        tmp_path / "coalition",
        ignore=lambda folder, names: (
            [n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()]
            + ["__pycache__", "node_modules"]
        ),
    )
    return tmp_path


def add_line(path, line):
    path.write_text(path.read_text() + f"\n{line}\n")


def test_the_apps_keep_their_boundaries_today(tree):
    result = lint_imports(tree)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_a_capability_importing_another_capabilitys_views_breaks_the_contract(tree):
    add_line(tree / "coalition/knowledge/practices/views.py", "from coalition.plans import views")

    result = lint_imports(tree)

    assert result.returncode == 1
    assert "coalition.knowledge.practices.views -> coalition.plans.views" in result.stdout


def test_a_capability_may_still_import_another_capabilitys_metrics_and_models(tree):
    add_line(tree / "coalition/mapping/views.py", "from coalition.events import metrics, models")

    assert lint_imports(tree).returncode == 0


def test_core_importing_a_capability_breaks_the_contract(tree):
    add_line(tree / "coalition/core/views.py", "from coalition.directory import models  # noqa")

    result = lint_imports(tree)

    assert result.returncode == 1
    assert "coalition.core.views -> coalition.directory.models" in result.stdout
