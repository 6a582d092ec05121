"""Every sentence language.yaml gives as an example reads as it says: the phrase patterns
and rules are data, and their examples are these tests."""

from __future__ import annotations

import pytest

from cspdoc.transforms.claims.language import LANGUAGE, Example
from cspdoc.transforms.claims.patterns import compiled, find_all
from cspdoc.transforms.claims.tokens import tokenize
from cspdoc.transforms.claims.units import split_sentences
from tests.transforms.claims.conftest import CheckProse, alarms

EXAMPLES = [(p.id, e) for p in LANGUAGE.patterns for e in p.examples] + [
    (rule, e) for rule, examples in LANGUAGE.rules.items() for e in examples]


def _id(case: tuple[str, Example]) -> str:
    name, example = case
    return f"{name}:{example.expect}:{example.text[:40]}"


@pytest.mark.parametrize("case", EXAMPLES, ids=[_id(c) for c in EXAMPLES])
def it_reads_each_example_as_it_says(check_prose: CheckProse, case: tuple[str, Example]):
    _, example = case
    v = check_prose(example.text)
    if example.expect == "ok":
        assert alarms(v) == []
        assert v.auto_checked >= 1, "the claim was not checked"
        return
    if example.expect == "silent":
        assert alarms(v) == []
        return
    found = [f for f in v.findings if f.code == example.expect]
    assert found, f"expected {example.expect}, got {alarms(v)}"
    finding = found[0]
    assert str(finding.severity) == (example.severity or "error")
    if example.expected is not None:
        assert finding.expected == example.expected
    assert finding.automatic and finding.where.quote
    assert finding.where.quote in example.text


def _matched(text: str) -> set[str]:
    found = find_all(text, tokenize(text), split_sentences(text))
    return {m.pattern.spec.id for m in found}


@pytest.mark.parametrize("pattern", compiled(), ids=lambda p: p.spec.id)
def it_has_examples_that_exercise_each_pattern(pattern):
    assert pattern.spec.examples, f"{pattern.spec.id} has no example sentences"
    assert any(pattern.spec.id in _matched(e.text) for e in pattern.spec.examples)


@pytest.mark.parametrize("sentence", LANGUAGE.silent)
def it_says_nothing_where_there_is_no_claim(check_prose: CheckProse, sentence: str):
    v = check_prose(sentence)
    assert [(f.code, f.stated) for f in v.findings] == []


def it_keeps_the_json_the_finder_loads_equal_to_the_yaml_people_edit():
    from cspdoc.transforms.claims.language import COMPILED, parse_yaml
    from cspdoc.transforms.claims.patterns import language_json

    assert COMPILED.read_text(encoding="utf-8") == language_json(parse_yaml()), (
        "language.json is stale: run scripts/build-language")
