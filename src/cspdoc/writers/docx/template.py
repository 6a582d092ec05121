"""The house template through docxtpl: its tags checked, its placeholders filled with the
report's strings in a bounded sandbox (``sandbox``), and the body put where
``{{p body }}`` stood.

Step 1  ``open_template``: the template, or a TemplateError saying why not
Step 2  ``prepare``: every tag opens and closes in its paragraph and drops no text
        (``tags``); it asks only for names in ``placeholders``; the ``{{p body }}``
        paragraph is replaced by a marker
Step 3  ``render``: docxtpl renders the body, headers, footers and footnotes with the
        placeholders only (core properties are not rendered: cspdoc sets every one of
        them from the report); rendered XML that is not well-formed is an error, never
        repaired
Step 4  ``insert_body``: the paper's body goes where the marker is

Every failure is a TemplateError naming the template, the part and the tag.
"""

from __future__ import annotations

import html
import re
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import TemplateError as JinjaError
from jinja2 import meta
from lxml import etree

from cspdoc.errors import TemplateError
from cspdoc.model import Meta
from cspdoc.numbers import format_date
from cspdoc.where import Where
from cspdoc.writers.cover import contact_line, draft_marking, status_line
from cspdoc.writers.docx import tags
from cspdoc.writers.docx.oxml import el
from cspdoc.writers.docx.sandbox import DataOnlyEnvironment, TemplateLimit

BODY = "body"
MARKER = "_cspdoc_body"  # a hidden bookmark marking where the body goes
_PARAGRAPH = re.compile(r"<w:p([ >])")


def environment() -> DataOnlyEnvironment:
    """A fresh environment for one document (``sandbox.DataOnlyEnvironment``)."""
    return DataOnlyEnvironment()


def placeholders(meta: Meta) -> dict[str, str | None]:
    """Every value a template can print, by name (``{{ committee }}``); None when the
    report does not say (printed as nothing; test it with ``{% if wards %}``).

    ``status_line`` and ``contact_officer`` are the cover block's Status and Contact
    officer as the PDF prints them ("Corrected version 1.1, 18 March 2025"; name, role,
    email, phone); ``draft`` is "DRAFT" while the paper is a draft, else None."""
    contact = meta.contact
    officer = contact_line(meta)
    return {
        "draft": draft_marking(meta),
        "status_line": status_line(meta),
        "title": meta.title,
        "subtitle": meta.subtitle,
        "short_title": meta.short_title,
        "running_title": meta.running_title,
        "organisation": meta.organisation,
        "committee": meta.committee,
        "meeting_date": format_date(meta.meeting_date),
        "date": format_date(meta.date),
        "period": f"{format_date(meta.period.start)} to {format_date(meta.period.end)}",
        "reference": meta.reference,
        "wards": meta.wards,
        "status": meta.status.value.capitalize(),
        "version": meta.version,
        "contact_officer": officer,
        "contact_name": contact.name,
        "contact_role": contact.role,
        "contact_email": contact.email,
        "contact_phone": contact.phone,
        "author": meta.author or meta.organisation,
        "subject": meta.subject,
        "keywords": ", ".join(meta.keywords) or None,
    }


class _Failure(Exception):
    """A part failed to render: the part, the paragraph it failed in, and why."""

    def __init__(self, part: str, paragraph: str | None, error: BaseException) -> None:
        self.part, self.paragraph, self.error = part, paragraph, error
        super().__init__(part)


class HouseTemplate(DocxTemplate):  # type: ignore[misc]
    """docxtpl's template, narrowed: a failure names its part and paragraph, broken XML
    is refused instead of repaired, core properties are not rendered, and saving writes
    the document and nothing else (no media or zip-member replacement)."""

    def render_xml_part(self, src_xml: str, part: Any, context: dict[str, Any],
                        jinja_env: Any = None) -> str:
        name = part.partname.lstrip("/")
        try:
            return str(super().render_xml_part(src_xml, part, context, jinja_env))
        except Exception as error:  # anything a template's code raises
            raise _Failure(name, _failed_paragraph(source_lines(src_xml), error),
                           error) from error

    def build_headers_footers_xml(self, context: dict[str, Any], uri: str,
                                  jinja_env: Any = None) -> Iterable[tuple[str, bytes]]:
        for key, xml in super().build_headers_footers_xml(context, uri, jinja_env):
            _well_formed(self.docx.part.rels[key].target_part.partname.lstrip("/"), xml)
            yield key, xml

    def fix_tables(self, xml: str) -> Any:
        _well_formed(self.docx.part.partname.lstrip("/"), xml)
        return super().fix_tables(xml)

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        """Not rendered: ``package.set_core_properties`` sets each from the report."""

    def save(self, filename: Any, *args: Any, **kwargs: Any) -> None:
        self.docx.save(filename, *args, **kwargs)


def _well_formed(part: str, xml: str | bytes) -> None:
    try:
        etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml)
    except etree.XMLSyntaxError as error:
        raise _Failure(part, None, ValueError(
            f"the rendered part is not well-formed XML ({error.msg})")) from error


def source_lines(xml: str) -> list[str]:
    """The lines of a part's source as Jinja numbers them (docxtpl starts a line at each
    paragraph, so a line number points at a paragraph)."""
    return _PARAGRAPH.sub(r"\n<w:p\1", xml).splitlines()


