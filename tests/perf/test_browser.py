"""``whalewatch serve`` in a real browser: headless Chromium shows the dashboard and takes keys.

test_serve_http.py plays the browser over the websocket; here the browser is Debian's
Chromium, driven by Playwright with scripts/browser_screenshot.py's helpers (the screenshot
sees the page the same way). The text is read from the page's xterm.js terminal; Chromium
reaches nothing but the server on 127.0.0.1 (the page's one outside link, a Google Fonts
stylesheet, is answered by the helpers with textual-serve's own copy of the font).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("textual_serve", reason="textual-serve (the 'serve' extra) is not installed")
pytest.importorskip("playwright.sync_api", reason="Playwright (the 'test' extra) is not installed")

from scripts.browser_screenshot import (  # noqa: E402
    DashboardPage,
    chromium_executable,
    dashboard_in_chromium,
    served_dashboard,
)
from tui.demo.dataset import load_demo  # noqa: E402
from tui.store import Store  # noqa: E402

pytestmark = pytest.mark.skipif(
    chromium_executable() is None,
    reason="no chromium on PATH (Debian: apt-get install chromium; .ci/run installs it as root)",
)

NEWEST_EVENT = "Rebrand to X announced"
HELP_LINE = "command palette: every action by name"


@pytest.fixture
def demo_store(tmp_path: Path) -> Path:
    store_path = tmp_path / "store"
    load_demo(Store.open(store_path))
    return store_path


@contextmanager
def served_in_chromium(store_path: Path, answer_font: bool = True) -> Iterator[DashboardPage]:
    options = ["--db", str(store_path), "--no-poll"]
    with (
        served_dashboard(options) as base,
        dashboard_in_chromium(base, answer_font=answer_font) as page,
    ):
        yield page


def test_the_page_shows_the_dashboard_takes_keys_and_stays_on_loopback(demo_store: Path) -> None:
    with served_in_chromium(demo_store) as dashboard:
        shows_the_dashboard_and_takes_keys(dashboard)
        reached_only_the_server(dashboard)


def shows_the_dashboard_and_takes_keys(dashboard: DashboardPage) -> None:
    screen = dashboard.wait_for("whalewatch", "┏━ Incidents", NEWEST_EVENT)
    assert "Timeline" in screen and "Notes" in screen

    # Focusing the page's terminal (a click would) gives the app focus: the footer's keys.
    dashboard.focus()
    dashboard.wait_for("? Help", "q Quit")

    dashboard.press("?")
    screen = dashboard.wait_for(HELP_LINE, absent=[NEWEST_EVENT])
    assert "move between the Incidents, Timeline and Notes panes" in screen

    dashboard.press("Escape")
    dashboard.wait_for(NEWEST_EVENT, absent=[HELP_LINE])

    # Tab moves to the timeline: its border turns heavy, the incidents' light.
    dashboard.press("Tab")
    dashboard.wait_for("┏━ Timeline", absent=["┏━ Incidents"])


def reached_only_the_server(dashboard: DashboardPage) -> None:
    """All along, the page reached nothing but the server on 127.0.0.1."""
    base = dashboard.guard.base
    assert base.startswith("http://127.0.0.1:")
    # The page, its script and its terminal's websocket all came from the server.
    assert f"{base}/static/js/textual.js" in dashboard.guard.reached
    assert dashboard.websockets
    assert all(url.startswith(base.replace("http", "ws") + "/ws?") for url in dashboard.websockets)
    # Every request the page made went there, or was answered or stopped in the browser.
    stopped_here = dashboard.guard.answered_here + dashboard.guard.stopped
    elsewhere = [url for url in dashboard.requests if not url.startswith(base + "/")]
    assert sorted(elsewhere) == sorted(stopped_here)


def test_the_page_works_offline_without_its_font_stylesheet(demo_store: Path) -> None:
    # As for a user with no way out to the internet: Google Fonts' stylesheet fails too.
    with served_in_chromium(demo_store, answer_font=False) as dashboard:
        dashboard.wait_for("whalewatch", "┏━ Incidents", NEWEST_EVENT)
        dashboard.press("?")
        dashboard.wait_for(HELP_LINE)
