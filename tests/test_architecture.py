"""The library's layers (docs/architecture.md): imports only run down, never up or sideways.

Read from the source with :mod:`ast`, so the rule holds for every module, imported or not.
Imports under ``if TYPE_CHECKING:`` are for type checkers only and do not count.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import claimgraph

SRC = Path(claimgraph.__file__).resolve().parent

# Each unit (a first-level package or module of claimgraph) and its layer, bottom first.
# A unit may import units of lower layers only; the root package's ``__version__`` is the
# one name every layer may read.
LAYERS: dict[str, int] = {
    "errors": 0,
    "formats": 0,
    "progress": 0,
    "rdf": 1,
    "graphviz": 1,
    "extensions": 2,
    "corpus": 2,
    "query": 3,
    "validate": 4,
    "facts": 4,
    "build": 5,
    "analysis": 5,
    "authoring": 5,
    "synthetic": 5,
    "remote": 5,
    "export": 6,
    "interop": 6,
    "ontology_tools": 7,
    "cli": 8,
    "__main__": 9,
}


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _imports(tree: ast.AST) -> list[tuple[int, str, list[str]]]:
    found: list[tuple[int, str, list[str]]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for branch in node.orelse:
                visit(branch)
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, a.name, []) for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return [item for item in found if item[1].split(".")[0] == "claimgraph"]


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p.name != "__init__.py" or p.parent != SRC)


def test_every_unit_has_a_layer() -> None:
    units = {p.stem if p.parent == SRC else p.relative_to(SRC).parts[0] for p in _modules()}
    assert units <= set(LAYERS), f"give these a layer: {sorted(units - set(LAYERS))}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_run_down_the_layers(path: Path) -> None:
    own = path.stem if path.parent == SRC else path.relative_to(SRC).parts[0]
    wrong = []
    for line, module, names in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        unit = _unit(module)
        if unit == "__init__" and names == ["__version__"]:
            continue
        if unit != own and LAYERS.get(unit, 99) >= LAYERS[own]:
            wrong.append(f"line {line}: {module} (layer {LAYERS.get(unit)}, own {LAYERS[own]})")
    assert not wrong, "imports that run up or sideways:\n" + "\n".join(wrong)


def test_analysis_never_imports_export() -> None:
    for path in (SRC / "analysis").rglob("*.py"):
        modules = [m for _, m, _ in _imports(ast.parse(path.read_text(encoding="utf-8")))]
        assert not [m for m in modules if m.startswith("claimgraph.export")], path


def test_the_public_api_is_what_all_lists() -> None:
    public = set(claimgraph.__all__) - {"__version__"}
    assert public == set(claimgraph._PUBLIC)
    for name in sorted(public):
        module = importlib.import_module(claimgraph._PUBLIC[name])
        assert getattr(claimgraph, name) is getattr(module, name)
        assert getattr(claimgraph, name).__doc__, f"{name} needs a docstring"


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        _ = claimgraph.no_such_name


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_are_absolute(path: Path) -> None:
    # Absolute imports name the layer they reach into, which the rule above reads.
    relative = [
        node.lineno
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level > 0
    ]
    assert not relative, f"relative imports at lines {relative}"


def test_the_readme_library_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import re

    readme = SRC.parents[1] / "README.md"
    found = re.search(r"## As a library.*?```python\n(.*?)```", readme.read_text(), re.S)
    assert found, "README.md has no library example"
    monkeypatch.chdir(readme.parent)
    exec(compile(found.group(1), "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "False"  # no violations on the project's data
    assert len(printed) > 2 and int(printed[-1]) > 0  # rows, then a count of claims
