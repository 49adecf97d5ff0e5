"""The demo's replay shows a lag: its probe saw the outage 12 minutes before the page admitted it.

Played through the real poller on the demo store, read back as the incident detail and
``whalewatch stats --json`` read it (issue 14, §4).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from tui.__main__ import main
from tui.demo.dataset import load_demo
from tui.demo.replay import PROBE_SOURCE_ID, TITLE
from tui.feeds.poller import poll_once
from tui.screens.detail import honesty_line
from tui.snapshot import read_snapshot
from tui.store import Store

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


async def test_the_probe_sees_it_first_and_the_page_admits_it_12_minutes_later(
    tmp_path, client
) -> None:
    store = Store.open(tmp_path / "store")
    load_demo(store, now=T0)
    await poll_once(store, client, now=T0 + timedelta(seconds=2), force=True)
    live = [i for i in store.incidents() if i.started_at > T0 - timedelta(hours=1)]
    (outage,) = live  # before the page says anything, the probe's outage is there
    assert outage.source_id == PROBE_SOURCE_ID and outage.is_open
    assert outage.started_at == T0 + timedelta(seconds=6) - timedelta(minutes=12)
    snapshot = read_snapshot(store, full_history=True)
    probe = next(s for s in snapshot.sources if s.id == PROBE_SOURCE_ID)
    assert honesty_line(snapshot, outage, probe) == (
        "seen by your probe at 11:48; not admitted by the status page yet"
    )

    await poll_once(store, client, now=T0 + timedelta(seconds=10), force=True)
    snapshot = read_snapshot(store, full_history=True)
    outage = snapshot.incident(outage.id)
    assert outage is not None
    assert honesty_line(snapshot, outage, probe) == (
        "seen by your probe at 11:48; admitted by the status page at 12:00 (12 min later)"
    )
    assert any(i.title == TITLE for i in snapshot.incidents)

    await poll_once(store, client, now=T0 + timedelta(seconds=95), force=True)
    recovered = store.incident(outage.id)
    assert recovered is not None and not recovered.is_open  # the probe sees the recovery first
    assert any(i.title == TITLE and i.is_open for i in store.incidents())


async def test_stats_json_carries_the_replays_lag(tmp_path, client, capsys) -> None:
    root = tmp_path / "store"
    store = Store.open(root)
    load_demo(store, now=T0)
    for seconds in (2, 10, 95, 120):
        await poll_once(store, client, now=T0 + timedelta(seconds=seconds), force=True)
    assert main(["--db", str(root), "stats", "--json", "--from", "2026-11-25"]) == 0
    figures = json.loads(capsys.readouterr().out)
    (x,) = figures["platforms"]
    assert x["platform"] == "X/Twitter"
    assert x["outages_seen_by_probes"] == 1 and x["admitted_by_the_page"] == 1
    assert x["median_lag_minutes"] == 12.0 and x["worst_lag_minutes"] == 12.0
