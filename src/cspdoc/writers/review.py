"""The reviewer's copy: the paper as one HTML page with every figure of the text marked
as bound, checked, checked automatically, unverified or wrong, each finding beside its
figure and a summary at the top (``cspdoc build --format review``).

In: the report with its figures marked (``transforms.marks``) and its Verification.
Out: ``<slug>-review.html``, one file like the published page (``writers.html``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from cspdoc.findings import Severity, Verification
from cspdoc.model import Report
from cspdoc.numbers import format_percent
from cspdoc.resources import templates_dir
from cspdoc.writers.html import environment, write_html

SUMMARY = "review-summary.html"
REVIEW_CSS = "review.css"
STATUSES = ("bound", "checked", "auto", "unverified", "ambiguous", "doubtful", "wrong")


def summary(verification: Verification) -> str:
    """The summary block: counts, the colours' legend, every error and warning."""
    counts = Counter(getattr(f, "status", "") for f in verification.figures)
    share = verification.prose_percent
    alarms = [f for f in verification.findings if f.severity != Severity.INFO]
    template = environment(templates_dir()).get_template(SUMMARY)
    return template.render(v=verification, counts={s: counts.get(s, 0) for s in STATUSES},
                           share=format_percent(share, 0) if share is not None else None,
                           alarms=alarms)


def write_review(report: Report, verification: Verification, path: Path,
                 report_dir: Path | None = None) -> None:
    """Write the reviewer's copy of ``report`` (its figures already marked) at ``path``."""
    css = (templates_dir() / REVIEW_CSS).read_text(encoding="utf-8")
    write_html(report, path, report_dir, extra_css="\n" + css, review=summary(verification))


__all__ = ["summary", "write_review"]
