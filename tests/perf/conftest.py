"""Fixtures for the performance tests: a small synthetic store, and ``bench`` importable."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ lives beside tui/ and is not installed
    sys.path.insert(0, str(ROOT))

from tui.demo.synthetic import build_synthetic_store  # noqa: E402

INCIDENTS, EVENTS, NOTES = 2_000, 200, 20


@pytest.fixture(scope="session")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("perf") / "store"
    build_synthetic_store(path, INCIDENTS, EVENTS, NOTES)
    return path


@pytest.fixture(scope="session")
def settled_marker() -> bytes:
    """Written once the full history is on screen (the filter line counts the items)."""
    return f"{INCIDENTS + EVENTS} items".encode()
