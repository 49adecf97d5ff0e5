"""The Sources screen, driven like a user: list, add, pause/resume, remove, hostile errors."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from tests.app.conftest import settle, wait_for
from tui.app import WhalewatchApp
from tui.demo.dataset import load_demo
from tui.domain import Source, SourceHealth
from tui.screens.forms import ConfirmScreen
from tui.screens.source_columns import COLUMNS
from tui.screens.sources import SourceForm, SourcesScreen
from tui.store import Store


@pytest.fixture
def local_url() -> Iterator[str]:
    """A tiny HTTP server on 127.0.0.1 that answers 200 to everything."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = b"ok"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/health"
    finally:
        server.shutdown()
        server.server_close()


def table_text(app: WhalewatchApp) -> str:
    table = app.screen.query_one(DataTable)
    rows = []
    for row_key in table.rows:
        rows.append(" | ".join(cell.plain for cell in table.get_row(row_key)))
    return "\n".join(rows)


async def open_sources(app: WhalewatchApp, pilot) -> SourcesScreen:
    await wait_for(pilot, lambda: app.snapshot.full_history)
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen))
    screen = app.screen
    await wait_for(pilot, lambda: screen.query_one(DataTable).row_count == len(screen.sources))
    return screen


async def test_lists_demo_sources(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    load_demo(store)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sources(app, pilot)
        await wait_for(pilot, lambda: "demo-replay" in table_text(app))
        text = table_text(app)
        assert "demo-history" in text
        assert "https://api.twitterstat.us" in text
        assert "paused" in text  # the history source is paused
        assert "replay" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, SourcesScreen)


async def test_add_probe_source_through_the_form(tmp_path: Path, local_url: str) -> None:
    store = Store.open(tmp_path)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(120, 24)) as pilot:
        await open_sources(app, pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, SourceForm))
        form = app.screen
        # An invalid interval is refused and nothing is saved.
        form.query_one("#url", Input).value = local_url
        form.query_one("#kind", Select).value = "probe"
        form.query_one("#platform", Input).value = "Local"
        form.query_one("#every", Input).value = "5"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SourceForm)
        assert "at least 15" in str(form.query_one("#every-error").render())
        form.query_one("#every", Input).value = "30"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(store.sources()) == 1)
        source = store.sources()[0]
        assert (source.url, source.kind, source.platform, source.every) == (
            local_url,
            "probe",
            "Local",
            30,
        )
        await wait_for(pilot, lambda: local_url in table_text(app))
        # t polls it once against the local server and records its health.
        await pilot.press("t")
        await wait_for(
            pilot, lambda: "Test of s1: ok" in str(app.screen.query_one("#sources-result").render())
        )
        await wait_for(pilot, lambda: store.health().get(source.id) is not None)
        assert store.health()[source.id].http_status == 200
        # (at 120 columns: the HTTP column is left out at 80, see test_columns_follow_the_width)
        await wait_for(pilot, lambda: "200" in table_text(app))


async def test_add_with_kind_auto_detects_a_probe(tmp_path: Path, local_url: str) -> None:
    store = Store.open(tmp_path)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sources(app, pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, SourceForm))
        app.screen.query_one("#url", Input).value = local_url
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(store.sources()) == 1)
        assert store.sources()[0].kind == "probe"  # plain text, no Statuspage JSON: a probe


async def test_add_from_a_preset_fills_the_form(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sources(app, pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, SourceForm))
        form = app.screen
        form.query_one("#preset", Select).value = "github"
        await wait_for(pilot, lambda: form.query_one("#url", Input).value != "")
        assert form.query_one("#url", Input).value == "https://www.githubstatus.com"
        assert form.query_one("#kind", Select).value == "statuspage"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(store.sources()) == 1)
        assert store.sources()[0].platform == "GitHub"


