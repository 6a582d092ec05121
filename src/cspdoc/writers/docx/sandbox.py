"""The Jinja environment a Word template is rendered in: strings in, text out, bounded.

A Word template is a council's file, not our code, so it is data: it fills placeholders
with the report's strings and nothing else. In it:

- the context holds only strings (or None): ``template.placeholders``; the body is not
  in it (cspdoc puts the body where ``{{p body }}`` stood, after rendering);
- no attribute of anything can be read and no method called (only a loop's counters,
  ``loop.index`` and the like, which docxtpl's own row merging uses), so nothing a
  template is given can reach a file, a package or another object;
- the only function is ``range`` and the only filters are those in ``FILTERS``, which
  make text from text; macros, includes, imports, recursive loops and ``autoescape``
  blocks are refused;
- the work is bounded: ``VALUE_LIMIT`` characters in any one value the template makes,
  ``OUTPUT_LIMIT`` characters printed in all, ``LOOP_LIMIT`` loop turns in all,
  ``INT_BITS`` bits in any integer. Past a bound the rendering stops with
  ``TemplateLimit`` (``template.render`` names the template and the tag).

The bounds are far above what a cover needs (a committee's name, a date, a title of at
most a few hundred characters) and far below what would stall a build or fill a disk.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

VALUE_LIMIT = 10_000  # characters in one value a template makes
OUTPUT_LIMIT = 200_000  # characters a template prints, all placeholders together
LOOP_LIMIT = 1_000  # loop turns in the whole template (placeholders are not lists)
INT_BITS = 256  # bits of an integer a template computes

# Filters that make text from text (``replace`` is bounded below); no number filters
# (numbers are formatted in numbers.py, never in a template), nothing that reaches
# attributes (``attr``, ``map``, ``sort`` by attribute) and no ``safe``, which would
# let a report's text into the document as XML.
FILTERS = ("capitalize", "d", "default", "e", "escape", "first", "last", "length",
           "count", "lower", "replace", "string", "striptags", "title", "trim",
           "truncate", "upper", "wordcount")
# What a template may read of a loop (docxtpl's ``{% hm %}`` and ``{% vm %}`` use
# ``loop.first`` and ``loop.length``); its methods (``cycle``, ``changed``) are refused.
LOOP_FIELDS = frozenset({"index", "index0", "revindex", "revindex0", "first", "last",
                         "length", "depth", "depth0", "previtem", "nextitem"})
# Statements a placeholder template has no use for, with the reason given.
_REFUSED: dict[type[nodes.Node], str] = {
    nodes.Macro: "macros", nodes.CallBlock: "call blocks", nodes.Include: "includes",
    nodes.Import: "imports", nodes.FromImport: "imports", nodes.Extends: "extends",
    nodes.Block: "blocks", nodes.EvalContextModifier: "autoescape blocks",
    nodes.ScopedEvalContextModifier: "autoescape blocks",
}


class TemplateLimit(Exception):
    """A template went past one of the bounds, or asked for something refused; the
    message says which, in words an officer can act on."""


def _size(value: Any) -> int | None:
    """The length of a text or sequence a template made, else None."""
    return len(value) if isinstance(value, str | list | tuple) else None


def check_value(value: Any) -> Any:
    """``value`` if within the bounds, else TemplateLimit."""
    size = _size(value)
    if size is not None and size > VALUE_LIMIT:
        raise TemplateLimit(f"it makes a text of {size:,} characters; a template value may "
                            f"have at most {VALUE_LIMIT:,}")
    if isinstance(value, int) and not isinstance(value, bool) and \
            value.bit_length() > INT_BITS:
        raise TemplateLimit(f"it makes a number of {len(str(abs(value))):,} digits; a "
                            f"template may compute numbers of up to {INT_BITS} bits")
    return value


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with its arguments and result held to the bounds (the decorators
    Jinja reads, such as ``pass_eval_context``, are kept by ``functools.wraps``)."""

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        texts = [a for a in (*args, *kwargs.values()) if isinstance(a, str)]
        for arg in (*args, *kwargs.values()):
            check_value(arg)
        if name == "replace" and len(texts) >= 3:
            text, old, new = texts[:3]
            count = text.count(old) if old else len(text) + 1
            if len(text) + count * max(len(new) - len(old), 0) > VALUE_LIMIT:
                raise TemplateLimit(f"|replace makes a text of more than {VALUE_LIMIT:,} "
                                    "characters")
        return check_value(function(*args, **kwargs))

    return bounded


