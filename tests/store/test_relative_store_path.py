"""A store named by a relative path (``--db store``) takes an import like any other.

The all-or-nothing write of an import named its staged files relative to the store's root:
``mkstemp`` hands back an absolute path, the root was relative, and ``relative_to`` raised a
ValueError, so ``whalewatch --db store import FILE`` ended in a traceback on every import
that added anything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _whalewatch(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "--db", "store", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_an_import_into_a_store_given_by_a_relative_path(tmp_path: Path) -> None:
    export = {
        "format": "whalewatch",
        "version": 1,
        "events": [{"id": 1, "day": "2023-01-01", "title": "t", "category": "outage"}],
        "notes": [{"id": 1, "text": "on it", "target_kind": "event", "target_id": "1"}],
    }
    (tmp_path / "export.json").write_text(json.dumps(export))
    result = _whalewatch(tmp_path, "import", "export.json")
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    listed = _whalewatch(tmp_path, "note", "list")
    assert "on it" in listed.stdout
    assert not list((tmp_path / "store").glob(".whalewatch-staged-*"))