async def test_pause_and_resume_change_the_store(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.save_source(Source(id="s1", url="https://example.invalid/status", kind="statuspage"))
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sources(app, pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: store.source("s1").paused)
        await wait_for(pilot, lambda: "paused" in table_text(app))
        await pilot.press("p")
        await wait_for(pilot, lambda: not store.source("s1").paused)
        await wait_for(pilot, lambda: "paused" not in table_text(app))


async def test_remove_asks_first_and_only_y_removes(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.save_source(Source(id="s1", url="https://example.invalid/status", kind="statuspage"))
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sources(app, pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen))
        await pilot.pause()
        assert store.source("s1") is not None
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("x")  # a stray key never confirms
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await wait_for(pilot, lambda: store.source("s1") is None)
        await wait_for(pilot, lambda: app.screen.query_one(DataTable).row_count == 0)


async def test_hostile_error_text_is_shown_literally(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.save_source(
        Source(id="s1", url="https://example.invalid/[b]x[/b]", kind="statuspage", name="[red]")
    )
    moment = datetime(2023, 3, 6, 17, 0, tzinfo=UTC)
    hostile = "\x1b[31mboom\x1b[0m [bold red]not markup[/] [@click=app.quit]click[/]"
    store.save_health([SourceHealth("s1", last_poll=moment, error=hostile, http_status=500)])
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sources(app, pilot)
        await wait_for(pilot, lambda: "boom" in table_text(app))
        text = table_text(app)
        assert "\x1b" not in text
        assert "[bold red]not markup[/]" in text
        assert "[@click=app.quit]click[/]" in text
        assert "[red]" in text and "[b]x[/b]" in text
        assert "failing" in text
        # The app is still running: nothing in the text was taken as an action.
        assert app.is_running


# --- columns by width, the uptime strip, components, conditions, j/k (issue 16 #9, 14) ---

LONG_NAME = "A very long source name that cannot fit in the name column at all"


def wide_store(tmp_path: Path) -> Store:
    """Three sources: a page with components, a probe with every condition, a failing one."""
    store = Store.open(tmp_path)
    store.save_source(
        Source(id="s1", url="https://www.githubstatus.com", kind="statuspage", platform="GitHub")
    )
    store.save_source(
        Source(
            id="s2",
            url="https://api.example.com/2/tweets",
            kind="probe",
            platform="X/Twitter",
            name=LONG_NAME,
            latency_limit_ms=800,
            body_contains="data",
            body_excludes="Your current API plan does not include access",
            json_check="meta.result_count contains 1",
            cert_expiry_days=14,
            headers="Authorization: Bearer $X_BEARER_TOKEN",
        )
    )
    store.save_source(Source(id="s3", url="https://status.example.org", kind="statuspage"))
    now = datetime.now(UTC)
    store.save_health(
        [
            SourceHealth(
                "s1",
                last_poll=now,
                last_ok=now,
                http_status=200,
                components=(("Git Operations", "operational"), ("Actions", "partial_outage")),
            ),
            SourceHealth("s2", last_poll=now, http_status=467, error="HTTP 467 (expected 2xx,3xx)"),
            SourceHealth(
                "s3", last_poll=now, http_status=503, error="HTTP 503 Service Unavailable"
            ),
        ]
    )
    return store


@asynccontextmanager
async def wide_sources(
    store: Store, size: tuple[int, int]
) -> AsyncIterator[tuple[WhalewatchApp, Pilot, SourcesScreen]]:
    """The dashboard on ``store`` at ``size``, on the Sources screen, its table filled."""
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=size) as pilot:
        yield app, pilot, await open_sources(app, pilot)


def table_line(table: DataTable, y: int) -> str:
    """What the table draws on its line ``y`` (0: the header)."""
    return table.render_line(y).text


async def test_columns_follow_the_width_state_and_last_error_first(tmp_path: Path) -> None:
    async with wide_sources(wide_store(tmp_path), (80, 24)) as (app, pilot, screen):
        table = screen.query_one(DataTable)
        await wait_for(pilot, lambda: "HTTP 467" in table_text(app))
        shown = [str(column.key.value) for column in table.ordered_columns]
        assert {"state", "error", "label", "id"} <= set(shown)
        assert "next_poll" not in shown and "latency" not in shown
        assert sum(column.get_render_width(table) for column in table.ordered_columns) <= 80
        header = table_line(table, 0)
        for column in table.ordered_columns:
            assert column.label.plain in header  # every title whole, none cut ("Last pol")
        row = table_line(table, 2)
        assert "failing" in row and "HTTP 467" in row
        assert "A very long" in row and "…" in row  # a cut name ends in an ellipsis
        hidden = len(COLUMNS) - len(shown)
        assert f"{hidden} columns hidden" in str(screen.query_one("#sources-selected").border_title)

        await pilot.resize_terminal(120, 30)
        await wait_for(pilot, lambda: len(table.ordered_columns) > len(shown))
        wider = [str(column.key.value) for column in table.ordered_columns]
        assert {"state", "error", "label", "id", "last_poll"} <= set(wider)
        header = table_line(table, 0)
        for column in table.ordered_columns:
            assert column.label.plain in header
        assert "HTTP 503 Service Unavailable" in table_line(table, 3)


def strip_text(widget) -> str:
    return "".join(widget.render_line(y).text for y in range(widget.size.height))


async def test_the_uptime_strip_has_one_cell_per_day_and_follows_the_cursor(
    tmp_path: Path,
) -> None:
    store = wide_store(tmp_path)
    now = datetime.now(UTC)
    for back in range(119, -1, -1):  # 120 days: only the last 90 are shown
        day = now - timedelta(days=back)
        failed = back in (1, 2)
        polls = [SourceHealth("s2", last_poll=day, error="timeout" if failed else "")] * 4
        store.uptime.record(polls, now=day)
    for size in ((80, 24), (120, 30)):
        async with wide_sources(store, size) as (app, pilot, screen):
            await pilot.press("j")
            strip = screen.query_one("#selected-uptime")
            await wait_for(pilot, lambda: "▂" in strip_text(strip))  # noqa: B023
            cells = strip_text(strip).replace(" ", "")
            assert len(cells) == 90, cells  # one cell per day, every day on screen
            # two failed days, then today: 4 polls and wide_store's failed one (1 in 5)
            assert cells[-3:] == "▂▂▄" and set(cells[:-3]) == {"█"}
            line = str(screen.query_one("#selected-line").render())
            assert LONG_NAME[:20] in line and "· uptime 97.5% (90 days) · HTTP probe" in line
            assert "97.5%" in table_text(app)  # 352 of 361 polls
            await pilot.press("k")  # s1: polled once, by wide_store
            selected = screen.query_one("#selected-line")
            await wait_for(pilot, lambda: "github" in str(selected.render()))  # noqa: B023
            assert set(strip_text(strip).replace(" ", "")) <= {"█", "·"}


async def test_j_and_k_move_in_the_table(tmp_path: Path) -> None:
    async with wide_sources(wide_store(tmp_path), (80, 24)) as (_, pilot, screen):
        table = screen.query_one(DataTable)
        assert table.cursor_row == 0
        await pilot.press("j", "j")
        assert table.cursor_row == 2 and screen.selected.id == "s3"
        await pilot.press("j")  # the last row stays the last (no wrap)
        assert table.cursor_row == 2
        await pilot.press("k")
        assert screen.selected.id == "s2"


async def test_G_g_and_ctrl_d_u_move_in_the_table_as_in_every_list(tmp_path: Path) -> None:
    async with wide_sources(wide_store(tmp_path), (80, 24)) as (_, pilot, screen):
        table = screen.query_one(DataTable)
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("ctrl+d")
        assert table.cursor_row > 0
        await pilot.press("ctrl+u")
        assert table.cursor_row == 0


async def test_components_and_probe_conditions_are_shown(tmp_path: Path) -> None:
    async with wide_sources(wide_store(tmp_path), (120, 30)) as (_, pilot, screen):
        components = screen.query_one("#sources-components")
        await wait_for(pilot, lambda: "GitHub:" in str(components.render()))
        text = str(components.render())
        assert "▲ Actions partial outage" in text and "Git Operations operational" in text
        assert text.index("Actions") < text.index("Git Operations")  # trouble first
        await pilot.press("j")
        checks = str(screen.query_one("#selected-checks").render())
        for words in (
            "status 2xx,3xx",
            "latency ≤ 800 ms",
            "body contains “data”",
            "body must not contain “Your current API plan",
            "JSON meta.result_count contains 1",
            "TLS certificate valid > 14 days",
            "headers Authorization",
        ):
            assert words in checks
        assert "$X_BEARER_TOKEN" not in checks  # header names only, never their values
        await pilot.press("k")
        assert not screen.query_one("#selected-checks").display  # a page has no conditions


def test_sources_snapshot_80x24(snap_compare, demo_app) -> None:
    """The demo's Sources screen (never polled: no clock in it), as a user at 80x24 sees it."""

    async def open_screen(pilot) -> None:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=open_screen)


def test_sources_snapshot_120x40(snap_compare, demo_app) -> None:
    async def open_screen(pilot) -> None:
        await settle(pilot)
        await pilot.press("s", "j")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(120, 40), run_before=open_screen)
