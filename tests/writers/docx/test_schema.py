"""Every XML part of every kind of DOCX cspdoc writes validates against the ECMA-376
transitional schemas (after Markup Compatibility processing), and LibreOffice reads back
every core property the report sets."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx.oxml import ns
from lxml import etree

from cspdoc.model import Report
from cspdoc.pipeline import prepare
from cspdoc.transforms.corrections import attach_notice
from cspdoc.writers.docx import write_docx
from tests.conftest import FIXTURES, WINCHESTER
from tests.writers.docx.schemas import markup_compatibility, schema, validate_docx
from tests.writers.docx.test_template import council_template

CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"


def _with_contents(report: Report) -> Report:
    return report.rebuilt(meta=report.meta.rebuilt(table_of_contents=True,
                                                   list_of_figures=True))


@pytest.fixture(scope="module")
def variants(winchester: Report, winchester_docx: Path, tmp_path_factory) -> dict[str, Path]:
    """One DOCX of each kind cspdoc writes."""
    folder = tmp_path_factory.mktemp("variants")
    out = {"reference paper": winchester_docx}

    def write(name: str, report: Report, **options: object) -> None:
        path = folder / f"{name.replace(' ', '-')}.docx"
        write_docx(report, path, **options)  # type: ignore[arg-type]
        out[name] = path

    write("house template", winchester, template_path=council_template(folder),
          report_dir=WINCHESTER)
    write("charts", prepare(FIXTURES / "winchester-charts").report)
    write("contents lists", _with_contents(winchester), report_dir=WINCHESTER)
    write("contents lists, house template", _with_contents(winchester),
          template_path=council_template(folder), report_dir=WINCHESTER)
    corrected = prepare(FIXTURES / "winchester-2024-25-corrected").report
    write("corrected version", attach_notice(corrected, winchester), report_dir=WINCHESTER)
    return out


VARIANTS = ("reference paper", "house template", "charts", "contents lists",
            "contents lists, house template", "corrected version")


class DescribeSchemaValidity:
    @pytest.mark.parametrize("variant", VARIANTS)
    def it_validates_every_xml_part(self, variants: dict[str, Path], variant: str):
        results = validate_docx(variants[variant])
        names = {r.name for r in results}
        assert {"word/document.xml", "word/styles.xml", "word/numbering.xml",
                "word/footnotes.xml", "word/settings.xml", "docProps/core.xml",
                "docProps/app.xml", "[Content_Types].xml", "_rels/.rels"} <= names
        assert any(n.startswith("word/header") for n in names)
        invalid = {r.name: r.errors[:3] for r in results if r.errors}
        assert invalid == {}

    def it_writes_core_properties_in_their_namespace_even_when_cp_was_rebound(
            self, winchester: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
        # what importing docxcompose does to python-docx's prefix map
        monkeypatch.setitem(ns.nsmap, "cp", CUSTOM)
        path = tmp_path / "rebound.docx"
        write_docx(winchester, path, report_dir=WINCHESTER)
        [core] = [r for r in validate_docx(path) if r.name == "docProps/core.xml"]
        assert core.errors == ()
        with zipfile.ZipFile(path) as zf:
            assert CUSTOM.encode() not in zf.read("docProps/core.xml")


class DescribeTheValidator:
    """It can fail: the two errors cspdoc's documents used to have are caught."""

    def it_rejects_table_properties_out_of_order(self):
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        bad = etree.fromstring(
            f'<w:document xmlns:w="{w}"><w:body><w:tbl><w:tblPr><w:tblLayout w:type="fixed"/>'
            '<w:tblBorders/></w:tblPr><w:tblGrid/><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>'
            '</w:body></w:document>')
        assert not schema().validate(bad)

    def it_rejects_a_core_property_in_the_custom_properties_namespace(self):
        core = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
        bad = etree.fromstring(f'<cp:coreProperties xmlns:cp="{core}" xmlns:x="{CUSTOM}">'
                               '<x:keywords>a</x:keywords></cp:coreProperties>')
        assert not schema().validate(bad)

    def it_drops_what_markup_compatibility_says_to_ignore(self):
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
        mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
        doc = etree.fromstring(
            f'<w:document xmlns:w="{w}" xmlns:w14="{w14}" xmlns:mc="{mc}" '
            'mc:Ignorable="w14"><w:body><w:p w14:paraId="1A2B3C4D"><w:r><w:t>x</w:t>'
            '</w:r></w:p></w:body></w:document>')
        assert not schema().validate(doc)  # w14 unknown to the schema
        assert schema().validate(markup_compatibility(doc))


class DescribeCorePropertiesInLibreOffice:
    def it_reads_back_every_property_the_report_sets(self, winchester: Report,
                                                    winchester_docx: Path, libreoffice):
        odt = libreoffice(winchester_docx, "odt")
        with zipfile.ZipFile(odt) as zf:
            meta = etree.fromstring(zf.read("meta.xml"))
        office = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
                  "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
                  "dc": "http://purl.org/dc/elements/1.1/"}
        node = meta.find("office:meta", office)

        def one(path: str) -> str | None:
            found = node.find(path, office)
            return None if found is None else found.text

        m = winchester.meta
        assert one("dc:title") == m.title
        assert one("dc:subject") == m.subject
        assert one("meta:initial-creator") == m.organisation
        assert one("dc:creator") == m.organisation  # last modified by
        assert one("dc:language") == "en-GB"
        assert one("dc:description") == "Scrutiny Committee, 2025-03-04"
        assert one("meta:creation-date").startswith("2025-03-04")
        assert one("dc:date").startswith("2025-03-04")
        assert one("meta:print-date").startswith("2025-03-04")
        assert one("meta:editing-cycles") == "1"
        # LibreOffice splits the keywords at spaces as well as commas
        assert [k.text for k in node.iterfind("meta:keyword", office)] == \
            " ".join(m.keywords).split()
        user = {u.get(f"{{{office['meta']}}}name"): u.text
                for u in node.iterfind("meta:user-defined", office)}
        # what ODF has no element for LibreOffice keeps as user-defined properties
        assert user == {"OOXMLCorePropertyCategory": "Committee paper",
                        "OOXMLCorePropertyContentStatus": "Final",
                        "OOXMLCorePropertyVersion": m.version,
                        "OOXMLCorePropertyIdentifier": m.reference}
