"""The report model: frozen pydantic nodes, the single source of truth."""

from cspdoc.model.blocks import (
    Block,
    Blocks,
    BulletList,
    Figure,
    Image,
    ListItem,
    Panel,
    PanelColumn,
    Paragraph,
)
from cspdoc.model.inlines import (
    Bound,
    Checked,
    Code,
    CrossRef,
    Emph,
    FootnoteRef,
    Inline,
    Inlines,
    LineBreak,
    Link,
    Literal_,
    Strong,
    Text,
    plain_text,
)
from cspdoc.model.report import (
    ChangeReason,
    Contact,
    Correction,
    CorrectionsNotice,
    Footnote,
    Meta,
    NamedValue,
    NoticeItem,
    NumberStyle,
    Period,
    Report,
    Section,
    Status,
)
from cspdoc.model.table import (
    Cell,
    Column,
    ColumnKind,
    Derived,
    Input,
    Missing,
    NumericCell,
    Row,
    RowKind,
    Stated,
    Table,
    TextCell,
    TotalRule,
)

__all__ = [
    "Block", "Blocks", "Bound", "BulletList", "Cell", "ChangeReason", "Checked", "Code",
    "Column", "ColumnKind", "Contact", "Correction", "CorrectionsNotice", "CrossRef",
    "Derived", "Emph", "Figure", "Footnote", "FootnoteRef", "Image", "Inline", "Inlines",
    "Input", "LineBreak", "Link", "ListItem", "Literal_", "Meta", "Missing", "NamedValue",
    "NoticeItem", "NumberStyle", "NumericCell", "Panel", "PanelColumn", "Paragraph", "Period",
    "Report", "Row", "RowKind", "Section", "Stated", "Status", "Strong", "Table", "Text",
    "TextCell", "TotalRule", "plain_text",
]
