"""Fixtures for driving the dashboard with Pilot on a demo store in a temporary directory."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.app import WhalewatchApp
from tui.demo.dataset import load_demo
from tui.store import Store

DEMO_NOW = datetime(2023, 7, 31, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store, built once per worker; each test gets a copy (a copy is 40x quicker)."""
    path = tmp_path_factory.mktemp("demo") / "store"
    load_demo(Store.open(path), now=DEMO_NOW)
    return path


@pytest.fixture
def demo_store(tmp_path: Path, demo_template: Path) -> Store:
    """A private demo store: the test may write to it."""
    shutil.copytree(demo_template, tmp_path / "store")
    return Store.open(tmp_path / "store")


@pytest.fixture
def demo_app(demo_store: Store) -> WhalewatchApp:
    """The dashboard on the demo data, without polling (deterministic screens)."""
    return WhalewatchApp(demo_store, demo=True, poll=False)


async def wait_for(pilot, condition: Callable[[], bool], tries: int = 1500) -> None:
    """Let workers and callbacks run until ``condition`` holds (a bounded wait, not a timing).

    On failure it says what the app was doing, which is what one needs to debug it.
    """
    for _ in range(tries):
        await pilot.pause(0.02)
        if condition():
            return
    app = pilot.app
    workers = [(w.name, w.state.name, repr(w.error)) for w in app.workers]
    notes = [n.message for n in app._notifications]
    raise AssertionError(
        f"condition never became true; screen={app.screen!r} workers={workers} "
        f"notifications={notes} full_history={app.snapshot.full_history}"
    )


async def settle(pilot) -> None:
    """Wait until the store has been read and the screen redrawn."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
