"""The demo's watched "X Rules" page: a detected policy change about a minute into the replay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import tui.demo  # noqa: F401  (registers the demo's kinds)
from tui.demo.dataset import load_demo
from tui.feeds.poller import poll_once
from tui.pagewatch.diff import PageDiff
from tui.pagewatch.versions import VersionStore
from tui.store import Store

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


async def test_the_demo_records_a_detected_policy_change_with_its_diff(tmp_path, client) -> None:
    store = Store.open(tmp_path / "store")
    load_demo(store, now=T0)
    typed = len(store.events())
    found = []
    for seconds in (2, 30, 55, 65, 90, 120):
        report = await poll_once(store, client, now=T0 + timedelta(seconds=seconds), force=True)
        assert report.all_ok, [o.summary for o in report.outcomes]
        found.append(len(store.events()) - typed)
    # A baseline, nothing while only the footer's clock moves, one event after a minute.
    assert found == [0, 0, 0, 1, 1, 1]
    (event,) = [event for event in store.events() if event.detected]
    assert event.title == "X Rules (illustrative) changed: 1 paragraph added, 1 changed"
    assert event.category == "policy" and event.is_change and event.platform == "X/Twitter"
    assert event.source_id == "demo-replay" and event.version == 2
    diff = PageDiff.from_dict(event.diff)
    unified = diff.unified()
    assert "+Live location: you may not share someone's live location" in unified
    assert "-Impersonation: you may not impersonate individuals or groups." in unified
    assert "Illustrative text written for the whalewatch demo" in VersionStore(store.pages).read(
        "demo-replay", 2
    )
    (incident,) = [i for i in store.incidents() if i.source_id == "demo-replay"]
    assert incident.status == "resolved"  # the replayed outage, beside the page change
    health = store.health()["demo-replay"]
    assert health.kind_state is not None and health.kind_state["versions"] == 2
