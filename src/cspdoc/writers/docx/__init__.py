"""Report → DOCX (python-docx). A plain first version: every heading, paragraph, table,
caption and footnote text is present; footnotes are listed as numbered notes at the end."""

from cspdoc.writers.docx.body import write_docx

__all__ = ["write_docx"]
