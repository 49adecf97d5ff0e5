"""poll_once against a real local server: what ends up in the store, cycle after cycle."""

from __future__ import annotations

import asyncio
import json
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import tui.demo  # noqa: F401  (registers the replay kind)
from tui.domain import Source, to_iso
from tui.feeds.poller import Poller, poll_once
from tui.store import Store

T0 = datetime(2023, 3, 6, 16, 0, tzinfo=UTC)


def statuspage_payloads(updates: list[tuple[str, str, str]], status: str, indicator: str):
    incident = {
        "id": "inc1",
        "name": "Links and images not loading",
        "status": status,
        "impact": "major",
        "created_at": "2023-03-06T16:00:00Z",
        "resolved_at": "2023-03-06T18:00:00Z" if status == "resolved" else None,
        "shortlink": "https://stspg.io/inc1",
        "components": [{"name": "API"}],
        "incident_updates": [
            {"status": s, "body": b, "created_at": at, "display_at": at} for s, b, at in updates
        ],
    }
    summary = {
        "page": {"id": "p", "name": "Twitter API", "url": "https://api.twitterstat.us"},
        "status": {"indicator": indicator, "description": "Partial System Outage"},
        "components": [{"name": "API", "status": "major_outage"}],
        "incidents": [] if status == "resolved" else [incident],
        "scheduled_maintenances": [],
    }
    return json.dumps(summary).encode(), json.dumps({"incidents": [incident]}).encode()


def serve_statuspage(server, summary: bytes, incidents: bytes, etag: str = "") -> None:
    headers = {"Content-Type": "application/json"}
    if etag:
        headers["ETag"] = etag
    server.routes["/api/v2/summary.json"] = server.Reply(200, summary, headers)
    server.routes["/api/v2/incidents.json"] = server.Reply(200, incidents, headers)


def new_store(tmp_path: Path, *sources: Source) -> tuple[Store, list[Source]]:
    store = Store.open(tmp_path / "store")
    return store, [store.save_source(source) for source in sources]


FIRST = ("investigating", "Looking into it.", "2023-03-06T16:00:00Z")
SECOND = ("identified", "An API change broke t.co.", "2023-03-06T16:20:00Z")


async def test_same_payload_twice_changes_nothing(tmp_path, server, client) -> None:
    store, (source,) = new_store(
        tmp_path, Source(id="", url=server.base, kind="statuspage", platform="X/Twitter")
    )
    serve_statuspage(server, *statuspage_payloads([FIRST], "investigating", "major"))
    first = await poll_once(store, client, now=T0)
    assert first.all_ok and len(first.merge.new) == 1
    second = await poll_once(store, client, now=T0 + timedelta(hours=1))
    assert second.all_ok and not second.merge.any
    (stored,) = store.incidents()
    assert stored.id == f"{source.id}:inc1" and len(stored.updates) == 1
    assert store.health()[source.id].indicator == "major"


async def test_changed_payload_appends_the_new_update(tmp_path, server, client) -> None:
    store, (source,) = new_store(tmp_path, Source(id="", url=server.base, kind="statuspage"))
    serve_statuspage(server, *statuspage_payloads([FIRST], "investigating", "major"))
    await poll_once(store, client, now=T0)
    serve_statuspage(server, *statuspage_payloads([SECOND, FIRST], "identified", "major"))
    report = await poll_once(store, client, now=T0 + timedelta(hours=1))
    assert [i.id for i in report.merge.changed] == [f"{source.id}:inc1"]
    stored = store.incident(f"{source.id}:inc1")
    assert stored.status == "identified"
    assert [u.body for u in stored.updates] == ["Looking into it.", "An API change broke t.co."]


async def test_resolution_seen_through_incidents_json(tmp_path, server, client) -> None:
    store, (source,) = new_store(tmp_path, Source(id="", url=server.base, kind="statuspage"))
    serve_statuspage(server, *statuspage_payloads([FIRST], "investigating", "major"))
    await poll_once(store, client, now=T0)
    done = ("resolved", "Fixed.", "2023-03-06T18:00:00Z")
    serve_statuspage(server, *statuspage_payloads([done, SECOND, FIRST], "resolved", "none"))
    await poll_once(store, client, now=T0 + timedelta(hours=3))
    stored = store.incident(f"{source.id}:inc1")
    assert not stored.is_open and stored.resolved_at is not None
    assert store.open_incident_keys() == {}


async def test_unreachable_source_keeps_incidents_open_and_is_marked_failing(
    tmp_path, server, client
) -> None:
    store, (source,) = new_store(tmp_path, Source(id="", url=server.base, kind="statuspage"))
    serve_statuspage(server, *statuspage_payloads([FIRST], "investigating", "major"))
    await poll_once(store, client, now=T0)
    server.routes.clear()
    server.routes["/api/v2/summary.json"] = server.Reply(503, b"")
    later = T0 + timedelta(hours=1)
    report = await poll_once(store, client, now=later)
    assert not report.all_ok
    assert report.outcomes[0].error == "HTTP 503 Service Unavailable"
    assert store.incident(f"{source.id}:inc1").is_open
    health = store.health()[source.id]
    assert health.error == "HTTP 503 Service Unavailable"
    assert health.consecutive_failures == 1
    assert health.is_stale(source.every, now=later)
    assert health.next_poll > later


