"""A month of incidents found damaged while the dashboard reads its history is told on screen."""

from __future__ import annotations

from tui.app import WhalewatchApp
from tui.store import Store

from .conftest import wait_for


async def test_a_damaged_month_read_after_start_up_is_a_notice(demo_store: Store) -> None:
    month = demo_store.root / "incidents" / "2023-03.json"
    month.write_bytes(month.read_bytes()[: month.stat().st_size // 2])
    app = WhalewatchApp(Store.open(demo_store.root), demo=True, poll=False)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: app.snapshot.full_history)

        def told() -> bool:
            return any("2023-03.json was damaged" in n.message for n in app._notifications)

        await wait_for(pilot, told)
