"""The Stats screen on the demo data: before/after the acquisition, periods, windows, changes."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.app.conftest import wait_for
from tui.analysis import compare_around
from tui.app import WhalewatchApp
from tui.demo.dataset import load_demo
from tui.domain import Event
from tui.screens.stats import StatsScreen
from tui.snapshot import StoreSnapshot
from tui.store import Store

NOW = datetime(2023, 8, 1, 12, 0, tzinfo=UTC)
ACQUISITION = "After “Musk's acquisition of Twitter closes; CEO, CFO and policy chief dismissed”"
SENTENCE = re.compile(
    r"\(2022-10-27\): (\d+) incidents vs (\d+) in the 90 days before \((\d+\.\d)×\); "
    r"downtime \d+h \d\dm vs (\d+h )?\d+m \(\d+\.\d×\); "
    r"MTTR \S+( \S+)? vs \S+( \S+)? \(\d+\.\d×\)\."
)


def demo_app(tmp_path: Path) -> WhalewatchApp:
    store = Store.open(tmp_path)
    load_demo(store, now=NOW)
    store.remove_source("demo-replay")  # its incident depends on the clock
    return WhalewatchApp(store, poll=False)


def text_of(screen: StatsScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def open_stats(app: WhalewatchApp, pilot) -> StatsScreen:
    await wait_for(pilot, lambda: app.snapshot.full_history)
    await app.push_screen(StatsScreen(app.snapshot, now=NOW))
    await pilot.pause()
    assert isinstance(app.screen, StatsScreen)
    return app.screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_before_after_the_acquisition_on_demo_data(tmp_path: Path, size) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_stats(app, pilot)
        compare = text_of(screen, "#stats-compare")
        flat = " ".join(compare.split())
        assert flat.startswith(ACQUISITION)
        match = SENTENCE.search(flat)
        assert match, flat
        # The figures are the analysis's own, for the acquisition and the Twitter incidents.
        acquisition = next(e for e in app.snapshot.events if "acquisition" in e.title.lower())
        expected = compare_around(acquisition.moment, app.snapshot.incidents, 90, NOW)
        assert int(match[1]) == expected.after.count > int(match[2]) == expected.before.count
        assert match[3] == f"{expected.ratio_count:.1f}"
        assert "2022-07-29 → 2022-10-27 → 2023-01-25, 90 days each" in compare
        # The sentence is on screen without scrolling, and the body scrolls for the rest.
        widget = screen.query_one("#stats-compare")
        assert widget.region.y < size[1] - 1
        assert "▲ 2022-10-27 Musk's acquisition" in text_of(screen, "#stats-chart")
        assert "Total" in text_of(screen, "#stats-table")
        if size == (80, 24):
            assert screen.query_one("#stats-body").max_scroll_y > 0
        await pilot.press("escape")
        assert not isinstance(app.screen, StatsScreen)


async def test_keys_change_period_window_and_change(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stats(app, pilot)
        assert "per month" in text_of(screen, "#stats-header")
        assert "2022-11          4" in text_of(screen, "#stats-table")
        await pilot.press("w")
        assert "per week" in text_of(screen, "#stats-header")
        assert "2022-10-31" in text_of(screen, "#stats-table")
        await pilot.press("p")
        assert "per month" in text_of(screen, "#stats-header")
        await pilot.press("minus")
        assert "in the 60 days before" in text_of(screen, "#stats-compare")
        await pilot.press("plus", "plus")
        assert "in the 180 days before" in text_of(screen, "#stats-compare")
        await pilot.press("right_square_bracket")
        assert "After “Mass layoffs" in text_of(screen, "#stats-compare")
        await pilot.press("left_square_bracket", "left_square_bracket")
        # Wraps around to the latest change.
        assert "change 5 of 5" in text_of(screen, "#stats-header")


async def test_says_when_only_recent_incidents_are_loaded(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.snapshot.full_history)
        partial = StoreSnapshot(
            events=app.snapshot.events, incidents=app.snapshot.incidents[:5], full_history=False
        )
        screen = StatsScreen(partial, now=NOW)
        await app.push_screen(screen)
        await pilot.pause()
        assert "Only the most recent incidents are loaded" in text_of(screen, "#stats-header")


async def test_without_a_marked_change_it_says_how_to_mark_one(tmp_path: Path) -> None:
    app = WhalewatchApp(Store.open(tmp_path), poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        events = (Event(id=1, day=NOW.date(), title="[b]not a change[/b]"),)
        screen = StatsScreen(StoreSnapshot(events=events, full_history=True), now=NOW)
        await app.push_screen(screen)
        await pilot.pause()
        assert "No event is marked as a change" in text_of(screen, "#stats-compare")
        assert "(no incidents)" in text_of(screen, "#stats-chart")
        await pilot.press("right_square_bracket")
        assert isinstance(app.screen, StatsScreen)


def test_stats_snapshot_80x24(tmp_path: Path, snap_compare) -> None:
    app = demo_app(tmp_path)

    async def open_it(pilot) -> None:
        await wait_for(pilot, lambda: app.snapshot.full_history)
        await app.push_screen(StatsScreen(app.snapshot, now=NOW))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_it)
