"""Phrase patterns: language.yaml's templates compiled to regular expressions over a
sentence's skeleton, and the matches they find.

A skeleton is the sentence with each figure replaced by ``⟦i:K⟧`` (its index among the
unit's tokens and its kind letter: N number, M money, P percent, T points), so a template
such as ``{part:a} \\({pct:p}\\)`` can say "an amount followed by a percentage in
brackets" without parsing numbers again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import pairwise
from typing import Any

from cspdoc.transforms.claims.language import LANGUAGE, PatternSpec
from cspdoc.transforms.claims.tokens import Token

OPEN, CLOSE = "⟦", "⟧"
PER_OPEN, PER_CLOSE = "⟪", "⟫"
# Direction words as ``mark`` marks them: one mark per character, so every offset stays.
UP, DOWN, NEUTRAL = "\ue001", "\ue002", "\ue003"
_PER_BASE = re.compile(r"\b(?:per|in\s+every|for\s+every)\s+$", re.IGNORECASE)
_PER_VALUES = frozenset({"100", "1,000", "1000", "10,000", "10000", "100,000", "100000"})
_KINDS = {"": "NMPT", "any": "NMPT", "n": "N", "m": "M", "a": "NM", "p": "P", "t": "T",
          "pt": "PT"}
# A short gap stays inside a bracket or clause (no brackets, no semicolons); a long
# gap may cross brackets but not a semicolon. Neither crosses a figure.
_SHORT_GAP = r"[^⟦⟧();]{0,48}?"
_LONG_GAP = r"[^⟦⟧;]{0,170}?"
_SLOT = re.compile(r"\{(?P<name>\w+)(?::(?P<kind>\w+))?\}")
_MACRO = re.compile(r"(?<!\?P)<(?P<name>\w+)>")


@dataclass(frozen=True)
class Compiled:
    """A pattern ready to match: its spec, the names of its list slots, and whether it
    reads across a sentence boundary; its regular expression is compiled the first time
    a sentence could match it (most reports never need most patterns)."""

    spec: PatternSpec
    lists: frozenset[str]
    window: int
    required: tuple[str, ...] = ()  # the kinds of figure each required slot accepts
    macros: tuple[str, ...] = ()  # macros one of whose phrases it must contain
    source: str = ""  # its regular expression
    marked: bool = False  # it reads the skeleton with direction words marked (``mark``)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.source, re.IGNORECASE)

    def present(self, lower: str, figures: list[tuple[int, int, str]]) -> bool:
        """Does the (lower-cased) skeleton hold what the pattern needs (``outline``), in
        order? ``figures``: each figure marker's start, end and kind, in order. The words
        are looked for anywhere first (cheap), then in order, each after the last."""
        need = self.spec.outline
        for element in need:
            if element[0] == "word" and element[1] not in lower:
                return False
            if element[0] == "any" and not any(w in lower for w in element[1:]):
                return False
        pos, f = 0, 0
        for element in need:
            if element[0] == "figure":
                while f < len(figures) and (figures[f][0] < pos or
                                            figures[f][2] not in element[1]):
                    f += 1
                if f == len(figures):
                    return False
                pos, f = figures[f][1], f + 1
            elif element[0] == "word":
                at = lower.find(element[1], pos)
                if at < 0:
                    return False
                pos = at + len(element[1])
            else:
                ends = [at + len(w) for w in element[1:] if (at := lower.find(w, pos)) >= 0]
                if not ends:
                    return False
                pos = min(ends)
        return True

    def possible(self, kinds: str) -> bool:
        """Can a sentence with figures of these kinds (one letter each, in the order
        they are printed) match at all? Its required slots must be filled in order."""
        if len(kinds) < len(self.required):
            return False
        at = 0
        for letters in self.required:
            while at < len(kinds) and kinds[at] not in letters:
                at += 1
            if at == len(kinds):
                return False
            at += 1
        return True


@dataclass
class Match:
    """One pattern matched in one sentence: each slot's token (a list slot's tokens),
    the direction word's sign (+1 up, -1 down, 0 a change of either direction, None when
    the pattern has none) and the fraction words, if any."""

    pattern: Compiled
    slots: dict[str, Token]
    lists: dict[str, list[Token]]
    sign: int | None
    span: tuple[int, int]
    fraction: str | None = None
    token_index: dict[str, int] = field(default_factory=dict)

    @property
    def tokens(self) -> list[Token]:
        return [*self.slots.values(), *(t for ts in self.lists.values() for t in ts)]


def _alternation(words: list[str]) -> str:
    alts = sorted((w.replace(" ", r"\s+") for w in words), key=len, reverse=True)
    # Whole words, never the end of a hyphenated one ("take-up", "follow-up") or its
    # start ("up-to-date").
    return r"(?:(?<![\w-])(?:" + "|".join(alts) + r")\b(?!-\w))"


def _direction(first: bool, neutral: bool = False, marked: bool = False) -> str:
    """<dir>: an up or down word; <dirn> also a word that says a change without its
    direction ("an improvement of 1.1 percentage points"). ``marked``: the marks ``mark``
    puts in their place, so the expression need not spell out every word."""
    if marked:
        up, down = f"{UP}+", f"{DOWN}+"
        same = f"{NEUTRAL}+" if neutral else None
    else:
        up = _alternation(LANGUAGE.macros["up"])
        down = _alternation(LANGUAGE.macros["down"])
        same = _alternation(LANGUAGE.macros["neutral"]) if neutral else None
    if first:
        inner = f"(?P<up>{up})|(?P<down>{down})"
        return f"(?:{inner}|(?P<neutral>{same}))" if same else f"(?:{inner})"
    return f"(?:{up}|{down}|{same})" if same else f"(?:{up}|{down})"


@cache
def _direction_words() -> re.Pattern[str]:
    up, down, same = (_alternation(LANGUAGE.macros[k]) for k in ("up", "down", "neutral"))
    return re.compile(f"(?P<up>{up})|(?P<down>{down})|(?P<neutral>{same})", re.IGNORECASE)


def mark(skel: str) -> str:
    """The skeleton with each direction word or phrase as as many marks as it has
    characters (``UP``, ``DOWN`` or ``NEUTRAL``): the expressions of most patterns with a
    <dir> read a mark instead of spelling out every direction word (a fifth of what
    compiling them all costs)."""
    def one(m: re.Match[str]) -> str:
        return (UP if m["up"] else DOWN if m["down"] else NEUTRAL) * len(m[0])

    return _direction_words().sub(one, skel)


def _reads_direction_words(template: str) -> bool:
    """Could the template outside its <dir> and <dirn> read a direction word (a word of
    the up, down or neutral macros in any branch or look-around of its expression,
    "up from" in <compare>), or a word of any kind (``\\w``, ``[a-z]``)? Then it reads
    the skeleton as written."""
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    vocabulary = {w for k in ("up", "down", "neutral") for phrase in LANGUAGE.macros[k]
                  for w in re.findall(r"[a-z]+", re.sub(r"\(\?.*?\)", "", phrase))}
    words: set[str] = set()
    wildcard = False

    def walk(items: Any) -> None:
        nonlocal wildcard
        current = ""
        for op, arg in items:
            if op is c.LITERAL and chr(arg).isalpha():
                current += chr(arg).lower()
                continue
            words.add(current)
            current = ""
            if op is c.IN and not any(o is c.NEGATE for o, _ in arg) and any(
                    (o is c.CATEGORY and a is c.CATEGORY_WORD)
                    or (o is c.RANGE and a[0] <= ord("z") and a[1] >= ord("a"))
                    for o, a in arg):
                wildcard = True
            for sub in _subpatterns(op, arg):
                walk(sub)
        words.add(current)

    walk(_parser.parse(compile_template(template, marked=True), re.IGNORECASE))
    return wildcard or bool(words & vocabulary)


def _subpatterns(op: Any, arg: Any) -> list[Any]:
    """The sequences of parse items inside one item of re's parse tree."""
    from re import _constants as c  # type: ignore[attr-defined]

    if op is c.SUBPATTERN:
        return [arg[-1]]
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return [arg[2]]
    if op is c.BRANCH:
        return list(arg[1])
    if op in (c.ASSERT, c.ASSERT_NOT):
        return [arg[1]]
    if op is c.ATOMIC_GROUP:
        return [arg]
    if op is c.GROUPREF_EXISTS:
        return [b for b in arg[1:] if b is not None]
    return []


