"""A write that fails after the store is open is one clear line, never a traceback.

The store lives on a real 256 KiB tmpfs that the test fills, as a full disk would be: the
command must say what failed and why in one line on stderr, exit non-zero, and leave what was
stored before intact. Mounting needs root (CI runs as root); elsewhere the test is skipped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, db: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(db), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT,
    )


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount_point)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace')}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def fill(folder: Path) -> None:
    """Use up the disk, as a full one is: every further write fails with ENOSPC."""
    fd = os.open(folder / "ballast", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)


@pytest.mark.parametrize(
    "command",
    [
        ("note", "add", "-"),
        (
            "event",
            "add",
            "--date",
            "2023-03-06",
            "--title",
            "A long outage",
            "--category",
            "outage",
        ),
    ],
)
def test_a_full_disk_is_one_line_and_keeps_what_was_stored(
    small_disk: Path, command: tuple[str, ...]
) -> None:
    db = small_disk / "store"
    first = run("note", "add", "kept before the disk filled up", db=db)
    assert first.returncode == 0, first.stderr
    fill(small_disk)

    result = run(*command, db=db, stdin="x" * 20_000)

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("whalewatch: ")
    assert "No space left on device" in lines[0] or "disk is full" in lines[0], lines[0]
    os.remove(small_disk / "ballast")
    listed = run("note", "list", "--json", db=db)
    assert listed.returncode == 0, listed.stderr
    assert [note["text"] for note in json.loads(listed.stdout)] == [
        "kept before the disk filled up"
    ]
