"""The corrections notice of a corrected version: an unnumbered "Corrections" heading,
the status line, and each change with its reason, before the paper's text."""

from __future__ import annotations

from cspdoc.model import CorrectionsNotice
from cspdoc.writers.docx import styles
from cspdoc.writers.docx.body import BodyWriter, unnumbered
from cspdoc.writers.docx.oxml import el, paragraph, text_run

TITLE = "Corrections"


def corrections_notice(notice: CorrectionsNotice | None, writer: BodyWriter) -> None:
    """Write ``notice`` (nothing when the version corrects nothing)."""
    if notice is None:
        return
    state = writer.state
    ids = state.styles
    heading = unnumbered(paragraph(ids.id(styles.HEADINGS[0])))
    heading.append(text_run(TITLE))
    writer.body.append(heading)
    status = paragraph()
    status.append(text_run(notice.status + ".", el("w:rPr", el("w:b"))))
    writer.body.append(status)
    style, _ = writer.list_style(ordered=False, panel=False)
    for item in notice.items:
        p = paragraph(style)
        p.append(text_run(item.text + ("" if item.text.endswith((".", "…")) else ".") + " "))
        p.append(text_run(f"Reason: {item.reason}", el("w:rPr", el("w:i"))))
        writer.body.append(p)
    # a thin rule between the notice and the paper's own text
    writer.body.append(paragraph(ids.id(styles.NOTICE_RULE)))
