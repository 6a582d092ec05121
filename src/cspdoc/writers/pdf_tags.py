"""Mend the structure tree WeasyPrint writes for a PDF/UA-1 document, before it is saved.

WeasyPrint 70 tags each page on its own and from box types, so a tagged paper has gaps:
an element split across pages is two elements (two Tables for one table), footnotes are
Spans at the foot of each page, TH cells have no Scope, repeated table headers are read
again on every page, and margin boxes ("Page X of Y", the running header) are marked
content that belongs to no element and is no artifact either.

``recording()`` notes which HTML element each structure element came from while
WeasyPrint builds the tree; ``mend()`` (run as ``write_pdf``'s finisher) then, in order:

1. footnotes: each becomes a Note (with an ID) holding a Lbl, its call a Reference; the
   Note moves from the page's footnote area to just after its Reference (after the
   heading, when the reference is in a heading), so it is read where it is referenced;
2. fragments of one element on consecutive pages are joined (one Part, one Sect, one
   Table, one P); a table header repeated on a later page becomes a pagination artifact,
   and the cells under it point at the first header's IDs;
3. TH gets Scope (Column or Row) from the HTML ``scope``; a table's caption goes inside
   its Table; figure wrappers become Div; an image placeholder (``role="img"``) becomes
   a Figure with the alt text; link annotations are described by their text, not by
   their target's id;
4. empty grouping elements go; every marked content left outside the tree becomes a
   pagination artifact, and the IDs used are listed in the root's IDTree.

It works on WeasyPrint's pydyf objects and knows their shapes: a WeasyPrint upgrade can
break it, and tests/writers/test_pdf_tags.py reads the result back with pikepdf.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pydyf

_SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}
_HEADINGS = {"/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}
_NULL = b"null"
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Origin:
    """Where a structure element came from: the HTML element (None for page areas), its
    tag with any pseudo-element (``span::footnote-call``) and the box laid out."""

    element: Any
    tag: str | None
    box: Any

    def has_class(self, name: str) -> bool:
        return self.element is not None and name in (self.element.get("class") or "").split()


@contextmanager
def recording() -> Iterator[dict[int, Origin]]:
    """While WeasyPrint writes a tagged PDF inside this block, map each structure
    element's object number to its Origin. One document at a time (a lock)."""
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    origins: dict[int, Origin] = {}

    def traced(box: Any, *args: Any) -> Iterator[Any]:
        inner = getattr(box, "_box", box)  # an absolute placeholder stands for its box
        for element in original(box, *args):
            # The innermost call sees an element first: the box that made it.
            if element.number not in origins:
                origins[element.number] = Origin(
                    inner.element, inner.element_tag if inner.element is not None else None,
                    inner)
            yield element

    with _LOCK:
        tags._build_box_tree = traced
        try:
            yield origins
        finally:
            tags._build_box_tree = original


def _number(ref: Any) -> int | None:
    """The object number of an indirect reference (``b"12 0 R"``), else None."""
    if isinstance(ref, bytes) and ref.endswith(b" R"):
        return int(ref.split()[0])
    return None


