"""report.yaml: metadata, named values, figures and the outline, into a Report.

Layout of a report folder::

    report.yaml          meta, values, footnotes, figures, lead, sections
    narrative/*.md       paragraphs and lists (and footnote definitions)
    tables/*.csv|xlsx    table data

Every problem is recorded as ``file:line: field: message`` and all are raised together.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cspdoc.errors import InputError, Problems
from cspdoc.limits import too_many_digits
from cspdoc.model import (
    Block,
    Chart,
    ChartPlaces,
    Column,
    Figure,
    Footnote,
    Image,
    Input,
    Meta,
    NamedValue,
    Panel,
    PanelColumn,
    Report,
    Section,
    Suppression,
    Table,
)
from cspdoc.numbers import parse_number
from cspdoc.readers import tables as table_io
from cspdoc.readers.markdown_inline import parse_inlines
from cspdoc.readers.narrative import Narrative, read_narrative, read_narrative_file
from cspdoc.readers.yamlsrc import Node, construct, load_yaml, number_as_written, overlay
from cspdoc.where import Where

TOP_KEYS = {"extends", "meta", "values", "footnotes", "figures", "lead", "sections",
            "suppress"}
# With ``extends``, these merge entry by entry; any other key replaces the base's.
MERGED_KEYS = frozenset({"meta", "values", "figures"})
META_KEYS = set(Meta.model_fields)
SECTION_KEYS = {"title", "id", "content", "sections"}
TABLE_KEYS = {"type", "caption", "source", "notes", "columns", "data", "sheet", "header_row",
              "range", "rows"}
IMAGE_KEYS = {"type", "caption", "alt", "src", "unavailable", "width_mm"}
CHART_KEYS = {"type", "caption", "alt", "kind", "table", "x", "series", "rows", "labels"}
FIGURE_KEYS = {"table": TABLE_KEYS, "image": IMAGE_KEYS, "chart": CHART_KEYS}
# ``exempt`` is not typed: ``suppress: false`` sets it.
COLUMN_KEYS = set(Column.model_fields) - {"where", "exempt"}
CONTENT_KEYS = {"md", "markdown", "figure", "panel"}
VALUE_KEYS = {"value", "source"}
PANEL_KEYS = {"columns"}
PANEL_COLUMN_KEYS = {"heading", "md", "markdown"}


class DefinitionReader:
    """Reads one report folder; ``problems`` collects every error on the way."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # Where files are looked up, in order: this folder, then any it extends.
        self.roots: list[Path] = [folder.resolve()]
        self.sources: list[Path] = []
        # Files looked for and not there (a folder's own copy of a file the folder it
        # extends holds): adding one changes the report, so a rebuild must notice.
        self.absent: list[Path] = []
        self.problems = Problems()
        self.figures: dict[str, Figure] = {}
        self.figure_nodes: dict[str, Node] = {}
        self.placed: dict[str, Node] = {}
        self.footnotes: list[Footnote] = []
        self.section_ids: set[str] = set()

    # ------------------------------------------------------------ entry

    def read(self) -> Report:
        root = self._load_definition(self.folder.resolve(), "report.yaml", [])
        root.check_keys(TOP_KEYS, {"meta"}, "report.yaml")
        meta = self._meta(root.child("meta"))
        values = self._values(root.get("values"))
        notes = root.get("footnotes")
        if notes is not None:
            for path_node in notes.elements() if notes.is_list() else [notes]:
                self._footnote_file(path_node)
        figures = root.get("figures")
        if figures is not None:
            figures.expect_map("figures")
            for fig_id, node in figures.items():
                self._figure(fig_id, node)
        lead = self._content(root.get("lead"), "lead")
        sections = self._sections(root.get("sections"))
        suppress_node = root.get("suppress")
        suppress = (construct(self.problems, suppress_node, Suppression, suppress_node.plain())
                    if suppress_node is not None else None)
        for fig_id, node in self.figure_nodes.items():
            if fig_id not in self.placed:
                self.problems.add(f"figure {fig_id!r} is defined but not placed in the "
                                  "outline (add '- figure: " + fig_id + "' to a section)",
                                  node.where())
        self.problems.raise_if_any()
        report = construct(self.problems, root, Report, {
            "meta": meta, "lead": tuple(lead), "sections": tuple(sections),
            "footnotes": tuple(self.footnotes), "values": tuple(values),
            "suppress": suppress})
        self.problems.raise_if_any()
        assert isinstance(report, Report)
        return report

    def _load_definition(self, folder: Path, display: str, chain: list[Path]) -> Node:
        """report.yaml, laid over the definition it ``extends`` (recursively)."""
        path = folder / "report.yaml"
        node = load_yaml(path, display)
        self.sources.append(path)
        base_ref = node.get("extends") if node.is_map() else None
        if base_ref is None:
            return node
        base_dir = (folder / base_ref.text("extends")).resolve()
        if base_dir in chain or base_dir == folder:
            raise base_ref.error("report definitions extend each other in a circle")
        if not (base_dir / "report.yaml").is_file():
            raise base_ref.error(f"{base_ref.value!r} is not a report folder (no report.yaml)")
        self.roots.append(base_dir)
        base_display = os.path.relpath(base_dir / "report.yaml", self.folder.resolve())
        base = self._load_definition(base_dir, base_display, [*chain, folder])
        return overlay(base, node, MERGED_KEYS)

    # ------------------------------------------------------------ meta and values

    def _meta(self, node: Node) -> Meta | None:
        node.check_keys(META_KEYS, set(), "meta")
        data = node.plain()
        if "slug" not in data and re.fullmatch(r"[a-z0-9][a-z0-9-]*", self.folder.name):
            data["slug"] = self.folder.name
        for key in ("version", "reference"):
            if key in data and isinstance(data[key], int | float):
                data[key] = number_as_written(data[key])
        self._corrections(node, data)
        return construct(self.problems, node, Meta, data)  # type: ignore[no-any-return]

    def _corrections(self, meta: Node, data: dict[str, Any]) -> None:
        """Each correction's version as written, and each change reason's line."""
        listed = meta.get("corrections")
        if listed is None or not listed.is_list():
            return
        for entry, entry_node in zip(data["corrections"], listed.elements(), strict=True):
            if not isinstance(entry, dict):
                continue
            if isinstance(entry.get("version"), int | float):
                entry["version"] = number_as_written(entry["version"])
            changes = entry_node.get("changes")
            if changes is None or not changes.is_list():
                continue
            for change, change_node in zip(entry["changes"], changes.elements(), strict=True):
                if isinstance(change, dict):
                    change["where"] = change_node.where()

    def _values(self, node: Node | None) -> list[NamedValue]:
        if node is None:
            return []
        node.expect_map("values")
        out: list[NamedValue] = []
        for name, item in node.items():
            source = None
            value_node = item
            if item.is_map():
                item.check_keys(VALUE_KEYS, {"value"}, f"value {name!r}")
                value_node = item.child("value")
                source_node = item.get("source")
                source = source_node.text("source") if source_node is not None else None
            text = str(value_node.value).strip() if value_node.value is not None else ""
            if (problem := too_many_digits(text)) is not None:
                self.problems.add(problem, value_node.where())
                continue
            number = parse_number(text)
            if number is None or isinstance(value_node.value, bool):
                self.problems.add(f"value {name!r} must be a number, not {text!r}",
                                  value_node.where())
                continue
            nv = construct(self.problems, item, NamedValue, {
                "name": name, "value": Input(value=number.value, text=text,
                                             where=value_node.where()),
                "source": source, "where": value_node.where()})
            if nv is not None:
                out.append(nv)
        return out

    # ------------------------------------------------------------ files

    def _path(self, node: Node, what: str) -> tuple[Path, str] | None:
        """A file named in the definition, found in this folder or, failing that, in the
        folders it extends; never outside them."""
        rel = node.text(what).strip()
        if Path(rel).is_absolute() or ".." in Path(rel).parts:
            self.problems.add(f"{rel!r} is outside the report folder", node.where())
            return None
        for root in self.roots:
            path = (root / rel).resolve()
            if not path.is_relative_to(root):
                self.problems.add(f"{rel!r} is outside the report folder", node.where())
                return None
            if not path.is_file():
                self.absent.append(path)
                continue
            self.sources.append(path)
            display = rel if root == self.roots[0] else os.path.relpath(path, self.roots[0])
            return path, display
        self.problems.add(f"{what} {rel!r} not found", node.where())
        return None

    def _footnote_file(self, node: Node) -> None:
        found = self._path(node, "footnote file")
        if found is not None:
            self._take_narrative(read_narrative_file(*found, self.problems))

    def _take_narrative(self, narrative: Narrative) -> list[Block]:
        self.footnotes.extend(narrative.footnotes)
        return narrative.blocks

    # ------------------------------------------------------------ figures

    def _figure(self, fig_id: str, node: Node) -> None:
        self.figure_nodes[fig_id] = node
        node.expect_map(f"figure {fig_id!r}")
        kind = node.value.get("type", "table")
        keys = FIGURE_KEYS.get(kind)
        if keys is not None:  # a typo ("captoin") before the key it misses ("caption")
            what = f"{'figure' if kind == 'image' else kind} {fig_id!r}"
            node.check_keys(keys, set(), what)
        caption_node = node.get("caption")
        if caption_node is None:
            self.problems.add(f"figure {fig_id!r} needs a caption", node.where())
            return
        caption = self._inlines(caption_node, "caption")
        fig: Figure | None
        if kind == "image":
            node.check_keys(IMAGE_KEYS, {"caption", "alt"}, f"figure {fig_id!r}")
            data = {k: v for k, v in node.plain().items() if k not in ("type", "caption")}
            fig = construct(self.problems, node, Image, {
                "id": fig_id, "caption": caption, "where": node.where(), **data})
            if isinstance(fig, Image) and fig.src is not None:
                self._path(node.child("src"), "image")
        elif kind == "chart":
            fig = self._chart(fig_id, node, caption)
        elif kind == "table":
            fig = self._table(fig_id, node, caption)
        else:
            self.problems.add(f"figure type {kind!r} is not 'table', 'image' or 'chart'",
                              node.child("type").where())
            return
        if fig is not None:
            self.figures[fig_id] = fig

    def _chart(self, fig_id: str, node: Node, caption: Any) -> Chart | None:
        """A chart; its table, columns and rows are checked once the whole report is
        read (``transforms.references``), each at the line it was typed on."""
        node.check_keys(CHART_KEYS, {"caption", "alt", "kind", "table", "x", "series"},
                        f"chart {fig_id!r}")
        data = {k: v for k, v in node.plain().items() if k not in ("type", "caption")}
        places: dict[str, Any] = {key: node.child(key).where()
                                  for key in ("table", "x") if node.get(key) is not None}
        for key in ("series", "rows"):
            listed = node.get(key)
            if listed is not None and listed.is_list():
                places[key] = tuple(item.where() for item in listed.elements())
            elif listed is not None and isinstance(listed.value, str):  # one, unlisted
                data[key], places[key] = [listed.value], (listed.where(),)
        return construct(self.problems, node, Chart, {  # type: ignore[no-any-return]
            "id": fig_id, "caption": caption, "places": ChartPlaces(**places),
            "where": node.where(), **data})

    def _table(self, fig_id: str, node: Node, caption: Any) -> Table | None:
        node.check_keys(TABLE_KEYS, {"caption", "columns"}, f"table {fig_id!r}")
        columns = self._columns(fig_id, node.child("columns"))
        if columns is None:
            return None
        data, rows_node = node.get("data"), node.get("rows")
        if (data is None) == (rows_node is None):
            self.problems.add(f"table {fig_id!r} needs its data: either 'data' (a CSV or "
                              "XLSX file) or 'rows' (inline)", node.where())
            return None
        file: str | None = None
        found_notes: tuple[str, ...] = ()
        found_source: str | None = None
        for key in ("sheet", "header_row", "range"):
            if node.get(key) is not None and (data is None or not str(
                    data.value).lower().endswith((".xlsx", ".xlsm"))):
                self.problems.add(f"'{key}' goes with a workbook ('data: ....xlsx')",
                                  node.child(key).where())
        try:
            if data is not None:
                found = self._path(data, "table file")
                if found is None:
                    return None
                path, file = found
                if path.suffix.lower() in (".xlsx", ".xlsm"):
                    loaded = table_io.xlsx_records(path, file, columns, **self._locate(node))
                    header, records, source = loaded.header, loaded.records, loaded.source
                    found_notes, found_source = loaded.notes, loaded.source_note
                elif path.suffix.lower() == ".csv":
                    header, records = table_io.csv_records(path, file)
                    source = table_io.Source(file, header_line=1)
                else:
                    self.problems.add(f"{file!r}: table data must be .csv or .xlsx",
                                      data.where())
                    return None
            else:
                assert rows_node is not None
                rows_node.expect_list("rows")
                header = [c.key for c in columns]
                records = table_io.mapping_records(
                    ((el.line, el.plain()) for el in rows_node.elements()), header,
                    rows_node.where())
                source = table_io.Source("report.yaml", header_line=rows_node.line)
            rows = table_io.build_rows(fig_id, columns, header, records, source, self.problems)
        except InputError as exc:
            self.problems.extend(exc)
            return None
        source_note = self._inlines(node.child("source"), "source") if node.get(
            "source") else None
        notes = self._notes(node, file, found_notes)
        if found_source is not None:
            if source_note is None:
                source_note = self._sheet_inlines(found_source, file)
            elif " ".join(found_source.split()) != " ".join(node.child("source").text(
                    "source").split()):
                notes.append(self._sheet_inlines(f"Source: {found_source}", file))
        return construct(self.problems, node, Table, {  # type: ignore[no-any-return]
            "id": fig_id, "caption": caption, "source": source_note, "notes": tuple(notes),
            "columns": columns, "rows": tuple(rows), "file": file, "where": node.where()})

    @staticmethod
    def _locate(node: Node) -> dict[str, Any]:
        """Where a workbook's table is: ``sheet``, ``header_row``, ``range``."""
        out: dict[str, Any] = {}
        if node.get("sheet") is not None:
            out["sheet"] = node.child("sheet").text("sheet")
        if node.get("range") is not None:
            out["area"] = node.child("range").text("range")
        row = node.get("header_row")
        if row is not None:
            if not isinstance(row.value, int) or isinstance(row.value, bool) or row.value < 1:
                raise row.error("header_row is the Excel row number of the header (1, 2 ...)")
            out["header_row"] = row.value
        return out

    def _notes(self, node: Node, file: str | None, found: tuple[str, ...]) -> list[Any]:
        """The table's notes: those typed in report.yaml, then those under the table in
        its workbook."""
        notes: list[Any] = []
        typed = node.get("notes")
        if typed is not None:
            for item in typed.elements() if typed.is_list() else [typed]:
                notes.append(self._inlines(item, "notes"))
        notes.extend(self._sheet_inlines(text, file) for text in found)
        return notes

    def _sheet_inlines(self, text: str, file: str | None) -> Any:
        try:
            return parse_inlines(text, Where(file=file))
        except InputError as exc:
            self.problems.extend(exc)
            return ()

    def _columns(self, fig_id: str, node: Node) -> tuple[Column, ...] | None:
        node.expect_list(f"the columns of table {fig_id!r}")
        out: list[Column] = []
        ok = True
        for col_node in node.elements():
            named = col_node.value.get("key") if col_node.is_map() else None
            col_node.check_keys(COLUMN_KEYS, {"key", "kind"},
                                f"column {named!r} of table {fig_id!r}" if isinstance(
                                    named, str) else f"a column of table {fig_id!r}")
            data = col_node.plain()
            if data.get("suppress") is False:  # this count column is never suppressed
                data["suppress"], data["exempt"] = None, True
            label = data.pop("label", data.get("key", ""))
            data["label"] = parse_inlines(str(label or ""), col_node.where())
            col = construct(self.problems, col_node, Column, {**data,
                                                              "where": col_node.where()})
            if col is None:
                ok = False
            else:
                out.append(col)
        return tuple(out) if ok else None

    # ------------------------------------------------------------ outline

    def _sections(self, node: Node | None, depth: int = 1) -> list[Section]:
        if node is None:
            return []
        node.expect_list("sections")
        out = []
        for sec_node in node.elements():
            titled = sec_node.value.get("title") if sec_node.is_map() else None
            sec_node.check_keys(SECTION_KEYS, {"title"}, f"section {titled!r}" if isinstance(
                titled, str) else "a section")
            title_node = sec_node.child("title")
            title = self._inlines(title_node, "title")
            sec_id = (sec_node.child("id").text("id") if sec_node.get("id")
                      else self._section_id(title_node.text("title")))
            if sec_id in self.section_ids:
                self.problems.add(f"section id {sec_id!r} is used twice", sec_node.where())
            self.section_ids.add(sec_id)
            blocks = self._content(sec_node.get("content"), "content")
            subs = self._sections(sec_node.get("sections"), depth + 1)
            section = construct(self.problems, sec_node, Section, {
                "id": sec_id, "title": title, "blocks": tuple(blocks),
                "sections": tuple(subs), "where": title_node.where()})
            if section is not None:
                out.append(section)
        return out

    def _section_id(self, title: str) -> str:
        plain = re.sub(r"\[\^[^\]]*\]", "", title)
        base = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "section"
        sec_id, n = base, 2
        while sec_id in self.section_ids:
            sec_id, n = f"{base}-{n}", n + 1
        return sec_id

    def _content(self, node: Node | None, what: str) -> list[Block]:
        if node is None:
            return []
        node.expect_list(what)
        out: list[Block] = []
        for item in node.elements():
            item.check_keys(CONTENT_KEYS, set(), f"an item of {what}")
            if len(item.value) != 1:
                self.problems.add(f"each item of {what} has exactly one of: "
                                  + ", ".join(sorted(CONTENT_KEYS)), item.where())
                continue
            key, value = next(item.items())
            handler: Callable[[Node], list[Block]] = getattr(self, f"_item_{key}")
            out.extend(handler(value))
        return out

    def _item_md(self, node: Node) -> list[Block]:
        found = self._path(node, "Markdown file")
        if found is None:
            return []
        return self._take_narrative(read_narrative_file(*found, self.problems))

    def _item_markdown(self, node: Node) -> list[Block]:
        text = node.text("markdown")
        # A block scalar ("|") starts on the line after its key.
        first = (node.line or 0) + (1 if "\n" in text else 0)
        return self._take_narrative(read_narrative(text, node.file, self.problems, first))

    def _item_figure(self, node: Node) -> list[Block]:
        fig_id = node.text("figure")
        if fig_id in self.placed:
            self.problems.add(f"figure {fig_id!r} is placed twice (first on line "
                              f"{self.placed[fig_id].line})", node.where())
            return []
        if fig_id not in self.figure_nodes:
            known = ", ".join(self.figure_nodes) or "none"
            self.problems.add(f"unknown figure {fig_id!r} (figures: {known})", node.where())
            return []
        self.placed[fig_id] = node
        fig = self.figures.get(fig_id)
        return [fig] if fig is not None else []

    def _item_panel(self, node: Node) -> list[Block]:
        node.check_keys(PANEL_KEYS, {"columns"}, "a panel")
        cols_node = node.child("columns")
        cols_node.expect_list("the columns of a panel")
        columns = []
        for col in cols_node.elements():
            col.check_keys(PANEL_COLUMN_KEYS, {"heading"}, "a panel column")
            blocks: list[Block] = []
            for key in ("md", "markdown"):
                if col.get(key) is not None:
                    blocks.extend(getattr(self, f"_item_{key}")(col.child(key)))
            columns.append(PanelColumn(heading=self._inlines(col.child("heading"), "heading"),
                                       blocks=tuple(blocks), where=col.where()))
        panel = construct(self.problems, node, Panel, {"columns": tuple(columns),
                                                       "where": node.where()})
        return [panel] if panel is not None else []

    # ------------------------------------------------------------ helpers

    def _inlines(self, node: Node, what: str) -> Any:
        try:
            return parse_inlines(node.text(what), node.where())
        except InputError as exc:
            self.problems.extend(exc)
            return ()


def read_report(folder: str | Path, sources: list[Path] | None = None,
                absent: list[Path] | None = None) -> Report:
    """Read a report folder (its report.yaml and the files it names) into a Report.

    ``sources``, when given, receives every file read (for a publication's manifest);
    ``absent`` every file looked for and not found (a rebuild's key counts both).
    """
    path = Path(folder)
    if not path.is_dir():
        raise InputError("not a report folder (no such directory)", Where(file=str(folder)))
    if not (path / "report.yaml").is_file():
        raise InputError(f"not found: {str(folder)!r} is not a report folder until it "
                         "holds its definition, report.yaml", Where(file="report.yaml"))
    reader = DefinitionReader(path)
    report = reader.read()
    if sources is not None:
        sources.extend(dict.fromkeys(reader.sources))
    if absent is not None:
        absent.extend(dict.fromkeys(reader.absent))
    return report