def _slot(name: str, kind: str | None) -> str:
    if kind == "list":
        one = rf"{OPEN}\d+:[NM]{CLOSE}"
        # Parts are joined by commas, "and", "/", "&" or "plus"; "with slippage of £3.2m"
        # is not another part.
        sep = (r"[^⟦⟧;]{0,60}?(?:,|;|\band\b|/|&|\bplus\b)"
               r"(?!\s*(?:with|a total|the total|in total|totalling|making|giving|bringing|"
               r"to give|for a total)\b)(?:[^⟦⟧;]{0,25}?|[^⟦⟧;()]{26,45}?)")
        return rf"(?P<{name}>{one}(?:{sep}{one})+)"
    letters = _KINDS[kind or ""]
    if name == "per":  # "per 1,000": the rate's unit
        return rf"(?:{OPEN}|{PER_OPEN})(?P<{name}>\d+)(?::[{letters}])?(?:{CLOSE}|{PER_CLOSE})"
    return rf"{OPEN}(?P<{name}>\d+):[{letters}]{CLOSE}"


def _piece(text: str, seen_dir: list[bool], marked: bool) -> str:
    def macro(m: re.Match[str]) -> str:
        name = m["name"]
        if name in ("dir", "dirn"):
            first = not seen_dir
            seen_dir.append(True)
            return _direction(first, neutral=name == "dirn", marked=marked)
        return _alternation(_macro_words(name))

    out = _MACRO.sub(macro, text.replace(" ", r"\s+"))
    return _SLOT.sub(lambda m: _slot(m["name"], m["kind"]), out)


