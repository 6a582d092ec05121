"""Mark every number of the text with what the verifier made of it, for the reviewer's
copy (``cspdoc build --format review``).

In: a prepared Report and its Verification. Out: the same Report with each prose figure
(plain or annotated) replaced by a ``Mark`` inline: "bound", "checked" (by the author's
expression), "auto" (checked automatically), "wrong", "doubtful", "ambiguous" or
"unverified", with what it was checked against and its finding. Only the review writer
receives the result; the paper's DOCX and PDF never do.
"""

from __future__ import annotations

from cspdoc.findings import Verification
from cspdoc.model import Bound, Checked, Inline, Mark, Report, Text
from cspdoc.transforms.claims.finder import ProseFigure
from cspdoc.transforms.claims.units import units as prose_units
from cspdoc.transforms.walk import map_report


def mark_figures(report: Report, verification: Verification) -> Report:
    """``report`` with its prose figures marked (see the module docstring)."""
    units = prose_units(report)
    spans: dict[int, list[tuple[int, int, ProseFigure]]] = {}
    whole: dict[int, ProseFigure] = {}
    for fig in verification.figures:
        if not isinstance(fig, ProseFigure) or fig.unit >= len(units):
            continue
        unit = units[fig.unit]
        piece = next((p for p in unit.pieces if p.start <= fig.token.start < p.end), None)
        if piece is None or piece.node is None:
            continue
        if piece.kind == "text":
            spans.setdefault(id(piece.node), []).append(
                (fig.token.start - piece.start, fig.token.end - piece.start, fig))
        else:
            whole[id(piece.node)] = fig

    def mark(node: Inline) -> Inline | tuple[Inline, ...]:
        if isinstance(node, Checked | Bound) and id(node) in whole:
            text = node.text if node.text is not None else ""
            return _mark(text, whole[id(node)])
        if not isinstance(node, Text) or id(node) not in spans:
            return node
        out: list[Inline] = []
        pos = 0
        for start, end, fig in sorted(spans[id(node)], key=lambda s: s[0]):
            if start < pos:
                continue
            if start > pos:
                out.append(Text(text=node.text[pos:start]))
            out.append(_mark(node.text[start:end], fig))
            pos = end
        if pos < len(node.text):
            out.append(Text(text=node.text[pos:]))
        return tuple(out)

    return map_report(report, mark, footnotes=True)


def _mark(text: str, fig: ProseFigure) -> Mark:
    finding = fig.finding
    return Mark(text=text, status=fig.status, note=fig.note,
                code=finding.code if finding is not None else None,
                finding=finding.message if finding is not None else None)


__all__ = ["mark_figures"]
