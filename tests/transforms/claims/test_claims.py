"""The claim finder's promises beyond single phrases: silence on non-figures, hedges as
bounds, severity that can be trusted, shares that cannot exceed their whole, honest
coverage, and findings a reviewer can find on paper."""

from __future__ import annotations

import pytest

from cspdoc.pipeline import check
from cspdoc.transforms.claims.tokens import Hedge, tokenize
from tests.conftest import MINIMAL_YAML, MakeReport
from tests.transforms.claims.conftest import CheckProse, alarms


class DescribeNonFigures:
    @pytest.mark.parametrize(("text", "number", "reason"), [
        ("between 1st October and 30th September", "1", "ordinal"),
        ("in 2023/24 compared with 2022/23", None, None),
        ("the period 1 April to 31 March 2024", "1", "date"),
        ("in Quarter 3 of the year", "3", "label"),
        ("young people aged 10 to 16", "10", "age"),
        ("young people aged 10 to 16", "16", "age"),
        ("offenders in the 35 – 49yrs age group", "35", "age"),
        ("Section 34 of the Act 2014", "34", "label"),
        ("report incidents to 101", "101", "phone"),
        ("residents can report non-urgent crime to 101", "101", "phone"),
        ("calls to 101 fell by 8%", "101", "phone"),
        ("call 01962 848 400 today", None, None),
        ("in the SO23 postcode", "23", "code"),
        ("the Safer Streets 5 fund", "5", "name"),
        ("a 6monthly review", "6", "label"),
        ("within 20 working days", "20", "period"),
        ("the 10-minute standard", "10", "period"),
        ("calls answered within 60 seconds", "60 seconds", "period"),
        ("in the first 9 months", "9", "period"),
        ("Ward 12 and Beat 4", "12", "label"),
        ("at 10.30am each day", None, None),
    ])
    def it_knows_what_is_not_a_figure(self, text: str, number: str | None, reason: str | None):
        tokens = tokenize(text)
        if number is None:
            assert not [t for t in tokens if t.is_figure], [t.text for t in tokens]
        else:
            token = next(t for t in tokens if t.text == number)
            assert token.reason == reason

    def it_reads_the_whole_of_n_of_the_m_named_thing(self):
        tokens = tokenize("Twelve of the 17 Ombudsman decisions found fault")
        assert [t.text for t in tokens if t.is_figure] == ["Twelve", "17"]

    @pytest.mark.parametrize("text", ["complaints fell by 19 to 112",
                                      "emergency calls rose by 40 to 999"])
    def it_keeps_a_count_that_happens_to_be_a_short_number(self, text: str):
        assert all(t.is_figure for t in tokenize(text))

    def it_keeps_counts_next_to_labels_as_counts(self):
        tokens = {t.text: t for t in tokenize("Under Section 34, 43 burglaries were "
                                              "recorded; aged 35 to 49 and 42 (26.42%) were")}
        assert tokens["34"].reason == "label"
        assert tokens["43"].is_figure and tokens["42"].is_figure


class DescribeHedges:
    @pytest.mark.parametrize(("text", "hedge"), [
        ("over 400 kits", Hedge.OVER), ("just over 1.4%", Hedge.JUST_OVER),
        ("around 12%", Hedge.ABOUT), ("approximately 50 alarms", Hedge.ABOUT),
        ("more than 20,000", Hedge.OVER), ("nearly 300", Hedge.NEARLY),
        ("up to 48 cases", Hedge.AT_MOST), ("at least 11", Hedge.AT_LEAST),
    ])
    def it_reads_the_hedge(self, text: str, hedge: Hedge):
        assert next(t for t in tokenize(text) if t.is_figure).hedge == hedge

    @pytest.mark.parametrize(("part", "ok"), [(282, True), (272, True), (263, False)])
    def it_reads_nearly_as_close_below(self, check_prose: CheckProse, part: int, ok: bool):
        # 88.7% and 85.5% are nearly 90%; 82.7% is not.
        v = check_prose(f"Nearly 90% of subject access requests ({part} of 318) were "
                        "answered within a month.")
        assert alarms(v) == ([] if ok else [("rate-mismatch", "error")])

    def it_checks_a_hedged_figure_as_the_bound_it_states(self, check_prose: CheckProse):
        right = check_prose("Of the 840 cases referred, over 60% (512) were resolved.")
        wrong = check_prose("Of the 840 cases referred, over 70% (512) were resolved.")
        assert alarms(right) == [] and right.auto_checked == 1
        assert alarms(wrong) == [("rate-mismatch", "error")]


