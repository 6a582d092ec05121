"""Validating a DOCX against the ECMA-376 transitional schemas (tests/data/ooxml-schemas).

Every XML part of the package is checked: WordprocessingML and DrawingML parts against
one wrapper schema that imports them together (so references across namespaces resolve),
the package parts (content types, relationships, core and extended properties) against
theirs. Markup Compatibility (ECMA-376 Part 3) is applied first, as a consumer does:
what ``mc:Ignorable`` names is dropped and ``mc:AlternateContent`` becomes its
``mc:Fallback``; the schemas know only the base namespaces.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[2] / "data" / "ooxml-schemas"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

# Namespace → schema file; the wrapper imports all of them, xml.xsd first so that the
# Dublin Core schemas' import of it from w3.org is already satisfied (nothing is fetched).
_IMPORTS = (
    ("http://www.w3.org/XML/1998/namespace", "xml.xsd"),
    ("http://schemas.openxmlformats.org/wordprocessingml/2006/main", "wml.xsd"),
    ("http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
     "dml-wordprocessingDrawing.xsd"),
    ("http://schemas.openxmlformats.org/drawingml/2006/main", "dml-main.xsd"),
    ("http://schemas.openxmlformats.org/drawingml/2006/picture", "dml-picture.xsd"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/math", "shared-math.xsd"),
    ("http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
     "opc-coreProperties.xsd"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
     "shared-documentPropertiesExtended.xsd"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
     "shared-documentPropertiesCustom.xsd"),
    ("http://schemas.openxmlformats.org/package/2006/content-types", "opc-contentTypes.xsd"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/bibliography",
     "shared-bibliography.xsd"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/customXml",
     "shared-customXmlDataProperties.xsd"),
    ("http://schemas.openxmlformats.org/package/2006/relationships",
     "opc-relationships.xsd"),
)


class _Local(etree.Resolver):
    """Serves the W3C's xml.xsd from the folder: validation never touches the network."""

    def resolve(self, url: str, pubid: str, context: object) -> object:
        if url.endswith("/xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        return None


@cache
def schema() -> etree.XMLSchema:
    imports = "".join(f'<xsd:import namespace="{ns}" schemaLocation="{(SCHEMAS / name).as_uri()}"/>'
                      for ns, name in _IMPORTS)
    wrapper = f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">{imports}</xsd:schema>'
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Local())
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), parser,
                                            base_url=SCHEMAS.as_uri() + "/"))


def _ignorable(element: etree._Element) -> set[str]:
    """The namespaces ``mc:Ignorable`` names on ``element`` (prefixes resolved there)."""
    value = element.get(f"{{{MC}}}Ignorable")
    if not value:
        return set()
    return {element.nsmap[prefix] for prefix in value.split() if prefix in element.nsmap}


def markup_compatibility(root: etree._Element) -> etree._Element:
    """``root`` as a consumer that understands only the base namespaces reads it."""
    root = _copy(root)
    _process(root, set())
    etree.cleanup_namespaces(root)
    return root


def _copy(root: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(root))


def _process(element: etree._Element, inherited: set[str]) -> None:
    ignorable = inherited | _ignorable(element)
    for name in list(element.attrib):
        namespace = etree.QName(name).namespace
        if namespace == MC or namespace in ignorable:
            del element.attrib[name]
    for child in list(element):
        if not isinstance(child.tag, str):
            continue
        namespace = etree.QName(child).namespace
        if namespace == MC and etree.QName(child).localname == "AlternateContent":
            fallback = child.find(f"{{{MC}}}Fallback")
            index = element.index(child)
            element.remove(child)
            for offset, inner in enumerate(list(fallback) if fallback is not None else []):
                element.insert(index + offset, inner)
                _process(inner, ignorable)
        elif namespace in ignorable:
            element.remove(child)
        else:
            _process(child, ignorable)


@dataclass(frozen=True)
class PartResult:
    """One part's validation: its name and the schema's errors (none: valid)."""

    name: str
    errors: tuple[str, ...]


def validate_docx(path: Path) -> list[PartResult]:
    """Every XML part of the package at ``path``, validated."""
    results = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if not (name.endswith(".xml") or name.endswith(".rels")):
                continue
            root = markup_compatibility(etree.fromstring(zf.read(name)))
            validator = schema()
            ok = validator.validate(root)
            errors = () if ok else tuple(f"line {e.line}: {e.message}"
                                         for e in validator.error_log)
            results.append(PartResult(name, errors))
    return results
