"""The one orchestrator: read → check references → transforms in order → write.

Step 1  read the report folder (or take a Report built in Python)
Step 2  check references (footnotes, cross-references, unique ids)
Step 3-5  number, compute, present (``transforms.STAGES``)
Step 6  verify (findings; never changes the report), on the figures before suppression;
        then withhold small numbers (``suppress``: the findings lose the withheld values)
        and explain the shorthand the paper prints (``symbols``)
Step 7  corrections notice, when an earlier version is published in the output folder;
        a build is a draft (its documents say DRAFT), a publication never is
Step 8  write DOCX and PDF (and HTML when asked) into a staging folder, then move the
        finished folder into place (``outputs``), so no reader ever sees half a build;
        a draft keeps the other formats' files of earlier builds (``drafts``).
        The DOCX is written in a forked process while this one lays out the PDF
        (``workers``); a draft document whose inputs have not changed is copied from
        the previous draft instead (``buildcache``).
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cspdoc import arguments, buildcache, snapshot, workers
from cspdoc.diff import Change, diff
from cspdoc.drafts import Kept, keep_and_record
from cspdoc.errors import InputError, UsageError
from cspdoc.findings import Finding, Verification
from cspdoc.model import Report, Status
from cspdoc.outputs import replace_folder, sha256
from cspdoc.pages import paginate
from cspdoc.publish import (
    PublishRefused,
    PublishResult,
    previous_version,
    published_versions,
    version_folder,
    write_publication,
)
from cspdoc.readers import read_report
from cspdoc.transforms import STAGES, is_prepared, suppress
from cspdoc.transforms.corrections import attach_notice, current_entry, reasons
from cspdoc.transforms.references import check_references
from cspdoc.transforms.symbols import symbols
from cspdoc.transforms.verify import verify as verify_report
from cspdoc.where import Where

log = logging.getLogger("cspdoc")

FORMATS = arguments.FORMATS
# What a build writes unless asked: the paper as DESIGN.md defines it. The HTML page is
# on request (--format html), so publish, manifests and byte-identical rebuilds keep
# covering exactly the two documents a committee receives.
DEFAULT_FORMATS = ("docx", "pdf")
VERIFICATION = "verification.json"
# A step of a build as it happens: (what, detail), e.g. ("pdf", "page 3"), ("docx", "").
Progress = Callable[[str, str], None]


def _silent(_what: str, _detail: str) -> None:
    return None


@dataclass
class Prepared:
    """A report after every transform, with the findings gathered on the way.

    ``report`` holds every figure (what the verifier checks); ``suppression`` says which
    of them the report withholds; ``publishable`` is the report the outputs show.
    """

    report: Report
    findings: list[Finding] = field(default_factory=list)
    folder: Path | None = None
    sources: list[Path] = field(default_factory=list)
    suppression: suppress.Plan = field(default_factory=suppress.Plan)
    absent: list[Path] = field(default_factory=list)  # looked for, not found

    @property
    def publishable(self) -> Report:
        """Step 6, its end: small numbers withheld, the shorthand explained."""
        return symbols(suppress.apply(self.report, self.suppression))


class BuildResult:
    """What a build wrote: the folder, each output by format, and the verification;
    ``kept``: the files of other formats left from earlier builds (``drafts``);
    ``report``: the draft report (read again on first use after a rebuild that reused
    the last build whole)."""

    def __init__(self, folder: Path, outputs: dict[str, Path], verification: Verification,
                 report: Report | Callable[[], Report],
                 kept: list[Kept] | None = None) -> None:
        self.folder = folder
        self.outputs = outputs
        self.verification = verification
        self.kept = kept if kept is not None else []
        self._report = report

    @property
    def slug(self) -> str:
        """The report's slug: the name of the folder its draft is in (``out/<slug>/``)."""
        return self.folder.parent.name

    @property
    def report(self) -> Report:
        if not isinstance(self._report, Report):
            self._report = self._report()
        return self._report

    def __repr__(self) -> str:
        return f"BuildResult(folder={self.folder!r}, outputs={self.outputs!r})"


