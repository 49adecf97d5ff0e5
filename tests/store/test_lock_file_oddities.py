"""Lock files that are not what they should be: a FIFO, or none on a read-only store.

``doctor`` used to hang forever on a FIFO in place of ``store.lock`` or ``poller.lock`` (it
opened the file for reading to probe the lock, and opening a FIFO blocks until a writer
comes). ``poll --once`` on a read-only store without a ``poller.lock`` said "No such file or
directory": the read-only retry's error hid the real one, the read-only file system.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.domain import Source
from tui.store import Store

ROOT = Path(__file__).resolve().parents[2]


def _whalewatch(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(root), *args],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.parametrize("name", ["store.lock", "poller.lock"])
def test_doctor_names_a_fifo_lock_without_hanging(tmp_path: Path, name: str) -> None:
    root = tmp_path / "store"
    Store.open(root).add_note("kept")
    (root / name).unlink(missing_ok=True)
    os.mkfifo(root / name)
    result = _whalewatch(root, "doctor")  # a hang raises TimeoutExpired
    assert result.returncode == 1
    assert f"{name}: it is not a regular file" in result.stdout


@pytest.fixture
def read_only_store(tmp_path: Path) -> Iterator[Path]:
    """A store with a source and no poller.lock, seen through a read-only bind mount."""
    root = tmp_path / "store"
    Store.open(root).save_source(Source(id="s", url="http://127.0.0.1:9/", kind="probe"))
    (root / "poller.lock").unlink(missing_ok=True)
    view = tmp_path / "view"
    view.mkdir()
    mounted = subprocess.run(["mount", "--bind", str(root), str(view)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("a read-only bind mount needs root (mount --bind)")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True)
        yield view
    finally:
        subprocess.run(["umount", str(view)], check=True)


def test_poll_once_on_a_read_only_store_says_read_only(read_only_store: Path) -> None:
    result = _whalewatch(read_only_store, "poll", "--once")
    assert result.returncode != 0
    assert "Read-only file system" in result.stderr, result.stderr
    assert "No such file" not in result.stderr


@pytest.mark.parametrize("name", ["store.lock", "poller.lock"])
def test_doctor_does_not_also_call_an_odd_lock_ok(tmp_path: Path, name: str) -> None:
    root = tmp_path / "store"
    Store.open(root).add_note("kept")
    (root / name).unlink(missing_ok=True)
    (root / name).mkdir()
    findings = json.loads(_whalewatch(root, "doctor", "--json").stdout)["findings"]
    about = [f["level"] for f in findings if f["file"] == name]
    assert about == ["error"], about
