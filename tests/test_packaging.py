"""An installed cspdoc carries its house templates (council scripts run from a virtual
environment, not from this source tree)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def it_puts_the_templates_inside_the_wheel(tmp_path: Path):
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                           "--no-build-isolation", "--quiet", "-w", str(tmp_path), str(ROOT)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("cspdoc-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("committee.html", "committee.css", "committee-screen.css",
                 "committee.docx", "new-report/report.yaml", "new-report/tables/crime.csv"):
        assert f"cspdoc/templates/{name}" in names, name
    assert "cspdoc/py.typed" in names
    # The claim finder's language: the YAML people edit and the JSON it loads.
    assert {"cspdoc/transforms/claims/language.yaml",
            "cspdoc/transforms/claims/language.json"} <= names
    assert any(n.endswith("entry_points.txt") for n in names)
