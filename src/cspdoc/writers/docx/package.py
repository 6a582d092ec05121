"""Package-level properties: title, subject, author, keywords, language and dates, all
from the report's metadata (never the clock: python-docx's defaults are overwritten);
and the archive itself, rewritten so the same report gives the same bytes."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

from docx.oxml import ns

from cspdoc.model import Meta

CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


def bind_core_prefix() -> None:
    """Bind python-docx's ``cp`` prefix to the core-properties namespace again.

    python-docx builds every core property element from its global prefix map, which
    docxcompose rebinds (``cp`` → custom properties) when it is imported; docxtpl imports
    it whenever it is installed. The keywords, status, version, category and
    last-modified-by elements would then be created in the wrong namespace, which Word
    reports as unreadable content and LibreOffice drops. cspdoc does not use docxcompose.
    """
    ns.nsmap["cp"] = CORE_PROPERTIES
    ns.pfxmap[CORE_PROPERTIES] = "cp"


def set_core_properties(document: Any, meta: Meta) -> None:
    """Fill docProps/core.xml from ``meta``."""
    bind_core_prefix()
    props = document.core_properties
    stamp = dt.datetime.combine(meta.date, dt.time(0, 0), tzinfo=dt.UTC)
    props.title = meta.title
    props.subject = meta.subject or meta.committee
    props.author = meta.author or meta.organisation
    props.last_modified_by = meta.author or meta.organisation
    props.keywords = ", ".join(meta.keywords)
    props.language = meta.language
    props.identifier = meta.reference
    props.category = "Committee paper"
    props.content_status = meta.status.value.capitalize()
    props.version = meta.version
    props.comments = f"{meta.committee}, {meta.meeting_date.isoformat()}"
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp


def normalise_archive(path: Path, meta: Meta) -> None:
    """Rewrite the .docx zip with every entry dated from ``meta`` (python-docx stamps
    entries with the clock), in the same order, with fixed permissions and compression."""
    stamp = (max(meta.date.year, 1980), meta.date.month, meta.date.day, 0, 0, 0)
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, data, compresslevel=6)
