"""Imports run one way (STYLE.md): the model imports nothing from the layers above it,
readers and transforms nothing from the writers. Read from the source's syntax tree, so
an import hidden inside a function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "cspdoc"


def imported(path: Path, root: Path) -> set[str]:
    """Every module ``path`` (under package ``root``) imports, relative imports
    (``from ..transforms import walk``) resolved."""
    package = ".".join(("cspdoc", *path.relative_to(root).parent.parts))
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            out.add(base)
            out.update(f"{base}.{alias.name}" for alias in node.names)
    return out


def crossings(layer: str, forbidden: tuple[str, ...], root: Path = SRC) -> list[str]:
    found = []
    for path in sorted((root / layer).rglob("*.py")):
        for module in sorted(imported(path, root)):
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(root)} imports {module}")
    return found


ABOVE_THE_MODEL = ("cspdoc.readers", "cspdoc.transforms", "cspdoc.writers",
                   "cspdoc.pipeline", "cspdoc.builder", "cspdoc.cli", "cspdoc.publish")


@pytest.mark.parametrize(("layer", "forbidden"), [
    ("model", ABOVE_THE_MODEL),
    ("readers", ("cspdoc.transforms", "cspdoc.writers", "cspdoc.pipeline")),
    ("transforms", ("cspdoc.readers", "cspdoc.writers", "cspdoc.pipeline")),
    ("writers", ("cspdoc.readers", "cspdoc.transforms", "cspdoc.pipeline")),
])
def it_keeps_each_layer_below_the_ones_above_it(layer, forbidden):
    assert crossings(layer, forbidden) == []


def it_would_see_an_import_inside_a_function(tmp_path: Path):
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "probe.py").write_text(
        "from cspdoc.model.base import Node\n"
        "def f():\n    from cspdoc.readers.tables import build_rows\n"
        "    from ..transforms import walk\n", encoding="utf-8")
    assert crossings("model", ABOVE_THE_MODEL, tmp_path) == [
        "model/probe.py imports cspdoc.readers.tables",
        "model/probe.py imports cspdoc.readers.tables.build_rows",
        "model/probe.py imports cspdoc.transforms",
        "model/probe.py imports cspdoc.transforms.walk"]
