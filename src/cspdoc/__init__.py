"""cspdoc: verified council committee papers, in Word and PDF, from data and narrative.

    import cspdoc
    report = cspdoc.load("fixtures/winchester-2024-25")
    report = cspdoc.replace_table(report, "drugs", this_quarter)   # a DataFrame
    result = cspdoc.build(report, "out", report_dir="fixtures/winchester-2024-25")

Every error cspdoc raises is a ``CspdocError`` with a plain message: ``InputError``
(bad report data, with file, line and field), ``ModelError`` (a model node built with
invalid values), ``UsageError`` (the API called wrongly), ``OutputError``,
``TemplateError``, ``ResourceError``; ``PublishRefused`` when figures do not add up.
"""

from cspdoc._version import __version__
from cspdoc.builder import replace_table, table_from_dataframe
from cspdoc.errors import (
    CspdocError,
    ExpressionError,
    InputError,
    InputErrors,
    ModelError,
    OutputError,
    ResourceError,
    TemplateError,
    UsageError,
)
from cspdoc.findings import Finding, Severity, Verification
from cspdoc.pipeline import BuildResult, build, check, compare, load, prepare, publish
from cspdoc.publish import PublishRefused, PublishResult

__all__ = [
    "BuildResult", "CspdocError", "ExpressionError", "Finding", "InputError", "InputErrors",
    "ModelError", "OutputError", "PublishRefused", "PublishResult", "ResourceError",
    "Severity", "TemplateError", "UsageError", "Verification", "__version__", "build",
    "check", "compare", "load", "prepare", "publish", "replace_table",
    "table_from_dataframe",
]
