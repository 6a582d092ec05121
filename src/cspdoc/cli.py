"""The command line: verbs, arguments, exit codes and printing. No logic lives here.

Exit codes: 0 done; 1 verification found errors (check, build --strict); 2 invalid input
(one ``file:line: field: message`` line per problem, nothing written); 3 internal error.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from cspdoc import pipeline
from cspdoc._version import __version__
from cspdoc.errors import CspdocError, InputErrors

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cspdoc", description="Verified committee papers from council data and narrative.")
    parser.add_argument("--version", action="version", version=f"cspdoc {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and each step")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    build = verbs.add_parser("build", help="build the draft DOCX and PDF into OUT/<slug>/draft/")
    build.add_argument("report", type=Path, help="the report folder (holding report.yaml)")
    build.add_argument("--out", type=Path, default=Path("out"), help="output folder (out)")
    build.add_argument("--format", dest="formats", action="append",
                       choices=pipeline.FORMATS,
                       help="only this format (repeatable; default: docx and pdf)")
    return parser


def _print_error(error: CspdocError, folder: Path | None) -> None:
    errors = error.errors if isinstance(error, InputErrors) else [error]
    for err in errors:
        where = err.where
        if folder is not None and where.file and not Path(where.file).is_absolute() \
                and where.file != str(folder):
            where = where.but(file=str(folder / where.file))
        print(type(err)(err.message, where).line(), file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    formats = args.formats or pipeline.DEFAULT_FORMATS
    result = pipeline.build(args.report, args.out, formats=formats)
    for path in result.outputs.values():
        print(f"wrote {path}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.debug else logging.WARNING,
                        format="cspdoc: %(message)s")
    folder = getattr(args, "report", None)
    try:
        return {"build": _build}[args.verb](args)
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