def load(source: str | Path) -> Report:
    """Read a report folder into a Report (references are checked when it is prepared)."""
    return read_report(arguments.folder_path(source, "load()'s report folder"))


def prepare(source: str | Path | Report | Prepared, verb: str = "prepare") -> Prepared:
    """Steps 1-5: the report ready to verify and write (a Prepared is returned as is)."""
    if isinstance(source, Prepared):
        return source
    given = arguments.report_source(source, verb)
    folder = None
    sources: list[Path] = []
    absent: list[Path] = []
    if isinstance(given, Report):
        report = given
    else:
        folder = given
        log.info("Step 1: read %s", folder)
        report = read_report(folder, sources, absent)
    log.info("Step 2: check references")
    findings = check_references(report)
    for number, (name, stage) in enumerate(STAGES, start=3):
        log.info("Step %d: %s", number, name)
        report = stage(report)
    return Prepared(report, findings, folder, sources, suppress.plan(report), absent)


def check(source: str | Path | Report | Prepared) -> Verification:
    """Steps 1-6 only: what ``cspdoc check`` reports."""
    return verify(prepare(source, "check"))


def verify(prepared: Prepared) -> Verification:
    """Step 6: the findings about a prepared report."""
    if not isinstance(prepared, Prepared):
        raise UsageError("verify() takes what prepare() returns; to verify a report "
                         "folder or a Report, call check()")
    log.info("Step 6: verify")
    withheld = prepared.suppression
    found = verify_report(prepared.report, tuple(prepared.findings),
                          withheld=suppress.withheld_names(prepared.report, withheld))
    if not withheld and not withheld.prose:
        return found
    before = (*found.findings, *withheld.findings)
    findings = suppress.redact(before, prepared.report, withheld)
    # The figures of the text (the reviewer's copy prints their findings) carry the
    # redacted findings too: redact gives one finding for each, in order.
    redacted = {id(old): new for old, new in zip(before, findings, strict=True)}
    for fig in found.figures:
        if fig.finding is not None:
            fig.finding = redacted.get(id(fig.finding), fig.finding)
    return Verification(**{**dict(found), "findings": findings})


def output_name(report: Report, fmt: str) -> str:
    """The file a format is written to: ``<slug>-v<version>.<fmt>``, the reviewer's copy
    ``<slug>-review.html``, the data workbook ``<slug>-tables.xlsx``."""
    if fmt == "review":
        return f"{report.meta.slug}-review.html"
    if fmt == "xlsx":
        return f"{report.meta.slug}-tables.xlsx"
    return f"{report.meta.slug}-v{report.meta.version}.{fmt}"


def write_one(report: Report, fmt: str, path: Path, report_dir: Path | None, *,
              docx_template: Path | None = None, verification: Verification | None = None,
              progress: Progress = _silent, laid_out: Any = None,
              anchor_pages: Mapping[str, int] | None = None) -> list[str] | None:
    """Write one format at ``path``, importing only that format's writer; for the PDF,
    returns the text of each page (``pages.paginate``). ``laid_out`` is the PDF already
    laid out, ``anchor_pages`` its page of each heading and caption (for the DOCX's
    contents: ``contents_pages``)."""
    log.info("Step 8: write %s", path.name)
    progress(fmt, "")
    texts = None
    if fmt == "docx":
        from cspdoc.writers.docx import write_docx

        write_docx(report, path, template_path=docx_template, report_dir=report_dir,
                   pages=anchor_pages)
    elif fmt == "pdf" and laid_out is not None:
        from cspdoc.writers.pdf import page_texts, write_document

        write_document(laid_out, path)
        texts = page_texts(laid_out)
    elif fmt == "pdf":
        from cspdoc.writers.pdf import write_pdf

        texts = write_pdf(report, path, report_dir,
                          on_page=lambda n: progress("pdf", f"page {n}"))
    elif fmt == "html":
        from cspdoc.writers.html import write_html

        write_html(report, path, report_dir)
    elif fmt == "xlsx":  # the data behind the tables
        from cspdoc.writers.xlsx import write_xlsx

        write_xlsx(report, path)
    elif fmt == "review":
        from cspdoc.transforms.marks import mark_figures
        from cspdoc.writers.review import write_review

        if verification is None:
            raise UsageError("the reviewer's copy (review) needs the verification: "
                             "pass verification=check(...)")
        write_review(mark_figures(report, verification), verification, path, report_dir)
    else:
        raise ValueError(f"unknown output format {fmt!r}")
    progress(fmt, "done")
    return texts