@dataclass
class _Tree:
    """The structure tree being mended, over the pydyf objects of one PDF."""

    pdf: Any
    origins: dict[int, Origin]
    artifacts: dict[bytes, set[int]] = field(default_factory=dict)  # page ref → MCIDs
    replaced: dict[bytes, bytes] = field(default_factory=dict)  # dropped → kept element
    header_ids: dict[str, Any] = field(default_factory=dict)  # repeated TH's ID → first's
    last_page: dict[int, bytes] = field(default_factory=dict)
    _objects: dict[bytes, Any] = field(default_factory=dict)

    def obj(self, ref: Any) -> Any:
        if not isinstance(ref, bytes):
            return None
        found = self._objects.get(ref)
        if found is None:
            number = _number(ref)
            found = self._objects[ref] = (
                self.pdf.objects[number] if number is not None else None)
        return found

    def elem(self, ref: Any) -> Any:
        """The structure element ``ref`` points to, or None (MCID, OBJR, MCR)."""
        obj = self.obj(ref)
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem":
            return obj
        return None

    def origin(self, elem: Any) -> Origin | None:
        return self.origins.get(elem.number)

    def children(self, elem: Any) -> list[Any]:
        return [kid for kid in (self.elem(ref) for ref in elem["K"]) if kid is not None]

    def walk(self, elem: Any) -> Iterator[Any]:
        yield elem
        for kid in self.children(elem):
            yield from self.walk(kid)

    def parent(self, elem: Any) -> Any:
        return self.elem(elem["P"])

    def detach(self, elem: Any) -> None:
        parent = self.parent(elem)
        parent["K"] = pydyf.Array(ref for ref in parent["K"] if ref != elem.reference)

    def insert_after(self, anchor: Any, elem: Any) -> None:
        parent = self.parent(anchor)
        kids = list(parent["K"])
        kids.insert(kids.index(anchor.reference) + 1, elem.reference)
        parent["K"] = pydyf.Array(kids)
        elem["P"] = parent.reference

    # ---------------------------------------------------------------- moving content

    def absorb(self, kept: Any, gone: Any) -> None:
        """Move ``gone``'s content to the end of ``kept`` (its continuation)."""
        for ref in gone["K"]:
            if isinstance(ref, int):  # an MCID on gone's page: say which page it is on
                mcr = pydyf.Dictionary({"Type": "/MCR", "Pg": gone["Pg"], "MCID": ref})
                self.pdf.add_object(mcr)
                kept["K"].append(mcr.reference)
                continue
            kid = self.elem(ref)
            if kid is not None:
                kid["P"] = kept.reference
            kept["K"].append(ref)
        self.last_page[kept.number] = gone["Pg"]
        self.replaced[gone.reference] = kept.reference
        gone.clear()

    def drop_as_artifact(self, elem: Any) -> None:
        """Take ``elem`` out of the tree; its content becomes a pagination artifact."""
        for node in list(self.walk(elem)):
            for ref in node["K"]:
                if isinstance(ref, int):
                    self.artifacts.setdefault(node["Pg"], set()).add(ref)
                else:
                    mcr = self.obj(ref)
                    if isinstance(mcr, pydyf.Dictionary) and mcr.get("Type") == "/MCR":
                        self.artifacts.setdefault(mcr["Pg"], set()).add(mcr["MCID"])
            self.replaced[node.reference] = _NULL
        for node in list(self.walk(elem)):
            node.clear()


# -------------------------------------------------------------------- 1. footnotes


def _mend_notes(tree: _Tree, document: Any) -> None:
    calls: dict[int, Any] = {}
    notes: list[Any] = []
    for elem in tree.walk(document):
        origin = tree.origin(elem)
        if origin is None or origin.element is None:
            continue
        if origin.tag == "span::footnote-call":
            calls.setdefault(id(origin.element), elem)
        elif origin.tag == "span" and origin.has_class("footnote"):
            notes.append(elem)
        elif origin.tag == "span::footnote-marker":
            elem["S"] = "/Lbl"
    areas = []
    first: dict[int, Any] = {}
    for note in notes:
        origin = tree.origin(note)
        assert origin is not None
        area = tree.parent(note)
        areas.append(area)
        key = id(origin.element)
        if key in first:  # a note split across pages: one Note
            tree.detach(note)
            tree.absorb(first[key], note)
            continue
        first[key] = note
        note["S"] = "/Note"
        note["ID"] = pydyf.String(origin.element.get("id") or f"note-{note.number}")
        call = calls.get(key)
        if call is None:
            continue
        call["S"] = "/Reference"
        anchor = call
        for above in _ancestors(tree, call):
            if above["S"] in _HEADINGS:
                anchor = above  # a heading's note is read after the heading
        tree.detach(note)
        tree.insert_after(anchor, note)
    for area in areas:
        if area and not tree.children(area) and not any(isinstance(r, int) for r in area["K"]):
            tree.detach(area)
            area.clear()


def _ancestors(tree: _Tree, elem: Any) -> Iterator[Any]:
    parent = tree.parent(elem)
    while parent is not None and parent.get("S") != "/Document":
        yield parent
        parent = tree.parent(parent)


