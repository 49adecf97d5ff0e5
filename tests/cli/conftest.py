"""Fixtures of the command-line tests: ``whalewatch`` run in a fresh interpreter.

Tests run with ``--import-mode=importlib``, so the helper is handed out as a fixture.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

import tui

ROOT = Path(tui.__file__).resolve().parent.parent

PROGRAM = """\
import json, sys
from tui.__main__ import main
status = main(sys.argv[1:])
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
sys.exit(status)
"""


class Run(NamedTuple):
    status: int
    out: str
    err: str
    """What the command wrote on stderr."""
    modules: set[str]
    """Every module the interpreter held when the command returned."""


@pytest.fixture
def fresh_whalewatch() -> Callable[..., Run]:
    """Runs ``whalewatch ARGS`` as the console script does, in a new interpreter."""

    def run(*args: str) -> Run:
        done = subprocess.run(
            [sys.executable, "-c", PROGRAM, *args],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=60,
        )
        *said, modules = done.stderr.strip().splitlines()
        return Run(done.returncode, done.stdout, "\n".join(said), set(json.loads(modules)))

    return run
