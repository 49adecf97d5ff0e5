"""A source's detail screen, opened with Enter on the Sources screen, and the uptime strip."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.app import App, ComposeResult
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import DataTable

from tests.app.conftest import wait_for
from tests.app.test_sources_screen import LONG_NAME, strip_text, wide_sources, wide_store
from tui.app import WhalewatchApp
from tui.domain import SourceHealth
from tui.screens.help import HelpScreen
from tui.screens.source_columns import choose_columns
from tui.screens.source_detail import SourceDetailScreen
from tui.screens.sources import SourcesScreen
from tui.widgets.source_panel import PlatformComponents
from tui.widgets.uptime_strip import UptimeStrip, strip_rows, uptime_text


def page_text(screen: SourceDetailScreen) -> str:
    return "\n".join(str(static.render()) for static in screen.query("#detail-body Static"))


async def test_enter_opens_the_detail_with_everything_the_table_leaves_out(
    tmp_path: Path,
) -> None:
    store = wide_store(tmp_path)
    yesterday = datetime.now(UTC) - timedelta(days=1)
    store.uptime.record([SourceHealth("s2", last_poll=yesterday, error="x")] * 3)
    for size in ((80, 24), (120, 30)):
        async with wide_sources(store, size) as (app, pilot, _):
            await pilot.press("j", "enter")
            screen = await wait_for_detail(app, pilot)
            text = page_text(screen)
            assert LONG_NAME in text  # whole, where the table cut it
            assert "failing · id s2 · provider HTTP probe (kind probe)" in text
            assert "https://api.example.com/2/tweets" in text
            assert "HTTP 467 (expected 2xx,3xx)" in text
            assert "body must not contain “Your current API plan does not include access”" in text
            assert "TLS certificate valid > 14 days" in text
            assert "$X_BEARER_TOKEN" not in text
            # the health history: day by day, newest first
            today = datetime.now(UTC).date()
            assert f"{today}  1 poll, 1 failed (0%)" in text
            assert f"{today - timedelta(days=1)}  3 polls, 3 failed (0%)" in text
            assert f"{today - timedelta(days=2)}  not polled" in text
            strip = screen.query_one(UptimeStrip)
            assert len(strip_text(strip).replace(" ", "")) == 90
            await scroll_and_back(app, pilot, screen)


async def wait_for_detail(app: WhalewatchApp, pilot: Pilot) -> SourceDetailScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, SourceDetailScreen))
    assert isinstance(app.screen, SourceDetailScreen)
    return app.screen


async def scroll_and_back(app: WhalewatchApp, pilot: Pilot, screen: SourceDetailScreen) -> None:
    """j/k scroll the page; Escape goes back to the table, on the same source."""
    body = screen.query_one("#detail-body")
    if body.max_scroll_y:
        top = min(3, body.max_scroll_y)
        await pilot.press("j", "j", "j")
        await wait_for(pilot, lambda: body.scroll_y == top)
        await pilot.press("k")
        await wait_for(pilot, lambda: body.scroll_y == top - 1)
    await pilot.press("escape")
    await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen))
    assert app.screen.selected.id == "s2"


async def test_the_detail_lists_every_component_with_its_state(tmp_path: Path) -> None:
    async with wide_sources(wide_store(tmp_path), (80, 24)) as (app, pilot, screen):
        screen.query_one(DataTable).action_select_cursor()  # as Enter (or a click) does
        text = page_text(await wait_for_detail(app, pilot))
        assert "● Git Operations: operational" in text
        assert "▲ Actions: partial outage" in text
        assert "provider Atlassian Statuspage (kind statuspage)" in text
        assert "Probe conditions" not in text  # a status page checks nothing of the sort
        await pilot.press("q")  # q goes back here too
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen))
        assert app.is_running


async def test_j_and_k_scroll_help(tmp_path: Path) -> None:
    store = wide_store(tmp_path)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        body = app.screen.query_one("#help-body")
        await wait_for(pilot, lambda: body.max_scroll_y > 5)
        await pilot.press(*"jjjjj")
        await wait_for(pilot, lambda: body.scroll_y == 5)
        await pilot.press("k", "k")
        await wait_for(pilot, lambda: body.scroll_y == 3)


# --- the strip and the columns on their own ---------------------------------------------


def test_a_strip_folds_into_equal_rows_and_never_drops_a_day() -> None:
    days = [(4, 0)] * 89 + [(4, 4)]
    for width, rows in ((200, 1), (90, 1), (78, 2), (45, 2), (44, 3), (30, 3), (1, 90)):
        lines = strip_rows(days, width)
        assert len(lines) == rows
        assert sum(len(line.plain) for line in lines) == 90
        assert all(len(line.plain) <= width for line in lines)
    assert strip_rows(days, 78)[-1].plain.endswith("█▂")
    assert [uptime_text(d) for d in ([], [(0, 0)], [(10, 0)], [(1000, 1)], [(2, 2)])] == [
        "—",
        "—",
        "100%",
        "99.9%",  # a failed poll is never rounded up to 100%
        "0%",
    ]


class StripHarness(App[None]):
    def compose(self) -> ComposeResult:
        yield UptimeStrip([(1, 0)] * 60 + [(0, 0)] * 30)


async def test_the_strip_widget_takes_the_rows_its_width_needs() -> None:
    app = StripHarness()
    async with app.run_test(size=(50, 10)) as pilot:
        strip = app.query_one(UptimeStrip)
        assert strip.size.height == 2
        assert strip_text(strip).replace(" ", "") == "█" * 60 + "·" * 30
        await pilot.resize_terminal(100, 10)
        await wait_for(pilot, lambda: strip.size.height == 1)
        strip.show([(2, 1)] * 90)
        await wait_for(pilot, lambda: "▄" in strip_text(strip))


def test_narrow_widths_keep_state_and_last_error_and_fit() -> None:
    natural = {"id": 12, "label": 60, "error": 70, "kind": 20, "checks": 40}
    for width in (40, 60, 80, 100, 120, 160, 240):
        chosen = choose_columns(width, natural)
        keys = [column.key for column, _ in chosen]
        assert keys[:1] == ["id"] or "id" not in keys  # the table keeps its left-to-right order
        assert {"state", "error"} <= set(keys), width
        assert sum(w + 2 for _, w in chosen) <= width - 2, width
        for column, w in chosen:
            assert column.least <= w <= column.most and w >= len(column.title)
    assert len(choose_columns(240, natural)) > len(choose_columns(80, natural))


def test_an_id_is_shown_whole_or_not_at_all() -> None:
    """At 60 columns the demo's IDs were all ``dem…``: none could be told from another."""
    natural = {"id": 12, "label": 40, "error": 30}
    for width in range(30, 121):
        widths = {column.key: w for column, w in choose_columns(width, natural)}
        assert widths.get("id", 12) >= 12, width


class ComponentsHarness(App[None]):
    def compose(self) -> ComposeResult:
        yield PlatformComponents()


async def test_more_platforms_than_lines_are_counted_not_dropped() -> None:
    app = ComponentsHarness()
    async with app.run_test(size=(80, 10)):
        widget = app.query_one(PlatformComponents)
        widget.show([Content(f"Platform {n}:") for n in range(5)])
        lines = str(widget.render()).splitlines()
        assert lines == [
            "Platform 0:",
            "Platform 1:",
            "… and 3 more platforms: Enter on a source shows its own",
        ]
        widget.show([])
        assert not widget.display
