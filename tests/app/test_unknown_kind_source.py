"""A stored source of a kind this installation lacks shows its reason on the Sources screen.

The poller fails that one source with "unknown source kind …" and polls the others; the
user sees why on the source's row, not a failed poll.
"""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import wait_for
from tests.app.test_sources_screen import open_sources, table_text
from tui.app import WhalewatchApp
from tui.domain import Source
from tui.feeds.http import make_client
from tui.feeds.poller import poll_once
from tui.store import Store


async def test_the_sources_screen_shows_an_unknown_kinds_error_on_its_row(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.save_source(Source(id="pulse", url="https://pulse.example.com", kind="pulse-2030"))
    async with make_client() as client:  # the unknown kind fetches nothing
        report = await poll_once(store, client)
    (outcome,) = report.outcomes
    assert not outcome.ok and outcome.error == "unknown source kind 'pulse-2030'"
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(140, 30)) as pilot:
        await open_sources(app, pilot)
        await wait_for(pilot, lambda: "unknown source kind 'pulse-2030'" in table_text(app))
        row = next(line for line in table_text(app).splitlines() if "pulse" in line)
        assert "fail" in row.casefold()
