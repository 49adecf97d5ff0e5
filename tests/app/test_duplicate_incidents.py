"""A store whose month file holds an incident twice (a copy loaded over itself, a file put
together by hand or by a sync tool) is shown with each incident once, and the dashboard
keeps running: the feed's list used to raise ``DuplicateID`` and end the app."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tests.app.conftest import wait_for
from tui.app import WhalewatchApp
from tui.demo.synthetic import synthetic_incidents
from tui.snapshot import RECENT_INCIDENTS
from tui.store import Store
from tui.widgets.incident_feed import IncidentFeed


async def test_an_incident_stored_twice_is_listed_once(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store")
    incidents = list(synthetic_incidents(RECENT_INCIDENTS + 100))
    store.bulk_load_incidents(incidents)
    newest = incidents[-1]
    assert newest.is_open
    # The second copy is the one a merge updates (the last stored): it is the one shown.
    store.bulk_load_incidents([*incidents[-20:-1], replace(newest, title="Second copy")])
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.snapshot.full_history)
        await pilot.pause()
        assert app.is_running
        feed = app.query_one(IncidentFeed)
        keys = [incident.id for incident in feed.incidents]
        assert len(keys) == len(set(keys))
        assert feed.option_count == len(keys)
        assert feed.incidents[0].title == "Second copy"
        assert len(app.snapshot.incidents) == len(incidents)
        assert [i.ref for i in app.snapshot.timeline].count(newest.id) == 1
