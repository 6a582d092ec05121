"""The base class of every model node: frozen, strict about unknown fields, and raising
cspdoc's own ``ModelError`` (plain sentences, each with its field) for invalid values."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

from cspdoc.errors import FieldProblem, ModelError
from cspdoc.limits import bad_character_message

_BUILDING: ContextVar[int] = ContextVar("cspdoc_building", default=0)


class Node(BaseModel):
    """A frozen, validated model node; extra fields are an error.

    Building one with invalid values raises ``ModelError`` (never pydantic's
    ``ValidationError``): readers turn each of its problems into a located error at the
    line the value was typed on; scripts get one plain message naming each field.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=False)

    def __init__(self, /, **data: Any) -> None:
        # pydantic calls this for nested nodes built from mappings too; only the
        # outermost call converts, so every problem keeps its full field path.
        token = _BUILDING.set(_BUILDING.get() + 1)
        try:
            super().__init__(**data)
        except ValidationError as exc:
            if _BUILDING.get() > 1:
                raise
            raise model_error(type(self).__name__, exc) from None
        finally:
            _BUILDING.reset(token)

    def __setattr__(self, name: str, value: Any) -> None:
        try:
            super().__setattr__(name, value)
        except ValidationError:  # frozen: say how to change it instead
            raise ModelError(type(self).__name__, [FieldProblem(
                (name,), f"a {type(self).__name__} cannot be changed; build a new one "
                f"with .rebuilt({name}=...)")]) from None

    def rebuilt(self, **changes: Any) -> Self:
        """A new node with ``changes`` applied, validated through the constructor.

        Child nodes are passed through as instances, so unchanged subtrees are shared,
        not copied (pydantic does not re-validate instances of the declared type).
        """
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(changes)
        return type(self)(**data)


def document_text(value: str) -> str:
    """A string a writer prints: refused when it holds a character XML cannot carry."""
    problem = bad_character_message(value)
    if problem is not None:
        raise ValueError(f"the text {problem}")
    return value


DocumentText = AfterValidator(document_text)
"""Annotate a ``str`` field printed in the paper: ``Annotated[str, DocumentText]``."""


def model_error(node: str, exc: ValidationError) -> ModelError:
    """``exc`` as a ModelError: each problem with its field path and a plain sentence."""
    problems = [FieldProblem(tuple(err["loc"]), plain_message(err))
                for err in exc.errors(include_url=False)]
    return ModelError(node, problems)


# Patterns of the model's ids and names, said in words (a test checks every pattern
# of the model has its words here).
_PATTERN_HINTS = {
    r"^[a-z0-9][a-z0-9-]*$": "use lower-case letters, digits and hyphens",
    r"^[a-z0-9][a-z0-9_-]*$": "use lower-case letters, digits, _ and -",
    r"^\d{1,9}(\.\d{1,9}){0,2}$": "write a version as 1, 1.1 or 1.1.2",
    r"^[a-z][a-z0-9_]*$": "use lower-case letters, digits and _, starting with a letter",
    r"^[A-Za-z0-9_-]+$": "use letters, digits, _ and - only",
    r"^[A-Za-z0-9_][A-Za-z0-9_-]*$": "use letters, digits, _ and - only",
    r"^[a-z]{2,3}(-[A-Z]{2})?$": "write a language as en or en-GB",
    r"^[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*(\.[A-Za-z0-9_]+(-[A-Za-z0-9_]+)*)*$":
        "write a name as letters, digits and _, in parts joined by dots (da.arrests_q3)",
}


def plain_message(err: ErrorDetails) -> str:
    """One pydantic error as a plain sentence (without the field, which the caller
    prints): "'Bad id' is not allowed here: use lower-case letters, digits and hyphens"."""
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if err["type"] == "missing":
        return f"{err['loc'][-1]!s} is required" if err["loc"] else "a value is required"
    if err["type"] == "string_pattern_mismatch":
        ctx: dict[str, Any] = dict(err.get("ctx") or {})
        hint = _PATTERN_HINTS.get(str(ctx.get("pattern", "")), msg.lower())
        return f"{_shown(err['input'])} is not allowed here: {hint}"
    if err["type"].startswith("date_"):
        if "outside expected range" in str((err.get("ctx") or {}).get("error", "")):
            return f"{_shown(err['input'])} is not a day of the calendar"
        return f"{_shown(err['input'])} is not a date: write it as year-month-day (2025-03-04)"
    if err["type"] == "extra_forbidden":
        return f"unknown key {err['loc'][-1]!s}"
    if err["type"].endswith("_type") or err["type"].endswith("_parsing"):
        return f"{msg[:1].lower() + msg[1:]}, not {_shown(err['input'])}"
    return msg[:1].lower() + msg[1:] if msg else "invalid value"


def _shown(value: Any) -> str:
    text = repr(value)
    if isinstance(value, BaseModel):
        text = f"a {type(value).__name__}"
    return text if len(text) <= 60 else text[:40] + "..." + text[-12:]
