"""The main screen without colour (NO_COLOR) and with the 16-colour ANSI theme (TERM=linux).

Status and impact are read from glyphs and words, so these screens must stay readable with
colour removed: the snapshots are there to be looked at, and to catch a change of look.
"""

from __future__ import annotations

from tests.app.conftest import DEMO_NOW, settle
from tui.app import WhalewatchApp
from tui.demo.dataset import load_demo
from tui.store import Store


def _app(tmp_path) -> WhalewatchApp:
    store = Store.open(tmp_path / "store")
    load_demo(store, now=DEMO_NOW)
    return WhalewatchApp(store, demo=True, poll=False)


def test_main_screen_no_color(snap_compare, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = _app(tmp_path)
    assert app.no_color

    async def focus_timeline(pilot) -> None:
        await settle(pilot)
        await pilot.press("tab", "g", *"2023-03-06", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=focus_timeline)


def test_main_screen_16_colours(snap_compare, tmp_path) -> None:
    app = _app(tmp_path)

    async def ansi_theme(pilot) -> None:
        pilot.app.theme = "ansi-dark"
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=ansi_theme)


async def test_status_words_and_glyphs_do_not_need_colour(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = app.export_screenshot()
        for words in ("resolved", "▲", "△", "business", "▶"):
            assert words in text
