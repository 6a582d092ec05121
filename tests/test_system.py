"""The system libraries WeasyPrint (and CairoSVG) load are installed, and
scripts/system-deps installs them.

A missing one fails here with the library and the Debian package named, instead of as
dozens of PDF tests failing on WeasyPrint's import-time warning.
"""

from __future__ import annotations

import ctypes
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

# What WeasyPrint 70 opens with dlopen (weasyprint/text/ffi.py), and the Debian 12 package
# that ships each. HarfBuzz-Subset is optional to WeasyPrint, not to us: without it the
# PDF embeds whole fonts and differs from build to build.
LIBRARIES = {
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libpango-1.0.so.0": "libpango-1.0-0",
    "libpangoft2-1.0.so.0": "libpangoft2-1.0-0",
    "libharfbuzz.so.0": "libharfbuzz0b",
    "libharfbuzz-subset.so.0": "libharfbuzz-subset0",
    "libfontconfig.so.1": "libfontconfig1",
    "libcairo.so.2": "libcairo2",  # not WeasyPrint's: CairoSVG's, for SVG figures in Word
}
# Pulled in by the packages scripts/system-deps names (libpango-1.0-0 depends on it).
INSTALLED_AS_DEPENDENCY = {"libglib2.0-0"}


def _system_deps_packages() -> set[str]:
    script = (ROOT / "scripts" / "system-deps").read_text(encoding="utf-8")
    names: set[str] = set()
    for group in re.findall(r"want\+?=\(([^)]*)\)", script):
        names.update(group.split())
    return names


@pytest.mark.parametrize(("soname", "package"), sorted(LIBRARIES.items()))
def it_has_every_library_weasyprint_loads(soname: str, package: str):
    try:
        ctypes.CDLL(soname)
    except OSError:
        pytest.fail(f"{soname} is not installed: WeasyPrint needs it. Install the Debian "
                    f"package {package} (scripts/system-deps does this).", pytrace=False)


@pytest.mark.parametrize("package", sorted(set(LIBRARIES.values()) - INSTALLED_AS_DEPENDENCY))
def it_installs_each_of_those_libraries_in_scripts_system_deps(package: str):
    assert package in _system_deps_packages(), \
        f"scripts/system-deps does not install {package}"


def it_imports_weasyprint_without_a_warning():
    done = subprocess.run([sys.executable, "-W", "error", "-c", "import weasyprint"],
                          capture_output=True, text=True, check=False)
    last = done.stderr.strip().splitlines()[-1:] or [""]
    assert done.returncode == 0, f"importing WeasyPrint failed: {last[0]}"
