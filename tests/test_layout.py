"""The layout shows the flow: packages by stage, no import cycles, no giant modules, a working wheel.

The layer contracts themselves are ``[tool.importlinter]`` in ``pyproject.toml``,
checked by ``lint-imports`` in ``make test``; these tests check what it does not.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import grimp
import pytest
import tomllib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "runner"
MAX_LINES = 400


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _cycle(graph: grimp.ImportGraph, modules: set[str]) -> list[str] | None:
    """One import cycle among ``modules`` (a package's ``__init__`` counts as a module), or None."""
    edges = {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for nxt in sorted(edges[module]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(modules):
        if module not in state and (found := visit(module)):
            return found
    return None


def test_no_import_cycle_between_any_two_modules():
    """Every import counts, at the top of a module or inside a function (grimp reads both)."""
    graph = grimp.build_graph("runner")
    modules = {m for m in graph.modules if m.startswith("runner")}
    assert len(modules) > 40
    assert _cycle(graph, modules) is None, " -> ".join(_cycle(graph, modules) or [])


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for name in ("a", "a.b", "a.c", "a.d"):
        graph.add_module(name)
    graph.add_import(importer="a.b", imported="a.c")
    graph.add_import(importer="a.c", imported="a.d")
    assert _cycle(graph, {"a.b", "a.c", "a.d"}) is None
    graph.add_import(importer="a.d", imported="a.b")
    assert _cycle(graph, {"a.b", "a.c", "a.d"}) == ["a.b", "a.c", "a.d", "a.b"]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_over_400_lines(path: Path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def _packages() -> list[Path]:
    return sorted(p.parent for p in PACKAGE.rglob("__init__.py"))


@pytest.mark.parametrize("package", _packages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_package_says_what_it_owns_and_may_import(package: Path):
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8"))) or ""
    if package == PACKAGE:
        assert "sources -> drill -> notebook -> profile -> grade" in doc
    else:
        assert "May import" in doc and len(doc.splitlines()) >= 3


def test_the_wheel_lists_every_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = {".".join(p.relative_to(ROOT).parts) for p in _packages()}
    listed = set(config["packages"])
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages in pyproject.toml"
    assert listed - found == {"runner.specs", "runner.templates"}
    assert config["package-dir"] == {"runner.specs": "drills", "runner.templates": "templates"}


def test_readme_tree_matches_the_code():
    """The README's layout block names every package and top-level module of ``runner/``, and nothing else."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```text\nrunner/\n(.*?)```", readme, re.DOTALL)
    assert block, "README.md has no ```text block starting with runner/"
    named = set(re.findall(r"^\s*([a-z_]+(?:\.py|/))", block.group(1), re.MULTILINE))
    actual = {p.name + "/" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    actual |= {p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    nested = {p.name + "/" for p in PACKAGE.glob("*/*") if (p / "__init__.py").is_file()}  # sources/network/, ...
    assert named == actual | nested