def _depths(template: str) -> list[int]:
    """The group depth at each character of a template: escaped brackets and the
    brackets inside a character class ("[(,]") do not count."""
    depths = []
    depth, i, in_class = 0, 0, False
    while i < len(template):
        ch = template[i]
        if ch == "\\":
            depths += [depth, depth]
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        depths.append(depth if ch != ")" else depth + 1)
        i += 1
    return depths[:len(template)]


def _split(template: str) -> list[str]:
    """Split a template on the spaces outside any group."""
    depths = _depths(template)
    pieces, current = [], ""
    for ch, depth in zip(template, depths, strict=True):
        if ch == " " and depth == 0:
            if current:
                pieces.append(current)
            current = ""
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def compile_template(template: str, marked: bool = False) -> str:
    """The regular expression a template stands for (see language.yaml's header); with
    ``marked``, one that reads direction words as ``mark`` marks them.

    Pieces are joined by optional white space; a piece that begins or ends with a letter
    is bounded by ``\\b`` there, so "for" never matches inside "before"."""
    out = []
    seen_dir: list[bool] = []
    for piece in _split(template):
        if piece in ("_", "__"):
            out.append(_SHORT_GAP if piece == "_" else _LONG_GAP)
            continue
        compiled = _piece(piece, seen_dir, marked)
        if piece[0].isalpha():
            compiled = r"\b" + compiled
        if piece[-1].isalpha() and not piece.endswith(("\\b", "\\B")):
            compiled += r"\b"
        out.append(compiled)
    return r"\s*".join(out)


