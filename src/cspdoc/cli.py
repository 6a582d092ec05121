"""The command line: verbs, arguments, exit codes and printing. No logic lives here.

Exit codes: 0 done; 1 verification found errors (check, build --strict); 2 invalid input
(one ``file:line: field: message`` line per problem, nothing written); 3 internal error.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from cspdoc import pipeline, scaffold, suggest
from cspdoc._version import __version__
from cspdoc.cli_help import with_examples
from cspdoc.cli_output import (
    next_steps,
    print_changed,
    print_findings,
    print_started,
    summary,
)
from cspdoc.errors import CspdocError, InputErrors, OutputError
from cspdoc.findings import Verification
from cspdoc.publish import PublishRefused
from cspdoc.watch import watch_report

if TYPE_CHECKING:
    from cspdoc.progress import Outcome

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cspdoc", description="Verified committee papers from council data and narrative.")
    parser.add_argument("--version", action="version", version=f"cspdoc {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and each step")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    build = verbs.add_parser("build", help="build the draft DOCX and PDF into OUT/<slug>/draft/")
    build.add_argument("reports", type=Path, nargs="+", metavar="report",
                       help="report folders (each holding report.yaml), built side by side")
    build.add_argument("--out", type=Path, default=Path("out"), help="output folder (out)")
    build.add_argument("--format", dest="formats", action="append",
                       choices=pipeline.FORMATS,
                       help="only this format (repeatable; default: docx and pdf)")
    build.add_argument("--docx-template", type=Path, metavar="PATH",
                       help="the council's own Word template (default: cspdoc's)")
    build.add_argument("--strict", action="store_true",
                       help="exit 1 when verification finds errors (outputs are still written)")
    build.add_argument("--json", action="store_true",
                       help="print a summary for scripts: outputs, findings, seconds")

    check = verbs.add_parser("check", help="verify every figure and print the findings")
    check.add_argument("report", type=Path, help="the report folder (holding report.yaml)")
    check.add_argument("--json", action="store_true", help="print verification.json")
    check.add_argument("--suggest", action="store_true",
                       help="print the Markdown that binds each figure the verifier "
                            "resolved to the report's data")
    check.add_argument("--write", action="store_true",
                       help="with --suggest: apply the bindings to the report's own "
                            "narrative and table files (review them with a diff)")
    check.add_argument("--watch", action="store_true",
                       help="check again each time a file of the report changes (Ctrl-C "
                            "stops)")

    publish = verbs.add_parser(
        "publish", help="publish OUT/<slug>/v<version>/ once; never overwrites a version")
    publish.add_argument("report", type=Path, help="the report folder (holding report.yaml)")
    publish.add_argument("--out", type=Path, default=Path("out"), help="output folder (out)")
    publish.add_argument("--allow-errors", metavar="REASON",
                         help="publish although verification finds errors, and say why")
    publish.add_argument("--docx-template", type=Path, metavar="PATH",
                         help="the council's own Word template (default: cspdoc's)")

    new = verbs.add_parser("new", help="start a report folder, or next period's paper "
                           "from last period's")
    new.add_argument("folder", type=Path, help="the folder to write (new, or empty)")
    new.add_argument("--from", dest="source", type=Path, metavar="OLD",
                     help="last period's report folder: same outline, figures and text")
    new.add_argument("--empty-tables", action="store_true",
                     help="with --from: keep each table's rows and labels, blank its figures")
    new.add_argument("--period", metavar="START/END",
                     help="with --from: the new period (default: the one after OLD's)")
    new.add_argument("--meeting-date", metavar="YYYY-MM-DD",
                     help="with --from: the new meeting date (default: OLD's, moved on)")

    compare = verbs.add_parser("diff", help="what changed between two versions")
    compare.add_argument("old", type=Path, help="a published version folder or report folder")
    compare.add_argument("new", type=Path, help="a published version folder or report folder")
    compare.add_argument("--json", action="store_true", help='print {"changes": [...]}')
    return with_examples(parser)


def _print_error(error: CspdocError, folder: Path | None) -> None:
    errors = error.errors if isinstance(error, InputErrors) else [error]
    for err in errors:
        where = err.where
        if folder is not None and where.file and not Path(where.file).is_absolute() \
                and where.file != str(folder) and not where.file.startswith("<") \
                and not isinstance(err, OutputError):  # outputs are not in the report
            where = where.but(file=str(folder / where.file))
        print(type(err)(err.message, where).line(), file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    from cspdoc import progress

    options = progress.Options(args.out, args.formats or pipeline.DEFAULT_FORMATS,
                               args.docx_template)
    display = progress.display_for(args.reports, sys.stderr,
                                   plain=sys.stderr if args.json else sys.stdout)
    try:
        outcomes = progress.build_all(args.reports, options, display)
    finally:
        display.close()
    if args.json:
        sys.stdout.write(json.dumps({"reports": [o.to_json() for o in outcomes]},
                                    indent=2, ensure_ascii=False) + "\n")
    codes = [_built(outcome, args, single=len(outcomes) == 1) for outcome in outcomes]
    return max([*codes, _clashes(outcomes)])


def _clashes(outcomes: Sequence[Outcome]) -> int:
    """Two folders of one batch with the same slug write the same draft: say so."""
    seen: dict[Path, Path] = {}
    code = EXIT_OK
    for outcome in outcomes:
        if outcome.folder is None:
            continue
        if outcome.folder in seen:
            print(f"cspdoc: {seen[outcome.folder]} and {outcome.report} both build "
                  f"{outcome.folder} (the same slug): only one of them is there now; "
                  "give each its own slug or --out", file=sys.stderr)
            code = EXIT_INPUT
        seen.setdefault(outcome.folder, outcome.report)
    return code


def _built(outcome: Outcome, args: argparse.Namespace, *, single: bool) -> int:
    """Print one build's result (unless --json) and return its exit code."""
    if args.debug and outcome.trace is not None:
        print(outcome.trace, file=sys.stderr, end="")
    if outcome.error is not None:
        _print_error(outcome.error, outcome.report)
        return EXIT_INPUT
    if outcome.failure is not None:
        print(f"cspdoc: {outcome.report}: internal error: {outcome.failure}", file=sys.stderr)
        return EXIT_INTERNAL
    assert outcome.verification is not None  # built
    text = summary(outcome.verification)
    if not args.json and single:
        for fmt, path in outcome.outputs.items():
            if fmt == "verification":
                for kept in outcome.kept:
                    state = "made from this same report" if kept.current else \
                        f"made from an earlier report: rebuild with --format {kept.format}"
                    print(f"kept {kept.path} from an earlier build ({state})")
            print(f"wrote {path}" + (f": {text}" if fmt == "verification" else ""))
        for step in next_steps(outcome.verification, outcome.report, "build", args.out):
            print(step)
    elif not args.json:
        print(f"{outcome.report}: wrote {outcome.folder} "
              f"({', '.join(p.name for p in outcome.outputs.values())}); {text}; "
              f"{outcome.seconds:.1f} s")
        if outcome.verification.errors:
            print(f"  {next_steps(outcome.verification, outcome.report, 'build', args.out)[0]}")
    return EXIT_FINDINGS if args.strict and outcome.verification.errors else EXIT_OK