# -------------------------------------------------------------------- 2. fragments


def _same_element(tree: _Tree, a: Any, b: Any) -> bool:
    oa, ob = tree.origin(a), tree.origin(b)
    return (oa is not None and ob is not None and oa.element is not None
            and oa.element is ob.element and oa.tag == ob.tag and a["S"] == b["S"])


def _join_fragments(tree: _Tree, elem: Any) -> None:
    kept: list[Any] = []
    for ref in list(elem["K"]):
        kid = tree.elem(ref)
        if kid is None:
            kept.append(ref)
            continue
        prev = tree.elem(kept[-1]) if kept else None
        if prev is not None and _same_element(tree, prev, kid) and \
                tree.last_page.get(prev.number, prev["Pg"]) != kid["Pg"]:
            tree.absorb(prev, kid)
            continue
        if kid["S"] in ("/THead", "/TFoot"):
            first = next((tree.elem(r) for r in kept if tree.elem(r) is not None
                          and _same_element(tree, tree.elem(r), kid)), None)
            if first is not None:  # a header repeated on a later page
                _map_header_ids(tree, first, kid)
                tree.drop_as_artifact(kid)
                continue
        kept.append(ref)
    elem["K"] = pydyf.Array(kept)
    for kid in tree.children(elem):
        _join_fragments(tree, kid)


def _map_header_ids(tree: _Tree, first: Any, repeat: Any) -> None:
    ids = {id(o.element): e["ID"] for e in tree.walk(first)
           if "ID" in e and (o := tree.origin(e)) is not None}
    for e in tree.walk(repeat):
        origin = tree.origin(e)
        if "ID" in e and origin is not None and id(origin.element) in ids:
            tree.header_ids[e["ID"].string] = ids[id(origin.element)]


# -------------------------------------------------------------------- 3. tables, figures


def _mend_tables_and_figures(tree: _Tree, document: Any) -> None:
    for elem in list(tree.walk(document)):
        if not elem:
            continue
        origin = tree.origin(elem)
        s = elem["S"]
        if s == "/TH" and origin is not None and origin.element is not None:
            scope = _SCOPES.get((origin.element.get("scope") or "").lower())
            if scope:
                elem["A"]["Scope"] = scope
        if s in ("/TD", "/TH") and "A" in elem and "Headers" in elem["A"]:
            elem["A"]["Headers"] = pydyf.Array(
                _renamed(tree, h) for h in elem["A"]["Headers"])
        if origin is None or origin.element is None:
            continue
        if s == "/Link":
            _describe_link(tree, elem, origin)
        elif origin.tag == "figure":
            elem["S"] = "/Div"
            _caption_into_table(tree, elem)
        elif origin.has_class("unavailable") and origin.element.get("role") == "img":
            elem["S"] = "/Figure"
            elem["Alt"] = pydyf.String(origin.element.get("aria-label") or "")
            box = origin.box
            x, y = box.border_box_x(), box.border_box_y()
            elem["A"] = pydyf.Dictionary({"O": "/Layout", "BBox": pydyf.Array(
                (x, y, x + box.border_width(), y + box.border_height()))})


def _describe_link(tree: _Tree, link: Any, origin: Origin) -> None:
    """A link annotation's Contents (its alternate description, PDF/UA-1 7.18.5): the
    link's aria-label, title or text, where WeasyPrint puts the target's id."""
    element = origin.element
    text = element.get("aria-label") or element.get("title") or \
        " ".join("".join(element.itertext()).split())
    for ref in link["K"]:
        objr = tree.obj(ref)
        if isinstance(objr, pydyf.Dictionary) and objr.get("Type") == "/OBJR":
            annotation = tree.obj(objr["Obj"])
            if annotation is not None and text:
                annotation["Contents"] = pydyf.String(text)


def _renamed(tree: _Tree, header: Any) -> Any:
    return tree.header_ids.get(header.string, header)


