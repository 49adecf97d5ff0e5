"""A reload of the store keeps the timeline's cursor on the same item, found by identity."""

from __future__ import annotations

import pytest

from tests.app.timeline_harness import TimelineApp
from tui.chronicle import build_items, group_rows
from tui.demo.synthetic import synthetic_events, synthetic_incidents
from tui.widgets.timeline import TimelineView


def history(count: int):
    events = [e.with_id(n + 1) for n, e in enumerate(synthetic_events(count // 10))]
    return build_items(events, list(synthetic_incidents(count)))


@pytest.mark.asyncio
async def test_cursor_stays_on_the_item_after_a_reload_with_new_objects() -> None:
    app = TimelineApp()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(TimelineView)
        items = history(2000)
        view.set_items(items)
        view.focus()
        for _ in range(137):
            await pilot.press("j")
        chosen = view.selected
        assert chosen is not None
        # The next read builds new objects; the chosen incident has changed status meanwhile.
        reloaded = [
            i._replace(status="resolved", is_open=False) if i.ref == chosen.ref else i._replace()
            for i in items
        ]
        view.set_items(reloaded, group_rows(reloaded, newest_first=True))
        await pilot.pause()
        assert view.selected is not None
        assert (view.selected.kind, view.selected.ref) == (chosen.kind, chosen.ref)
        assert view.selected.status == "resolved"


@pytest.mark.asyncio
async def test_rows_grouped_elsewhere_are_the_rows_it_would_group() -> None:
    """The reader thread's grouping (handed to set_items) is the one the view would make."""
    items = history(500)
    async with TimelineApp().run_test(size=(100, 30)) as pilot:
        view = pilot.app.query_one(TimelineView)
        view.set_items(items, group_rows(items, newest_first=True))
        handed = [(r.kind, r.label, r.item) for r in view._rows]
        view.set_items(items)
        assert [(r.kind, r.label, r.item) for r in view._rows] == handed
        assert handed[0][0] == "month" and handed[-1][2] is items[0]
