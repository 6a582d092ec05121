"""`cspdoc check` loads none of the writers' libraries (they are the slow imports)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import WINCHESTER

WRITER_LIBRARIES = ("weasyprint", "matplotlib", "docx", "docxtpl", "jinja2", "PIL")


def it_checks_without_importing_weasyprint_matplotlib_or_python_docx():
    code = (
        "import sys, json\n"
        "from cspdoc import cli\n"
        f"code = cli.main(['check', {str(WINCHESTER)!r}, '--json'])\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules})\n"
        "print(json.dumps({'code': code, 'loaded': loaded}), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    result = json.loads(done.stderr.strip().splitlines()[-1])
    assert result["code"] == 1  # the published paper's errors: the check did run
    assert json.loads(done.stdout)["summary"]["errors"] == 10
    assert [m for m in WRITER_LIBRARIES if m in result["loaded"]] == []
