"""SVG images made safe to embed: parsed without a DTD, entities or the network, and
written back self-contained, or refused.

In: the bytes of an SVG file. Out: the SVG re-serialised with nothing that runs or
fetches (``sanitise``), or ``SvgRefused`` saying why, in words.

Removed, since they draw nothing in a printed paper: an external DOCTYPE, comments,
scripts, ``on…`` event attributes, animation elements (Word's picture and the PDF show
an SVG's first state; the web page then shows the same), link targets of ``<a>``.
Refused, since removing them would change the picture: a DTD with declarations
(entities), an entity reference, an external reference (``href``, ``url(…)`` or
``@import`` to anything but ``#id`` or an embedded PNG, JPEG, GIF or WebP), a style
sheet processing instruction, HTML inside the SVG (``foreignObject``), XInclude.
"""

from __future__ import annotations

import re
from fractions import Fraction

from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_DROPPED = {"script", "handler", "animate", "animateColor", "animateMotion",
            "animateTransform", "set"}
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_EMBEDDED = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,", re.IGNORECASE)
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in)?\s*$")
_PX_PER = {"px": Fraction(1), "pt": Fraction(4, 3), "pc": Fraction(16), "in": Fraction(96),
           "mm": Fraction(96 * 10, 254), "cm": Fraction(96 * 100, 254)}


class SvgRefused(ValueError):
    """The SVG cannot be embedded safely; the message says why."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True)


def _allowed(reference: str) -> bool:
    reference = reference.strip()
    return reference.startswith("#") or bool(_EMBEDDED.match(reference))


def _check_css(text: str, where: str) -> None:
    if "@import" in text.lower():
        raise SvgRefused(f"its {where} imports another style sheet (@import)")
    for match in _URL.finditer(text):
        if not _allowed(match.group(2)):
            raise SvgRefused(f"its {where} refers to {match.group(2)[:60]!r}: an SVG must "
                             "be self-contained")


def sanitise(data: bytes) -> bytes:
    """``data`` as a self-contained SVG (see the module), or SvgRefused."""
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as error:
        raise SvgRefused(f"it does not parse as XML ({error.msg})") from None
    root = tree.getroot()
    dtd = tree.docinfo.internalDTD  # an external DOCTYPE alone declares nothing here
    if dtd is not None and (any(dtd.iterentities()) or any(dtd.iterelements())):
        raise SvgRefused("it declares a DTD of its own (entities are not allowed)")
    if root.tag != f"{{{SVG_NS}}}svg":
        raise SvgRefused("it is not an SVG image (its root element is not <svg>)")
    for sibling in (*root.itersiblings(preceding=True), *root.itersiblings()):
        if isinstance(sibling, etree._ProcessingInstruction):
            raise SvgRefused(f"it has a <?{sibling.target}?> processing instruction")
    for node in list(root.iter()):
        _clean(node)
    return bytes(etree.tostring(root, encoding="UTF-8", xml_declaration=True))


def _clean(node: etree._Element) -> None:
    """Remove or refuse what ``node`` holds (see the module)."""
    if isinstance(node, etree._Entity):
        raise SvgRefused(f"it uses the entity &{node.name};")
    if isinstance(node, etree._ProcessingInstruction):
        raise SvgRefused(f"it has a <?{node.target}?> processing instruction")
    if not isinstance(node.tag, str):
        return
    name = etree.QName(node)
    if name.namespace == "http://www.w3.org/2001/XInclude":
        raise SvgRefused("it includes other files (XInclude)")
    if name.namespace == SVG_NS and name.localname == "foreignObject":
        raise SvgRefused("it holds HTML (<foreignObject>), which Word's picture and the "
                         "PDF cannot draw alike")
    if name.namespace == SVG_NS and name.localname in _DROPPED:
        parent = node.getparent()
        if parent is not None:
            parent.remove(node)
        return
    if name.namespace == SVG_NS and name.localname == "style":
        _check_css(node.text or "", "style sheet")
    for key in list(node.attrib):
        local = etree.QName(key).localname
        value = node.attrib[key]
        if local.lower().startswith("on"):
            del node.attrib[key]
        elif key in ("href", XLINK_HREF):
            if name.localname == "a":
                del node.attrib[key]  # a link does nothing inside a picture
            elif not _allowed(value):
                raise SvgRefused(f"<{name.localname}> refers to {value[:60]!r}: an SVG "
                                 "must be self-contained")
        else:
            _check_css(value, f"{local} attribute")


def aspect(data: bytes) -> Fraction | None:
    """Height over width of a sanitised SVG, from its viewBox or its width and height
    (None when they do not say)."""
    root = etree.fromstring(data, _parser())
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            width, height = Fraction(box[2]), Fraction(box[3])
        except ValueError:
            return None
        return height / width if width > 0 and height > 0 else None
    sizes = [_length(root.get(key)) for key in ("width", "height")]
    if sizes[0] and sizes[1]:
        return sizes[1] / sizes[0]
    return None


def _length(text: str | None) -> Fraction | None:
    match = _LENGTH.match(text or "")
    if match is None:
        return None
    value = Fraction(match.group(1)) * _PX_PER[match.group(2) or "px"]
    return value if value > 0 else None
