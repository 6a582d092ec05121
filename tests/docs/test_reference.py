"""docs/reference.md lists exactly the keys report.yaml accepts, level by level.

The keys come from the reader's key sets and the pydantic models, so a key added to
either (by any change) fails here until it is documented; a nested mapping or a figure
type added fails until its level has a table."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

import pytest
from pydantic import BaseModel

from cspdoc.model import Column, Meta, Suppression
from cspdoc.model.blocks import Chart
from cspdoc.readers import definition as d
from tests.conftest import ROOT

PAGE = ROOT / "docs" / "reference.md"
ARTICLE = {"table": "a table", "image": "an image", "chart": "a chart"}


def fields(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields) - {"where"}


def model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = model_in(arg)
        if found is not None:
            return found
    return None


def nested_levels(prefix: str, model: type[BaseModel]) -> dict[str, set[str]]:
    """A level for every mapping inside ``model``: "meta.period", "meta.corrections[]"."""
    out: dict[str, set[str]] = {}
    for name, info in model.model_fields.items():
        inner = model_in(info.annotation)
        if inner is None or name == "where":
            continue
        listed = "tuple" in str(info.annotation)
        level = f"{prefix}.{name}{'[]' if listed else ''}"
        out[level] = fields(inner)
        out.update(nested_levels(level, inner))
    return out


def expected_levels() -> dict[str, set[str]]:
    levels = {
        "report.yaml": set(d.TOP_KEYS),
        "meta": set(d.META_KEYS),
        "values.NAME": set(d.VALUE_KEYS),
        "suppress": fields(Suppression),
        "columns[]": set(d.COLUMN_KEYS),
        "sections": set(d.SECTION_KEYS),
        "Content items": set(d.CONTENT_KEYS),
        "panel": set(d.PANEL_KEYS),
        "Panel columns": set(d.PANEL_COLUMN_KEYS),
        **nested_levels("meta", Meta),
    }
    for kind, keys in d.FIGURE_KEYS.items():
        levels[f"figures.ID ({ARTICLE.get(kind, kind)})"] = set(keys)
    return levels


def documented() -> dict[str, dict[str, str]]:
    """Each level's heading, and each key of its table with its row's text."""
    out: dict[str, dict[str, str]] = {}
    level = None
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^#{2,3} (.+)$", line)
        if heading:
            level = heading[1].replace("`", "").strip()
            continue
        row = re.match(r"^\| `([a-z_]+)` \|", line)
        if row and level is not None:
            out.setdefault(level, {})[row[1]] = line
    return out


LEVELS = expected_levels()


def problem(level: str, levels: dict[str, set[str]]) -> str | None:
    keys = documented().get(level)
    if keys is None:
        return f"docs/reference.md has no '{level}' heading and table"
    if set(keys) != levels[level]:
        return (f"{level}: undocumented {sorted(levels[level] - set(keys))}, "
                f"documented but not read {sorted(set(keys) - levels[level])}")
    return None


@pytest.mark.parametrize("level", sorted(LEVELS))
def it_documents_every_key_of_each_level(level: str):
    assert problem(level, LEVELS) is None, problem(level, LEVELS)


def it_has_no_table_for_a_level_cspdoc_does_not_read():
    assert set(documented()) - {"In the Markdown"} <= set(LEVELS)


@pytest.mark.parametrize(("level", "model", "key"), [
    ("meta", Meta, "status"), ("meta", Meta, "numbers"), ("meta", Meta, "numbering"),
    ("columns[]", Column, "kind"), ("columns[]", Column, "total"),
    ("figures.ID (a chart)", Chart, "kind")])
def it_names_every_choice_of_a_key(level: str, model: type[BaseModel], key: str):
    enum = model_in_enum(model.model_fields[key].annotation)
    row = documented()[level][key]
    for member in enum:
        assert f"`{member.value}`" in row, f"{level}.{key}: {member.value!r} not listed"


def model_in_enum(annotation: Any) -> type[StrEnum]:
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, StrEnum):
            return arg
    raise AssertionError(f"{annotation} is not an enum")


def it_fails_for_a_key_or_a_level_added_later(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(d, "COLUMN_KEYS", {*d.COLUMN_KEYS, "colour"})
    assert problem("columns[]", expected_levels()) == (
        "columns[]: undocumented ['colour'], documented but not read []")
    monkeypatch.setattr(d, "FIGURE_KEYS", {**d.FIGURE_KEYS, "map": {"type", "caption"}})
    assert problem("figures.ID (map)", expected_levels()) == (
        "docs/reference.md has no 'figures.ID (map)' heading and table")
