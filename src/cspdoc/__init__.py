"""cspdoc: verified council committee papers, in Word and PDF, from data and narrative.

    import cspdoc
    report = cspdoc.load("fixtures/winchester-2024-25")
    result = cspdoc.build(report, "out", report_dir="fixtures/winchester-2024-25")
"""

from cspdoc._version import __version__
from cspdoc.errors import CspdocError, ExpressionError, InputError, InputErrors, TemplateError
from cspdoc.findings import Finding, Severity, Verification
from cspdoc.pipeline import BuildResult, build, check, compare, load, prepare, publish
from cspdoc.publish import PublishRefused, PublishResult

__all__ = [
    "BuildResult", "CspdocError", "ExpressionError", "Finding", "InputError", "InputErrors",
    "PublishRefused", "PublishResult", "Severity", "TemplateError", "Verification",
    "__version__", "build", "check", "compare", "load", "prepare", "publish",
]
