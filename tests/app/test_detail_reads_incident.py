"""Opening an old incident reads it from the store: the dashboard holds only its summary."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from tests.app.conftest import wait_for
from tui.app import WhalewatchApp
from tui.demo.synthetic import synthetic_incidents
from tui.screens.detail import DetailScreen
from tui.snapshot import RECENT_INCIDENTS
from tui.store import Store


def page_text(app: WhalewatchApp) -> str:
    return " ".join(str(w.render()) for w in app.screen.query(Static))


async def test_an_old_incident_opens_with_its_updates_read_from_the_store(tmp_path: Path):
    store = Store.open(tmp_path / "store")
    incidents = list(synthetic_incidents(RECENT_INCIDENTS + 100))
    store.bulk_load_incidents(incidents)
    oldest = incidents[0]
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.snapshot.full_history)
        assert app.snapshot.incident(oldest.id) is not None
        assert app.snapshot.incident_detail(oldest.id) is None  # a summary: no bodies held
        app.main_screen.open_incident(oldest.id)
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        assert oldest.title in page_text(app)
        await wait_for(pilot, lambda: oldest.updates[0].body in page_text(app))
        text = page_text(app)
        assert f"Updates ({len(oldest.updates)}, newest first)" in text
        assert "reading…" not in text
        assert oldest.url in text


async def test_closing_the_page_while_it_is_read_is_harmless(tmp_path: Path):
    store = Store.open(tmp_path / "store")
    incidents = list(synthetic_incidents(RECENT_INCIDENTS + 100))
    store.bulk_load_incidents(incidents)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.snapshot.full_history)
        for incident in incidents[:5]:
            app.main_screen.open_incident(incident.id)
            await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and app.screen is app.main_screen
        assert not [w for w in app.workers if w.error is not None]
