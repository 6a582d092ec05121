"""The package: relationships, content types, no orphan parts, core properties from Meta."""

from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
from pathlib import Path

from docx import Document
from lxml import etree

from cspdoc.model import Report
from cspdoc.writers.docx import write_docx

PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"


def rels_of(zf: zipfile.ZipFile, part: str) -> list[etree._Element]:
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in zf.namelist():
        return []
    return list(etree.fromstring(zf.read(rels)).iterfind(f"{{{PKG_REL}}}Relationship"))


def target_of(part: str, rel: etree._Element) -> str:
    target = rel.get("Target")
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


class DescribeThePackage:
    def it_has_every_relationship_target(self, winchester_docx: Path):
        with zipfile.ZipFile(winchester_docx) as zf:
            names = set(zf.namelist())
            for part in ["", *sorted(names)]:
                for rel in rels_of(zf, part):
                    if rel.get("TargetMode") == "External":
                        continue
                    assert target_of(part, rel) in names, (part, rel.get("Target"))

    def it_declares_a_content_type_for_every_part(self, winchester_docx: Path):
        with zipfile.ZipFile(winchester_docx) as zf:
            types = etree.fromstring(zf.read("[Content_Types].xml"))
            overrides = {o.get("PartName")[1:] for o in types.iterfind(f"{{{CT}}}Override")}
            defaults = {d.get("Extension").lower() for d in types.iterfind(f"{{{CT}}}Default")}
            for name in zf.namelist():
                if name == "[Content_Types].xml":
                    continue
                assert name in overrides or name.rsplit(".", 1)[-1].lower() in defaults, name
            assert overrides <= set(zf.namelist())

    def it_has_no_orphan_parts(self, winchester_docx: Path):
        with zipfile.ZipFile(winchester_docx) as zf:
            reached: set[str] = set()
            todo = [""]
            while todo:
                part = todo.pop()
                for rel in rels_of(zf, part):
                    if rel.get("TargetMode") != "External":
                        target = target_of(part, rel)
                        if target not in reached:
                            reached.add(target)
                            todo.append(target)
            parts = {n for n in zf.namelist()
                     if n != "[Content_Types].xml" and not n.endswith(".rels")}
            assert parts == reached

    def it_opens_with_python_docx(self, winchester_docx: Path):
        assert Document(str(winchester_docx)).paragraphs


class DescribeCoreProperties:
    def it_takes_them_from_the_metadata_not_the_clock(self, winchester: Report,
                                                     winchester_docx: Path, tmp_path: Path):
        props = Document(str(winchester_docx)).core_properties
        meta = winchester.meta
        assert props.title == meta.title
        assert props.subject == meta.subject
        assert props.author == meta.organisation
        assert props.keywords == ", ".join(meta.keywords)
        assert props.language == "en-GB"
        assert props.created == props.modified == dt.datetime(2025, 3, 4, tzinfo=dt.UTC)
        again = tmp_path / "again.docx"
        write_docx(winchester, again)
        with zipfile.ZipFile(winchester_docx) as a, zipfile.ZipFile(again) as b:
            assert a.read("docProps/core.xml") == b.read("docProps/core.xml")

    def it_sets_the_document_language(self, winchester_docx: Path):
        from tests.writers.docx.reading import NS, part_xml, qw

        styles = part_xml(winchester_docx, "word/styles.xml")
        lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
        assert lang.get(qw("val")) == "en-GB"
