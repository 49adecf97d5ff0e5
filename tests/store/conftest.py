"""Fixtures shared by the store tests: store directories and child processes using the store.

Tests run with ``--import-mode=importlib``, so helpers are handed out as fixtures rather than
imported from this module.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

import tui

REPO_ROOT = Path(tui.__file__).resolve().parent.parent


class Children:
    """Starts ``python -c SCRIPT ARGS...`` children that import ``tui`` from this checkout."""

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        extra = [str(REPO_ROOT), env.get("PYTHONPATH", "")]
        env["PYTHONPATH"] = os.pathsep.join(part for part in extra if part)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        return env

    def start(self, script: str, *args: object) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(script), *map(str, args)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env(),
        )

    def run(self, script: str, *args: object, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", textwrap.dedent(script), *map(str, args)],
            capture_output=True,
            text=True,
            env=self.env(),
            timeout=timeout,
        )


@pytest.fixture
def children() -> Children:
    return Children()


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    """Where a test's store lives (not created: ``Store.open`` makes it)."""
    return tmp_path / "store"


def _files_of(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def files_of() -> Callable[[Path], dict[str, bytes]]:
    """Every file under a directory with its bytes (to show that nothing changed)."""
    return _files_of
