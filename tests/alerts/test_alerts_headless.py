"""The alerts package is headless: the poller and the CLI use it without Textual."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_alerts_package_and_cli_does_not_load_textual():
    code = (
        "import sys, tui.alerts, tui.alerts.terminal, tui.cli.notify; "
        "sys.exit('textual' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    assert subprocess.run([sys.executable, "-c", code], env=env, check=False).returncode == 0
