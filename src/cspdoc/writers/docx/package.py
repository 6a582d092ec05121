"""Package-level properties: title, subject, author, keywords, language and dates, all
from the report's metadata (never the clock: python-docx's defaults are overwritten)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspdoc.model import Meta


def set_core_properties(document: Any, meta: Meta) -> None:
    """Fill docProps/core.xml from ``meta``."""
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