async def test_connection_refused_source(tmp_path, client) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    store, (source,) = new_store(
        tmp_path, Source(id="", url=f"http://127.0.0.1:{port}", kind="feed")
    )
    report = await poll_once(store, client, now=T0)
    assert not report.all_ok
    assert store.health()[source.id].error == "connection refused"


async def test_backoff_grows_while_failing(tmp_path, server, client) -> None:
    server.routes["/feed"] = server.Reply(500, b"")
    store, (source,) = new_store(
        tmp_path, Source(id="", url=server.url("/feed"), kind="feed", every=60)
    )
    now = T0
    waits = []
    for _ in range(4):
        await poll_once(store, client, now=now)
        next_poll = store.health()[source.id].next_poll
        waits.append((next_poll - now).total_seconds())
        now = next_poll
    assert waits[0] >= 60 and waits[1] >= 120 and waits[2] >= 240 and waits[3] >= 480


async def test_bad_payload_fails_only_its_own_source(tmp_path, server, client) -> None:
    server.routes["/html/api/v2/summary.json"] = server.Reply(200, b"<html>Log in</html>")
    server.routes["/deep/api/v2/summary.json"] = server.Reply(200, b"[" * 200_000)
    serve_statuspage(server, *statuspage_payloads([FIRST], "investigating", "major"))
    store, sources = new_store(
        tmp_path,
        Source(id="", url=server.url("/html"), kind="statuspage"),
        Source(id="", url=server.url("/deep"), kind="statuspage"),
        Source(id="", url=server.base, kind="statuspage"),
    )
    report = await poll_once(store, client, now=T0)
    errors = {o.source.id: o.error for o in report.outcomes}
    assert errors[sources[0].id] == "got HTML or XML where JSON was expected"
    assert "JSON" in errors[sources[1].id]
    assert errors[sources[2].id] == ""
    assert len(store.incidents()) == 1


async def test_conditional_requests_and_not_modified(tmp_path, server, client) -> None:
    summary, incidents = statuspage_payloads([FIRST], "investigating", "major")

    def route(handler):
        if handler.headers.get("If-None-Match") == '"abc"':
            return server.Reply(304, b"", {"ETag": '"abc"'})
        return server.Reply(200, summary, {"ETag": '"abc"'})

    server.routes["/api/v2/summary.json"] = route
    server.routes["/api/v2/incidents.json"] = server.Reply(200, incidents)
    store, (source,) = new_store(tmp_path, Source(id="", url=server.base, kind="statuspage"))
    await poll_once(store, client, now=T0)
    report = await poll_once(store, client, now=T0 + timedelta(hours=1))
    assert report.outcomes[0].ok and report.outcomes[0].not_modified
    assert store.health()[source.id].etag == '"abc"'
    assert store.health()[source.id].indicator == "major"
    summary_requests = [r for r in server.requests if r[1] == "/api/v2/summary.json"]
    assert summary_requests[-1][2].get("If-None-Match") == '"abc"'


async def test_retry_after_is_honoured(tmp_path, server, client) -> None:
    server.routes["/feed"] = server.Reply(429, b"", {"Retry-After": "3600"})
    store, (source,) = new_store(tmp_path, Source(id="", url=server.url("/feed"), kind="feed"))
    await poll_once(store, client, now=T0)
    health = store.health()[source.id]
    assert health.error == "HTTP 429 Too Many Requests"
    assert health.next_poll >= T0 + timedelta(seconds=3600)
    again = await poll_once(store, client, now=T0 + timedelta(minutes=30))
    assert again.polled == 0  # not due yet: the server asked for an hour


async def test_sources_are_polled_only_when_due_and_not_paused(tmp_path, server, client) -> None:
    server.routes["/ok"] = server.Reply(200, b"fine")
    store, (active, paused) = new_store(
        tmp_path,
        Source(id="", url=server.url("/ok"), kind="probe", every=60),
        Source(id="", url=server.url("/ok"), kind="probe", paused=True),
    )
    first = await poll_once(store, client, now=T0)
    assert [o.source.id for o in first.outcomes] == [active.id]
    assert (await poll_once(store, client, now=T0 + timedelta(seconds=10))).polled == 0
    assert (await poll_once(store, client, now=T0 + timedelta(seconds=80))).polled == 1


