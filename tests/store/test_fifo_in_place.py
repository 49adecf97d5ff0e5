"""A FIFO in place of a store file is refused at once with a clear line, never waited on.

``note list`` and ``doctor`` used to hang forever on a ``notes.json`` that was a named pipe:
opening a FIFO for reading blocks until someone writes to it. Each command runs in a
subprocess with a deadline, so a hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.store import Store

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["notes.json", "events.json", "first-screen.json"])
@pytest.mark.parametrize("command", [("note", "list"), ("doctor",)])
def test_a_fifo_is_refused_without_hanging(
    tmp_path: Path, name: str, command: tuple[str, ...]
) -> None:
    root = tmp_path / "store"
    Store.open(root).add_note("kept")
    (root / name).unlink(missing_ok=True)
    os.mkfifo(root / name)
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(root), *command],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )
    assert "Traceback" not in result.stderr
    if name == "first-screen.json":
        return  # only a cache: ignored, and the command goes on
    assert "not a regular file" in result.stdout + result.stderr
