"""The reference paper with its narrative exactly as published and nothing annotated
(fixtures/winchester-2024-25-plain): the claim finder finds by itself the mistakes the
hand-annotated fixture finds, raises no false error, and its suggested bindings verify at
least every prose figure the annotated fixture verifies."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cspdoc import Verification
from cspdoc.pipeline import check
from tests.conftest import FIXTURES, WINCHESTER

PLAIN = FIXTURES / "winchester-2024-25-plain"
DA = "narrative/01-achievements-domestic-abuse.md"

# (code, severity, source, stated, expected): every alarm about the prose.
EXPECTED = {
    ("parts-sum-mismatch", "error", f"{DA}:2", "8", "6"),
    ("rate-mismatch", "error", f"{DA}:12", "92%", "96.4%"),
    ("change-mismatch", "error", f"{DA}:12", "18.6%", "about 17.7 percentage points"),
    ("impossible-percentage", "error", "narrative/03-domestic-abuse.md:3", "41.2%",
     "37.9% or 41.4%"),
    ("rate-mismatch", "warning", "narrative/02-headline.md:3", "18.6%", "18.3%"),
    ("change-mismatch", "warning", "narrative/02-headline.md:3", "1.6%",
     "1.5 percentage points"),
    ("change-mismatch", "warning", "narrative/03-stop-domestic-abuse.md:5", "54%", "54.8%"),
}


@pytest.fixture(scope="module")
def plain() -> Verification:
    return check(PLAIN)


def _prose_alarms(v: Verification) -> set[tuple[str, str, str | None, str | None, str | None]]:
    return {(f.code, str(f.severity), f.where.source, f.stated, f.expected)
            for f in v.findings if f.automatic and f.severity != "info"}


def it_finds_the_mistakes_of_the_prose_and_no_others(plain: Verification):
    assert _prose_alarms(plain) == EXPECTED


def it_says_which_reading_it_checked_and_quotes_the_sentence(plain: Verification):
    f = next(f for f in plain.findings if f.automatic and f.stated == "92%")
    assert f.reading == "27 out of 28"
    assert f.where.quote == ("As a snapshot in Q3 there were 27 arrests for 28 DA offences "
                             "equal to a 92% arrest rate, an increase of 18.6% as opposed to "
                             "74.3% in 2023.")
    assert f.where.section == "1 Delivery Plan 2024/25 – priority outcome achievements"
    assert f.message.startswith("Section 1 'Delivery Plan 2024/25 – priority outcome "
                                "achievements': 27 out of 28 is 96.4%")
    assert f.suggestion == "[92%]{= pct(da.arrests_q3, da.offences_q3)}"


def it_names_the_closest_report_figure_when_no_base_fits(plain: Verification):
    f = next(f for f in plain.findings if f.automatic and f.stated == "18.6%"
             and f.where.source == "narrative/02-headline.md:3")
    assert "1,050 of 5,740 is 18.3%" in f.message
    assert "Figure 1, Total, Q1-Q3 2024" in f.message


def it_says_the_annotated_errors_are_errors_in_the_plain_text_too():
    annotated = check(WINCHESTER)
    prose_errors = {(f.where.source, f.stated) for f in annotated.findings
                    if f.severity == "error" and f.where.figure is None}
    plain_errors = {(f.where.source, f.stated) for f in check(PLAIN).findings
                    if f.severity != "info" and f.where.figure is None}
    assert prose_errors <= plain_errors


def it_checks_most_of_the_prose_figures_by_itself(plain: Verification):
    assert plain.auto_checked >= 100
    assert plain.prose_share is not None and plain.prose_share > 0.55


def it_exits_1_and_publish_refuses(tmp_path: Path):
    done = subprocess.run([sys.executable, "-m", "cspdoc.cli", "check", str(PLAIN)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    done = subprocess.run([sys.executable, "-m", "cspdoc.cli", "publish", str(PLAIN),
                           "--out", str(tmp_path)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 1
    assert not (tmp_path / "winchester-2024-25-plain" / "v1.0").exists()


def _verified(v: Verification) -> set[tuple[str | None, int, str]]:
    """Prose figures bound, checked or checked automatically: (file, line, n-th figure
    with this text in its paragraph, text)."""
    out = set()
    seen: dict[tuple[int, str], int] = {}
    for fig in v.figures:
        key = (fig.unit, fig.token.text)
        k = seen.get(key, 0)
        seen[key] = k + 1
        if fig.status in ("bound", "checked", "auto", "wrong", "doubtful"):
            out.add((fig.where.source, k, fig.token.text))
    return out


def it_verifies_with_its_suggestions_every_figure_the_annotated_paper_verifies(
        tmp_path: Path):
    folder = tmp_path / "plain"
    shutil.copytree(PLAIN, folder)
    report = folder / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "extends: ../winchester-2024-25", f"extends: {WINCHESTER.as_posix()}"),
        encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "cspdoc.cli", "check", str(folder),
                           "--suggest", "--write"], capture_output=True, text=True,
                          check=False)
    assert "wrote" in done.stderr, done.stderr
    assert "not written" not in done.stderr
    after = check(folder)
    annotated = _verified(check(WINCHESTER))
    missing = annotated - _verified(after)
    assert not missing
    # Nothing the annotated paper leaves unverified was bound to a value from the text.
    assert after.unverified >= check(WINCHESTER).unverified - 2
    # The written files still say the same thing: only figures became bindings.
    for md in sorted((folder / "narrative").glob("*.md")):
        original = (PLAIN / "narrative" / md.name).read_text(encoding="utf-8")
        assert _strip(md.read_text(encoding="utf-8"), after) == original, md.name


def _strip(text: str, v: Verification) -> str:
    """The Markdown with every binding put back to the figure it prints."""
    text = re.sub(r"\[([^\]\[]*)\]\{= [^}]*\}", r"\1", text)
    printed = {f"{{= {fig.note}}}": fig.token.text for fig in v.figures
               if fig.status == "bound"}
    return re.sub(r"\{= [^}]*\}", lambda m: printed.get(m.group(0), m.group(0)), text)
