"""extends: a report folder built on another, holding only what changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspdoc.errors import InputError
from cspdoc.pipeline import prepare
from cspdoc.readers import read_report
from tests.conftest import MINIMAL_YAML, WINCHESTER, MakeReport


def derived(base: Path, yaml: str, files: dict[str, str] | None = None) -> Path:
    folder = base.parent / "derived"
    folder.mkdir(exist_ok=True)
    (folder / "report.yaml").write_text(yaml, encoding="utf-8")
    for rel, text in (files or {}).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def it_merges_meta_and_shadows_only_the_files_it_holds(make_report: MakeReport):
    base = make_report()
    folder = derived(base, "extends: ../report\nmeta:\n  version: '1.1'\n",
                     {"tables/crime.csv": "offence,2023,2024,Variance\nRobbery,19,25,6\n"})
    sources: list[Path] = []
    report = read_report(folder, sources)
    assert (report.meta.version, report.meta.title) == ("1.1", "Test report")
    table = report.figures()[0]
    assert [c.text for c in table.rows[0].cells[1:]] == ["19", "25", "6"]
    assert table.file == "tables/crime.csv"
    note = report.footnotes[0]
    assert note.where.file == "../report/narrative/crime.md"  # inherited, named from here
    assert [str(p.relative_to(base.parent)) for p in sources] == [
        "derived/report.yaml", "report/report.yaml", "derived/tables/crime.csv",
        "report/narrative/crime.md"]


def it_names_errors_in_inherited_files_from_the_derived_folder(make_report: MakeReport):
    base = make_report(files={"narrative/crime.md": "Text[^nope] [@fig:crime].\n"})
    folder = derived(base, "extends: ../report\n")
    with pytest.raises(InputError) as info:
        prepare(folder)
    assert info.value.line() == ("../report/narrative/crime.md:1: footnote [^nope] is "
                                 "referenced but never defined")


def it_refuses_a_circle(make_report: MakeReport):
    base = make_report(MINIMAL_YAML.replace("meta:", "extends: ../derived\nmeta:", 1))
    folder = derived(base, "extends: ../report\n")
    with pytest.raises(InputError, match="extend each other in a circle"):
        read_report(folder)


def it_builds_the_corrected_fixture_from_the_published_one():
    corrected = read_report(WINCHESTER.parent / "winchester-2024-25-corrected")
    published = read_report(WINCHESTER)
    assert corrected.meta.version == "1.1" and published.meta.version == "1.0"
    assert len(corrected.figures()) == len(published.figures()) == 10
    assert len(corrected.footnotes) == 21
