"""Work the first frame no longer pays for (start-up, issue 18)."""

from __future__ import annotations

import gc

import pytest

from tui.app import WhalewatchApp
from tui.launch import open_store, ready_app
from tui.screens.main import WIDE
from tui.store import Store


@pytest.mark.asyncio
async def test_the_collector_waits_for_the_first_frame_then_runs_again(
    demo_store: Store,
) -> None:
    store, first_screen = open_store(demo_store.root)
    try:
        app = ready_app(store, first_screen=first_screen, demo=True, poll=False)
        assert not gc.isenabled()
        async with app.run_test(size=(120, 40)):
            assert gc.isenabled()  # run_test returns once the first frame is up
    finally:
        gc.enable()
        gc.unfreeze()


@pytest.mark.asyncio
@pytest.mark.parametrize("width", [WIDE - 1, WIDE])
async def test_the_main_screen_is_made_for_the_terminals_width(
    demo_store: Store, width: int
) -> None:
    """Made so, its widgets are styled once; the class set on mount styled them all again."""
    app = WhalewatchApp(demo_store, demo=True, poll=False)
    async with app.run_test(size=(width, 40)):
        assert app.get_default_screen().has_class("-wide") == (width >= WIDE)
        assert app.main_screen.has_class("-wide") == (width >= WIDE)