def contents_pages(report: Report, formats: Sequence[str], report_dir: Path | None,
                   docx_template: Path | None, progress: Progress = _silent
                   ) -> tuple[Any, dict[str, int] | None]:
    """The PDF laid out ahead of the rest, and its page of each anchor, when the DOCX's
    contents can print them: the report asks for a contents list or list of figures, and
    the DOCX and the PDF are both written, in cspdoc's template (laid out page for page
    alike). Else (None, None): the DOCX leaves its page numbers to Word."""
    if not ({"docx", "pdf"} <= set(formats) and docx_template is None
            and (report.meta.table_of_contents or report.meta.list_of_figures)):
        return None, None
    from cspdoc.writers.pdf import page_numbers, render_document

    progress("pdf", "")
    laid_out = render_document(report, report_dir,
                               on_page=lambda n: progress("pdf", f"page {n}"))
    return laid_out, page_numbers(laid_out)


def write_outputs(report: Report, folder: Path, report_dir: Path | None,
                  formats: str | Sequence[str] = DEFAULT_FORMATS, *,
                  docx_template: Path | None = None,
                  verification: Verification | None = None,
                  pages: list[str] | None = None,
                  reuse: dict[str, Path] | None = None, parallel: bool = True,
                  progress: Progress = _silent) -> dict[str, Path]:
    """Write each format into ``folder`` (which must exist); ``docx_template`` is a
    council's own Word template (default: cspdoc's ``templates/committee.docx``); the
    reviewer's copy ("review") marks the figures with ``verification``'s findings;
    ``pages``, when given, receives the text of each PDF page (``pages.paginate``) when
    the PDF is written. ``report`` must be prepared (``prepare(...).report``): a
    UsageError otherwise.

    ``reuse`` maps a format to a file with exactly the bytes it would get (copied, not
    written). With ``parallel``, every format but the PDF is written in a forked process
    of its own while this one writes the PDF; the bytes are the same either way."""
    if not isinstance(report, Report) or not is_prepared(report):
        raise UsageError("write_outputs() needs a prepared Report (prepare(...).report): "
                         "this one has figures without their numbers or text")
    formats = arguments.output_formats(formats)
    outputs = {fmt: folder / output_name(report, fmt) for fmt in formats}
    todo = []
    for fmt, path in outputs.items():
        if reuse and fmt in reuse:
            log.info("Step 8: %s unchanged since the last build: reused", path.name)
            shutil.copyfile(reuse[fmt], path)
            progress(fmt, "reused")
        else:
            todo.append(fmt)

    laid_out, anchor_pages = contents_pages(report, todo, report_dir, docx_template,
                                            progress)

    def job(fmt: str) -> Callable[[], None]:
        def run() -> None:
            texts = write_one(report, fmt, outputs[fmt], report_dir,
                              docx_template=docx_template, verification=verification,
                              progress=progress, laid_out=laid_out,
                              anchor_pages=anchor_pages)
            if texts is not None and pages is not None:
                pages[:] = texts  # the PDF's job runs in this process (last)

        return run

    # The PDF, the longest, is written here; the rest alongside it when they can be.
    todo.sort(key=lambda fmt: fmt == "pdf")
    workers.run_alongside([job(fmt) for fmt in todo], parallel=parallel)
    return outputs


def as_draft(report: Report) -> Report:
    """Step 7: what a build writes is a draft, whatever status the paper will be
    published with: its cover and running header say DRAFT."""
    if report.meta.status is Status.DRAFT:
        return report
    return report.rebuilt(meta=report.meta.rebuilt(status=Status.DRAFT))


