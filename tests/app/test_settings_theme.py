"""The theme chosen in the command palette is remembered for the next start."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import settle
from tui.app import WhalewatchApp
from tui.settings import Settings, default_theme, load_settings, terminal_color_system
from tui.store import Store


async def test_theme_choice_is_saved_and_used_next_time(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("WHALEWATCH_CONFIG", str(tmp_path / "settings.json"))
    store = Store.open(tmp_path / "store")
    app = WhalewatchApp(store, poll=False, settings=load_settings(), remember_settings=True)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == "whalewatch"
        app.theme = "gruvbox"
        await settle(pilot)
    assert load_settings() == Settings(theme="gruvbox")
    again = WhalewatchApp(store, poll=False, settings=load_settings(), remember_settings=True)
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.theme == "gruvbox"


def test_unreadable_settings_fall_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b"\x00not json")
    assert load_settings(path) == Settings()


def test_sixteen_colour_terminals_start_in_the_ansi_theme(monkeypatch) -> None:
    monkeypatch.delenv("TEXTUAL_COLOR_SYSTEM", raising=False)
    monkeypatch.delenv("COLORTERM", raising=False)
    found = {}
    for term in ("linux", "xterm", "xterm-256color"):
        monkeypatch.setenv("TERM", term)
        found[term] = default_theme(terminal_color_system())
    monkeypatch.setenv("COLORTERM", "truecolor")
    found["truecolor"] = default_theme(terminal_color_system())
    assert found == {
        "linux": "ansi-dark",
        "xterm": "ansi-dark",
        "xterm-256color": "whalewatch",
        "truecolor": "whalewatch",
    }
    monkeypatch.setenv("TEXTUAL_COLOR_SYSTEM", "truecolor")  # Textual's override wins
    monkeypatch.setenv("TERM", "linux")
    assert default_theme(terminal_color_system()) == "whalewatch"


async def test_the_terminal_default_is_not_saved_as_a_choice(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("WHALEWATCH_CONFIG", str(tmp_path / "settings.json"))
    store = Store.open(tmp_path / "store")
    app = WhalewatchApp(
        store, poll=False, settings=load_settings(), remember_settings=True, start_theme="ansi-dark"
    )
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == "ansi-dark"
    assert not (tmp_path / "settings.json").exists()


async def test_the_ansi_theme_draws_in_the_terminal_palette(tmp_path: Path) -> None:
    """Started in the ANSI theme, colours are the terminal's own, not converted to RGB."""
    app = WhalewatchApp(Store.open(tmp_path / "store"), poll=False, start_theme="ansi-dark")
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.native_ansi_color
        assert not any(
            getattr(f, "enabled", False)
            for f in app._filters
            if type(f).__name__ == "ANSIToTruecolor"
        )
