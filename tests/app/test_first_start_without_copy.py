"""A start without a first-screen copy reads the recent data before the first frame (issue 18).

Read in the loader thread instead, the first frame showed the store as empty (the first-run
hint) and was laid out and painted a second time when the read arrived, while the thread
competed with the UI for the interpreter.
"""

from __future__ import annotations

import threading

import pytest

import tui.app as app_module
from tui.app import WhalewatchApp
from tui.first_screen import FILE_NAME
from tui.store import Store, StoreError
from tui.widgets.incident_feed import IncidentFeed
from tui.widgets.timeline import TimelineView

from .conftest import wait_for


def recorded_reads(monkeypatch, first_error: Exception | None = None) -> list[tuple[bool, bool]]:
    """Each store read of the app as ``(full_history, on the main thread)``; the first one
    raises ``first_error`` when given."""
    calls: list[tuple[bool, bool]] = []
    real_read = app_module.read_snapshot

    def read(store, full_history=False, *args, **kwargs):
        calls.append((full_history, threading.current_thread() is threading.main_thread()))
        if first_error is not None and len(calls) == 1:
            raise first_error
        return real_read(store, full_history, *args, **kwargs)

    monkeypatch.setattr(app_module, "read_snapshot", read)
    return calls


@pytest.mark.asyncio
async def test_the_first_frame_of_a_first_start_shows_the_store(
    demo_store: Store, monkeypatch
) -> None:
    assert not (demo_store.root / FILE_NAME).exists()
    calls = recorded_reads(monkeypatch)
    app = WhalewatchApp(Store.open(demo_store.root), demo=True, poll=False)
    assert calls == [(False, True)]  # read before the app runs, on its own thread
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        assert screen.query_one("#first-run").has_class("hidden")
        assert screen.query_one(IncidentFeed).option_count > 0
        assert len(screen.query_one(TimelineView).items) > 0
        await wait_for(pilot, lambda: app.snapshot.full_history)
    # The loader thread went straight to the whole history: the recent data was read once.
    assert calls == [(False, True), (True, False)]


@pytest.mark.asyncio
@pytest.mark.parametrize("error", [StoreError("cannot read the store now"), KeyError("day")])
async def test_when_that_read_fails_the_loader_reads_the_store_again(
    demo_store: Store, monkeypatch, error: Exception
) -> None:
    """A store error, or any other: the app starts, and its loader thread reads again."""
    calls = recorded_reads(monkeypatch, first_error=error)
    app = WhalewatchApp(Store.open(demo_store.root), demo=True, poll=False)
    assert app.snapshot.is_empty
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.snapshot.full_history)
        assert app.main_screen.query_one(IncidentFeed).option_count > 0
    assert calls[:2] == [(False, True), (False, False)]
