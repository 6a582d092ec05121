"""numbers.py: reading numbers as typed, rounding half away from zero, en-GB output."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from cspdoc.numbers import (
    Unit,
    format_money,
    format_number,
    format_percent,
    format_quantity,
    parse_number,
    parse_rate,
    round_half_away,
)


@pytest.mark.parametrize(("text", "value", "decimals", "percent"), [
    ("1,108", Decimal(1108), 0, False),
    ("-45", Decimal(-45), 0, False),
    ("17.0%", Decimal("17.0"), 1, True),
    ("£24,300", Decimal(24300), 0, False),
    ("+20", Decimal(20), 0, False),
    ("−9", Decimal(-9), 0, False),
    ("0.5", Decimal("0.5"), 1, False),
])
def it_reads_numbers_as_typed(text, value, decimals, percent):
    parsed = parse_number(text)
    assert parsed is not None
    assert (parsed.value, parsed.decimals, parsed.percent) == (value, decimals, percent)


@pytest.mark.parametrize("text", ["abc", "1,10", "12,3456", "1.2.3", "%", "", "12 apples"])
def it_refuses_what_is_not_a_number(text):
    assert parse_number(text) is None


def it_reads_rates_with_and_without_their_sign():
    rate = parse_rate("67 (14%)")
    assert rate is not None and rate.percent is not None
    assert (rate.count.value, rate.percent.value, rate.percent.percent) == (67, 14, True)
    no_sign = parse_rate("2 (11.8)")
    assert no_sign is not None and no_sign.percent is not None
    assert (no_sign.percent.value, no_sign.percent.percent) == (Decimal("11.8"), False)
    bare = parse_rate("0")
    assert bare is not None and bare.percent is None
    assert parse_rate("14%") is None


@pytest.mark.parametrize(("x", "places", "expected"), [
    (Fraction(5, 2), 0, "3"),  # Python's round() gives 2
    (Fraction(-5, 2), 0, "-3"),
    (Decimal("0.125"), 2, "0.13"),
    (Decimal("2.675"), 2, "2.68"),  # the float 2.675 rounds to 2.67
    (Fraction(1, 3), 1, "0.3"),
    (Fraction(15625, 1000), 1, "15.6"),
])
def it_rounds_half_away_from_zero(x, places, expected):
    assert str(round_half_away(x, places)) == expected


def it_formats_en_gb():
    assert format_number(1108) == "1,108"
    assert format_number(Fraction(-45)) == "-45"
    assert format_number(Decimal("-0.04"), 1) == "0.0"
    assert format_percent(Fraction(86 * 100, 512), 2) == "16.80%"
    assert format_money(1171373) == "£1,171,373"
    assert format_money(-50) == "-£50"
    assert format_quantity(Fraction(519, 22), Unit.NUMBER, 2) == "23.59"
    assert format_quantity(Fraction(1, 8) * 100, Unit.PERCENT) == "12.5%"


class DescribeLongNumbers:
    """Rounding is exact at any length: Decimal's default 28-digit context once raised
    InvalidOperation on a 400-digit cell and would have rounded a long product."""

    def it_prints_every_digit_of_a_long_number(self):
        assert format_number(Decimal("1" * 40)) == ",".join(
            ["1"] + ["111"] * 13)
        assert format_number(Fraction(10**40 + 1, 1)) == "10," + "000," * 12 + "001"

    def it_rounds_a_long_number_half_away_from_zero(self):
        assert round_half_away(Decimal("1" * 30 + ".5"), 0) == Decimal("1" * 29 + "2")
        assert format_percent(Fraction(10**30 * 2 + 1, 2), 0) == format_number(
            10**30 + 1) + "%"
