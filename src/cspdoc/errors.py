"""Errors cspdoc raises: one root class, each error knows where it happened."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cspdoc.where import NOWHERE, Where


class CspdocError(Exception):
    """Root of every error cspdoc raises on purpose.

    ``code`` is stable (tests and scripts may match on it), ``where`` says which file,
    line and field, and ``message`` is one plain sentence.
    """

    code = "error"

    def __init__(self, message: str, where: Where = NOWHERE, *, code: str | None = None) -> None:
        self.message = message
        self.where = where
        if code is not None:
            self.code = code
        super().__init__(self.line())

    def __reduce__(self) -> tuple[Any, ...]:
        # Whole, with its where (and errors), across a process boundary (workers.py).
        return _restore, (type(self), self.__dict__)

    def line(self) -> str:
        """``file:line: field: message``, dropping the parts that are not known."""
        parts = [p for p in (self.where.source, self.where.field) if p]
        return ": ".join([*parts, self.message])


class InputError(CspdocError):
    """The report's inputs are invalid: bad YAML, a malformed cell, an unknown id."""

    code = "invalid-input"


class ExpressionError(InputError):
    """An expression in the narrative or a column formula cannot be parsed or evaluated."""

    code = "invalid-expression"


class TemplateError(CspdocError):
    """A house template cannot be rendered (a placeholder the model cannot fill)."""

    code = "template"


class ResourceError(CspdocError):
    """A template or the report refers to something cspdoc will not fetch: an address on
    the network, a file outside the report and templates folders, an oversized data: URL,
    a missing file. The message names the reference."""

    code = "resource"


class UsageError(CspdocError):
    """The Python API was called wrongly: a wrong type, an unknown output format, a
    table or footnote the report does not have, a report that has not been prepared.
    The message says what to pass instead."""

    code = "usage"


class OutputError(CspdocError):
    """Outputs cannot be written where asked (an existing published version, a bad path)."""

    code = "output"


@dataclass(frozen=True)
class FieldProblem:
    """One invalid value of a model node: the path to its field (``("meta", "title")``,
    ``("sections", 0, "id")``) and a plain sentence."""

    loc: tuple[str | int, ...]
    message: str

    @property
    def field(self) -> str:
        """The path as printed: ``sections[0].id``."""
        out = ""
        for part in self.loc:
            out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else str(part)
        return out


class ModelError(CspdocError, ValueError):
    """A model node (Report, Meta, Section, Table, ...) was built with values it cannot
    hold: a misspelt field, a wrong type, an id with a space. ``problems`` lists each
    with its field; readers report each at the line it was typed on. It is a ValueError
    too, as pydantic's errors were."""

    code = "invalid-model"

    def __init__(self, node: str, problems: Iterable[FieldProblem]) -> None:
        self.node = node
        self.problems = list(problems)
        said = "; ".join(f"{p.field}: {p.message}" if p.field else p.message
                         for p in self.problems[:5])
        more = len(self.problems) - 5
        super().__init__(f"invalid {node}: {said}" + (f" (and {more} more)" if more > 0
                                                       else ""))


class InputErrors(InputError):
    """Several input errors found in one pass; ``errors`` keeps them in input order."""

    def __init__(self, errors: Iterable[InputError]) -> None:
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.message, first.where, code=first.code)

    def line(self) -> str:
        return "\n".join(e.line() for e in getattr(self, "errors", [])) or super().line()


class Problems:
    """Collects input errors while a reader runs, so one run reports all of them."""

    def __init__(self) -> None:
        self.errors: list[InputError] = []

    def add(self, message: str, where: Where = NOWHERE, *, code: str | None = None) -> None:
        self.errors.append(InputError(message, where, code=code))

    def extend(self, error: InputError) -> None:
        self.errors.extend(error.errors if isinstance(error, InputErrors) else [error])

    def raise_if_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise InputErrors(self.errors)


def _restore(cls: type[CspdocError], state: dict[str, Any]) -> CspdocError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error.line())
    return error
