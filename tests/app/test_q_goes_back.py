"""`q` on a sub-screen goes back, as on Help; on the main screen it quits (one key)."""

from __future__ import annotations

import pytest

from tests.app.conftest import settle
from tui.screens.main import MainScreen


@pytest.mark.parametrize("open_key", ["s", "t", "enter"])
async def test_q_on_a_sub_screen_goes_back_then_quits(demo_app, open_key: str) -> None:
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press(open_key)
        await pilot.pause()
        assert not isinstance(demo_app.screen, MainScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(demo_app.screen, MainScreen) and demo_app.is_running
        await pilot.press("q")
        await pilot.pause()
    assert demo_app.return_code == 0
