"""limits.py: the bounds' helpers say plainly what is wrong, and only when it is."""

from __future__ import annotations

import pytest

from cspdoc.limits import (
    MAX_NUMBER_DIGITS,
    MIB,
    bad_character,
    bad_character_message,
    size_message,
    too_many_digits,
)


class DescribeBadCharacter:
    @pytest.mark.parametrize(("text", "found"), [
        ("Rob\0bery", (3, "U+0000 (a NUL byte)")),
        ("a\x0bb", (1, "U+000B (a control character)")),
        ("\ufffe", (0, "U+FFFE (a non-character)")),
        ("x\ud800", (1, "U+D800 (half a surrogate pair)")),
    ])
    def it_finds_what_xml_cannot_hold(self, text, found):
        assert bad_character(text) == found

    @pytest.mark.parametrize("text", ["Tab\there", "two\nlines\r\n", "£1,108 – “quoted”",
                                      "emoji 💥", ""])
    def it_leaves_text_a_document_can_hold(self, text):
        assert bad_character(text) is None and bad_character_message(text) is None


class DescribeTooManyDigits:
    @pytest.mark.parametrize("text", ["1,108", "999,999,999,999,999", "0.000000000000001",
                                      "123456789012.345", "67 (14.3%)", "£24,300"])
    def it_accepts_what_a_spreadsheet_holds(self, text):
        assert too_many_digits(text) is None

    def it_counts_significant_digits_of_each_number(self):
        assert too_many_digits("1" * (MAX_NUMBER_DIGITS + 1)) is not None
        # Two numbers of a rate are counted apart; leading zeros are not significant.
        assert too_many_digits("123456789012345 (12.5%)") is None
        assert too_many_digits("0." + "0" * 20 + "5") is None

    def it_shortens_the_number_it_quotes(self):
        message = too_many_digits("1" * 400)
        assert message == ("the number 1111111111...1111111111 has 400 significant digits; "
                           "cspdoc reads at most 15 (what a spreadsheet keeps)")


def it_says_sizes_in_units_people_read():
    assert size_message(int(2.5 * MIB), 2 * MIB, "a Markdown file") == (
        "the file is 2.5 MiB; a Markdown file may be at most 2 MiB")
