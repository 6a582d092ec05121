"""Line-aware YAML: every mapping key and list item keeps the line it was typed on."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from cspdoc.errors import InputError, Problems
from cspdoc.where import Where


@dataclass(frozen=True)
class Node:
    """A YAML value with its file, line and dotted field path (``sections[2].title``)."""

    value: Any
    file: str
    line: int | None
    field: str
    # For a mapping merged from several files (``overlay``): each key's own node.
    origins: dict[str, Node] | None = None

    def where(self, **extra: Any) -> Where:
        return Where(file=self.file, line=self.line, field=self.field or None, **extra)

    def error(self, message: str) -> InputError:
        return InputError(message, self.where())

    # ---- structure
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    def is_list(self) -> bool:
        return isinstance(self.value, list)

    def child(self, key: str) -> Node:
        """The value under ``key`` (the mapping must hold it)."""
        if self.origins is not None and key in self.origins:
            return self.origins[key]
        value = self.value[key]
        return Node(value, self.file, _key_line(self.value, key, self.line),
                    f"{self.field}.{key}" if self.field else key)

    def get(self, key: str) -> Node | None:
        return self.child(key) if self.is_map() and key in self.value else None

    def items(self) -> Iterator[tuple[str, Node]]:
        for key in self.value:
            yield str(key), self.child(key)

    def elements(self) -> Iterator[Node]:
        for i, value in enumerate(self.value):
            line = self.line
            if isinstance(self.value, CommentedSeq):
                try:
                    line = self.value.lc.item(i)[0] + 1
                except (KeyError, IndexError, TypeError):
                    line = self.line
            yield Node(value, self.file, line, f"{self.field}[{i}]")

    # ---- checks
    def expect_map(self, what: str) -> None:
        if not self.is_map():
            raise self.error(f"{what} must be a mapping of keys to values, "
                             f"not {_kind(self.value)}")

    def expect_list(self, what: str) -> None:
        if not self.is_list():
            raise self.error(f"{what} must be a list, not {_kind(self.value)}")

    def check_keys(self, allowed: set[str], required: set[str] = frozenset(),  # type: ignore[assignment]
                   what: str = "this entry") -> None:
        """Unknown keys and missing required keys are errors on their own line."""
        self.expect_map(what)
        for key, node in self.items():
            if key not in allowed:
                close = ", ".join(sorted(allowed))
                raise node.error(f"unknown key {key!r} in {what} (expected one of: {close})")
        for key in sorted(required):
            if key not in self.value:
                raise self.error(f"{what} needs {key!r}")

    def text(self, what: str) -> str:
        if isinstance(self.value, bool) or not isinstance(self.value, str | int | float):
            raise self.error(f"{what} must be text, not {_kind(self.value)}")
        return str(self.value)

    def plain(self) -> Any:
        """The value as plain Python (dicts, lists, scalars)."""
        return _plain(self.value)


def overlay(base: Node, over: Node, merge_keys: frozenset[str]) -> Node:
    """``over`` laid on ``base``: keys in ``merge_keys`` merge one level down (a mapping's
    entries are added or replaced one by one); every other key replaces base's.
    Each key keeps the node (file and line) it came from."""
    value: dict[str, Any] = {}
    origins: dict[str, Node] = {}
    for key, node in base.items():
        value[key], origins[key] = node.value, node
    for key, node in over.items():
        if key in merge_keys and key in origins and origins[key].is_map() and node.is_map():
            node = overlay(origins[key], node, frozenset())
        value[key], origins[key] = node.value, node
    return Node(value, over.file, over.line, over.field, origins)


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def _key_line(mapping: Any, key: Any, default: int | None) -> int | None:
    if isinstance(mapping, CommentedMap):
        try:
            return int(mapping.lc.key(key)[0]) + 1
        except (KeyError, TypeError):
            return default
    return default


def number_as_written(value: int | float) -> str:
    """An unquoted YAML number as the author typed it: ``version: 1.10`` is "1.10", not
    the float's "1.1" (ruamel keeps the written width and the place of the point)."""
    width, point = getattr(value, "_width", None), getattr(value, "_prec", None)
    if isinstance(value, float) and isinstance(width, int) and isinstance(point, int) \
            and not getattr(value, "_exp", None) and width > point >= 0:
        return f"{value:.{width - point - 1}f}"
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _timestamp_as_text(constructor: Any, node: Any) -> str:
    return str(constructor.construct_scalar(node))


def load_yaml(path: Path, display: str) -> Node:
    """Read a YAML file; a syntax error names the file and line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("file not found", Where(file=display)) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", Where(file=display)) from None
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    # Dates stay text here: the model parses them, so "2025-02-30" is a located error.
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise InputError(f"invalid YAML: {problem}", Where(file=display, line=line)) from None
    except YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", Where(file=display)) from None
    if data is None:
        raise InputError("the file is empty", Where(file=display, line=1))
    return Node(data, display, 1, "")


def construct(problems: Problems, node: Node, cls: type[Any], data: dict[str, Any],
              lines: dict[str, Node] | None = None) -> Any:
    """Build ``cls(**data)``; each validation error is reported on the line of its key.

    ``lines`` maps a field to the YAML node it came from when the names differ.
    Returns None (after recording the errors) when the data is invalid.
    """
    try:
        return cls(**data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = [str(p) for p in err["loc"]]
            target = node
            if loc and lines and loc[0] in lines:
                target = lines[loc[0]]
                loc = loc[1:]
            for part in loc:
                if target.is_map() and part in target.value:
                    target = target.child(part)
                elif target.is_list() and part.isdigit() and int(part) < len(target.value):
                    target = list(target.elements())[int(part)]
                else:
                    break
            message = _message(err)
            problems.add(message, target.where())
        return None


_PATTERN_HINTS = {
    r"^[a-z0-9][a-z0-9-]*$": "use lower-case letters, digits and hyphens",
    r"^[a-z0-9][a-z0-9_-]*$": "use lower-case letters, digits, _ and -",
    r"^\d+(\.\d+){0,2}$": "write a version as 1, 1.1 or 1.1.2",
    r"^[a-z][a-z0-9_]*$": "use lower-case letters, digits and _, starting with a letter",
}


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if err["type"] == "missing":
        return f"{err['loc'][-1]!s} is required"
    if err["type"] == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(str(err.get("ctx", {}).get("pattern", "")), msg.lower())
        return f"{err['input']!r} is not allowed here: {hint}"
    if err["type"] == "extra_forbidden":
        return f"unknown key {err['loc'][-1]!s}"
    return msg[:1].lower() + msg[1:] if msg else "invalid value"