def _check(args: argparse.Namespace) -> int:
    if args.write and not args.suggest:
        raise CspdocError("--write applies suggestions: use it with --suggest")
    if args.watch:
        if args.suggest:
            raise CspdocError("--watch checks; --suggest proposes once: use one or the other")
        if not args.report.is_dir():
            raise CspdocError(f"{args.report}: not a report folder (no such directory)")
        watch_report(args.report, lambda: _check_once(args),
                     changed=lambda paths: print_changed(paths, args.report))
        return EXIT_OK
    verification = pipeline.check(args.report)
    if args.suggest:
        return _suggest(args, verification)
    if args.json:
        sys.stdout.write(verification.dumps())
    else:
        print_findings(verification, Console(highlight=False), args.report)
    return EXIT_FINDINGS if verification.errors else EXIT_OK


def _check_once(args: argparse.Namespace) -> None:
    """One check of ``--watch``: its findings, or the input errors, and on it goes."""
    try:
        verification = pipeline.check(args.report)
    except CspdocError as error:
        _print_error(error, args.report)
    else:
        if args.json:
            sys.stdout.write(verification.dumps())
        else:
            print_findings(verification, Console(highlight=False), args.report)
    sys.stdout.flush()
    sys.stderr.flush()


def _suggest(args: argparse.Namespace, verification: Verification) -> int:
    found = suggest.suggestions(verification)
    if args.json:
        sys.stdout.write(json.dumps([s.to_json() for s in found], indent=2,
                                    ensure_ascii=False) + "\n")
    else:
        for item in found:
            print(item.line)
        print(f"{len(found)} binding{'s' * (len(found) != 1)} suggested")
    if args.write:
        done = suggest.write_suggestions(args.report, found)
        for item, why in done.skipped:
            print(f"not written: {item.where.source}: {item.text}: {why}", file=sys.stderr)
        print(f"wrote {done.applied} binding{'s' * (done.applied != 1)} into "
              f"{len(done.files)} file{'s' * (len(done.files) != 1)}; review the change "
              "before you commit it", file=sys.stderr)
    return EXIT_FINDINGS if verification.errors else EXIT_OK


