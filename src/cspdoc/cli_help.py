"""The examples under each ``--help`` (argparse epilogs), one entry per verb."""

from __future__ import annotations

import argparse

EXAMPLES: dict[str, str] = {
    "cspdoc": """\
examples:
  cspdoc new q1-2025                          start a report folder that builds
  cspdoc check q1-2025                        what does not add up, and where
  cspdoc build q1-2025 --out out              the draft DOCX and PDF
  cspdoc publish q1-2025 --out out            publish version 1.0, once

A first report in fifteen minutes: docs/tutorial.md.""",
    "build": """\
examples:
  cspdoc build reports/q3 --out out           out/<slug>/draft/<slug>-v1.0.docx and .pdf
  cspdoc build reports/q3 --format html       only the web page
  cspdoc build reports/q3 --format review     a reviewer's copy marking every figure
  cspdoc build reports/q3 --strict            exit 1 when a figure does not add up
  cspdoc build reports/q3 --docx-template council.docx
  cspdoc build reports/q3 reports/asb --json  a committee's papers, side by side""",
    "check": """\
examples:
  cspdoc check reports/q3                     findings by section and figure
  cspdoc check reports/q3 --watch             check again each time a file is saved
  cspdoc check reports/q3 --json              verification.json on standard output
  cspdoc check reports/q3 --suggest           the bindings for figures it resolved
  cspdoc check reports/q3 --suggest --write   write them into the Markdown""",
    "publish": """\
examples:
  cspdoc publish reports/q3 --out out         out/<slug>/v<version>/, never overwritten
  cspdoc publish reports/q3 --allow-errors "published as received from the police"
  cspdoc publish reports/q3-corrected --out out   a corrected version, with its notice""",
    "diff": """\
examples:
  cspdoc diff out/q3/v1.0 out/q3/v1.1         what a corrected version changed
  cspdoc diff reports/q3 reports/q3-draft     two report folders
  cspdoc diff out/q3/v1.0 out/q3/v1.1 --json""",
    "new": """\
examples:
  cspdoc new q1-2025                          a small report to start from
  cspdoc new q2-2025 --from q1-2025           next quarter's paper from last quarter's
  cspdoc new q2-2025 --from q1-2025 --empty-tables --period 2025-07-01/2025-09-30""",
}


def with_examples(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """``parser`` with the examples under its own help and each verb's, laid out as
    written (tests/test_cli_help.py fails for a verb without them)."""
    parser.epilog = EXAMPLES[parser.prog]
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        if isinstance(action, argparse._SubParsersAction):
            for name, verb in action.choices.items():
                verb.epilog = EXAMPLES.get(name)  # tests/test_cli_help.py asks for one
                verb.formatter_class = argparse.RawDescriptionHelpFormatter
    return parser
