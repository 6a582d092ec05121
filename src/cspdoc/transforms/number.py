"""Number figures, footnotes and sections; resolve cross-references to figure numbers.

In: a Report whose references resolve (``references.check_references``). Out: the same
Report with ``number`` set on every Table, Image, Chart, Section, Footnote, FootnoteRef
and CrossRef. Figures are numbered in order of appearance (with ``meta.numbering:
separate``, tables as "Table N" in a sequence of their own: ``label``, on tables and the
cross-references to them), footnotes in order of first
reference in reading order (``walk``), sections 1, 1.1, 1.1.1 when the report asks.
All numbering lives here, so the Word and PDF writers print the same numbers.
"""

from __future__ import annotations

from cspdoc.model import (
    Block,
    Chart,
    CrossRef,
    FigureLabel,
    FootnoteRef,
    Image,
    Inline,
    Numbering,
    Report,
    Section,
    Table,
)
from cspdoc.transforms.walk import map_report, visit_inlines


def figure_labels(report: Report) -> dict[str, tuple[FigureLabel, int]]:
    """Each figure's label and number, by id, in order of appearance."""
    separate = report.meta.numbering == Numbering.SEPARATE
    counts: dict[FigureLabel, int] = {"Figure": 0, "Table": 0}
    out: dict[str, tuple[FigureLabel, int]] = {}
    for fig in report.figures():
        label: FigureLabel = "Table" if separate and isinstance(fig, Table) else "Figure"
        counts[label] += 1
        out[fig.id] = (label, counts[label])
    return out


def number(report: Report) -> Report:
    labels = figure_labels(report)
    figure_numbers = {fig_id: n for fig_id, (_, n) in labels.items()}

    def number_figure(block: Block) -> Block:
        if isinstance(block, Table) and (block.number, block.label) != (
                figure_numbers[block.id], labels[block.id][0]):
            return block.rebuilt(number=figure_numbers[block.id], label=labels[block.id][0])
        if isinstance(block, Image | Chart) and block.number != figure_numbers[block.id]:
            return block.rebuilt(number=figure_numbers[block.id])
        return block

    order: dict[str, int] = {}

    def first_reference(node: Inline) -> None:
        if isinstance(node, FootnoteRef) and node.id not in order:
            order[node.id] = len(order) + 1

    visit_inlines(report, first_reference)

    printed: set[str] = set()

    def number_inline(node: Inline) -> Inline:
        if isinstance(node, FootnoteRef):
            repeat = node.id in printed
            printed.add(node.id)
            if node.number != order.get(node.id) or node.repeat != repeat:
                return node.rebuilt(number=order.get(node.id), repeat=repeat)
            return node
        if isinstance(node, CrossRef):
            label, num = labels.get(node.id, ("Figure", None))
            if (node.number, node.label) != (num, label):
                return node.rebuilt(number=num, label=label)
        return node

    report = map_report(report, number_inline, block_fn=number_figure)
    notes = [n if n.number == order.get(n.id) else n.rebuilt(number=order.get(n.id))
             for n in report.footnotes]
    notes.sort(key=lambda n: (n.number is None, n.number or 0))
    sections = _number_sections(report.sections, (), report.meta.number_sections)
    return report.rebuilt(footnotes=tuple(notes), sections=sections)


def _number_sections(sections: tuple[Section, ...], prefix: tuple[int, ...], on: bool
                     ) -> tuple[Section, ...]:
    out = []
    for i, section in enumerate(sections, start=1):
        num = (*prefix, i)
        subs = _number_sections(section.sections, num, on)
        wanted = num if on else None
        if section.number != wanted or subs is not section.sections:
            section = section.rebuilt(number=wanted, sections=subs)
        out.append(section)
    if all(a is b for a, b in zip(sections, out, strict=True)):
        return sections
    return tuple(out)