@cache
def compiled() -> tuple[Compiled, ...]:
    """Every pattern, with what scripts/build-language derived from its template (or,
    for a language read from the YAML itself, derived now)."""
    out = []
    for spec in LANGUAGE.patterns:
        d: dict[str, Any] = derive(spec.match, spec.sentences) if not spec.regex else {
            "lists": spec.lists, "window": spec.window, "kinds": spec.kinds,
            "macros": spec.macros, "regex": spec.regex, "marked": spec.marked}
        out.append(Compiled(spec, frozenset(d["lists"]), d["window"], tuple(d["kinds"]),
                            tuple(d["macros"]), d["regex"], d["marked"]))
    return tuple(out)


def derive(template: str, sentences: int = 1) -> dict[str, Any]:
    """What a check needs of a template: its regular expression (reading marked
    direction words when nothing else in it could read one), list slots, window,
    required slots' kinds and required macros."""
    marked = "<dir" in template and not _reads_direction_words(template)
    return {"regex": compile_template(template, marked=marked), "marked": marked,
            "lists": sorted(m["name"] for m in _SLOT.finditer(template)
                            if m["kind"] == "list"),
            "window": 2 if r"\.\s+" in template or sentences == 2 else 1,
            "kinds": list(_required(template)), "macros": list(_required_macros(template))}


def _required_macros(template: str) -> tuple[str, ...]:
    """The macros of a template's pieces outside any group (also as a piece's named
    group: "(?P<frac><fraction>)"): a sentence with none of a macro's phrases cannot
    match. The plain words it needs are ``spec.outline`` (``outline``)."""
    macros: list[str] = []
    for piece in _split(template):
        whole = re.fullmatch(r"<(\w+)>", piece)
        named = re.match(r"\(\?P<\w+><(\w+)>\)(?![?*{])", piece)
        if whole and whole.group(1) != "dirn":
            macros.append(whole.group(1))
        elif named and named.group(1) not in ("dirn", "dir"):
            macros.append(named.group(1))
    return tuple(macros)


def _macro_words(name: str) -> list[str]:
    """The phrases of a macro (regular expressions): ``macros`` in language.yaml, with
    <dir> every up and down word and <fraction> the fraction words of ``Language``
    (``fraction_source``), a hedge before them if any."""
    if name == "dir":
        return LANGUAGE.macros["up"] + LANGUAGE.macros["down"]
    if name == "fraction":
        return [_fraction_words()]
    return LANGUAGE.macros[name]


@cache
def _fraction_words() -> str:
    """<fraction>: fraction words ("a fifth", "one in four", "two thirds"), a hedge
    before them if any ("just under a fifth", "more than half")."""
    hedges = "|".join(re.escape(p).replace("\\ ", " ") for p in
                      sorted({phrase for phrase, _ in LANGUAGE.hedges},
                             key=lambda p: (-len(p), p)))
    return f"(?:(?:{hedges}) )?{LANGUAGE.fraction_source}"


@cache
def _macro_search(name: str) -> re.Pattern[str]:
    return re.compile(_alternation(_macro_words(name)), re.IGNORECASE)


def _required(template: str) -> tuple[str, ...]:
    """The slots outside any group (so not optional), as the figure kinds each accepts;
    a list slot needs two figures."""
    depths = _depths(template)
    out: list[str] = []
    for m in _SLOT.finditer(template):
        if depths[m.start()] != 0:
            continue
        kind = m["kind"] or ""
        letters = "NM" if kind == "list" else _KINDS.get(kind, "NMPT")
        out.extend([letters] * (2 if kind == "list" else 1))
    return tuple(out)


# "Thirty-seven of the 52 ...": a spelled number that is the part of a whole given in
# figures reads like one in figures.
_SPELLED_PART = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+|these\s+|those\s+|its\s+|our\s+)?"
                           r"[£$]?\d", re.IGNORECASE)


# "five (71.4%) were finished": a spelled part with its share; "Of the seven reviews": a
# spelled whole.
_SPELLED_SHARE = re.compile(r"\s*\(\s*\d")
_SPELLED_WHOLE = re.compile(r"\b(?:of|out of)\s+(?:the|these|those|all)\s+$", re.IGNORECASE)
# A capitalised spelled number that starts a sentence ("Twelve contracts were
# awarded"): style guides spell out a figure there, so it is one.
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+)$")


