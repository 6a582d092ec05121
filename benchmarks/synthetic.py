"""A report N times as long as Winchester: its sections, figures and notes repeated,
with ids made unique, renumbered (figures 1..10N, notes 1..21N, sections 1..6N).

``synthetic(N)`` gives it as a prepared Report (for in-process tests);

    python -m benchmarks.synthetic --times N --out DIR

writes it as a report folder that ``cspdoc build DIR`` builds (slug ``<slug>-xN``):
report.yaml with every
figure and section repeated under ids ending ``-kK``, the narrative copied into
``narrative/kK/`` with its footnote, figure and expression references renamed to match,
one footnotes file, the tables shared. The named values are shared, so every copy's
figures are checked against the same declared values.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path
from typing import Any

from cspdoc.model import (
    Block,
    CrossRef,
    FootnoteRef,
    Image,
    Inline,
    Report,
    Section,
    Table,
)
from cspdoc.pipeline import prepare
from cspdoc.transforms.number import number
from cspdoc.transforms.walk import map_report

WINCHESTER = Path(__file__).resolve().parents[1] / "fixtures" / "winchester-2024-25"


def _copy(report: Report, k: int) -> Report:
    """The prepared report with every id suffixed ``-k`` (figures keep their printed
    figures: Bound texts were set by present, and are not evaluated again)."""

    def inline(node: Inline) -> Inline:
        if isinstance(node, FootnoteRef | CrossRef):
            return node.rebuilt(id=f"{node.id}-{k}")
        return node

    def block(node: Block) -> Block:
        if isinstance(node, Table | Image):
            return node.rebuilt(id=f"{node.id}-{k}")
        return node

    def section(node: Section) -> Section:
        return node.rebuilt(id=f"{node.id}-{k}",
                            sections=tuple(section(s) for s in node.sections))

    renamed = map_report(report, inline, footnotes=True, block_fn=block)
    notes = tuple(n.rebuilt(id=f"{n.id}-{k}") for n in renamed.footnotes)
    return renamed.rebuilt(sections=tuple(section(s) for s in renamed.sections),
                           footnotes=notes)


def synthetic(times: int = 10, source: Path = WINCHESTER) -> Report:
    """Winchester's content ``times`` over, as one prepared report."""
    base = prepare(source).report
    copies = [_copy(base, k) for k in range(1, times + 1)]
    joined = base.rebuilt(
        lead=copies[0].lead,
        sections=tuple(s for c in copies for s in c.sections),
        footnotes=tuple(n for c in copies for n in c.footnotes))
    return number(joined)


_NOTE = re.compile(r"\[\^([A-Za-z0-9_-]+)\]")


def _rename_text(text: str, k: int, figures: list[str]) -> str:
    """Footnote ids, ``@fig:`` references and ``figure.row.column`` names of copy k."""
    if k == 1:
        return text
    text = _NOTE.sub(lambda m: f"[^{m[1]}-k{k}]", text)
    for fig in sorted(figures, key=len, reverse=True):
        text = re.sub(rf"@fig:{re.escape(fig)}(?![\w-])", f"@fig:{fig}-k{k}", text)
        text = re.sub(rf"(?<![\w.-]){re.escape(fig)}\.(?=[a-z0-9_]+\.)", f"{fig}-k{k}.",
                      text)
    return text


def _suffix(name: str, k: int) -> str:
    return name if k == 1 else f"{name}-k{k}"