def refuse_draft(prepared: Prepared) -> None:
    """A paper whose status is draft is not published: the officer sets it to final."""
    meta = prepared.report.meta
    if meta.status is not Status.DRAFT:
        return
    where = Where(field="meta.status")
    if prepared.folder is not None:
        definition = prepared.folder / "report.yaml"
        where = Where(file=str(definition), line=_status_line(definition),
                      field="meta.status")
    raise InputError("the paper's status is draft, and a draft is not published: set "
                     "status: final in meta when it is ready", where)


def _status_line(definition: Path) -> int | None:
    """The line of ``meta.status`` in ``definition`` (else of ``meta``), if it has one."""
    from cspdoc.readers.yamlsrc import load_yaml

    meta = load_yaml(definition, str(definition)).get("meta")
    if meta is None:
        return None
    status = meta.get("status")
    return (status or meta).line


def with_corrections(report: Report, out: Path) -> Report:
    """Step 7: when ``out`` holds an earlier published version, the notice of what this
    version corrects (a draft shows it too, so officers see what they will publish)."""
    earlier = previous_version(out / report.meta.slug, report.meta.version)
    if earlier is None:
        return report
    log.info("Step 7: corrections since %s", earlier)
    return attach_notice(report, snapshot.load(earlier))


def _writer(report: Report, prepared: Prepared, formats: Sequence[str],
            report_dir: str | Path | None, docx_template: str | Path | None,
            verification: Verification | None = None, *,
            reuse: dict[str, Path] | None = None, parallel: bool = True,
            progress: Progress = _silent) -> Callable[..., dict[str, str]]:
    """Step 8 for one report: a function writing every format into a folder, returning
    the file names by format (images are read from ``report_dir`` or the report folder);
    given a list, it fills it with the text of each PDF page."""
    images = Path(report_dir) if report_dir is not None else prepared.folder
    template = Path(docx_template) if docx_template is not None else None

    def write(folder: Path, pages: list[str] | None = None) -> dict[str, str]:
        written = write_outputs(report, folder, images, formats, docx_template=template,
                                verification=verification, pages=pages, reuse=reuse,
                                parallel=parallel, progress=progress)
        return {fmt: path.name for fmt, path in written.items()}

    return write


def _inputs(prepared: Prepared, out: Path, slug: str, docx_template: str | Path | None
            ) -> list[tuple[str, Path]]:
    """Every file a build of ``prepared`` is made from, by name: the files read, those
    looked for and not found, the earlier published version's model, the Word template."""
    files = [(str(p.resolve()), p) for p in (*prepared.sources, *prepared.absent)]
    earlier = previous_version(out / slug, prepared.report.meta.version)
    if earlier is not None:
        files.append(("earlier " + snapshot.SNAPSHOT, earlier / snapshot.SNAPSHOT))
    if docx_template is not None:
        files.append(("docx template", Path(docx_template)))
    return files


def _keys(prepared: Prepared, files: list[tuple[str, Path]], formats: Sequence[str],
          report_dir: str | Path | None) -> dict[str, str]:
    """Each format's cache key (``buildcache``); none for a report built in Python."""
    if prepared.folder is None:
        return {}
    images = str(Path(report_dir).resolve()) if report_dir is not None else None
    return {fmt: buildcache.input_key(
        [f for f in files if fmt == "docx" or f[0] != "docx template"],
        {"format": fmt, "report_dir": images}) for fmt in formats}


def _build_settings(slug_dir: Path, formats: Sequence[str], report_dir: str | Path | None,
                    docx_template: str | Path | None) -> dict[str, Any]:
    """What a whole build's key holds besides its files: the formats asked for, where
    images are read, the Word template, and the versions published so far."""
    return {"formats": list(formats),
            "report_dir": str(Path(report_dir).resolve()) if report_dir else None,
            "docx_template": str(Path(docx_template).resolve()) if docx_template else None,
            "published": [p.name for _, p in published_versions(slug_dir)]}


