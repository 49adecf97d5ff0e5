"""The per-day uptime tally: counted by the poll cycle's health write, bounded, never in the way."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui.domain import SourceHealth
from tui.feeds.offline import OFFLINE
from tui.store import Store
from tui.store.uptime import KEEP_DAYS, OFFLINE_MARK, SHOWN_DAYS, DayTally

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def ok(source_id: str, at: datetime) -> SourceHealth:
    return SourceHealth(source_id, last_poll=at, last_ok=at, http_status=200)


def failed(source_id: str, at: datetime) -> SourceHealth:
    return SourceHealth(source_id, last_poll=at, http_status=500, error="HTTP 500")


def test_the_health_write_of_a_cycle_counts_polls_and_failures_per_day(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    now = datetime.now(UTC)
    store.save_health(iter([ok("s1", now), failed("s2", now)]))  # a generator, as a cycle may
    store.save_health([failed("s1", now), failed("s2", now)])
    days = store.uptime.days()
    assert len(days["s1"]) == SHOWN_DAYS and days["s1"][-1].day == now.date()
    assert days["s1"][-1] == DayTally(now.date(), 2, 1)
    assert days["s2"][-1] == DayTally(now.date(), 2, 2)
    assert days["s1"][-1].uptime == 0.5 and days["s1"][0].uptime is None
    assert store.health()["s1"].error == "HTTP 500"  # the health itself is still saved


def test_days_fall_into_their_own_cells_oldest_first(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    for back in (0, 1, 1, 89, 90):
        store.uptime.record([ok("s1", T0 - timedelta(days=back))], now=T0)
    cells = store.uptime.days(now=T0)["s1"]
    assert [cell.day for cell in cells] == [
        T0.date() - timedelta(days=n) for n in range(SHOWN_DAYS - 1, -1, -1)
    ]
    assert [cells[0].polls, cells[-2].polls, cells[-1].polls] == [1, 2, 1]
    assert sum(cell.polls for cell in cells) == 4  # 90 days back is past the strip


def test_the_tally_is_pruned_on_write_and_stays_bounded(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    path = tmp_path / "uptime.json"

    def kept() -> dict[str, dict[str, list[int]]]:
        data = json.loads(path.read_text())
        return {doc["source_id"]: doc["days"] for doc in data["days"].values()}

    for day in range(400):
        moment = T0 + timedelta(days=day)
        polled = [ok("s1", moment)] + ([failed("gone", moment)] if day < 10 else [])
        store.uptime.record(polled, now=moment)
        if day == 50:  # "gone" was removed after 10 days: its days are still kept...
            assert len(kept()["gone"]) == 10
    assert len(kept()["s1"]) == KEEP_DAYS
    assert min(kept()["s1"]) == (T0 + timedelta(days=400 - KEEP_DAYS)).date().isoformat()
    assert "gone" not in kept()  # ...until its last day was older than KEEP_DAYS
    assert path.stat().st_size < 6000


def test_an_offline_cycle_is_not_counted(tmp_path: Path) -> None:
    assert OFFLINE.startswith(OFFLINE_MARK)  # the poller's words, as this module knows them
    store = Store.open(tmp_path)
    offline = SourceHealth("s1", last_poll=T0, error=f"{OFFLINE} (connection refused)")
    store.uptime.record([offline, SourceHealth("s2")], now=T0)  # s2: never polled
    assert store.uptime.days(now=T0) == {}


def test_a_damaged_tally_never_stops_a_poll_and_starts_again(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    now = datetime.now(UTC)
    (tmp_path / "uptime.json").write_text('{"days": [1, 2')
    assert store.uptime.days(now=now) == {}  # unreadable: no data, no error
    store.save_health([failed("s1", now)])
    assert store.health()["s1"].error == "HTTP 500"
    assert list(tmp_path.glob("uptime.json.damaged-*"))
    # Hand-edited nonsense inside a readable file is skipped, not trusted.
    data = json.loads((tmp_path / "uptime.json").read_text())
    doc = next(iter(data["days"].values()))
    yesterday, before = (now.date() - timedelta(days=n) for n in (1, 2))
    doc["days"].update({"not a day": [1, 0], str(yesterday): [-3, "x"], str(before): [2, 9]})
    (tmp_path / "uptime.json").write_text(json.dumps(data))
    cells = store.uptime.days(now=now)["s1"]
    assert cells[-1] == DayTally(now.date(), 1, 1)
    assert cells[-2].polls == 0 and cells[-3] == DayTally(cells[-3].day, 2, 2)


async def test_a_real_poll_cycle_counts_into_the_tally(tmp_path: Path) -> None:
    """Through ``poll_once`` against a server on 127.0.0.1: one ok poll, then one failure."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from tui.domain import Source
    from tui.feeds.http import make_client
    from tui.feeds.poller import poll_once

    answers = [200, 500]

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(answers.pop(0) if answers else 500)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        store = Store.open(tmp_path)
        url = f"http://127.0.0.1:{server.server_address[1]}/health"
        store.save_source(Source(id="p1", url=url, kind="probe", fail_threshold=1))
        now = datetime.now(UTC)
        async with make_client() as client:
            for second in (0, 1):
                await poll_once(store, client, now=now + timedelta(seconds=second), force=True)
    finally:
        server.shutdown()
        server.server_close()
    assert store.health()["p1"].http_status == 500
    assert store.uptime.days(now=now)["p1"][-1] == DayTally(now.date(), 2, 1)
