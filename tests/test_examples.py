"""The example scripts run and say what the fixture pages say."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import FIXTURES, ROOT


def test_summarize_fixtures() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "summarize.py"), str(FIXTURES)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert lines[0] == "pages: 29 (failed: 0)"
    assert "  COMPLETED                  12" in lines
    assert "  RECRUITING                 7" in lines
    assert "  WITHDRAWN                  2" in lines
    assert "  PHASE2                     8" in lines
    # 26 enrollments (results pages' target enrollments among them): 13th and 14th are 120
    assert lines[-1] == "median enrollment: 120.0"