class _Bounds(NodeTransformer):
    """Rewrites a parsed template so its loops and joins are counted (``~`` cannot be
    intercepted like the arithmetic operators), and refuses what it has no use for."""

    def generic_visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Any:
        for kind, what in _REFUSED.items():
            if isinstance(node, kind):
                raise TemplateSyntaxError(f"{what} are not offered in a Word template",
                                          node.lineno)
        return super().generic_visit(node, *args, **kwargs)

    def visit_For(self, node: nodes.For) -> nodes.For:
        if node.recursive:
            raise TemplateSyntaxError("recursive loops are not offered in a Word template",
                                      node.lineno)
        node = self.generic_visit(node)
        node.iter = _call("count_turns", cast(nodes.Expr, node.iter))
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Expr:
        visited: nodes.Expr = self.generic_visit(node)
        return _call("checked", visited)


def _call(method: str, argument: nodes.Expr) -> nodes.Call:
    """``environment.<method>(argument)``: an environment attribute, which a template's
    own names cannot shadow."""
    return nodes.Call(nodes.EnvironmentAttribute(method), [argument], [], None, None,
                      lineno=argument.lineno)


class DataOnlyEnvironment(SandboxedEnvironment):
    """Sandboxed, autoescaping (an "&" in a title is text, not XML), strict about unknown
    names (None prints as nothing), and bounded as the module says. Make one per
    document: the loop and output budgets are spent across all its parts."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, finalize=self._finalize)
        self.globals = {"range": self._range}
        self.filters = {name: _bounded_filter(name, JINJA_FILTERS[name]) for name in FILTERS}
        self.turns_left = LOOP_LIMIT
        self.printed = 0

    # ---- what a template may reach
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return isinstance(obj, LoopContext) and attr in LOOP_FIELDS

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        return _Bounds().visit(tree)  # type: ignore[no-any-return]

    # ---- the bounds
    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "%" and isinstance(left, str):
            raise TemplateLimit("text formatting with % is not offered; join text with ~")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                size = _size(seq)
                if size is not None and isinstance(times, int) and size * times > VALUE_LIMIT:
                    raise TemplateLimit(f"it makes a text of {size * times:,} characters; "
                                        f"a template value may have at most {VALUE_LIMIT:,}")
            if _ints(left, right) and left.bit_length() + right.bit_length() > INT_BITS:
                raise TemplateLimit(f"it multiplies numbers past {INT_BITS} bits")
        if operator == "**" and _ints(left, right) and right > 0 and \
                left.bit_length() * right > INT_BITS:
            raise TemplateLimit(f"it raises a number to a power past {INT_BITS} bits")
        return check_value(super().call_binop(context, operator, left, right))

    def checked(self, value: Any) -> Any:
        """A value joined with ``~``, if within the bounds."""
        return check_value(value)

    def count_turns(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """The items of a loop, each turn spent from the template's budget."""
        for item in iterable:
            if self.turns_left <= 0:
                raise TemplateLimit(f"its loops turn more than {LOOP_LIMIT:,} times in all "
                                    "(the limit for a template)")
            self.turns_left -= 1
            yield item

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > LOOP_LIMIT:
            raise TemplateLimit(f"range() of {len(numbers):,} numbers is over the limit of "
                                f"{LOOP_LIMIT:,} loop turns for a template")
        return numbers

    def _finalize(self, value: Any) -> Any:
        if value is None:
            return ""
        check_value(value)
        self.printed += len(str(value))
        if self.printed > OUTPUT_LIMIT:
            raise TemplateLimit(f"the template prints more than {OUTPUT_LIMIT:,} characters "
                                "of placeholders in all")
        return value


def _ints(*values: Any) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) for v in values)
