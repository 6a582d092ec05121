"""The base class of every model node: frozen, strict about unknown fields."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict


class Node(BaseModel):
    """A frozen, validated model node; extra fields are an error."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=False)

    def rebuilt(self, **changes: Any) -> Self:
        """A new node with ``changes`` applied, validated through the constructor.

        Child nodes are passed through as instances, so unchanged subtrees are shared,
        not copied (pydantic does not re-validate instances of the declared type).
        """
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(changes)
        return type(self)(**data)