async def test_hostile_payload_is_stored_clean(tmp_path, server, client) -> None:
    evil = ("investigating", "\x1b[2J\x1b]0;pwned\x07 [bold]boom[/bold] \u202egnp.exe", FIRST[2])
    summary, incidents = statuspage_payloads([evil], "investigating", "major")
    summary = summary.replace(b"Links and images", b"\\u001b[31mLinks\\u009b and images")
    serve_statuspage(server, summary, incidents.replace(b"Links and images", b"\\u001bLinks"))
    store, (source,) = new_store(tmp_path, Source(id="", url=server.base, kind="statuspage"))
    await poll_once(store, client, now=T0)
    stored = store.incident(f"{source.id}:inc1")
    text = stored.title + stored.updates[0].body
    assert not any(c in text for c in ("\x1b", "\x07", "\x9b", "\u202e"))
    assert "[bold]boom[/bold]" in stored.updates[0].body


async def test_probe_opens_after_failures_and_resolves_after_successes(
    tmp_path, server, client
) -> None:
    state = {"status": 503}
    server.routes["/health"] = lambda handler: server.Reply(state["status"], b"")
    url = server.url("/health")
    store, (probe,) = new_store(
        tmp_path, Source(id="", url=url, kind="probe", every=15, platform="X/Twitter")
    )
    now = T0

    async def cycle():
        nonlocal now
        now += timedelta(minutes=1)
        return await poll_once(store, client, now=now)

    report = await cycle()
    assert not report.all_ok and store.incidents() == []  # one failure is noise
    await cycle()
    (incident,) = store.incidents()
    assert incident.title == f"Probe failing: {url} (HTTP 503)"
    assert incident.status == "investigating" and incident.impact == "major"
    assert incident.is_open and not incident.unacknowledged
    await cycle()
    assert len(store.incidents()) == 1  # still failing: the same incident
    state["status"] = 200
    await cycle()
    assert store.incidents()[0].is_open
    await cycle()
    (incident,) = store.incidents()
    assert not incident.is_open and incident.updates[-1].status == "resolved"
    health = store.health()[probe.id]
    assert health.consecutive_successes == 2 and len(health.latencies) == 5


async def test_slow_probe_fails_on_its_latency_limit(tmp_path, server, client) -> None:
    server.routes["/slow"] = server.Reply(200, b"ok", delay=0.5)
    store, (probe,) = new_store(
        tmp_path,
        Source(id="", url=server.url("/slow"), kind="probe", latency_limit_ms=50, fail_threshold=1),
    )
    await poll_once(store, client, now=T0)
    assert store.health()[probe.id].error.startswith("slow: ")
    (incident,) = store.incidents()
    assert incident.title.startswith("Probe failing:") and "slow" in incident.title


async def test_probe_body_check(tmp_path, server, client) -> None:
    server.routes["/page"] = server.Reply(200, b"<h1>Something went wrong</h1>")
    store, (probe,) = new_store(
        tmp_path,
        Source(id="", url=server.url("/page"), kind="probe", body_contains="Home timeline"),
    )
    report = await poll_once(store, client, now=T0)
    assert report.outcomes[0].error == "expected text not found in the response"


async def test_failing_probe_while_status_page_is_green_is_unacknowledged(
    tmp_path, server, client
) -> None:
    summary, incidents = statuspage_payloads([FIRST], "resolved", "none")
    serve_statuspage(server, summary, b'{"incidents": []}')
    server.routes["/timeline"] = server.Reply(502, b"")
    store, _ = new_store(
        tmp_path,
        Source(id="", url=server.base, kind="statuspage", platform="X/Twitter"),
        Source(
            id="", url=server.url("/timeline"), kind="probe", platform="X/Twitter", fail_threshold=1
        ),
    )
    await poll_once(store, client, now=T0)
    (incident,) = store.incidents()
    assert incident.title.endswith("(HTTP 502)")
    assert incident.unacknowledged


async def test_replay_source_needs_no_network(tmp_path, client) -> None:
    store, (source,) = new_store(
        tmp_path, Source(id="", url="replay:demo", kind="replay", created_at=T0)
    )
    report = await poll_once(store, client, now=T0 + timedelta(seconds=50))
    assert report.all_ok
    (incident,) = store.incidents()
    assert incident.status == "identified"
    assert store.health()[source.id].next_poll == T0 + timedelta(seconds=55)


async def test_poller_loop_runs_until_stopped(tmp_path, server, client) -> None:
    server.routes["/ok"] = server.Reply(200, b"fine")
    store, (source,) = new_store(tmp_path, Source(id="", url=server.url("/ok"), kind="probe"))
    stop = asyncio.Event()
    reports = []

    def on_report(report):
        reports.append(report)
        stop.set()

    await asyncio.wait_for(Poller(store, client, on_report=on_report).run(stop), timeout=30)
    assert reports and reports[0].all_ok
    assert to_iso(store.health()[source.id].last_ok) is not None


async def test_head_probe_of_a_big_page_passes(tmp_path, server, client) -> None:
    server.routes["/home"] = server.Reply(200, b"x" * (6 * 1024 * 1024))
    store, _ = new_store(
        tmp_path,
        Source(id="", url=server.url("/home"), kind="probe", method="HEAD"),
        Source(id="", url=server.url("/home"), kind="probe"),
    )
    report = await poll_once(store, client, now=T0)
    assert report.all_ok
    assert [r[0] for r in server.requests].count("HEAD") == 1
