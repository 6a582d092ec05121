"""The claim finder's language, read once from ``language.yaml``: the words that make a
number a non-figure, hedges, direction words, and the phrase patterns with their
examples. Code reads ``LANGUAGE``; people read and extend the YAML."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

SOURCE = Path(__file__).with_name("language.yaml")
COMPILED = SOURCE.with_suffix(".json")


@dataclass(frozen=True)
class Example:
    """One sentence a pattern must read: ``expect`` is "ok" (the claim holds), "silent"
    (no claim, no finding) or a finding code; ``expected`` the figure it should give."""

    text: str
    expect: str
    expected: str | None = None
    severity: str | None = None


@dataclass(frozen=True)
class PatternSpec:
    """A phrase pattern as written in language.yaml (compiled by ``patterns.py``)."""

    id: str
    kind: str
    match: str
    check: dict[str, str] = field(default_factory=dict)
    readings: tuple[dict[str, Any], ...] = ()
    needs: tuple[str, ...] = ()
    confirm_only: bool = False
    share: bool = False
    # One of its figures may be another place's or a benchmark's ("compared with a
    # national rate of 14.6%, a gap of ..."): other patterns never read such a figure.
    benchmark: bool = False
    # What scripts/build-language derives from ``match`` (patterns.derive), so a check
    # never compiles a template: what a sentence must hold, in order, for the pattern to
    # match (patterns.outline), its regular expression, whether that expression reads the
    # skeleton with its direction words marked, its list slots, its window (sentences
    # read at once), the figure kinds its required slots take and the macros of which
    # it needs a phrase. Empty when the spec comes from the YAML itself.
    outline: tuple[tuple[str, ...], ...] = ()
    regex: str = ""
    marked: bool = False
    lists: tuple[str, ...] = ()
    window: int = 1
    kinds: tuple[str, ...] = ()
    macros: tuple[str, ...] = ()
    sentences: int = 1  # 2: read across a sentence and the next ("... This gives ...")
    examples: tuple[Example, ...] = ()


class Language:
    """Everything language.yaml says, typed."""

    def __init__(self, data: dict[str, Any]) -> None:
        words = data["words"]
        self.months: frozenset[str] = frozenset(words["months"])
        self.label_words: frozenset[str] = frozenset(words["labels"])
        self.age_words: frozenset[str] = frozenset(words["age"])
        self.age_suffixes: frozenset[str] = frozenset(words["age_suffixes"])
        self.count_nouns: frozenset[str] = frozenset(words["count_nouns"])
        self.phone_short: frozenset[int] = frozenset(int(n) for n in words["phone_numbers"])
        self.phone_words: frozenset[str] = frozenset(words["phone_words"])
        self.time_units: frozenset[str] = frozenset(words["time_units"])
        self.measures: frozenset[str] = frozenset(words["measures"])
        self.duration_words: frozenset[str] = frozenset(words["duration"])
        self.macros: dict[str, list[str]] = {k: list(v) for k, v in data["macros"].items()}
        self.hedges: list[tuple[str, str]] = sorted(
            ((str(p), str(h)) for h, phrases in data["hedges"].items() for p in phrases),
            key=lambda ph: (-len(ph[0]), ph[0]))  # the same from the YAML and the JSON
        self.blocked = [re.compile(p, re.IGNORECASE) for p in data["not_figures"]]
        self.spelled: dict[str, int] = {str(k): int(v) for k, v in data["spelled"].items()}
        self.denominators: dict[str, int] = {
            str(k): int(v) for k, v in data["fraction_denominators"].items()}
        self.explains_excess = [re.compile(p, re.IGNORECASE) for p in data["explains_excess"]]
        self.previous_period = [re.compile(p, re.IGNORECASE) for p in data["previous_period"]]
        self.patterns = tuple(_pattern(p) for p in data["patterns"])
        self.rules = {str(r["id"]): tuple(_example(e) for e in r.get("examples", ()))
                      for r in data["rules"]}
        self.silent = tuple(str(s) for s in data["silent"])
        self.stopwords: frozenset[str] = frozenset(words["stop"])

    @cached_property
    def hedge_pattern(self) -> re.Pattern[str]:
        """A hedge phrase ending just before a number: "over ", "just under "."""
        alts = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p, _ in self.hedges)
        return re.compile(rf"(?:^|[\s(])({alts})\s?$", re.IGNORECASE)

    @cached_property
    def hedge_of(self) -> dict[str, str]:
        return {p.lower(): h for p, h in self.hedges}

    @cached_property
    def spelled_pattern(self) -> re.Pattern[str]:
        """A spelled-out whole number, group 1: a word of ``spelled``, tens and a unit
        joined by a hyphen ("Thirty-seven"), or hundreds ("Two hundred and twelve");
        never part of a longer hyphenated word ("one-off", "two-year-olds")."""
        def words(low: int, high: int, step: int = 1) -> str:
            return "|".join(w for w, v in self.spelled.items()
                            if low <= v <= high and v % step == 0)

        tens, units = words(20, 90, 10), words(1, 9)
        below_100 = rf"(?:(?:{tens})-(?:{units})|{words(1, 99)})"
        hundreds = rf"(?:{units})[\s-]hundred(?:[\s-]and[\s-]{below_100})?"
        compound = rf"{hundreds}|(?:{tens})-(?:{units})"
        names = "|".join(sorted(self.spelled, key=lambda w: (-len(w), w)))
        return re.compile(rf"(?<![\w-])({compound}|{names})\b(?![-–]\w)", re.IGNORECASE)

    @cached_property
    def fraction_source(self) -> str:
        """A regular expression for fraction words ("a fifth", "two-thirds", "half",
        "one in four", "seven out of ten"), without hedges."""
        def alts(words: list[str]) -> str:
            return "|".join(sorted(words, key=lambda w: (-len(w), w)))

        nums = alts([w for w, v in self.spelled.items() if 1 <= v <= 10])
        dens = alts(list(self.denominators))
        return (rf"(?:(?:a|an|{nums})[\s-]+(?:{dens})|half|"
                rf"(?:{nums})\s+(?:in|out\s+of)\s+(?:every\s+)?(?:{nums}))")

    def fraction(self, words: str) -> tuple[int, int] | None:
        """Numerator and denominator of fraction words ``fraction_source`` matched
        ("two thirds" is (2, 3), "one in four" (1, 4)); None for anything else."""
        parts = re.split(r"[\s-]+", words.lower().strip())
        if parts == ["half"]:
            return 1, 2
        if len(parts) == 2 and parts[1] in self.denominators:
            num = 1 if parts[0] in ("a", "an") else self.spelled.get(parts[0])
            return (num, self.denominators[parts[1]]) if num else None
        if len(parts) >= 3 and parts[1] in ("in", "out"):
            num, den = self.spelled.get(parts[0]), self.spelled.get(parts[-1])
            return (num, den) if num and den else None
        return None

    def spelled_value(self, words: str) -> int:
        """The value of what ``spelled_pattern`` found: "Thirty-seven" is 37, "Two
        hundred and twelve" 212."""
        total = 0
        for word in re.split(r"[\s-]+", words.lower()):
            if word == "hundred":
                total = max(total, 1) * 100
            elif word != "and":
                total += self.spelled[word]
        return total


