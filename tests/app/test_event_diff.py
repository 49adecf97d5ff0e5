"""A detected page change on the dashboard: its glyph, the `detected` filter, the diff screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.app.conftest import settle, wait_for
from tui.app import WhalewatchApp
from tui.chronicle import DETECTED_GLYPH, TimelineFilter, apply_filter, build_items
from tui.domain import Event, Platform
from tui.pagewatch.diff import diff_texts
from tui.screens.detail import DetailScreen, event_screen
from tui.store import Store
from tui.widgets.timeline import TimelineView

OLD = "\n".join(
    ["Terms of Service", "You may use the service if you follow these terms."]
    + [f"Section {n}: unchanged text of the terms." for n in range(1, 40)]
    + ["We may suspend accounts that break the rules.", "Contact us at legal@x.com."]
)
NEW = (
    OLD.replace("suspend accounts", "suspend or ban accounts")
    .replace("Section 3: unchanged", "Section 3: rewritten")
    .replace("Contact us", "We may train models on your posts.\nContact us")
    # Remote text that tries to reach the terminal: markup and an escape sequence.
    .replace("Section 20: unchanged text", "Section 20: [bold red]markup[/] \x1b[2J text")
)


def detected_event() -> Event:
    diff = diff_texts(OLD, NEW)
    return Event(
        id=0,
        day=date(2026, 12, 1),
        time="09:10",
        title="X Terms of Service changed: 1 paragraph added, 3 changed",
        category="policy",
        platform="X/Twitter",
        url="https://x.com/tos",
        description="Detected by whalewatch watching https://x.com/tos (s1).",
        is_change=True,
        detected=True,
        source_id="s1",
        diff=diff.to_dict(),
        version=2,
    )


@pytest.fixture
def diff_store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "store")
    store.save_platform(Platform("X/Twitter"))
    store.add_event(Event(id=0, day=date(2026, 11, 2), title="A typed event", category="policy"))
    event = store.add_event(detected_event())
    store.add_note("Noticed the ban clause. #policy", "event", str(event.id))
    return store


def test_the_detected_filter_keeps_only_detected_events() -> None:
    items = build_items([detected_event(), Event(id=2, day=date(2026, 1, 1), title="typed")], [])
    kept = apply_filter(items, TimelineFilter(detected_only=True))
    assert [item.title for item in kept] == [detected_event().title]
    assert kept[0].glyph == DETECTED_GLYPH
    assert TimelineFilter(detected_only=True).describe() == "detected only"


async def open_detected(pilot) -> DetailScreen:
    app = pilot.app
    await settle(pilot)
    await wait_for(pilot, lambda: any(e.detected for e in app.snapshot.events))
    ref = next(str(e.id) for e in app.snapshot.events if e.detected)
    screen = event_screen(app.snapshot, ref)
    assert screen is not None
    await app.push_screen(screen)
    await pilot.pause()
    return screen


async def test_the_detail_screen_shows_the_diff_with_signs_colours_and_scrolls(
    diff_store,
) -> None:
    app = WhalewatchApp(diff_store, poll=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        timeline = app.screen.query_one(TimelineView)
        detected = [item for item in timeline.items if item.detected]
        assert len(detected) == 1 and timeline.select_ref("event", detected[0].ref)
        await pilot.pause()
        row = timeline._rows.item_rows[timeline.cursor] - timeline.scroll_offset.y
        assert DETECTED_GLYPH in timeline.render_line(row).text

        screen = await open_detected(pilot)
        (diff,) = screen.query(".diff")
        content = diff.visual
        text = str(content)
        assert "- We may suspend accounts that break the rules." in text
        assert "+ We may suspend or ban accounts that break the rules." in text
        assert "+ We may train models on your posts." in text
        assert "\x1b" not in text and "[bold red]markup[/]" in text
        styles = {str(span.style) for span in content.spans}
        assert any("red" in style for style in styles)
        assert any("green" in style for style in styles)
        assert any("underline" in style for style in styles)  # changed words, without colour
        page = " ".join(str(part.visual) for part in screen.query(".detail-meta"))
        assert "detected by whalewatch" in page and "version 2" in page
        notes = " ".join(str(part.visual) for part in screen.query(".update"))
        assert "Noticed the ban clause." in notes

        body = screen.query_one("#detail-body")
        assert body.max_scroll_y > 0
        await pilot.press("j", "j", "j")
        assert body.scroll_y == 3


def test_detected_change_detail_snapshot(snap_compare, diff_store) -> None:
    app = WhalewatchApp(diff_store, poll=False)

    async def open_it(pilot) -> None:
        screen = await open_detected(pilot)
        screen.query_one("#detail-body").scroll_to(y=8, animate=False)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=open_it)
