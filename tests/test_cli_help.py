"""Every --help ends with examples, and every example is a command cspdoc accepts."""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys

import pytest

from cspdoc.cli import _parser


def verbs() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    found = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(found[0].choices)


def examples(help_text: str) -> list[list[str]]:
    """The commands listed under "examples:", split as a shell would."""
    _, _, tail = help_text.partition("\nexamples:\n")
    commands = []
    for line in tail.splitlines():
        if line.startswith("  cspdoc "):
            command = re.split(r"\s{2,}", line.strip())[0]
            commands.append(shlex.split(command))
    return commands


@pytest.mark.parametrize("verb", sorted(verbs()))
def it_ends_each_verbs_help_with_examples_of_that_verb(verb: str):
    listed = examples(verbs()[verb].format_help())
    assert listed, f"cspdoc {verb} --help has no examples (add them to cli_help.EXAMPLES)"
    for argv in listed:
        assert argv[:2] == ["cspdoc", verb]
        _parser().parse_args(argv[1:])  # argparse exits on a bad example


def it_ends_the_top_level_help_with_examples():
    done = subprocess.run([sys.executable, "-m", "cspdoc.cli", "--help"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0
    listed = examples(done.stdout)
    assert {argv[1] for argv in listed} >= {"new", "check", "build", "publish"}
    for argv in listed:
        _parser().parse_args(argv[1:])
    assert "docs/tutorial.md" in done.stdout