class DescribeSeverity:
    def it_is_an_error_when_the_only_reading_is_wrong(self, check_prose: CheckProse):
        v = check_prose("Stage two complaints increased from 64 to 81, a rise of 24.6%.")
        assert alarms(v) == [("change-mismatch", "error")]

    def it_is_no_error_when_one_of_two_readings_holds(self, check_prose: CheckProse):
        # 78% to 82% is 4 points, or (as published, rounded) 5.1% as a relative rise.
        v = check_prose("Satisfaction rose from 78% to 82%, an improvement of 5.1%.")
        assert alarms(v) == []
        fig = next(f for f in v.figures if f.token.text == "5.1%")
        assert fig.status == "auto" and "relative" in (fig.note or "")

    def it_warns_when_only_the_percentage_point_reading_holds(self, check_prose: CheckProse):
        v = check_prose("Satisfaction rose from 78.0% to 82.0%, an increase of 4.0%.")
        (f,) = [f for f in v.findings if f.code == "change-kind"]
        assert f.severity == "warning" and "percentage points" in f.message

    def it_makes_check_exit_1_for_an_automatic_error(self, make_report: MakeReport):
        folder = make_report(files={"narrative/crime.md": "Theft rose from 1712 to 1805, "
                                                           "an increase of 9.4%.\n"})
        v = check(folder)
        assert v.errors == 1 and v.findings[-1].automatic

    def it_warns_when_the_relative_reading_holds_only_at_the_edge_of_rounding(
            self, check_prose: CheckProse):
        # 82% to 88% is exactly 6 points; as a relative rise it is 7.3%, and 6% only if
        # the rates were 82.5% and 87.5% before rounding.
        v = check_prose("Repairs right first time rose from 82% to 88%, an increase of 6%.")
        assert alarms(v) == [("change-kind", "warning")]
        v = check_prose("Repairs right first time rose from 82% to 88%, an increase of 7.3%.")
        assert alarms(v) == []


class DescribeRightAndWrong:
    """A sentence a rule makes readable, with the figure printed right and printed wrong."""

    @pytest.mark.parametrize(("rule", "text", "right", "wrong", "code"), [
        ("tries-the-part-just-named-as-the-whole-of-those",
         "Repeat victims made up 1,109 of the 3,186 burglary victims (34.8%), and 214 of "
         "those ({}) had been burgled three or more times.", "19.3%", "29.3%",
         "rate-mismatch"),
        ("leaves-last-years-figure-and-the-change-out-of-a-remainder",
         "The council received 1,974 complaints in 2023/24 (2022/23: 1,812), an increase of "
         "162 or 8.9%, with 1,214 handled at stage one, 312 at stage two and the remaining {} "
         "resolved informally.", "448", "548", "parts-sum-mismatch"),
        ("reads-a-rate-whose-count-is-named-second",
         "The 226 accidental dwelling fires resulted in 31 casualties, equal to {} casualties "
         "per 100 fires.", "13.7", "15.7", "rate-mismatch"),
    ], ids=lambda x: x if len(x) < 70 and " " not in x else "")
    def it_checks_the_figure(self, check_prose: CheckProse, rule: str, text: str, right: str,
                             wrong: str, code: str):
        assert alarms(check_prose(text.format(right))) == []
        assert alarms(check_prose(text.format(wrong))) == [(code, "error")]


class DescribeKinds:
    def it_sees_one_sum_in_two_units_only_a_thousand_times_apart(
            self, check_prose: CheckProse):
        same = check_prose("The grant is £5,987,000. The grant of £5,987m is paid quarterly.",
                           together=True)
        other = check_prose("The change saves a further £1.42m on a pay bill of £142.0m.")
        assert ("inconsistent-figure", "error") in alarms(same)
        assert alarms(other) == []