def _caption_into_table(tree: _Tree, figure: Any) -> None:
    kids = tree.children(figure)
    tables = [k for k in kids if k["S"] == "/Table"]
    captions = [k for k in kids if k["S"] == "/Caption"]
    if len(tables) == 1 and len(captions) == 1:
        tree.detach(captions[0])
        tables[0]["K"].append(captions[0].reference)
        captions[0]["P"] = tables[0].reference


# -------------------------------------------------------------------- 4. the rest


def _drop_empty_groups(tree: _Tree, elem: Any) -> bool:
    """Remove Div and NonStruct elements that hold no content (a running element's
    place in the flow); True if ``elem`` holds none either."""
    empty = True
    for ref in list(elem["K"]):
        kid = tree.elem(ref)
        if kid is None:
            empty = False
        elif _drop_empty_groups(tree, kid) and kid["S"] in ("/Div", "/NonStruct"):
            tree.detach(kid)
            tree.replaced[kid.reference] = _NULL
            kid.clear()
        else:
            empty = False
    return empty


def _artifact_orphans(tree: _Tree, root: Any, document: Any) -> None:
    """Marked content whose element is not in the tree (margin boxes) → artifacts."""
    in_tree = {e.reference for e in tree.walk(document)}
    nums = tree.obj(root["ParentTree"])["Nums"]
    pages = tree.pdf.page_references
    for i in range(0, len(nums), 2):
        entries = nums[i + 1]
        if not isinstance(entries, pydyf.Array):
            continue  # an annotation's single entry
        page = pages[nums[i]]
        for mcid, ref in enumerate(entries):
            ref = tree.replaced.get(ref, ref)
            while ref in tree.replaced:
                ref = tree.replaced[ref]
            if ref == _NULL or ref not in in_tree:
                tree.artifacts.setdefault(page, set()).add(mcid)


def _rewrite_parent_tree(tree: _Tree, root: Any) -> None:
    nums = tree.obj(root["ParentTree"])["Nums"]
    pages = tree.pdf.page_references
    for i in range(1, len(nums), 2):
        value = nums[i]
        if isinstance(value, pydyf.Array):
            page = pages[nums[i - 1]]
            dead = tree.artifacts.get(page, set())
            nums[i] = pydyf.Array(
                _NULL if mcid in dead else _final(tree, ref) for mcid, ref in enumerate(value))
        else:
            nums[i] = _final(tree, value)


def _final(tree: _Tree, ref: Any) -> Any:
    while ref in tree.replaced:
        ref = tree.replaced[ref]
    return ref


def _mark_artifacts(tree: _Tree) -> None:
    """Rewrite ``/Span <</MCID n>> BDC`` as ``/Artifact <</Type /Pagination>> BDC``."""
    for page_ref in tree.pdf.page_references:
        dead = tree.artifacts.get(page_ref)
        if not dead:
            continue
        page = tree.obj(page_ref)
        stream = tree.obj(page["Contents"])
        ops = stream.stream
        for i, op in enumerate(ops):
            if isinstance(op, pydyf.Dictionary) and op.get("MCID") in dead:
                ops[i - 1] = "/Artifact"
                ops[i] = pydyf.Dictionary({"Type": "/Pagination"})


def _id_tree(tree: _Tree, root: Any, document: Any) -> None:
    ids = sorted((str(e["ID"].string), e.reference) for e in tree.walk(document) if "ID" in e)
    names = pydyf.Array()
    for key, ref in ids:
        names.extend((pydyf.String(key), ref))
    id_tree = pydyf.Dictionary({"Names": names})
    tree.pdf.add_object(id_tree)
    root["IDTree"] = id_tree.reference


def mend(pdf: Any, origins: dict[int, Origin]) -> None:
    """Mend the structure tree of ``pdf`` (pydyf) in place; see the module docstring."""
    root = pdf.objects[_number(pdf.catalog["StructTreeRoot"])]
    tree = _Tree(pdf, origins)
    document = tree.elem(root["K"][0])
    _mend_notes(tree, document)
    _join_fragments(tree, document)
    _mend_tables_and_figures(tree, document)
    _drop_empty_groups(tree, document)
    _artifact_orphans(tree, root, document)
    _rewrite_parent_tree(tree, root)
    _mark_artifacts(tree)
    _id_tree(tree, root, document)
