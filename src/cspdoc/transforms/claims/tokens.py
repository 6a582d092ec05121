"""Numbers in prose: where each one is, what it measures, how it is hedged, and whether it
is a figure at all.

In: the plain text of one prose unit (``units.Unit.text``). Out: ``Token``s in text order.
A token is a figure (a count, an amount, a percentage, percentage points) or a number that
is not one: a date, a year, a financial year, a quarter, an age or age band, legislation,
a phone number, a postcode or other code, a reference, a time, an ordinal or a label
("Priority 2", "Safer Streets 5"). Only figures can be claims or be listed as unverified.
The words that decide this are data, in ``language.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from cspdoc.expr import Quantity
from cspdoc.numbers import Unit, format_number
from cspdoc.transforms.claims.language import LANGUAGE


class Hedge(StrEnum):
    """How a figure is qualified: "over 400" states a lower bound, not 400."""

    OVER = ">"  # over, more than, in excess of, above
    AT_LEAST = ">="
    UNDER = "<"  # under, less than, fewer than, below
    AT_MOST = "<="  # up to, no more than
    ABOUT = "~"  # around, approximately, about, roughly, circa, some
    NEARLY = "~<"  # nearly, almost, just under: a little below
    JUST_OVER = "~>"  # just over: a little above


# The first group is the figure as printed; ``suffix`` says what it measures.
_NUMBER = re.compile(
    r"""(?P<sign>(?<![\w.,])[+\-−–](?=[£$€]?\d))?
        (?P<cur>[£$€])?
        (?P<int>\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.(?P<frac>\d+))?
        (?P<suffix>
            \s?%
          | \s?(?:per\s?cent|percent)\b
          | \s?(?:percentage[\s-]points?|pp|ppts?|pts|points)\b
          | (?:m|bn|k)\b
          | \s(?:million|billion|thousand)\b
        )?""",
    re.VERBOSE | re.IGNORECASE,
)
_SCALES = {"k": 1000, "thousand": 1000, "m": 10**6, "million": 10**6,
           "bn": 10**9, "billion": 10**9}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True, slots=True)
class Token:
    """A number in a unit's text: ``start``/``end`` span it as printed ("£4.653m", "7.8%").

    ``value`` is in base units (pounds, percent, points); ``decimals`` is how many were
    written; ``scale`` the multiplier a suffix applies (m: 10**6). ``reason`` is why a
    number is not a figure (None for a figure). ``source`` is "text" for plain prose, or
    "checked"/"bound" for a figure the author annotated.
    """

    start: int
    end: int
    text: str
    value: Fraction
    decimals: int
    unit: Unit
    scale: int = 1
    signed: bool = False
    hedge: Hedge | None = None
    reason: str | None = None
    source: str = "text"
    spelled: bool = False
    lead: int | None = None  # where the hedge ("around ") begins, when there is one
    duration: bool = False  # minutes and seconds, as seconds ("8 minutes 42 seconds")

    @property
    def is_figure(self) -> bool:
        return self.reason is None

    @property
    def kind(self) -> str:
        """The letter a phrase pattern matches: N number, M money, P percent, T points."""
        return {Unit.MONEY: "M", Unit.PERCENT: "P", Unit.POINTS: "T"}.get(self.unit, "N")

    @property
    def digits(self) -> str:
        """The significant digits as written: "5987" for "£5,987m" and "£5,987,000"."""
        return re.sub(r"\D", "", self.text_number()).strip("0") or "0"

    def quantity(self) -> Quantity:
        """What the figure says, exactly or as the interval its rounding allows: a count
        is exact; "74.3%" lies in [74.25, 74.35]; "£4.653m" within £500 of £4,653,000."""
        if self.unit in (Unit.PERCENT, Unit.POINTS):
            return Quantity.rounded(self.value, self.decimals, self.unit)
        if self.scale > 1:
            half = Fraction(self.scale, 2 * 10**self.decimals)
            return Quantity(self.value, self.value - half, self.value + half, self.unit)
        if self.decimals:
            return Quantity.rounded(self.value, self.decimals, self.unit)
        return Quantity.exact(self.value, Unit.COUNT if self.unit == Unit.COUNT else self.unit)

    @property
    def stated(self) -> Decimal:
        """The printed figure in its printed unit (millions stay millions), for
        comparing at the precision it was written."""
        return Decimal(self.text_number())

    @property
    def house(self) -> str:
        """The figure in the house style, for messages: "1050" as "1,050"; percentages
        and money as printed."""
        if self.duration:
            return self.text
        if self.unit in (Unit.COUNT, Unit.NUMBER) and self.scale == 1 and not self.spelled:
            return format_number(self.value, self.decimals)
        return self.text

    def text_number(self) -> str:
        if self.duration:
            return str(self.value)
        m = _NUMBER.search(self.text)
        assert m is not None
        digits = m["int"].replace(",", "")
        frac = f".{m['frac']}" if m["frac"] else ""
        sign = "-" if self.value < 0 else ""
        return f"{sign}{digits}{frac}"


# "8 minutes 42 seconds", "1 min 18 secs": one figure, in seconds. "the 10-minute
# standard" is one too when it is a standard or target a time is measured against.
# Times in seconds are read as seconds wherever a text gives one ("8 minutes 42 seconds",
# "38 seconds"); then "1 minute" and "the 10-minute standard" it compares them with are
# seconds too. A text with no seconds in it keeps its minutes as plain numbers.
_SECONDS = re.compile(
    r"(?<![\w.,])(?:(?P<m>\d+)\s*(?:minutes?|mins?)\s*(?:and\s+)?)?(?P<s>\d+)\s*"
    r"(?:seconds?|secs?)\b", re.IGNORECASE)
_MINUTES = re.compile(r"(?<![\w.,])(?P<m>\d+)\s*(?:minutes?|mins?)\b", re.IGNORECASE)
_STANDARD = re.compile(
    r"(?:seconds?|secs?|minutes?|mins?)\s+(?:inside|within|under|below|ahead of|quicker than|"
    r"faster than|better than|outside|over|above|slower than|longer than|behind)\s+"
    r"(?:the |our |a |its )?(?P<m>\d+)-minute(?=\s+(?:standard|target|benchmark))",
    re.IGNORECASE)


def tokenize(text: str) -> list[Token]:
    """Every number in ``text``, classified (spelled-out numbers included)."""
    blocked = _blocked_spans(text)
    tokens: list[Token] = []
    tokens += _durations(text, blocked)
    for m in _NUMBER.finditer(text):
        if any(a <= m.start("int") < b for a, b in blocked):
            continue
        tokens.append(_token(text, m))
    tokens.extend(_spelled(text, tokens))
    tokens.sort(key=lambda t: t.start)
    _carry_labels(text, tokens)
    return tokens


def _durations(text: str, blocked: list[tuple[int, int]]) -> list[Token]:
    """Times as seconds (see _SECONDS); their spans join ``blocked``."""
    found = list(_SECONDS.finditer(text))
    if not found:
        return []
    taken = [m.span() for m in found]
    found += [m for m in _MINUTES.finditer(text)
              if not any(a <= m.start() < b for a, b in taken)]
    found += [m for m in _STANDARD.finditer(text)]
    out = []
    for m in found:
        start = m.start("m") if m.re is _STANDARD else m.start()
        seconds = int(m.groupdict().get("m") or 0) * 60 + int(m.groupdict().get("s") or 0)
        hedge, lead = _hedge(text, start)
        # "answered within 60 seconds", "for 30 minutes": the time allowed, no figure.
        allowed = m.re is not _STANDARD and hedge is None and _allowance(text, start)
        out.append(Token(start=start, end=m.end(), text=text[start:m.end()],
                         value=Fraction(seconds), decimals=0, unit=Unit.COUNT,
                         duration=True, hedge=hedge, lead=lead,
                         reason="period" if allowed else None))
        blocked.append((start, m.end()))
    return out


def _token(text: str, m: re.Match[str]) -> Token:
    suffix = (m["suffix"] or "").strip().lower()
    frac = m["frac"] or ""
    number = Fraction(Decimal(m["int"].replace(",", "") + (f".{frac}" if frac else "")))
    scale = 1
    if m["cur"]:
        unit = Unit.MONEY
    elif suffix.startswith(("percentage", "pp", "ppt", "pts", "point")):
        unit = Unit.POINTS
    elif suffix.startswith(("%", "per", "percent")):
        unit = Unit.PERCENT
    else:
        unit = Unit.NUMBER if frac else Unit.COUNT
    if suffix in _SCALES:
        scale = _SCALES[suffix]
        if unit == Unit.COUNT:
            unit = Unit.NUMBER
    negative = (m["sign"] or "") in ("-", "−", "–")
    value = number * scale * (-1 if negative else 1)
    token = Token(start=m.start(), end=m.end(), text=m[0], value=value,
                  decimals=len(frac), unit=unit, scale=scale, signed=bool(m["sign"]))
    reason = not_a_figure(text, token, m)
    hedge, lead = _hedge(text, m.start())
    if reason is not None or hedge is not None:
        token = replace(token, reason=reason, hedge=hedge, lead=lead)
    return token


def _hedge(text: str, start: int) -> tuple[Hedge | None, int | None]:
    """The hedge just before a number ("just over 1.4%") and where its words begin."""
    window = max(0, start - 30)
    m = LANGUAGE.hedge_pattern.search(text[window:start])
    if m is None:
        return None, None
    return Hedge(LANGUAGE.hedge_of[" ".join(m.group(1).lower().split())]), window + m.start(1)


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    """Spans whose digits are never figures: financial years, dates written with
    slashes, times, phone numbers, URLs and e-mail addresses."""
    spans: list[tuple[int, int]] = []
    for pattern in LANGUAGE.blocked:
        spans.extend(m.span() for m in pattern.finditer(text))
    return spans


_PREV_WORD = re.compile(r"([A-Za-z][A-Za-z'’-]*)\.?\s*$")


def ends_at(pattern: re.Pattern[str], text: str, end: int, reach: int = 80) -> bool:
    """Does ``pattern`` (one ending in ``$``: "aged over ", "out of ") match text ending
    at ``end``? It reads only the ``reach`` characters before, where searching from the
    start of a long paragraph for every number made tokenizing quadratic (``\\b`` and
    look-behinds still see the character before the window)."""
    return pattern.search(text, max(0, end - reach), end) is not None


def _word_before(text: str, start: int) -> str:
    """The word straight before a number (only spaces, or a full stop as in "No.",
    between): "Section 34" gives "section", "Section 34, 43" gives "" for the 43."""
    m = _PREV_WORD.search(text[max(0, start - 40):start])
    return m.group(1).lower() if m else ""


def _allowance(text: str, start: int) -> bool:
    """Is the time or count at ``start`` a period allowed ("within 20 working days", "up
    to 48 hours"), not a figure? "fell to 4 minutes 51 seconds" is a figure."""
    word = _word_before(text, start)
    if word == "to":
        return re.search(r"\b(?:up|due|close)\s+to\s+$", text[max(0, start - 12):start],
                         re.IGNORECASE) is not None
    return word in LANGUAGE.duration_words


def _word_after(text: str, end: int) -> str:
    m = re.match(r"[\s(]*([A-Za-z][A-Za-z'’-]*)", text[end:end + 40])
    return m.group(1) if m else ""


def _second_word(text: str, end: int) -> str:
    m = re.match(r"[\s(]*[A-Za-z][A-Za-z'’-]*\s+([A-Za-z]+)", text[end:end + 40])
    return m.group(1).lower() if m else ""


# "a 0-17 population", "the 65+ population", "18-24 year olds": an age band.
_AGE_BAND = re.compile(r"\s?[–-]\s?\d{1,2}\s?(?:population|year|yrs?\b|age)", re.IGNORECASE)
_AGE_BAND_END = re.compile(r"\b\d{1,2}\s?[–-]\s?$")
_UNDER_AGE = re.compile(r"\b(?:under|over)-$", re.IGNORECASE)  # the under-18 population
_AGE_NOUN = re.compile(r"\s?(?:population|year|yrs?\b|age)", re.IGNORECASE)
_AGE_PLUS = re.compile(r"\+\s?(?:yrs?|years?|population|residents|people|adults|age)\b",
                       re.IGNORECASE)
_SCORE_OF = re.compile(r"\b(?:rating|score|grade|level|band|category|stage|tier|priority|"
                       r"star)\s+of\s+$", re.IGNORECASE)
_AGED_OVER = re.compile(r"\b(?:aged|age|ages)\s+(?:over|under|between|from|up to)\s+$",
                        re.IGNORECASE)


def not_a_figure(text: str, token: Token, m: re.Match[str]) -> str | None:
    """Why this number is not a figure, or None: the rules of DESIGN.md's "Silence where
    there is no claim" (dates, years, quarters, ages, legislation, phone numbers,
    postcodes, references, times, ordinals, labels)."""
    lang = LANGUAGE
    start, end = m.start(), m.end()
    before = text[max(0, start - 1):start]
    after = text[end:end + 12]
    plain_int = m["frac"] is None and "," not in m["int"] and not m["cur"]
    if m["cur"] and re.fullmatch(r"0{3}", m["int"]) and re.match(r"['’]?s?\b|\)", after):
        return "label"  # (£000s): the unit of a table of figures, not a figure
    if before.isalpha() or before == "#":
        return "code"  # SO22, Q3, Priority1, #12
    if re.match(r"(?:st|nd|rd|th)\b", after, re.IGNORECASE):
        return "ordinal"
    glued = re.match(r"[A-Za-z]+", after)
    if glued and token.unit in (Unit.COUNT, Unit.NUMBER):
        word = glued.group(0).lower()
        if word in lang.age_suffixes:
            return "age"
        if word in ("am", "pm", "hrs", "hr", "h"):
            return "time"
        if word in lang.measures:
            return None  # 512kg, 36km: a measure
        return "label"  # 6monthly, 10ft, 3G
    if _AGE_PLUS.match(after) or _AGE_BAND.match(text, end) or ends_at(
            _UNDER_AGE, text, start) or (
            ends_at(_AGE_BAND_END, text, start) and _AGE_NOUN.match(after)):
        return "age"  # 50+yrs, the 65+ population, a 0-17 population
    if re.match(r"-(?:minute|hour|day|week|month|year|mile|metre|point|page)s?\b", after,
                re.IGNORECASE):
        return "period"  # the 10-minute standard, a 6-week wait
    if text[max(0, start - 1):start] == "(" and re.match(
            r"\s(?:working\s|calendar\s|clear\s)?(?:minutes?|hours?|days?|weeks?|months?)\)",
            after, re.IGNORECASE):
        return "period"  # emergency (24 hours), urgent (3 working days): a timescale
    prev1 = _word_before(text, start)
    nxt = _word_after(text, end).lower()
    if prev1 in lang.label_words and re.fullmatch(r"\d+(?:\.\d+)+", text[start:end]):
        return "label"  # paragraph 4.2, section 3.1.2
    if plain_int and token.unit == Unit.COUNT:
        n = int(m["int"])
        if 1900 <= n <= 2099 and len(m["int"]) == 4 and nxt not in lang.count_nouns:
            return "year"
        # "the quarter 118 households": a count after a phrase that ends in a period word
        # (never "Year 11", a school year)
        after_period = prev1 in ("quarter", "year", "month", "period") and n >= 10 and \
            not re.search(r"(?<![.!?]\s)\bYear\s+$", text[max(0, start - 8):start]) and \
            re.match(r"\s+[a-z]{3,}", text[end:]) is not None and \
            nxt not in ("and", "or", "to", "of", "in")
        if (prev1 in lang.label_words and not after_period) or ends_at(_SCORE_OF, text, start):
            return "label"  # Section 34, Quarter 4, Priority 2, a rating of 3
        if n <= 31 and (nxt in lang.months or (prev1 in lang.months and
                                               not re.match(r"\s*\(", text[start - 2:start]))):
            return "date"  # 5 April, April 5
        if prev1 in lang.age_words or ends_at(_AGED_OVER, text, start) or re.match(
                r"\s?(?:[–-]|to)\s?\d+\s?(?:yrs?|years?|year[- ]olds?)\b", after,
                re.IGNORECASE):
            return "age"  # aged 10 to 16, 18-25yrs, 35 – 49yrs
        if re.match(r"\s?(?:years?[- ]olds?|year[- ]old|yrs? old)\b", after, re.IGNORECASE):
            return "age"
        if n in lang.phone_short and (_phoned(text, start, prev1) or nxt in (
                "calls", "call", "line", "lines", "number", "service", "non-emergency",
                "contacts")):
            return "phone"  # report to 101, dial 999, 999 calls answered
        if n <= 50 and _is_name(text, start, end, prev1):
            return "name"  # Safer Streets 5 funding, the 16 Days of Activism
        if (prev1 in ("the", "a") or _allowance(text, start)) and (nxt in lang.time_units or (
                nxt in ("working", "calendar", "school", "clear", "business") and
                _second_word(text, end) in lang.time_units)):
            return "period"  # the first 9 months, for up to 48 hours, within 20 working days
    return None


def _is_name(text: str, start: int, end: int, prev1: str) -> bool:
    """A small number inside a proper name: "Safer Streets 5 fund", "the 16 Days"; never
    the whole of "Twelve of the 17 Ombudsman decisions"."""
    if re.search(r"\b(?:out\s+)?of\s+the\s+$", text[max(0, start - 12):start]):
        return False
    window = max(0, start - 40)
    m = re.search(r"([A-Za-z][\w'’-]*)\s+$", text[window:start])
    if m is None:
        return False
    word = m.group(1)
    before = text[max(0, window + m.start() - 4):window + m.start()]
    sentence_start = window + m.start() == 0 or re.search(r"[.!?:]\s+$", before) is not None
    capital = word[:1].isupper() and not word.isupper() and not sentence_start
    after = re.match(r"\s+([A-Za-z][\w'’-]*)", text[end:])
    follower = after.group(1) if after else ""
    if capital and word.lower() not in LANGUAGE.months and word.lower() not in \
            LANGUAGE.label_words and (not follower or follower[:1].islower()) \
            and follower.lower() not in LANGUAGE.count_nouns:
        return True
    # "the 16 Days of Activism" is a name; "the 13 RSO home visits" counts RSO visits.
    return prev1 == "the" and follower[:1].isupper() and not follower.isupper()


_CONTACTED = re.compile(r"\b(?:report(?:s|ed|ing)?|call(?:s|ed|ing)?|ring(?:ing)?|phon(?:e|ed|ing)|"
                        r"contact(?:s|ed|ing)?|text(?:s|ed|ing)?|made|dial(?:led|ling)?)"
                        r"(?:\s+[A-Za-z'’-]+){0,3}?\s+(?:to|on|via)\s+$", re.IGNORECASE)


def _phoned(text: str, start: int, prev1: str) -> bool:
    """Is the short number before ``start`` one called ("dial 999", "report it to 101",
    "calls to 101"), not a count ("fell by 19 to 112")? "to" and "on" say so only after a
    word of calling or reporting."""
    if prev1 in ("to", "on", "via"):
        return _CONTACTED.search(text, max(0, start - 60), start) is not None
    return prev1 in LANGUAGE.phone_words


def _carry_labels(text: str, tokens: list[Token]) -> None:
    """"Sections 34 and 35", "figures 5 and 6", "Q1 to Q3": a number joined by and/or/to
    to a label is a label too."""
    for i in range(1, len(tokens)):
        prev, tok = tokens[i - 1], tokens[i]
        # "Sections 34, 35 and 36" are all labels; "aged 10 to 16" both ages, but in
        # "aged 35 to 49 and 42 (26.42%)" the 42 is a count.
        joiner = r"\s*(?:and|or|to|&|,|[–-])\s*" if prev.reason == "label" \
            else r"\s*(?:to|[–-])\s*"
        follower = re.match(r"\s*([A-Za-z]+)", text[tok.end:])
        counts_a_noun = follower is not None and follower.group(1)[0].islower() and \
            follower.group(1) not in ("and", "or", "of", "to", "below", "above", "in",
                                      "respectively", "inclusive")
        if prev.reason in ("label", "ordinal", "date", "age") and tok.is_figure \
                and tok.unit == Unit.COUNT and not tok.spelled and tok.value < 1000 \
                and not (prev.reason == "label" and counts_a_noun) \
                and re.fullmatch(joiner, text[prev.end:tok.start]):
            tokens[i] = replace(tok, reason=prev.reason)


def _spelled(text: str, found: list[Token]) -> list[Token]:
    """Spelled-out whole numbers ("six statutory partners", "One application"): figures
    that claims can use as operands; never listed as unverified."""
    out = []
    for m in LANGUAGE.spelled_pattern.finditer(text):
        if any(t.start <= m.start() < t.end for t in found):
            continue
        if _FRACTION_AFTER.match(text, m.end()) or ends_at(_ONE_IN, text, m.start()):
            continue  # "two thirds", "one in five": a fraction, not a count
        value = LANGUAGE.spelled_value(m.group(1))
        hedge, lead = _hedge(text, m.start(1))
        # "Forty per cent of the 1,125 starts": a percentage in words
        percent = _PER_CENT.match(text, m.end(1))
        end = percent.end() if percent else m.end(1)
        out.append(Token(start=m.start(1), end=end, text=text[m.start(1):end],
                         value=Fraction(value), decimals=0,
                         unit=Unit.PERCENT if percent else Unit.COUNT,
                         spelled=True, hedge=hedge, lead=lead))
    return out


_FRACTION_AFTER = re.compile(
    r"[\s-]+(?:halves|half|thirds?|quarters?|fifths?|tenths?|in\s+(?:two|three|four|five|"
    r"six|seven|eight|nine|ten|\d+))\b", re.IGNORECASE)


_PER_CENT = re.compile(r"\s*(?:per\s?cent|percent)\b", re.IGNORECASE)


_ONE_IN = re.compile(r"\bone\s+in\s+$", re.IGNORECASE)


def with_source(token: Token, source: str) -> Token:
    """The same token, marked as an annotated figure ("checked" or "bound")."""
    return replace(token, source=source, reason=None)


__all__ = ["Hedge", "Token", "ends_at", "not_a_figure", "tokenize", "with_source"]