class DescribeMisreadings:
    """Correct sentences that a misreading of one of their figures would fault: each names
    the rule that keeps it quiet."""

    @pytest.mark.parametrize(("rule", "sentence"), [
        ("takes-no-money-for-a-part-of-a-count",
         "Tenants in 2,346 homes are in arrears of more than £500, which is 17.5% of the "
         "13,420 homes let."),
        ("averages-over-a-count-never-over-money",
         "Arrears of £214,000 are owed by 388 households, an average of £552 each, with the "
         "largest 20 debts making up £61,000 of the total."),
        ("takes-no-remainder-in-the-middle-of-a-list",
         "Enforcement produced 46 fixed penalty notices, of which 31 have been paid, 9 are "
         "outstanding and 6 have been referred for prosecution."),
        ("takes-no-base-for-the-new-figure",
         "The overall satisfaction score was 7.8 out of 10 from 412 responses, compared "
         "against 7.5 last quarter, up 0.3."),
        ("takes-no-average-for-an-end-of-a-change",
         "Repairs completed rose to 41,260 in 2023/24, an average of 3,438 a month, against "
         "38,904 in the previous year (up 6.1%)."),
        ("takes-no-count-for-a-change-in-money",
         "Transport costs have increased by 23% over two years, from £9.4m in 2022/23 to "
         "£11.6m forecast for 2024/25, driven by 186 additional pupils with a care plan."),
        ("takes-no-underspend-for-an-outturn",
         "The housing revenue account is forecasting an underspend of £1.36m against a budget "
         "of £52.5m, a variance of 2.6%."),
        ("takes-no-count-for-the-other-end-of-a-time",
         "Average attendance time was 6 minutes 40 seconds across 57 incidents, compared with "
         "7 minutes 10 seconds last year, an improvement of 30 seconds."),
        ("leaves-a-count-out-of-what-remains-of-money",
         "Of the £14,250 the Ombudsman recommended, £9,000 was for one case, leaving £5,250 "
         "spread across the other 16."),
        ("does-not-take-one-bracketed-item-for-the-whole-of-the-next",
         "The largest themes were missed bins (275), housing repairs (198) and parking "
         "enforcement (141)."),
        ("does-not-read-the-earlier-rate-as-a-count",
         "Casualties fell from 46 to 37, with the rate falling from 5.7 to 4.6 per 100,000 of "
         "the 812,000 population."),
    ], ids=lambda x: x if len(x) < 70 and " " not in x else "")
    def it_stays_quiet(self, check_prose: CheckProse, rule: str, sentence: str):
        assert alarms(check_prose(sentence)) == []


class DescribeParts:
    def it_does_not_add_up_a_list_of_some_of_the_items(self, check_prose: CheckProse):
        some = check_prose("The themes of the 236 upheld complaints included delays (64), "
                           "poor communication (51) and missed collections (38).")
        every = check_prose("The 236 upheld complaints were about delays (64), poor "
                            "communication (51) and missed collections (38).")
        assert alarms(some) == []
        assert alarms(every) == [("parts-sum-mismatch", "error")]



class DescribeSharesAndRates:
    def it_refuses_a_share_over_100(self, check_prose: CheckProse):
        v = check_prose("Burglaries accounted for 130 (104%) of the 125 offences recorded.")
        assert alarms(v) == [("share-over-100", "error")]

    def it_only_warns_about_a_rate_over_100(self, check_prose: CheckProse):
        v = check_prose("There were 6 outcomes for 4 offences, equal to a 150% outcome rate.")
        assert alarms(v) == [("rate-over-100", "warning")]
        assert "offences" not in v.findings[0].message.split(":", 1)[1].split(";")[1]

    def it_says_nothing_when_the_sentence_explains_the_excess(self, check_prose: CheckProse):
        v = check_prose("There were 6 outcomes for 4 offences, equal to a 150% outcome rate, "
                        "as some outcomes relate to offences recorded in earlier periods.")
        assert alarms(v) == []

    def it_refuses_an_annotated_share_over_100(self, make_report: MakeReport):
        text = "Theft was [105%]{= share(crime.theft.y2024, crime.theft.y2023)} of it.\n"
        v = check(make_report(files={"narrative/crime.md": text}))
        assert [f.code for f in v.findings if f.severity == "error"] == ["share-over-100"]

    def it_warns_about_an_annotated_point_change_printed_with_a_percent_sign(
            self, make_report: MakeReport):
        yaml = MINIMAL_YAML.replace("figures:", "values:\n  r1: {value: \"10.0%\"}\n"
                                    "  r2: {value: \"11.4%\"}\nfigures:")
        text = "The rate rose by [1.4%]{= pp_change(r1, r2)}.\n"
        v = check(make_report(yaml, files={"narrative/crime.md": text}))
        assert [(f.code, f.severity) for f in v.findings if f.severity != "info"] == [
            ("change-kind", "warning")]


class DescribeCoverage:
    def it_counts_automatic_checks_as_verified(self, check_prose: CheckProse):
        v = check_prose("Stage two complaints increased from 64 to 81, a rise of 26.6%.",
                        "The panel met 12 times.")
        assert (v.auto_checked, v.unverified) == (1, 3)
        assert v.prose_share == pytest.approx(1 / 4)

    def it_warns_when_nothing_in_the_text_is_verified(self, check_prose: CheckProse):
        v = check_prose("The panel met 12 times and heard 31 cases.")
        assert [f.code for f in v.findings if f.severity == "warning"] == ["unverified-text"]

    def it_counts_dates_and_ages_as_neither(self, check_prose: CheckProse):
        v = check_prose("On 4 March 2025 the panel heard from young people aged 16 to 18.")
        assert (v.unverified, v.auto_checked, v.prose_share) == (0, 0, None)


