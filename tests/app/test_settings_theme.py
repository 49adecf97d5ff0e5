"""The theme chosen in the command palette is remembered for the next start."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import settle
from tui.app import WhalewatchApp
from tui.settings import Settings, load_settings
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
    assert load_settings() == Settings(theme="gruvbox", bell=False)
    again = WhalewatchApp(store, poll=False, settings=load_settings(), remember_settings=True)
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.theme == "gruvbox"


def test_unreadable_settings_fall_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b"\x00not json")
    assert load_settings(path) == Settings()
