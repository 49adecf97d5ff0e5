"""A search typed into the timeline costs one regrouping per keystroke, and nothing more.

Two costs it used to pay on each keystroke, over 110,000 items: the timeline's scrollable
height changed with the matches, and Textual laid the whole screen out for it (10-30 ms);
and the search texts, unpacked when ``/`` opened the field, were dropped again when the
field opened empty, so the first letter unpacked them a second time (~40 ms).
"""

from __future__ import annotations

import tui.screens.main as main_screen
import tui.widgets.timeline as timeline_module
from tests.app.conftest import settle, wait_for
from tests.app.timeline_harness import TimelineApp
from tui.chronicle import TimelineFilter, build_items
from tui.demo.synthetic import synthetic_incidents
from tui.widgets.timeline import TimelineView

ITEMS = build_items([], list(synthetic_incidents(400)))


def scrollbar_agrees(view: TimelineView) -> None:
    """What a layout would have set: the thumb's range and the scroll limit follow the rows."""
    height = len(view._rows)
    assert view.virtual_size.height == height
    assert view.show_vertical_scrollbar == (height > view.container_size.height)
    if view.show_vertical_scrollbar:
        assert view.vertical_scrollbar.window_virtual_size == height
    assert view.max_scroll_y == max(0, height - view.scrollable_content_region.height)


async def test_narrowing_a_search_lays_nothing_out_and_keeps_the_scrollbar_true() -> None:
    app = TimelineApp(ITEMS)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        view = app.query_one(TimelineView)
        layouts: list[object] = []
        app.screen.screen_layout_refresh_signal.subscribe(view, layouts.append, immediate=True)
        for text in ("o", "ou", "out", "outa", "outag", "outage"):
            view.filter = TimelineFilter(text=text)
            await pilot.pause()
            scrollbar_agrees(view)
        assert layouts == [], f"{len(layouts)} layout passes for 6 letters"
        # The end of the matches can be reached: the scroll limit followed the rows.
        await pilot.press("end")
        await pilot.pause()
        last = view._rows.item_rows[len(view._rows.item_rows) - 1]
        assert view.scroll_offset.y <= last < view.scroll_offset.y + view.size.height
        assert view.selected is not None and "outage" in view.selected.haystack


async def test_a_search_down_to_a_few_matches_hides_the_scrollbar() -> None:
    app = TimelineApp(ITEMS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.query_one(TimelineView)
        view.filter = TimelineFilter(text="outage")
        await pilot.pause()
        assert view.show_vertical_scrollbar
        view.filter = TimelineFilter(text="outage of webhooks")  # 5 items: fits the view
        await pilot.pause()
        scrollbar_agrees(view)
        assert len(view._rows) <= view.container_size.height
        assert not view.show_vertical_scrollbar
        view.filter = TimelineFilter()
        await pilot.pause()
        scrollbar_agrees(view)
        assert view.show_vertical_scrollbar


async def test_the_search_texts_are_unpacked_once_per_search(demo_app, monkeypatch) -> None:
    unpacked: list[int] = []
    unpack = timeline_module.search_columns

    def counting(items):
        unpacked.append(len(items))
        return unpack(items)

    monkeypatch.setattr(timeline_module, "search_columns", counting)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = demo_app.screen.query_one(TimelineView)
        await pilot.press("slash")
        await wait_for(pilot, lambda: demo_app.focused is not view)
        assert len(unpacked) == 1, "the field opening unpacks them"
        await pilot.press("o", "backspace", "o", "u")
        await settle(pilot)
        assert view.filter.text == "ou"
        assert len(unpacked) == 1, "an emptied field keeps them for the next letter"
        await pilot.press("escape")
        await settle(pilot)
        assert not view.filter.active
        await pilot.press("slash", "t")
        await settle(pilot)
        assert len(unpacked) == 2, "let go when the field closed, unpacked by the next search"


async def test_opening_a_search_freezes_what_is_alive(demo_app, monkeypatch) -> None:
    """The collections during a search's keystrokes walk only what the keystrokes make: the
    texts and the screen alive when it opens are frozen (see ``tui/collector.py``)."""
    kept: list[int] = []
    monkeypatch.setattr(main_screen.collector, "keep_search", lambda: kept.append(1))
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = demo_app.screen.query_one(TimelineView)
        await pilot.press("slash")
        await wait_for(pilot, lambda: view._columns is not None)
        assert kept == [1]
        await pilot.press("o", "u", "t")
        await settle(pilot)
        assert kept == [1], "once as the field opens, not per keystroke"