def write_folder(times: int, out: Path, source: Path = WINCHESTER) -> Path:
    """Write ``source`` repeated ``times`` over as a report folder at ``out``."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    definition: Any = yaml.load((source / "report.yaml").read_text(encoding="utf-8"))
    figures = list(definition["figures"])
    out.mkdir(parents=True, exist_ok=True)
    if (out / "tables").exists():
        shutil.rmtree(out / "tables")
    shutil.copytree(source / "tables", out / "tables")

    def table_of(fig: str, k: int) -> Any:
        """Copy k's figure definition; a CSV that calls notes gets a renamed copy."""
        node = dict(definition["figures"][fig])
        data = node.get("data")
        if k > 1 and data and str(data).endswith(".csv"):
            text = (source / str(data)).read_text(encoding="utf-8")
            if _NOTE.search(text):
                target = Path(str(data)).with_name(f"{Path(str(data)).stem}-k{k}.csv")
                (out / target).write_text(_rename_text(text, k, figures), encoding="utf-8")
                node["data"] = target.as_posix()
        return node
    notes_file = str(definition["footnotes"])

    def copy_md(rel: str, k: int) -> str:
        target = Path("narrative") / f"k{k}" / Path(rel).relative_to("narrative")
        (out / target).parent.mkdir(parents=True, exist_ok=True)
        text = (source / rel).read_text(encoding="utf-8")
        (out / target).write_text(_rename_text(text, k, figures), encoding="utf-8")
        return target.as_posix()

    def content(items: Any, k: int) -> list[Any]:
        out_items: list[Any] = []
        for item in items:
            item = dict(item)
            for key in ("md", "markdown"):
                if key in item and key == "md":
                    item[key] = copy_md(str(item[key]), k)
                elif key in item:
                    item[key] = _rename_text(str(item[key]), k, figures)
            if "figure" in item:
                item["figure"] = _suffix(str(item["figure"]), k)
            if "panel" in item:
                columns = [dict(c) for c in item["panel"]["columns"]]
                for col in columns:
                    col["heading"] = _rename_text(str(col["heading"]), k, figures)
                    if "md" in col:
                        col["md"] = copy_md(str(col["md"]), k)
                item["panel"] = {**dict(item["panel"]), "columns": columns}
            out_items.append(item)
        return out_items

    def section(node: Any, k: int, index: str) -> dict[str, Any]:
        title = str(node["title"])
        new: dict[str, Any] = {"title": _rename_text(title, k, figures),
                               "id": _suffix(str(node.get("id") or f"s{index}"), k)}
        if "content" in node:
            new["content"] = content(node["content"], k)
        if "sections" in node:
            new["sections"] = [section(sub, k, f"{index}-{i}")
                               for i, sub in enumerate(node["sections"])]
        return new

    result: dict[str, Any] = {key: definition[key] for key in definition
                              if key not in ("figures", "lead", "sections", "footnotes")}
    result["meta"] = {**dict(definition["meta"]),
                      "slug": f"{definition['meta']['slug']}-x{times}"}
    result["footnotes"] = notes_file
    result["figures"] = {_suffix(fig, k): table_of(fig, k)
                         for k in range(1, times + 1) for fig in figures}
    result["lead"] = content(definition["lead"], 1)
    result["sections"] = [section(node, k, str(i)) for k in range(1, times + 1)
                          for i, node in enumerate(definition["sections"])]
    # The lead is printed once: the notes only it calls are defined once.
    lead_notes = {m[1] for item in definition["lead"] if "md" in item
                  for m in _NOTE.finditer((source / str(item["md"])).read_text("utf-8"))}
    entries = (source / notes_file).read_text(encoding="utf-8").strip().split("\n\n")
    copies = [_rename_text(entry, k, figures) for k in range(1, times + 1)
              for entry in entries
              if k == 1 or not any(entry.startswith(f"[^{n}]:") for n in lead_notes)]
    (out / notes_file).parent.mkdir(parents=True, exist_ok=True)
    (out / notes_file).write_text("\n\n".join(copies) + "\n", encoding="utf-8")
    with (out / "report.yaml").open("w", encoding="utf-8") as handle:
        handle.write(f"# Winchester's paper {times} times over (benchmarks/synthetic.py)\n")
        yaml.dump(result, handle)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a report folder N times as long "
                                                 "as the Winchester paper.")
    parser.add_argument("--times", type=int, default=10, help="how many copies (10)")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write")
    args = parser.parse_args()
    print(write_folder(args.times, args.out))


if __name__ == "__main__":
    main()