def reads(text: str, token: Token) -> bool:
    """Does the skeleton show ``token``? Every figure but spelled numbers ("over the two
    years" stays words: no pattern reads it), unless one is the part of a whole or
    starts a sentence."""
    if not token.is_figure:
        return False
    if not token.spelled:
        return True
    return (_SPELLED_PART.match(text, token.end) is not None
            or _SPELLED_SHARE.match(text, token.end) is not None
            or _SPELLED_WHOLE.search(text, max(0, token.start - 12), token.start) is not None
            or (token.text[:1].isupper() and
                _SENTENCE_START.search(text, max(0, token.start - 3), token.start) is not None))


def skeleton(text: str, tokens: list[Token], start: int, end: int) -> str:
    """The sentence ``text[start:end]`` with each figure as ``⟦i:K⟧`` (a hedge such as
    "around" inside the marker, so every pattern reads "an increase of around 12%" as it
    reads "an increase of 12%")."""
    out: list[str] = []
    pos = start
    for i, token in enumerate(tokens):
        if not reads(text, token) or token.start < start or token.end > end:
            continue
        begin = token.lead if token.lead is not None and token.lead >= pos else token.start
        out.append(text[pos:begin])
        # "per 1,000 population" is a rate's unit: a gap may cross it, and only a
        # pattern's {per} slot reads it.
        per = _PER_BASE.search(text, max(start, begin - 10), begin) and token.text in _PER_VALUES
        out.append(f"{PER_OPEN}{i}{PER_CLOSE}" if per else f"{OPEN}{i}:{token.kind}{CLOSE}")
        pos = token.end
    out.append(text[pos:end])
    return "".join(out)


_MARKER = re.compile(rf"{OPEN}(\d+):([NMPT]){CLOSE}")


def find(text: str, tokens: list[Token], start: int, end: int, window: int
         ) -> list[Match]:
    """Every pattern with this window size matched in ``text[start:end]``: none where
    every figure is the author's (annotated or bound), since a match only ever decides
    a figure of the plain text."""
    shown = [t for t in tokens if reads(text, t) and start <= t.start < end]
    if not any(t.source == "text" for t in shown):
        return []
    kinds = "".join(t.kind for t in shown)
    skel = skeleton(text, tokens, start, end)
    lower = skel.lower()
    figures = [(m.start(), m.end(), m[2]) for m in _MARKER.finditer(skel)]
    marked: str | None = None
    present: dict[str, bool] = {}
    found: list[Match] = []
    for pattern in compiled():
        if pattern.window != window or not pattern.possible(kinds):
            continue
        if not pattern.present(lower, figures):
            continue
        if any(not present.setdefault(m, _macro_search(m).search(skel) is not None)
               for m in pattern.macros):
            continue
        read = skel
        if pattern.marked:
            read = marked = mark(skel) if marked is None else marked
        for m in pattern.regex.finditer(read):
            match = _match(pattern, m, tokens, skel)
            if match is not None:
                found.append(match)
    return found


def find_all(text: str, tokens: list[Token], sentences: list[tuple[int, int]]
             ) -> list[Match]:
    """Every pattern matched sentence by sentence, and across each pair of sentences for
    the patterns that read two."""
    found: list[Match] = []
    for start, end in sentences:
        found += find(text, tokens, start, end, 1)
    for (start, _), (_, end) in pairwise(sentences):
        found += find(text, tokens, start, end, 2)
    return found


