"""Check references: every footnote and figure reference resolves, ids are unique.

In: a Report (from a reader or the Python API). Out: the same Report, or InputErrors
naming each bad reference where it was typed; a footnote defined but never referenced is
returned as a warning finding.
"""

from __future__ import annotations

from cspdoc.errors import Problems
from cspdoc.findings import Finding, Severity
from cspdoc.model import CrossRef, FootnoteRef, Image, Inline, Report, Section, Table
from cspdoc.transforms.walk import visit_inlines


def check_references(report: Report) -> list[Finding]:
    """Raise InputErrors for broken references; return warnings for unused footnotes."""
    problems = Problems()
    notes: dict[str, object] = {}
    for note in report.footnotes:
        if note.id in notes:
            problems.add(f"footnote [^{note.id}] is defined twice", note.where)
        notes[note.id] = note
    figures: dict[str, Table | Image] = {}
    for fig in report.figures():
        if fig.id in figures:
            problems.add(f"figure id {fig.id!r} is used twice", fig.where)
        figures[fig.id] = fig
    seen_sections: set[str] = set()
    for _, node in report.walk():
        if isinstance(node, Section):
            if node.id in seen_sections:
                problems.add(f"section id {node.id!r} is used twice", node.where)
            seen_sections.add(node.id)

    used: set[str] = set()

    def check(node: Inline) -> None:
        if isinstance(node, FootnoteRef):
            used.add(node.id)
            if node.id not in notes:
                problems.add(f"footnote [^{node.id}] is referenced but never defined",
                             node.where)
        elif isinstance(node, CrossRef) and node.id not in figures:
            known = ", ".join(sorted(figures)) or "none"
            problems.add(f"cross-reference [@fig:{node.id}] names no figure "
                         f"(figures: {known})", node.where)

    visit_inlines(report, check, footnotes=True)
    problems.raise_if_any()
    return [
        Finding(code="unused-footnote", severity=Severity.WARNING, where=note.where,
                message=f"Footnote [^{note.id}] is defined but never referenced, so it is "
                        "not printed.")
        for note in report.footnotes if note.id not in used
    ]
