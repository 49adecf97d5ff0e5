"""Start-up on a store the dashboard has shown before: its first frame needs no store read."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

import tui.app as app_module
from tui.app import WhalewatchApp
from tui.domain import utcnow
from tui.first_screen import FILE_NAME
from tui.launch import open_store
from tui.store import Store
from tui.widgets.incident_feed import IncidentFeed
from tui.widgets.timeline import TimelineView

from .conftest import wait_for


def back_date(root: Path) -> None:
    past = time.time() - 60
    for path in [*root.glob("*.json"), *(root / "incidents").glob("*.json")]:
        if path.name != FILE_NAME:
            os.utime(path, (past, past))


async def first_start(root: Path) -> tuple[list[str], int]:
    """A first start on the store: once the whole history is read, the copy is written.

    Returns the keys of the incidents in the feed and the number of timeline items.
    """
    app = WhalewatchApp(Store.open(root), demo=True, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.snapshot.full_history)
        await wait_for(pilot, lambda: (root / FILE_NAME).exists())
        screen = app.main_screen
        shown = [i.id for i in screen.query_one(IncidentFeed).incidents]
        return shown, len(screen.query_one(TimelineView).items)


def hold_background_reads(monkeypatch) -> threading.Event:
    """Every read by the app's workers waits for the returned event: what shows before comes
    from the first frame alone."""
    release = threading.Event()
    real_read = app_module.read_snapshot

    def held_read(*args, **kwargs):
        release.wait(30)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(app_module, "read_snapshot", held_read)
    return release


@pytest.mark.asyncio
async def test_the_dashboard_keeps_a_copy_and_the_next_start_shows_it_at_once(
    demo_store: Store, monkeypatch
) -> None:
    root = demo_store.root
    back_date(root)
    shown, _ = await first_start(root)

    release = hold_background_reads(monkeypatch)
    store, first_screen = open_store(root)
    assert first_screen.documents(store) is not None
    app = WhalewatchApp(store, demo=True, poll=False, first_screen=first_screen)
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


@pytest.mark.asyncio
async def test_after_a_poll_elsewhere_the_first_frame_shows_the_new_incident(
    demo_store: Store, monkeypatch
) -> None:
    """Another program merged an incident: the first frame has it, with the copy's events."""
    root = demo_store.root
    back_date(root)
    _, items_shown = await first_start(root)

    newest = max(Store.open(root).incidents(), key=lambda i: i.started_at)
    polled = replace(newest, external_id="cron", title="Seen by a cron poll", started_at=utcnow())
    Store.open(root).merge_incidents([polled])

    release = hold_background_reads(monkeypatch)
    store, first_screen = open_store(root)
    assert first_screen.documents(store) is None and "events" in first_screen.reusable(store)
    app = WhalewatchApp(store, demo=True, poll=False, first_screen=first_screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        feed = app.main_screen.query_one(IncidentFeed)
        assert "Seen by a cron poll" in [i.title for i in feed.incidents]
        assert len(app.main_screen.query_one(TimelineView).items) == items_shown + 1
        release.set()
        await wait_for(pilot, lambda: app.snapshot.full_history)
