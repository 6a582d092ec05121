"""The house template through docxtpl: the cover placeholders, a sandboxed autoescaping
Jinja environment, and the generated body inserted as a subdocument.

A template may ask only for the names in ``placeholders``; anything else is a
``TemplateError`` naming it, before anything is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined
from jinja2 import TemplateError as JinjaError
from jinja2.sandbox import SandboxedEnvironment

from cspdoc.errors import TemplateError
from cspdoc.model import Meta
from cspdoc.numbers import format_date
from cspdoc.where import Where

BODY = "body"


def environment() -> SandboxedEnvironment:
    """Sandboxed (a template is a council's file, not our code), autoescaping (an "&" in
    a title is text, not XML), strict about unknown names; None prints as nothing."""
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined,
                                finalize=lambda value: "" if value is None else value)


def placeholders(meta: Meta) -> dict[str, str | None]:
    """Every value a template can print, by name (``{{ committee }}``); None when the
    report does not say (printed as nothing; test it with ``{% if wards %}``)."""
    contact = meta.contact
    officer = ", ".join(p for p in (contact.name, contact.role) if p)
    return {
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


def open_template(source: Path) -> Any:
    """The template at ``source`` as a DocxTemplate, or a TemplateError saying why not."""
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate

    if not source.is_file():
        raise TemplateError("the Word template does not exist", Where(file=str(source)))
    tpl = DocxTemplate(str(source))
    try:
        tpl.get_docx()
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise TemplateError(f"this is not a Word document ({_one_line(error)})",
                            Where(file=str(source))) from error
    return tpl


def check_placeholders(tpl: Any, env: SandboxedEnvironment, names: set[str],
                       source: Path) -> None:
    """Fail, naming it, on a placeholder the report cannot fill or a missing body."""
    where = Where(file=str(source))
    try:
        asked = set(tpl.get_undeclared_template_variables(env))
    except JinjaError as error:
        raise TemplateError(f"the template is not valid Jinja: {_one_line(error)}",
                            where) from error
    unknown = sorted(asked - names - {BODY})
    if unknown:
        listed = ", ".join(f"{{{{ {name} }}}}" for name in unknown)
        raise TemplateError(f"the template asks for {listed}, which a report cannot fill "
                            f"(it can fill: {', '.join(sorted(names))})", where)
    if BODY not in asked:
        raise TemplateError("the template has no {{p body }} placeholder for the paper's "
                            "text", where)


def render(tpl: Any, context: dict[str, Any], env: SandboxedEnvironment,
           source: Path) -> None:
    """Render ``tpl`` in place; any Jinja failure becomes a one-line TemplateError."""
    try:
        tpl.render(context, env, autoescape=True)
    except JinjaError as error:
        raise TemplateError(f"the template cannot be rendered: {_one_line(error)}",
                            Where(file=str(source))) from error


def _one_line(error: Exception) -> str:
    return " ".join(str(getattr(error, "message", None) or error).split())
