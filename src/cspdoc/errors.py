"""Errors cspdoc raises: one root class, each error knows where it happened."""

from __future__ import annotations

from collections.abc import Iterable
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


class OutputError(CspdocError):
    """Outputs cannot be written where asked (an existing published version, a bad path)."""

    code = "output"


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
