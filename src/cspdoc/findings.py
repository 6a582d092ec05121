"""Findings: what the verifier (and the reference check) report, and verification.json."""

from __future__ import annotations

import json
from enum import StrEnum
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cspdoc.where import Where


class Severity(StrEnum):
    """Errors stop ``--strict`` builds and publishing; warnings and info do not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# Every code a finding can carry, with the sentence docs/tests hold it to.
CODES: dict[str, str] = {
    "total-mismatch": "A total or subtotal does not equal the sum of its parts.",
    "change-mismatch": "A variance, % change or percentage-point change does not follow "
                       "from the figures it compares.",
    "rate-mismatch": "A rate (n (x%) or x% of a base) does not equal n over its base.",
    "rate-over-100": "A rate is over 100%: possible when the count is not a subset of its "
                     "base, but the text must say why.",
    "share-over-100": "A share of a whole is over 100%: a part cannot be more than its "
                      "whole.",
    "zero-denominator": "A rate or change is printed over a base of zero, or a bound "
                        "figure divides by zero.",
    "parts-sum-mismatch": "A whole is said to be made of parts that do not add up to it.",
    "impossible-percentage": "No whole number out of the stated base gives the stated "
                             "percentage.",
    "missing-value": "A missing value was counted as zero in a total, or leaves a "
                     "checked or bound figure that cannot be computed.",
    "format": "A figure is malformed: a rate without its % sign, text where a number "
              "should be.",
    "inconsistent-figure": "The same quantity is printed with different values in two "
                           "places.",
    "change-kind": "A percentage change is stated where the figures give a "
                   "percentage-point change, or the reverse.",
    "mismatch": "A figure stated in the text does not equal the value it is checked "
                "against.",
    "unverified-figure": "A number in the text is neither bound to the data nor checked.",
    "ambiguous-claim": "A figure in the text fits more than one of the report's figures, "
                       "so it was not checked.",
    "unverified-text": "The text has figures and none of them is verified.",
    "unused-footnote": "A footnote is defined but never referenced.",
    "shorthand-value": "A figure reads a cell holding GSS shorthand ([c], [x] ...), which "
                       "is missing, never zero: it cannot be computed or checked.",
    "secondary-suppression": "A printed total or difference lets a reader work a "
                             "suppressed cell back out.",
    "suppressed-in-text": "The text prints a figure that the small-number rule "
                          "suppresses; it prints the code instead.",
}


class Finding(BaseModel):
    """One finding: a stable code, a severity, where, and one plain-English sentence."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    severity: Severity
    where: Where
    message: str
    stated: str | None = None
    expected: str | None = None
    reading: str | None = None  # which reading of the sentence was checked
    automatic: bool = False  # found in plain prose, not annotated by the author
    suggestion: str | None = None  # the Markdown that makes it a permanent check

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "severity": str(self.severity),
                               "where": self.where.findings_dict()}
        if self.stated is not None:
            out["stated"] = self.stated
        if self.expected is not None:
            out["expected"] = self.expected
        out["message"] = self.message
        if self.reading is not None:
            out["reading"] = self.reading
        if self.automatic:
            out["automatic"] = True
        if self.suggestion is not None:
            out["suggestion"] = self.suggestion
        return out


class Verification(BaseModel):
    """The findings about one report, with the counts of DESIGN.md's summary."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    report: str
    version: str
    findings: tuple[Finding, ...] = ()
    checked: int = 0
    unverified: int = 0
    auto_checked: int = 0  # prose figures checked automatically (right or wrong)
    ambiguous: int = 0  # prose figures that fit several of the report's figures
    prose_verified: int = 0  # prose figures bound, checked or auto-checked
    tables_numbered_separately: bool = False  # "Table N" in printed groups (not in JSON)
    allowed_errors: str | None = None
    # Every number of the text and what was made of it (not in verification.json: the
    # reviewer's copy and ``check --suggest`` read it).
    figures: tuple[Any, ...] = Field(default=(), exclude=True)
    # Each figure's caption by the name it is printed with ("Figure 7": "Violence with
    # injury ..."), so printed findings can head a group as the paper does (not in JSON).
    captions: dict[str, str] = Field(default_factory=dict, exclude=True)

    @property
    def prose_share(self) -> float | None:
        """The share of the figures in the text that are verified: bound, checked, or
        checked automatically; non-figures (dates, ages, ...) count as neither."""
        total = self.prose_verified + self.unverified + self.ambiguous
        return self.prose_verified / total if total else None

    @property
    def prose_percent(self) -> Fraction | None:
        """``prose_share`` as an exact percentage, for printing through numbers.py."""
        total = self.prose_verified + self.unverified + self.ambiguous
        return Fraction(100 * self.prose_verified, total) if total else None

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.WARNING)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "report": self.report,
            "version": self.version,
            "summary": {"errors": self.errors, "warnings": self.warnings,
                        "checked": self.checked, "unverified": self.unverified,
                        "auto_checked": self.auto_checked, "ambiguous": self.ambiguous},
            "findings": [f.to_json() for f in self.findings],
        }
        if self.allowed_errors is not None:
            out["allowed_errors"] = self.allowed_errors
        return out

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"


