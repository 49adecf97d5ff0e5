"""The demo's replay source plays its whole outage through the real poller, with no network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import tui.demo  # noqa: F401  (registers the replay kind)
from tui.domain import Source
from tui.feeds.poller import poll_once
from tui.store import Store

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


async def test_replay_goes_from_investigating_to_resolved_in_about_two_minutes(
    tmp_path, client
) -> None:
    store = Store.open(tmp_path / "store")
    store.save_source(Source(id="demo-replay", url="replay:demo", kind="replay", created_at=T0))
    seen = []
    for seconds in (3, 10, 45, 80, 120, 130):
        report = await poll_once(store, client, now=T0 + timedelta(seconds=seconds), force=True)
        assert report.all_ok
        incidents = store.incidents()
        seen.append(incidents[0].status if incidents else None)
    assert seen == [None, "investigating", "identified", "monitoring", "resolved", "resolved"]
    (incident,) = store.incidents()
    assert [u.status for u in incident.updates] == [
        "investigating",
        "identified",
        "monitoring",
        "resolved",
    ]
    assert not incident.is_open
    assert incident.duration_seconds() == 115 - 6