def _unchanged(source: str | Path | Report | Prepared, out: Path, formats: Sequence[str],
               report_dir: str | Path | None, docx_template: str | Path | None,
               tell: Progress) -> BuildResult | None:
    """The last build of report folder ``source`` into ``out``, when nothing it was
    made from has changed and its draft folder is as it left it (``buildcache``)."""
    if not isinstance(source, str | Path) or not Path(source).is_dir():
        return None
    folder = Path(source).resolve()
    found = buildcache.recorded_build(out, folder)
    if found is None:
        return None
    slug_dir, record = found
    try:
        inputs = [(str(name), Path(path)) for name, path in record["inputs"]]
        settings = _build_settings(slug_dir, formats, report_dir, docx_template)
        if record["key"] != buildcache.build_key(inputs, settings):
            return None
        target = slug_dir / "draft"
        if buildcache.folder_digests(target) != record["draft"]:
            return None
        verification = Verification.model_validate(record["verification"])
        outputs = {str(fmt): target / str(name) for fmt, name in record["outputs"].items()}
        kept = [Kept(str(k["format"]), target / str(k["name"]), bool(k["current"]))
                for k in record["kept"]]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # a record from another cspdoc, or edited: build afresh
    log.info("Nothing %s is made from has changed since the last build: reused %s",
             source, target)
    for step in ("read", "verify"):
        tell(step, "")
    for fmt in outputs:
        tell(fmt, "reused")

    def report() -> Report:
        return as_draft(with_corrections(prepare(folder, "build").publishable, out))

    return BuildResult(target, outputs, verification, report, kept)


def build(source: str | Path | Report | Prepared, out: str | Path, *,
          formats: str | Sequence[str] = DEFAULT_FORMATS,
          report_dir: str | Path | None = None,
          docx_template: str | Path | None = None,
          parallel: bool = True, progress: Progress | None = None) -> BuildResult:
    """Build the draft paper: ``out/<slug>/draft/<slug>-v<version>.docx`` and ``.pdf``.

    A document whose inputs are byte for byte those of the draft already there is
    copied from it (``buildcache``; a reused PDF brings its pages' text, which places the
    findings on their pages). ``parallel`` writes the DOCX in a process of its own;
    ``progress`` hears each step: ("read", ""), ("verify", ""), ("docx", ""),
    ("pdf", "page N"), (format, "done") or (format, "reused"). ``formats`` is a format
    name or a list of them; misuse is a UsageError."""
    out = arguments.folder_path(out, "build()'s output folder (out)")
    formats = arguments.output_formats(formats)
    report_dir = arguments.optional_path(report_dir, "report_dir")
    docx_template = arguments.optional_path(docx_template, "docx_template")
    tell = progress or _silent
    done = _unchanged(source, Path(out), formats, report_dir, docx_template, tell)
    if done is not None:
        return done
    tell("read", "")
    prepared = prepare(source, "build")
    tell("verify", "")
    verification = verify(prepared)
    report = as_draft(with_corrections(prepared.publishable, Path(out)))
    slug_dir = Path(out) / report.meta.slug
    target = slug_dir / "draft"
    inputs = _inputs(prepared, Path(out), report.meta.slug, docx_template)
    keys = _keys(prepared, inputs, formats, report_dir)
    stamp = buildcache.read_stamp(slug_dir)
    reuse = {fmt: path for fmt, key in keys.items()
             if (path := buildcache.reusable(stamp, fmt, key, target)) is not None}
    pages: list[str] = []
    kept: list[Kept] = []
    if "pdf" in reuse:
        pages[:] = stamp["pdf"]["pages"]
    write = _writer(report, prepared, formats, report_dir, docx_template, verification,
                    reuse=reuse, parallel=parallel, progress=tell)
    names: dict[str, str] = {}

    def fill(tmp: Path) -> None:
        names.update(write(tmp, pages))
        done = paginate(verification, pages, report) if pages else verification
        (tmp / VERIFICATION).write_text(done.dumps(), encoding="utf-8")
        kept.extend(keep_and_record(tmp, target, report, names))

    replace_folder(target, fill)
    if pages:
        verification = paginate(verification, pages, report)
    result = BuildResult(target, {fmt: target / name for fmt, name in names.items()},
                         verification, report,
                         [Kept(k.format, target / k.path.name, k.current) for k in kept])
    if keys and prepared.folder is not None:
        digests = buildcache.folder_digests(target)  # every draft file, hashed once
        entries: dict[str, dict[str, Any]] = {fmt: {
            "key": keys[fmt], "name": name, "sha256": digests[name]}
            for fmt, name in names.items()}
        if "pdf" in entries:
            entries["pdf"]["pages"] = pages
        entries[buildcache.BUILD] = _build_record(
            result, prepared.folder, inputs, names, digests,
            _build_settings(slug_dir, formats, report_dir, docx_template))
        buildcache.write_stamp(slug_dir, entries)
    return result


