"""G, g, Ctrl+D and Ctrl+U on the pages that scroll: Help, Stats, an incident's and a source's page.

Help says ``G`` / ``g g`` and Ctrl+D / Ctrl+U work in every list; on these pages they did
nothing, and j on Stats lost the keys that came faster than a refresh (ten j's scrolled one
or two lines), as the detail page did before.
"""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll

from tests.app.conftest import settle, wait_for
from tests.app.test_detail_scroll import type_at_once
from tui.demo.incidents import HISTORY_SOURCE_ID, MARCH_6_EXTERNAL_ID
from tui.screens.detail import DetailScreen
from tui.screens.help import HelpScreen
from tui.screens.source_detail import SourceDetailScreen
from tui.screens.sources import SourcesScreen
from tui.screens.stats import StatsScreen


async def open_page(demo_app, pilot, page: str) -> VerticalScroll:
    if page == "help":
        await pilot.press("question_mark")
        screen_type: type = HelpScreen
    elif page == "stats":
        await pilot.press("t", "w")  # per week: a long page
        screen_type = StatsScreen
    elif page == "source":
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(demo_app.screen, SourcesScreen))
        await pilot.press("enter")  # the first source's page: its health, its 90 days
        screen_type = SourceDetailScreen
    else:
        demo_app.main_screen.open_incident(f"{HISTORY_SOURCE_ID}:{MARCH_6_EXTERNAL_ID}")
        screen_type = DetailScreen
    await wait_for(pilot, lambda: isinstance(demo_app.screen, screen_type))
    body = demo_app.screen.query_one(demo_app.screen.PAGE_BODY, VerticalScroll)
    await wait_for(pilot, lambda: body.max_scroll_y > 12)
    return body


@pytest.mark.parametrize("page", ["help", "stats", "detail", "source"])
async def test_G_g_and_half_pages_move_the_page(demo_app, page) -> None:
    async with demo_app.run_test(size=(60, 16)) as pilot:
        await settle(pilot)
        body = await open_page(demo_app, pilot, page)
        half = body.scrollable_content_region.height // 2
        await pilot.press("ctrl+d")
        assert body.scroll_y == half
        await pilot.press("ctrl+d", "ctrl+u")
        assert body.scroll_y == half
        await pilot.press("G")
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("g")
        assert body.scroll_y == 0


async def test_ten_quick_js_scroll_the_stats_page_ten_lines(demo_app) -> None:
    async with demo_app.run_test(size=(60, 16)) as pilot:
        await settle(pilot)
        body = await open_page(demo_app, pilot, "stats")
        await type_at_once(pilot, "j" * 10)
        assert body.scroll_y == 10