def _publish(args: argparse.Namespace) -> int:
    try:
        result = pipeline.publish(args.report, args.out, allow_errors=args.allow_errors,
                                  docx_template=args.docx_template)
    except PublishRefused as refused:
        print_findings(refused.verification, Console(highlight=False, stderr=True))
        print(f"cspdoc: {refused.message}", file=sys.stderr)
        return EXIT_FINDINGS
    if result.unchanged:
        print(f"{result.folder} is already published with these exact bytes: nothing to do")
        return EXIT_OK
    for path in result.outputs.values():
        print(f"wrote {path}")
    print(f"published {result.folder}: {summary(result.verification)}")
    if result.verification.allowed_errors:
        print(f"published with errors: {result.verification.allowed_errors}")
    if result.report.notice is not None:
        count = len(result.report.notice.items)
        print(f"{result.report.notice.status}; {count} change{'s' * (count != 1)}")
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    if args.source is None and (args.empty_tables or args.period or args.meeting_date):
        raise CspdocError("--empty-tables, --period and --meeting-date go with --from OLD")
    started = scaffold.new_report(
        args.folder, source=args.source, empty_tables=args.empty_tables,
        period=scaffold.parse_period(args.period) if args.period else None,
        meeting_date=(scaffold.parse_date(args.meeting_date, "--meeting-date")
                      if args.meeting_date else None))
    print_started(started, args.folder)
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    changes = pipeline.compare(args.old, args.new)
    if args.json:
        sys.stdout.write(json.dumps({"changes": [c.to_json() for c in changes]}, indent=2,
                                    ensure_ascii=False) + "\n")
        return EXIT_OK
    for change in changes:
        print(change.describe())
        if change.reason:
            print(f"    Reason: {change.reason}")
    print(f"{len(changes)} change{'s' * (len(changes) != 1)}")
    return EXIT_OK


_settled = False


def settle() -> None:
    """What is loaded by now (the modules, the claim finder's language, the models'
    schemas) lives as long as the process: out of the garbage collector's sight, so no
    collection during the run scans it again (a full one would cost tens of ms). Once a
    process: a script or test that calls ``main`` again keeps its later garbage
    collectable."""
    global _settled
    if not _settled:
        gc.freeze()
        _settled = True


def main(argv: Sequence[str] | None = None) -> int:
    settle()
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.debug else logging.WARNING,
                        format="cspdoc: %(message)s")
    folder = getattr(args, "report", None)  # build prints its own errors, per report
    try:
        verbs = {"build": _build, "check": _check, "publish": _publish, "diff": _diff,
                 "new": _new}
        return verbs[args.verb](args)
    except CspdocError as error:
        if args.debug:
            traceback.print_exc()
        _print_error(error, folder)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if args.debug:
            raise
        print(f"cspdoc: internal error: {type(error).__name__}: {error} "
              "(run with --debug for the traceback)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
