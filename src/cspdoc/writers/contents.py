"""The entries of the contents list and the list of figures, the same in both documents.

In: a numbered report. Out: one ``Entry`` per heading (three levels deep) or numbered
figure, in reading order, each naming the anchor it links to; the HTML's ids are
``sec-<id>`` (the section, which starts with its heading) and ``cap-<id>`` (the
figure's caption, the page a Word list of figures gives), and the PDF's layout gives
each anchor's page (``pdf.page_numbers``), which the DOCX's contents can then print.
"""

from __future__ import annotations

from dataclasses import dataclass

from cspdoc.model import Report, Section, plain_text

DEPTH = 3  # heading levels listed in the contents


@dataclass(frozen=True)
class Entry:
    """One line: its level (1 for a top-level section or any figure), the model id of
    what it lists, the number printed before the title ("2.1", "Figure 3"; "" for none)
    and the title."""

    level: int
    id: str
    number: str
    title: str

    @property
    def section_anchor(self) -> str:
        return f"sec-{self.id}"

    @property
    def caption_anchor(self) -> str:
        return f"cap-{self.id}"


def section_entries(report: Report) -> list[Entry]:
    """The contents: every section down to ``DEPTH`` levels."""
    return [Entry(len(path) + 1, node.id,
                  ".".join(str(n) for n in node.number) if node.number else "",
                  plain_text(node.title))
            for path, node in report.walk()
            if isinstance(node, Section) and len(path) < DEPTH]


def figure_entries(report: Report, label: str = "Figure") -> list[Entry]:
    """A list of figures: every numbered figure called ``label`` ("Figure", or "Table"
    when tables are numbered on their own)."""
    return [Entry(1, fig.id, f"{label} {fig.number}", plain_text(fig.caption))
            for fig in report.figures()
            if fig.number is not None and getattr(fig, "label", "Figure") == label]


def figure_lists(report: Report) -> list[tuple[str, str, list[Entry]]]:
    """(title, label, entries) of each list to print: the figures, and the tables when
    tables are numbered on their own."""
    lists = [("Figures", "Figure", figure_entries(report, "Figure"))]
    tables = figure_entries(report, "Table")
    if tables:
        lists.append(("Tables", "Table", tables))
    return lists