def _match(pattern: Compiled, m: re.Match[str], tokens: list[Token], skel: str
           ) -> Match | None:
    slots: dict[str, Token] = {}
    lists: dict[str, list[Token]] = {}
    index: dict[str, int] = {}
    for name, value in m.groupdict().items():
        if value is None or name in ("up", "down", "neutral", "frac", "mult", "noun"):
            continue
        if name in pattern.lists:
            members = [tokens[int(x[1])] for x in _MARKER.finditer(value)]
            if len({t.kind for t in members}) != 1:
                return None  # a list of parts is in one unit
            lists[name] = members
        else:
            index[name] = int(value)
            slots[name] = tokens[int(value)]
    groups = m.groupdict()
    sign = 1 if groups.get("up") else -1 if groups.get("down") else \
        0 if groups.get("neutral") or "<dir" in pattern.spec.match else None
    figures = [t for t in (*slots.values(), *(x for xs in lists.values() for x in xs))]
    span = (min(t.start for t in figures), max(t.end for t in figures)) if figures else (0, 0)
    # As written (``m`` may have read the marked skeleton, which has the same offsets).
    words = next((skel[m.start(g):m.end(g)] for g in ("frac", "mult") if groups.get(g)),
                 None)
    return Match(pattern, slots, lists, sign, span, words, index)


__all__ = ["Compiled", "Match", "compile_template", "compiled", "find", "find_all",
           "skeleton"]


# ------------------------------------------------------- build time: what a pattern needs

def outline(template: str) -> list[list[str]]:
    """What a sentence must hold, in this order, for ``template`` to match, read from its
    compiled expression's parse tree: ``["word", w]`` for each run of two or more letters
    outside any optional part, ``["any", w1, w2, ...]`` for a required choice each of
    whose branches has such a run (its longest, or the words of its own first choice),
    ``["figure", kinds]`` for each required
    figure slot (a list slot is two). A sentence without them in order cannot match, so
    its expression is neither compiled nor run. Only scripts/build-language calls this
    (it uses ``re``'s own parser), so a check never parses an expression it does not
    compile."""
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    def walk(items: Any) -> list[list[str]]:
        out: list[list[str]] = []
        current = ""
        seq = list(items)

        def flush() -> None:
            nonlocal current
            if len(current) >= 2:
                out.append(["word", current])
            current = ""

        i = 0
        while i < len(seq):
            op, arg = seq[i]
            if op is c.LITERAL and chr(arg) == OPEN:  # ⟦(?P<slot>\d+):[KINDS]⟧
                flush()
                close = next((k for k in range(i, len(seq))
                              if seq[k] == (c.LITERAL, ord(CLOSE))), None)
                if close is None:  # "⟦" written out: a figure of any kind starts here
                    out.append(["figure", "NMPT"])
                    i += 1
                    continue
                kinds = seq[close - 1]
                letters = (chr(kinds[1]) if kinds[0] is c.LITERAL else
                           "".join(chr(a) for o, a in kinds[1] if o is c.LITERAL))
                out.append(["figure", letters])
                i = close + 1
                continue
            if op is c.LITERAL and chr(arg).isalpha():
                current += chr(arg).lower()
            else:
                flush()
                if op is c.SUBPATTERN:
                    out += walk(arg[-1])
                elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1:
                    out += walk(arg[2])
                elif op is c.BRANCH:
                    # Each branch's longest word, or its first choice's words.
                    choice: set[str] = set()
                    for branch in arg[1]:
                        inner = [e for e in walk(branch) if e[0] != "figure"]
                        words = [e[1] for e in inner if e[0] == "word"]
                        if words:
                            choice.add(max(words, key=len))
                        elif inner:
                            choice.update(inner[0][1:])
                        else:
                            choice = set()
                            break
                    if choice:
                        out.append(["any", *sorted(choice)])
            i += 1
        flush()
        return out

    return walk(_parser.parse(compile_template(template), re.IGNORECASE))


def language_json(data: dict[str, Any]) -> str:
    """language.json: language.yaml's data with what each pattern needs (``outline``)
    and what ``derive`` reads from its template."""
    from cspdoc.transforms.claims.language import compiled_json

    patterns = [{**p, "outline": outline(p["match"]),
                 **derive(p["match"], int(p.get("sentences", 1)))} for p in data["patterns"]]
    return compiled_json({**data, "patterns": patterns})
