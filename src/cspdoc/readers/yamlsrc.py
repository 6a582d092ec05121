"""Line-aware YAML: every mapping key and list item keeps the line it was typed on.

Before the document is built, its events are read once to enforce ``limits.py``: the
file's size, its nesting depth, the number of values once aliases are expanded (an
alias bomb is refused at the alias that would pass the bound) and characters a
document cannot carry (a ``"\\0"`` escape), each at the line where it was typed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    MappingStartEvent,
    ScalarEvent,
)

from cspdoc.errors import InputError, ModelError, Problems
from cspdoc.limits import MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES, bad_character_message
from cspdoc.readers.textfile import read_text
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
        """Unknown keys and missing required keys are errors on their own line; an
        unknown key close to a valid one names it ("did you mean 'caption'?")."""
        self.expect_map(what)
        for key, node in self.items():
            if key not in allowed:
                raise node.error(unknown_key(key, allowed, what))
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


def unknown_key(key: str, allowed: Iterable[str], what: str) -> str:
    """The message for a key that is not one of ``allowed``: the nearest valid key when
    one is close (a typo), else the list of them."""
    valid = sorted(allowed)
    near = difflib.get_close_matches(key, valid, n=1, cutoff=0.6) or [
        k for k in valid if k.lower() == key.lower()]
    if near:
        return f"unknown key {key!r} in {what}: did you mean {near[0]!r}?"
    return f"unknown key {key!r} in {what} (expected one of: {', '.join(valid)})"


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


@dataclass
class _Open:
    """A mapping or list whose end has not been read yet: its anchor, its field path,
    how many values it holds so far (itself included, aliases expanded), and where the
    next event goes (a mapping's next key, or a list's next index)."""

    anchor: str | None
    path: str | None  # None: the stream, around the document
    is_map: bool
    values: int = 1
    key: str | None = None  # a mapping's key whose value comes next
    index: int = 0

    def child(self) -> str:
        """The field path of the value the next event starts (the document itself has
        none)."""
        if self.path is None:
            return ""
        if not self.is_map:
            return f"{self.path}[{self.index}]"
        return f"{self.path}.{self.key}" if self.path else str(self.key)

    def taken(self) -> None:
        """One value read: a mapping waits for its next key, a list moves on."""
        self.key = None
        self.index += 1


def check_events(events: Iterator[Event], display: str) -> None:
    """Refuse, at its line and field, a document nested deeper than ``MAX_YAML_DEPTH``,
    holding more than ``MAX_YAML_NODES`` values once aliases are expanded, with an alias
    to the node that holds it, or with a character a document cannot carry."""
    sizes: dict[str, int] = {}  # values under each anchor, aliases expanded
    stack: list[_Open] = [_Open(None, None, is_map=False)]
    total = 0

    for event in events:
        top = stack[-1]
        is_key = top.is_map and top.key is None and not isinstance(event,
                                                                   CollectionEndEvent)
        field = (top.path if is_key or isinstance(event, CollectionEndEvent)
                 else top.child()) or ""
        shown = field if len(field) <= 60 else field[:48] + "..." + field[-9:]
        here = Where(file=display, line=event.start_mark.line + 1, field=shown or None)
        values = 0
        if isinstance(event, ScalarEvent):
            values = 1
            text = str(event.value)
            if event.style == ">":  # ruamel marks a folded scalar's folds with U+0007
                text = text.replace("\a", "")
            problem = bad_character_message(text)
            if problem is not None:
                what = "the key" if is_key else "the value"
                raise InputError(f"{what} {problem}", here)
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, AliasEvent):
            if any(item.anchor == event.anchor for item in stack):
                raise InputError(f"the alias *{event.anchor} refers to the value that holds "
                                 "it, so it never ends", here)
            values = sizes.get(event.anchor, 1)
        elif isinstance(event, CollectionStartEvent):
            if len(stack) > MAX_YAML_DEPTH:
                raise InputError(f"mappings and lists nest more than {MAX_YAML_DEPTH} deep "
                                 "here; a report definition needs a handful of levels", here)
            stack.append(_Open(event.anchor, field, isinstance(event, MappingStartEvent)))
            total += 1
        elif isinstance(event, CollectionEndEvent) and len(stack) > 1:
            done = stack.pop()
            if done.anchor is not None:
                sizes[done.anchor] = done.values
            stack[-1].values += done.values
            stack[-1].taken()
        total += values
        top.values += values
        if isinstance(event, ScalarEvent | AliasEvent):
            if is_key:
                top.key = str(event.value) if isinstance(event, ScalarEvent) else "?"
            else:
                top.taken()
        if total > MAX_YAML_NODES:
            raise InputError(
                f"expanding the alias *{event.anchor} (which repeats everything its anchor "
                f"holds) makes the file hold more than {MAX_YAML_NODES:,} values"
                if isinstance(event, AliasEvent) else
                f"the file holds more than {MAX_YAML_NODES:,} values", here)


def load_yaml(path: Path, display: str) -> Node:
    """Read a YAML file; a syntax error names the file and line."""
    text = read_text(path, display, MAX_YAML_BYTES, "a report definition")
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    # Dates stay text here: the model parses them, so "2025-02-30" is a located error.
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
    try:
        check_events(yaml.parse(text), display)
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
    except ModelError as exc:
        for problem in exc.problems:
            message = problem.message
            if message.startswith("unknown key ") and problem.loc:
                fields = _fields_at(cls, [str(p) for p in problem.loc[:-1]])
                if fields:
                    inside = [node.field, *(str(p) for p in problem.loc[:-1])]
                    message = unknown_key(str(problem.loc[-1]), fields,
                                          ".".join(p for p in inside if p) or "this entry")
            problems.add(message, locate(node, problem.loc, lines).where())
        return None


def locate(node: Node, loc: tuple[str | int, ...], lines: dict[str, Node] | None = None
           ) -> Node:
    """The YAML node a model field path (``("columns", 2, "kind")``) came from, as far
    down as the YAML has it."""
    path = [str(p) for p in loc]
    target = node
    if path and lines and path[0] in lines:
        target = lines[path[0]]
        path = path[1:]
    for part in path:
        if target.is_map() and part in target.value:
            target = target.child(part)
        elif target.is_list() and part.isdigit() and int(part) < len(target.value):
            target = list(target.elements())[int(part)]
        else:
            break
    return target


def _fields_at(cls: type[Any], loc: list[str]) -> list[str]:
    """The field names of the model found at ``loc`` inside ``cls`` (through nested
    models, optional ones and tuples of them); [] when it is not a model."""
    target: Any = cls
    for part in loc:
        if part.isdigit():
            continue
        fields = getattr(target, "model_fields", None)
        if not fields or part not in fields:
            return []
        target = _model_in(fields[part].annotation)
        if target is None:
            return []
    fields = getattr(target, "model_fields", None)
    return [name for name in fields if name != "where"] if fields else []


def _model_in(annotation: Any) -> Any:
    """The pydantic model an annotation holds (``Contact``, ``Contact | None``,
    ``tuple[Correction, ...]``), or None."""
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