def _failed_paragraph(lines: list[str], error: BaseException) -> str | None:
    """The text of the paragraph (source line) where the template failed, if known."""
    line = getattr(error, "lineno", None)
    if line is None:
        frames = [f for f in traceback.extract_tb(error.__traceback__)
                  if f.filename == "<template>"]
        line = frames[-1].lineno if frames else None
    if not line or line > len(lines):
        return None
    return html.unescape(re.sub(r"<[^>]+>", "", lines[line - 1]))


def open_template(source: Path) -> HouseTemplate:
    """The template at ``source`` as a HouseTemplate, or a TemplateError saying why not."""
    from docx.opc.exceptions import PackageNotFoundError

    where = Where(file=str(source))
    if not source.is_file():
        raise TemplateError("the Word template does not exist", where)
    tpl = HouseTemplate(str(source))
    try:
        tpl.get_docx()
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise TemplateError(f"this is not a Word document ({_one_line(error)})",
                            where) from error
    except Exception as error:  # a zip python-docx cannot read: say so, not crash
        raise TemplateError(f"this is not a Word document it can read ({_one_line(error)})",
                            where) from error
    return tpl


def prepare(tpl: HouseTemplate, env: DataOnlyEnvironment, names: set[str],
            source: Path) -> None:
    """Step 2: check every tag and placeholder, and mark where the body goes."""
    document = tpl.get_docx()
    found: list[tags.Tag] = []
    try:
        for part, root in tags.parts(document):
            found.extend(tags.scan(part, root))
        tags.check(found)
    except tags.TagError as error:
        raise TemplateError(error.message, Where(file=str(source), field=error.part)) from None
    body = tags.body_paragraph(found)
    marker = el("w:p", el("w:bookmarkStart", id=0, name=MARKER), el("w:bookmarkEnd", id=0))
    body.addnext(marker)
    body.getparent().remove(body)
    for part, xml in _sources(tpl):
        _check_names(env, part, xml, names, source)


def _sources(tpl: HouseTemplate) -> Iterable[tuple[str, str]]:
    """Each part's XML as docxtpl hands it to Jinja (patched)."""
    document = tpl.get_docx()
    yield document.part.partname.lstrip("/"), tpl.patch_xml(tpl.get_xml())
    for part, root in tags.parts(document):
        if part != document.part.partname.lstrip("/"):
            yield part, tpl.patch_xml(tpl.xml_to_string(root))


def _check_names(env: DataOnlyEnvironment, part: str, xml: str, names: set[str],
                 source: Path) -> None:
    where = Where(file=str(source), field=part)
    lines = source_lines(xml)
    try:
        asked = meta.find_undeclared_variables(env.parse("\n".join(lines)))
    except JinjaError as error:
        paragraph = _failed_paragraph(lines, error)
        raise TemplateError(f"the template is not valid Jinja: {_one_line(error)}"
                            + (f", in the paragraph {tags.quote(paragraph)}"
                               if paragraph else ""), where) from None
    unknown = sorted(asked - names)
    if unknown:
        listed = ", ".join(f"{{{{ {name} }}}}" for name in unknown)
        raise TemplateError(f"the template asks for {listed}, which a report cannot fill "
                            f"(it can fill: {', '.join(sorted(names))})", where)


def render(tpl: HouseTemplate, context: dict[str, Any], env: DataOnlyEnvironment,
           source: Path) -> None:
    """Step 3: render ``tpl`` in place with the placeholders (strings) only."""
    try:
        tpl.render(context, env, autoescape=True)
    except _Failure as failure:
        raise TemplateError(_failure_message(failure),
                            Where(file=str(source), field=failure.part)) from None
    except Exception as error:  # docxtpl's own post-processing of what a template made
        raise TemplateError(f"the template cannot be rendered: {_one_line(error)}",
                            Where(file=str(source))) from error


def _failure_message(failure: _Failure) -> str:
    error = failure.error
    where = f" in the paragraph {tags.quote(failure.paragraph)}" if failure.paragraph else ""
    if isinstance(error, TemplateLimit):
        return f"the template stops{where}: {error}"
    if isinstance(error, RecursionError | OverflowError | MemoryError):
        return f"the template cannot be rendered{where}: it asks for too much work " \
               f"({type(error).__name__})"
    return f"the template cannot be rendered{where}: {_one_line(error)}"


def insert_body(document: Any, body: Iterable[Any], source: Path) -> None:
    """Step 4: the body's elements where the marker is; exactly one marker must be left
    (a template condition or loop around ``{{p body }}`` can remove or repeat it)."""
    from docx.oxml.ns import qn

    markers = [b for b in document.element.body.iter(qn("w:bookmarkStart"))
               if b.get(qn("w:name")) == MARKER]
    if len(markers) != 1:
        how = "removed" if not markers else "repeated"
        raise TemplateError(f"the template's conditions or loops {how} {{{{p body }}}}: "
                            "the paper's text goes in once, unconditionally",
                            Where(file=str(source), field="word/document.xml"))
    holder = markers[0].getparent()
    for element in body:
        holder.addprevious(element)
    holder.getparent().remove(holder)


def _one_line(error: BaseException) -> str:
    return " ".join(str(getattr(error, "message", None) or error).split())
