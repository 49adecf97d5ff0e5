"""Your network or theirs: a cycle where nothing answers opens no incidents (issue 14, §3)."""

from __future__ import annotations

import socket
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tui.domain import Source
from tui.feeds.offline import OFFLINE
from tui.feeds.poller import poll_once
from tui.store import Store

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def probes(*urls: str) -> list[Source]:
    return [Source(id="", url=url, kind="probe", fail_threshold=1, every=15) for url in urls]


async def test_every_source_unanswered_on_two_hosts_is_offline(tmp_path, client) -> None:
    port = dead_port()
    store = Store.open(tmp_path / "store")
    sources = [
        store.save_source(s)
        for s in probes(f"http://127.0.0.1:{port}/", f"http://127.0.0.2:{port}/")
    ]
    sources.append(
        store.save_source(Source(id="", url=f"http://127.0.0.2:{port}/", kind="statuspage"))
    )
    report = await poll_once(store, client, now=T0, force=True)
    assert report.offline and not report.all_ok
    assert store.incidents() == []  # a probe with fail_threshold 1 would have opened one
    for source in sources:
        health = store.health()[source.id]
        assert health.error.startswith(f"{OFFLINE} (connection refused")
        assert health.consecutive_failures == 0  # nothing counted: no back-off, no burst


async def test_back_online_polling_resumes_without_false_incidents(
    tmp_path, server, client
) -> None:
    port = dead_port()
    store = Store.open(tmp_path / "store")
    for source in probes(f"http://127.0.0.1:{port}/", f"http://127.0.0.2:{port}/"):
        store.save_source(source)
    for minute in range(3):
        await poll_once(store, client, now=T0 + timedelta(minutes=minute), force=True)
    assert store.incidents() == []
    server.routes["/ok"] = server.Reply(200, b"ok")
    for source in store.sources():
        store.save_source(replace(source, url=server.url("/ok")))
    report = await poll_once(store, client, now=T0 + timedelta(minutes=5), force=True)
    assert report.all_ok and not report.offline
    assert store.incidents() == []


async def test_one_platform_down_while_another_answers_is_not_offline(
    tmp_path, server, client
) -> None:
    server.routes["/ok"] = server.Reply(200, b"ok")
    store = Store.open(tmp_path / "store")
    for source in probes(f"http://127.0.0.2:{dead_port()}/", server.url("/ok")):
        store.save_source(source)
    report = await poll_once(store, client, now=T0, force=True)
    assert not report.offline
    (incident,) = store.incidents()
    assert incident.title.startswith("Probe failing: http://127.0.0.2")


async def test_one_host_down_is_that_host_not_the_network(tmp_path, client) -> None:
    port = dead_port()
    store = Store.open(tmp_path / "store")
    for source in probes(f"http://127.0.0.1:{port}/a", f"http://127.0.0.1:{port}/b"):
        store.save_source(source)
    report = await poll_once(store, client, now=T0, force=True)
    assert not report.offline
    assert len(store.incidents()) == 2