def _build_record(result: BuildResult, folder: Path, inputs: list[tuple[str, Path]],
                  names: dict[str, str], digests: dict[str, str], settings: dict[str, Any]
                  ) -> dict[str, Any]:
    """What a rebuild with nothing changed needs to skip every step (``_unchanged``):
    ``digests`` are the sha256 of every file in the draft folder."""
    verification = result.verification
    return {
        "folder": str(folder.resolve()),
        "key": buildcache.build_key(inputs, settings),
        "inputs": [[name, str(path)] for name, path in inputs],
        "draft": digests,
        "outputs": names,
        "kept": [{"format": k.format, "name": k.path.name, "current": k.current}
                 for k in result.kept],
        # Everything but the figures of the text (the reviewer's copy and --suggest
        # read them through check()).
        "verification": {**verification.model_dump(mode="json"),
                         "captions": verification.captions},
    }


def publish(source: str | Path | Report | Prepared, out: str | Path, *,
            allow_errors: str | None = None,
            formats: str | Sequence[str] = DEFAULT_FORMATS, report_dir: str | Path | None = None,
            docx_template: str | Path | None = None) -> PublishResult:
    """Publish ``out/<slug>/v<version>/`` once: refused (PublishRefused) while verification
    finds errors unless ``allow_errors`` gives the reason; a no-op when the same bytes are
    already published; an OutputError when that version holds anything else."""
    out = arguments.folder_path(out, "publish()'s output folder (out)")
    allow_errors = arguments.optional_text(allow_errors, "allow_errors (the reason)")
    formats = arguments.output_formats(formats)
    report_dir = arguments.optional_path(report_dir, "report_dir")
    docx_template = arguments.optional_path(docx_template, "docx_template")
    prepared = prepare(source, "publish")
    refuse_draft(prepared)
    verification = verify(prepared)
    if verification.errors and not allow_errors:
        raise PublishRefused(verification)
    if allow_errors:
        verification = Verification(**{**dict(verification), "allowed_errors": allow_errors})
    out = Path(out)
    report = with_corrections(prepared.publishable, out)
    template = Path(docx_template) if docx_template is not None else None
    root = prepared.folder.resolve() if prepared.folder is not None else None
    inputs = [(os.path.relpath(p, root) if root else str(p), p) for p in prepared.sources]
    settings: dict[str, Any] = {
        "formats": list(formats),
        "docx_template": ({"path": template.name, "sha256": sha256(template)}
                          if template is not None else None),
        "allow_errors": allow_errors,
    }

    target = version_folder(out / report.meta.slug, report.meta.version)
    write = _writer(report, prepared, formats, report_dir, docx_template, verification)
    paged: list[Verification] = []

    def finish(v: Verification, pages: list[str]) -> Verification:
        paged.append(paginate(v, pages, report))
        return paged[-1]

    written, names = write_publication(target, report, verification, write, inputs,
                                       settings, finish)
    log.info("published %s" if written else "%s already published: unchanged", target)
    return PublishResult(target, {fmt: target / name for fmt, name in names.items()},
                         paged[-1] if paged else verification, report, unchanged=not written)


def load_version(source: str | Path) -> Report:
    """A version to compare: a published version folder (its model.json) or a report
    folder (read and prepared)."""
    folder = arguments.folder_path(source, "a version to compare")
    if (folder / snapshot.SNAPSHOT).is_file():
        return snapshot.load(folder)
    return prepare(folder).publishable


def compare(old: str | Path, new: str | Path) -> list[Change]:
    """What changed from ``old`` to ``new`` (published versions or report folders), each
    change with its reason from ``new``'s correction history (when it has an entry for
    its version)."""
    after = load_version(new)
    return reasons(diff(load_version(old), after), current_entry(after))
