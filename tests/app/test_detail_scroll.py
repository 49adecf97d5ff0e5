"""j/k on an incident's page scroll one line each, however fast they come.

A deferred scroll starts from where the previous deferred one began, so keys pressed before
a refresh were lost: ten j's scrolled one or two lines.
"""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll

from tests.app.conftest import settle, wait_for
from tui.demo.incidents import HISTORY_SOURCE_ID, MARCH_6_EXTERNAL_ID
from tui.screens.detail import DetailScreen


async def type_at_once(pilot, keys: str) -> None:
    """Keys as a fast typist or a held key sends them: all queued before any refresh.

    (``pilot.press`` waits for the app to be idle after each key, which hides lost keys.)
    """
    for key in keys:
        pilot.app.post_message(events.Key(key, key))
    await pilot.pause()
    await pilot.pause()


async def test_ten_quick_js_scroll_ten_lines_and_ten_ks_come_back(demo_app) -> None:
    async with demo_app.run_test(size=(60, 14)) as pilot:
        await settle(pilot)
        demo_app.main_screen.open_incident(f"{HISTORY_SOURCE_ID}:{MARCH_6_EXTERNAL_ID}")
        await wait_for(pilot, lambda: isinstance(demo_app.screen, DetailScreen))
        body = demo_app.screen.query_one("#detail-body", VerticalScroll)
        await wait_for(pilot, lambda: body.max_scroll_y > 0)
        expected = min(10, body.max_scroll_y)
        assert expected >= 5, "the page should be long enough to show lost keys"

        await type_at_once(pilot, "j" * 10)
        assert body.scroll_y == expected

        await type_at_once(pilot, "k" * 10)
        assert body.scroll_y == 0