class DescribeWhere:
    def it_quotes_the_sentence_and_names_the_section(self, check_prose: CheckProse):
        v = check_prose("Officers met weekly. Stage two complaints increased from 64 to 81, "
                        "a rise of 24.6%. The panel agreed.", together=True)
        f = next(f for f in v.findings if f.code == "change-mismatch")
        assert f.where.quote == ("Stage two complaints increased from 64 to 81, a rise of "
                                 "24.6%.")
        assert f.where.section == "1 Performance"
        assert f.message.startswith("Section 1 'Performance': ")
        assert f.reading == "the change from 64 to 81"
        assert f.to_json()["where"]["quote"] == f.where.quote

    def it_quotes_a_table_cell_as_printed(self, make_report: MakeReport):
        csv = ("offence,2023,2024,Variance\nRobbery,19,21,2\nTheft,1712,1805,93\n"
               "Total,1731,1827,96\n")
        v = check(make_report(files={"tables/crime.csv": csv}))
        f = next(f for f in v.findings if f.code == "total-mismatch")
        assert (f.where.quote, f.where.place) == ("1827", "Figure 1, Total, 2024")


QUARTER_YAML = MINIMAL_YAML.replace('label: "2023"', 'label: "Apr-Dec 2023"').replace(
    'label: "2024"', 'label: "Apr-Dec 2024"')
QUARTER_CSV = ("offence,Apr-Dec 2023,Apr-Dec 2024,Variance\nRobbery,19,21,2\n"
               "Theft,1712,1805,93\nTotal,1731,1826,95\n")


class DescribeComparedFigures:
    """The figure a number is compared with is found in the report's table: "from A to
    B", "B compared with A" with or without the year said."""

    def _suggestions(self, make_report: MakeReport, text: str) -> dict[str, str | None]:
        v = check(make_report(yaml=QUARTER_YAML, files={"tables/crime.csv": QUARTER_CSV,
                                                        "narrative/crime.md": text + "\n"}))
        return {f.token.text: f.suggestion for f in v.figures}

    @pytest.mark.parametrize("text", [
        "Theft rose from 1,712 to 1,805.",
        "Theft went up from 1,712 last year to 1,805.",
        "Theft rose to 1,805, compared with 1,712.",
        "Theft increased from 1,712 to 1,805, up 5.4%.",
    ])
    def it_binds_both_figures_of_the_comparison(self, make_report: MakeReport, text: str):
        got = self._suggestions(make_report, text)
        assert got["1,712"] == "{= crime.theft.y2023}"
        assert got["1,805"] == "{= crime.theft.y2024}"

    def it_keeps_last_year_with_the_figure_it_follows(self, make_report: MakeReport):
        # "last year" belongs to 21 alone: 1,805 is this year's theft, not last year's.
        got = self._suggestions(make_report, "Robbery went from 19 last year to 21, and "
                                             "theft to 1,805.")
        assert got["19"] == "{= crime.robbery.y2023}"
        assert got["21"] == "{= crime.robbery.y2024}"

    def it_leaves_a_figure_of_another_period_unverified(self, make_report: MakeReport):
        v = check(make_report(yaml=QUARTER_YAML, files={
            "tables/crime.csv": QUARTER_CSV,
            "narrative/crime.md": "Theft rose from 1,712 to 1,900 in 2026.\n"}))
        status = {f.token.text: f.status for f in v.figures}
        assert status == {"1,712": "auto", "1,900": "unverified"}

    @pytest.mark.parametrize(("text", "stated", "expected"), [
        ("Theft rose from 1,712 to 1,850.", "1,850", "1,805"),
        ("Theft went up from 1,700 last year to 1,805.", "1,700", "1,712"),
        ("Robbery rose to 21, compared with 18.", "18", "19"),
    ])
    def it_warns_when_the_compared_cell_says_otherwise(self, make_report: MakeReport,
                                                        text: str, stated: str, expected: str):
        v = check(make_report(yaml=QUARTER_YAML, files={"tables/crime.csv": QUARTER_CSV,
                                                        "narrative/crime.md": text + "\n"}))
        (f,) = [f for f in v.findings if f.code == "inconsistent-figure"]
        assert (f.severity, f.stated, f.expected) == ("warning", stated, expected)
        assert f.where.quote == text and "Figure 1" in f.message
        assert {g.token.text: g.status for g in v.figures}[stated] == "doubtful"

    @pytest.mark.parametrize("text", [
        "Theft rose from 1,712 to 1,900 in the year to March 2026.",  # another period
        "Theft rose from about 1,712 to around 1,800.",               # a hedged figure
        "Robbery went from 19 to 20 and then 21.",
    ])
    def it_says_nothing_when_the_comparison_reaches_no_single_cell(
            self, make_report: MakeReport, text: str):
        v = check(make_report(yaml=QUARTER_YAML, files={"tables/crime.csv": QUARTER_CSV,
                                                        "narrative/crime.md": text + "\n"}))
        assert [f for f in v.findings if f.code == "inconsistent-figure"] == []
