"""The same content as a prepared report, the plain way: Markdown, and python-markdown's HTML.

The benchmark's other routes start from this: pandoc turns the Markdown into a DOCX that
LibreOffice saves as PDF ("save as PDF from Word"), and WeasyPrint lays out the
python-markdown HTML under a minimal print stylesheet (an unstyled page). Each carries
every word, figure, table cell, caption and footnote cspdoc prints; none carries its
committee styling: no cover block, no running header or page numbers, notes at the end,
panels one column after another, tables as pipe tables.

    python -m benchmarks.naive REPORT_DIR OUT_DIR   # writes OUT_DIR/naive.md, naive.html
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cspdoc.model import (
    Bound,
    BulletList,
    Chart,
    Checked,
    Code,
    CrossRef,
    Emph,
    FootnoteRef,
    Image,
    Inline,
    LineBreak,
    Link,
    Literal_,
    Panel,
    Paragraph,
    Report,
    Section,
    Strong,
    Table,
    Text,
    TextCell,
)

PRINT_CSS = """\
@page { size: A4; margin: 20mm; }
body { font-family: "Liberation Sans", sans-serif; font-size: 10.5pt; line-height: 1.4; }
table { border-collapse: collapse; font-size: 8.5pt; }
th, td { border: 0.5pt solid #999; padding: 2pt 3pt; vertical-align: top; }
"""

_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def _text(text: str) -> str:
    return text.translate(_ESCAPE)


def inlines(nodes: tuple[Inline, ...]) -> str:
    """Inline content as Markdown: emphasis, links, "Figure N", ``[^N]`` note calls."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text | Literal_ | Checked):
            out.append(_text(node.text))
        elif isinstance(node, Bound):
            out.append(_text(node.text or ""))
        elif isinstance(node, Code):
            out.append(f"`{node.text}`")
        elif isinstance(node, Strong):
            out.append(f"**{inlines(node.children)}**")
        elif isinstance(node, Emph):
            out.append(f"*{inlines(node.children)}*")
        elif isinstance(node, Link):
            out.append(f"[{inlines(node.children)}]({node.url})")
        elif isinstance(node, LineBreak):
            out.append("  \n")
        elif isinstance(node, CrossRef):
            out.append(f"Figure {node.number}" if node.prefix else str(node.number))
        elif isinstance(node, FootnoteRef):
            out.append(f"[^{node.number}]")
    return "".join(out)


def _cell(cell: object) -> str:
    if isinstance(cell, TextCell):
        return inlines(cell.content)
    display = getattr(cell, "display", None)
    if display is None:
        display = getattr(cell, "text", "")
    return _text(display or "")


def _table(table: Table) -> list[str]:
    header = [" ".join(part for part in (col.group, inlines(col.label)) if part) or " "
              for col in table.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row.cells) + " |" for row in table.rows]
    lines.append("")
    if table.source:
        lines += [f"Source: {inlines(table.source)}", ""]
    lines += [f"Figure {table.number} {inlines(table.caption)}", ""]
    return lines


def _list(block: BulletList, depth: int = 0) -> list[str]:
    lines = []
    for index, item in enumerate(block.items, start=1):
        mark = f"{index}." if block.ordered else "-"
        lines.append(f"{'    ' * depth}{mark} {inlines(item.content)}")
        for child in item.children:
            lines += _list(child, depth + 1)
    return lines


def blocks(items: tuple[object, ...], level: int) -> list[str]:
    """Blocks as Markdown lines, headings inside panels at ``level``."""
    lines: list[str] = []
    for block in items:
        if isinstance(block, Paragraph):
            lines += [inlines(block.content), ""]
        elif isinstance(block, BulletList):
            lines += [*_list(block), ""]
        elif isinstance(block, Table):
            lines += _table(block)
        elif isinstance(block, Image | Chart):
            if isinstance(block, Image) and block.src:
                lines += [f"![{_text(block.alt)}]({block.src})", ""]
            else:
                lines += [_text(block.alt), ""]
            lines += [f"Figure {block.number} {inlines(block.caption)}", ""]
        elif isinstance(block, Panel):
            for column in block.columns:
                lines += [f"{'#' * level} {inlines(column.heading)}", ""]
                lines += blocks(column.blocks, min(level + 1, 6))
    return lines


def _section(section: Section, level: int) -> list[str]:
    number = ".".join(map(str, section.number or ()))
    lines = [f"{'#' * level} {number + ' ' if number else ''}{inlines(section.title)}", ""]
    lines += blocks(section.blocks, min(level + 1, 6))
    for sub in section.sections:
        lines += _section(sub, min(level + 1, 6))
    return lines


def markdown(report: Report) -> str:
    """The whole paper as one Markdown document (pandoc's and python-markdown's dialect:
    pipe tables, ``[^n]`` footnotes)."""
    meta = report.meta
    lines = [f"# {_text(meta.title)}", "", _text(meta.organisation), "",
             _text(meta.committee), "", f"{_text(meta.reference)}, {meta.meeting_date}", ""]
    lines += blocks(report.lead, 2)
    for section in report.sections:
        lines += _section(section, 2)
    for note in report.footnotes:
        if note.number is not None:
            lines += [f"[^{note.number}]: {inlines(note.content)}", ""]
    return "\n".join(lines)


def html(text: str) -> str:
    """python-markdown's HTML of ``text`` under the minimal print stylesheet."""
    import markdown as md

    body = md.markdown(text, extensions=["tables", "footnotes"])
    return (f"<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
            f"<title>naive</title><style>\n{PRINT_CSS}</style></head>\n<body>\n{body}\n"
            "</body></html>\n")


def write(report: Report, out: Path) -> tuple[Path, Path]:
    """Write ``out/naive.md`` and ``out/naive.html``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    text = markdown(report)
    md_path, html_path = out / "naive.md", out / "naive.html"
    md_path.write_text(text, encoding="utf-8")
    html_path.write_text(html(text), encoding="utf-8")
    return md_path, html_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("report", type=Path, help="a report folder")
    parser.add_argument("out", type=Path, help="where naive.md and naive.html go")
    args = parser.parse_args()
    from cspdoc.pipeline import prepare

    for path in write(prepare(args.report).report, args.out):
        print(path)


if __name__ == "__main__":
    main()