def explains_excess(sentence: str | None) -> bool:
    """Does the sentence say why a rate is over 100% ("some outcomes relate to offences
    recorded in earlier periods")?"""
    return sentence is not None and any(p.search(sentence) for p in LANGUAGE.explains_excess)


def _example(raw: Any) -> Example:
    if isinstance(raw, str):
        return Example(text=raw, expect="ok")
    return Example(text=str(raw["text"]), expect=str(raw.get("expect", "ok")),
                   expected=(str(raw["expected"]) if raw.get("expected") is not None
                             else None),
                   severity=raw.get("severity"))


def _pattern(raw: dict[str, Any]) -> PatternSpec:
    return PatternSpec(
        id=str(raw["id"]), kind=str(raw["kind"]), match=str(raw["match"]),
        check={str(k): str(v) for k, v in (raw.get("check") or {}).items()},
        readings=tuple(dict(r) for r in raw.get("readings", ())),
        needs=tuple(raw.get("needs", ())),
        confirm_only=bool(raw.get("confirm_only", False)),
        share=bool(raw.get("share", False)),
        benchmark=bool(raw.get("benchmark", False)),
        outline=tuple(tuple(str(w) for w in e) for e in raw.get("outline", ())),
        regex=str(raw.get("regex", "")), marked=bool(raw.get("marked", False)),
        lists=tuple(raw.get("lists", ())), window=int(raw.get("window", 1)),
        kinds=tuple(raw.get("kinds", ())), macros=tuple(raw.get("macros", ())),
        sentences=int(raw.get("sentences", 1)),
        examples=tuple(_example(e) for e in raw.get("examples", ())),
    )


def parse_yaml(path: Path = SOURCE) -> dict[str, Any]:
    """language.yaml as data (what people edit)."""
    data: dict[str, Any] = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    return data


def load(path: Path = SOURCE, compiled: Path = COMPILED) -> Language:
    """The language: from language.json, the YAML's data as JSON, which loads a hundred
    times faster (``cspdoc check`` reads it on every run); from the YAML itself when
    asked for another file. scripts/build-language writes the JSON; a test fails while
    the two differ."""
    if path == SOURCE and compiled.is_file():
        return Language(json.loads(compiled.read_text(encoding="utf-8")))
    return Language(parse_yaml(path))


def compiled_json(data: dict[str, Any]) -> str:
    """The JSON twin of language.yaml's data, as scripts/build-language writes it."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


LANGUAGE = load()

__all__ = ["LANGUAGE", "Example", "Language", "PatternSpec", "compiled_json", "explains_excess",
           "load", "parse_yaml"]
