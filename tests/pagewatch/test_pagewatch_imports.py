"""The page-watching core is headless: importing it loads no Textual."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

MODULES = ["extract", "diff", "versions", "detect", "check", "changelog", "presets"]


def test_pagewatch_imports_no_textual() -> None:
    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys\n"
        + "".join(f"import tui.pagewatch.{name}\n" for name in MODULES)
        + "assert not [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
    )
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
