"""What the cover and the running header say, composed once for both documents.

In: the report's metadata. Out: the cover block's rows (label, value), the status line,
and the draft marking ("DRAFT" while the paper is a draft: every ``cspdoc build``).
"""

from __future__ import annotations

from cspdoc.model import Meta, Status
from cspdoc.numbers import format_date

DRAFT = "DRAFT"


def draft_marking(meta: Meta) -> str | None:
    """"DRAFT" for a draft (on the cover and in the running header), else None."""
    return DRAFT if meta.status is Status.DRAFT else None


def status_line(meta: Meta) -> str:
    """"Draft, version 1.0", "Final, version 1.0", or for a corrected version
    "Corrected version 1.1, 18 March 2025" (the date its correction entry gives)."""
    if meta.status is Status.CORRECTED:
        entry = next((c for c in meta.corrections if c.version == meta.version), None)
        when = entry.date if entry is not None else meta.date
        return f"Corrected version {meta.version}, {format_date(when)}"
    return f"{meta.status.value.capitalize()}, version {meta.version}"


def contact_line(meta: Meta) -> str:
    """The contact officer: name, role, email and phone, as given."""
    contact = meta.contact
    return ", ".join(part for part in (contact.name, contact.role, contact.email,
                                       contact.phone) if part)


def cover_fields(meta: Meta) -> list[tuple[str, str]]:
    """The cover block's rows, label then value, in the order printed."""
    rows = [("Committee", meta.committee),
            ("Date of meeting", format_date(meta.meeting_date)),
            ("Report reference", meta.reference)]
    if meta.wards:
        rows.append(("Wards affected", meta.wards))
    rows.append(("Status", status_line(meta)))
    rows.append(("Contact officer", contact_line(meta)))
    return rows
