"""Start-up on a store the dashboard has shown before: its first frame needs no store read."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

import tui.app as app_module
from tui.app import WhalewatchApp
from tui.store import Store
from tui.store.first_screen import FILE_NAME
from tui.widgets.incident_feed import IncidentFeed
from tui.widgets.timeline import TimelineView

from .conftest import wait_for


def back_date(root: Path) -> None:
    past = time.time() - 60
    for path in [*root.glob("*.json"), *(root / "incidents").glob("*.json")]:
        if path.name != FILE_NAME:
            os.utime(path, (past, past))


@pytest.mark.asyncio
async def test_the_dashboard_keeps_a_copy_and_the_next_start_shows_it_at_once(
    demo_store: Store, monkeypatch
) -> None:
    root = demo_store.root
    back_date(root)
    # First start: no copy yet; once the whole history is read, the copy is written.
    app = WhalewatchApp(Store.open(root), demo=True, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.snapshot.full_history)
        await wait_for(pilot, lambda: (root / FILE_NAME).exists())
        shown = [i.id for i in app.main_screen.query_one(IncidentFeed).incidents]

    # Second start: every read of the store is held back; the first frame still has data.
    release = threading.Event()
    real_read = app_module.read_snapshot

    def held_read(*args, **kwargs):
        release.wait(30)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(app_module, "read_snapshot", held_read)
    store = Store.open(root)
    assert store.first_screen is not None
    app = WhalewatchApp(store, demo=True, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        feed = app.main_screen.query_one(IncidentFeed)
        timeline = app.main_screen.query_one(TimelineView)
        assert [i.id for i in feed.incidents] == shown
        assert feed.option_count == len(shown)
        assert len(timeline.items) > 0
        assert not app.snapshot.full_history
        release.set()
        await wait_for(pilot, lambda: app.snapshot.full_history)
