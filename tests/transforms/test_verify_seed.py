"""The published Winchester paper, verified: exactly the findings confirmed by hand.

Each expected finding carries its working, recomputed by hand from the seed
(tests/data/seeds/000_a874e41e38340386.txt). Everything not listed was recomputed and
holds; in particular Figures 1, 2, 3 and 8 have no finding at all.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cspdoc.findings import Verification
from cspdoc.pipeline import check
from tests.conftest import STRATEGY, WINCHESTER

CONFIRMED = {
    # --- Figure 7, violence with injury: rates "n (x%)" over the same row's offences
    # Assault with intent to resist apprehension, 2023: 3 outcomes / 1 offence = 300.0%,
    # printed "3 (100%)".
    ("rate-mismatch", "tables/violence-injury.csv:8", "FAT Outcome 2023"),
    ("rate-over-100", "tables/violence-injury.csv:8", "FAT Outcome 2023"),
    # Care worker ill-treat/wilfully neglect, 2023: 6 / 4 = 150.0%, printed "6 (100%)".
    ("rate-mismatch", "tables/violence-injury.csv:10", "FAT Outcome 2023"),
    ("rate-over-100", "tables/violence-injury.csv:10", "FAT Outcome 2023"),
    # ABH – PC / PCSO, 2024: 6 / 4 = 150% printed "6 (150%)": right, but over 100%.
    ("rate-over-100", "tables/violence-injury.csv:3", "FAT Outcomes 2024"),
    # Emergency worker GBH, 2024: 3 / 2 = 150% printed "3 (150%)": right, over 100%.
    ("rate-over-100", "tables/violence-injury.csv:6", "FAT Outcomes 2024"),
    # Malicious wounding, 2024: 2 / 17 = 11.76% -> 11.8, printed "2 (11.8)": no % sign.
    ("format", "tables/violence-injury.csv:17", "FAT Outcomes 2024"),
    # (All other Figure 7 cells hold: e.g. 67/479 = 13.99% -> "14%", 5/32 = 15.625% ->
    # "15.6%" at 1 dp, totals 621 and 637, 127/621 = 20.45% -> "20.5%", 119/637 = 18.68%.)
    #
    # --- Figure 10, serious violence
    # Public order 65 & 64/1, 2023: "1 (100%)" over 0 offences: no rate exists.
    ("zero-denominator", "tables/serious-violence.csv:5", "FAT Outcome 2023"),
    # (Totals 91 and 88 hold; 31/91 = 34.07% -> 34.1%, 22/88 = 25%.)
    #
    # --- Figure 5, CAMHS referrals: the Oct-24 cell of "CAMHS Winchester and Test
    # Valley" is blank. Its row total 54 = 12+14+13+3+4+7+1 counts the blank as 0, and the
    # Oct-24 column total 17 = 17 + blank does the same. Everything else adds up.
    ("missing-value", "tables/camhs-referrals.csv:3", "Total"),
    ("missing-value", "tables/camhs-referrals.csv:4", "Oct-24"),
    #
    # --- The prose
    # Panel: "8 police disclosures under Clare's Law (2 right to ask/4 right to know)":
    # 2 + 4 = 6, not 8. (2023: 4 + 5 = 9 holds.)
    ("parts-sum-mismatch", "narrative/01-achievements-domestic-abuse.md:2", None),
    # Panel: "27 arrests for 28 DA offences equal to a 92% arrest rate": 27/28 = 96.43%.
    ("rate-mismatch", "narrative/01-achievements-domestic-abuse.md:12", None),
    # Same item: "an increase of 18.6% as opposed to 74.3% in 2023": 96.43 - 74.3 =
    # 22.1 points (74.3 may be 74.25-74.35: 22.08-22.18); as a percentage change it is
    # 29.8%. Neither is 18.6.
    ("change-mismatch", "narrative/01-achievements-domestic-abuse.md:12", None),
    # Headline: "1050 FAT outcomes ... an overall rate of 18.6%": 1050 = 102 + 358 + 590
    # (the panel's cautions, community resolutions, charges) holds, but 1050/5740 =
    # 18.29% -> 18.3%.
    ("rate-mismatch", "narrative/02-headline.md:3", None),
    # Headline: "the overall FAT outcome rate ... has increased by 1.6%": 2023 was
    # (64 + 406 + 487)/5695 = 957/5695 = 16.80%, 2024 is 18.29%: 1.49 points -> 1.5;
    # as a percentage change 8.9%. Neither is 1.6.
    ("change-mismatch", "narrative/02-headline.md:3", None),
    # DA: "(29) ... however 41.2% of those were repeat crimes": 11/29 = 37.9%,
    # 12/29 = 41.4%; no whole number of 29 is 41.2%.
    ("impossible-percentage", "narrative/03-domestic-abuse.md:3", None),
    # Stop Domestic Abuse: young people's referrals "from 31 ... to 48", "a 54% increase":
    # (48 - 31)/31 = 54.84% -> 55%.
    ("change-mismatch", "narrative/03-stop-domestic-abuse.md:5", None),
}


@pytest.fixture(scope="module")
def verification() -> Verification:
    return check(WINCHESTER)


def serious(v: Verification) -> set[tuple[str, str | None, str | None]]:
    return {(f.code, f.where.source, f.where.column) for f in v.findings
            if f.severity != "info"}


def it_finds_exactly_the_inconsistencies_confirmed_by_hand(verification: Verification):
    assert serious(verification) == CONFIRMED
    assert len([f for f in verification.findings if f.severity != "info"]) == len(CONFIRMED)


def it_counts_them(verification: Verification):
    assert (verification.errors, verification.warnings) == (10, 7)


def it_finds_nothing_wrong_in_figures_1_2_3_and_8(verification: Verification):
    assert not [f for f in verification.findings if f.where.figure in (1, 2, 3, 8)
                and f.code != "unverified-figure"]


def it_says_the_care_worker_rate_in_one_plain_sentence(verification: Verification):
    f = next(f for f in verification.findings
             if f.where.source == "tables/violence-injury.csv:10" and f.code == "rate-mismatch")
    assert f.message == ("Figure 7, Care worker ill-treat/wilfully neglect an individual, "
                         "FAT Outcome 2023: 6 out of 4 is 150.0%, but 100% is printed.")
    assert (f.stated, f.expected) == ("6 (100%)", "6 (150.0%)")
    assert f.where.findings_dict() == {
        "figure": 7, "table": "violence-injury",
        "row": "Care worker ill-treat/wilfully neglect an individual",
        "column": "FAT Outcome 2023", "section": "5 Priority 3: Priority Crime",
        "source": "tables/violence-injury.csv:10", "quote": "6 (100%)"}


def it_says_the_arrest_rate_in_one_plain_sentence(verification: Verification):
    f = next(f for f in verification.findings if f.code == "rate-mismatch"
             and f.where.source == "narrative/01-achievements-domestic-abuse.md:12")
    assert f.message == ("Section 1 'Delivery Plan 2024/25 – priority outcome achievements': "
                         "27 out of 28 is 96.4%, but the text says 92%.")


def it_lists_the_figures_a_reviewer_must_check_by_hand(verification: Verification):
    unverified = [f for f in verification.findings if f.code == "unverified-figure"]
    # The "100 of the offenders ... (over half of the overall figure)" is read as a
    # claim about its whole (159) and checked, so it is not among them.
    assert verification.unverified == len(unverified) == 66
    stated = {f.stated for f in unverified}
    # Counts quoted once with nothing to check them against are listed ...
    assert {"143", "160", "1,108", "339", "68%", "58.3%", "+28.6%"} <= stated
    # ... dates, years, quarters, legislation, postcodes and marked names are not.
    assert not stated & {"2024", "2023", "1998", "2014", "34", "35", "101"}
    assert not any(s in stated for s in ("1st", "2024/25", "SO22", "Q3", "2021"))
    assert verification.prose_share == pytest.approx((100 + 1) / 167)


def it_checks_the_strategy_page_clean():
    v = check(STRATEGY)
    assert (v.errors, v.warnings) == (0, 0)
    # The four FAT trend bullets are checked against rates published to 1 dp: the
    # "30.69% decrease" from 41.7% to 28.9% holds only as an interval (41.65-41.75 to
    # 28.85-28.95 allows 30.49%-30.90%); computed from the rounded rates it is 30.70%.
    assert v.checked == 15
    assert [f.stated for f in v.findings] == ["£1,171,373", "£24,300"]


def it_exits_1_with_the_json_of_design_md():
    done = subprocess.run([sys.executable, "-m", "cspdoc.cli", "check", str(WINCHESTER),
                           "--json"], capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert list(data) == ["report", "version", "summary", "findings"]
    assert data["summary"] == {"errors": 10, "warnings": 7, "checked": 261, "unverified": 66,
                               "auto_checked": 1, "ambiguous": 0}
    assert {k for f in data["findings"] for k in f} <= {
        "code", "severity", "where", "stated", "expected", "message", "reading", "automatic",
        "suggestion"}
    assert {(f["code"], f["where"].get("source"), f["where"].get("column"))
            for f in data["findings"] if f["severity"] != "info"} == CONFIRMED


def it_exits_0_for_the_strategy_page():
    done = subprocess.run([sys.executable, "-m", "cspdoc.cli", "check", str(STRATEGY)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert ("0 errors, 0 warnings; 15 figures checked, 0 checked automatically in the text, "
            "2 unverified") in " ".join(
        done.stdout.split())
