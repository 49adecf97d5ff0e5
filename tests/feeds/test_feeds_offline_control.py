"""Your network or theirs, decided by a control URL or a witness host (issue 14, §3).

A control URL the user set decides whether unanswered failures are this machine's network;
without one, a probe failing alone in its cycle asks another source's host before opening an
incident. Real servers and dead ports on 127.0.0.1 and 127.0.0.2 (never a public address).
"""

from __future__ import annotations

import socket
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tui.__main__ import main
from tui.demo.dataset import CONTROL_URL, load_demo
from tui.domain import Source
from tui.feeds.poller import poll_once
from tui.offline_state import OFFLINE, network_state
from tui.store import Store

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def probe(url: str) -> Source:
    return Source(id="", url=url, kind="probe", fail_threshold=1, every=15)


async def test_a_control_url_that_does_not_answer_makes_the_cycle_offline(
    tmp_path, server, client
) -> None:
    server.routes["/ok"] = server.Reply(200, b"ok")
    store = Store.open(tmp_path / "store")
    store.configuration.save_control_url(f"http://127.0.0.2:{dead_port()}/")
    failing = store.save_source(probe(f"http://127.0.0.1:{dead_port()}/"))
    answering = store.save_source(probe(server.url("/ok")))
    report = await poll_once(store, client, now=T0, force=True)
    assert report.offline
    assert store.incidents() == []
    health = store.health()
    assert health[failing.id].error.startswith(f"{OFFLINE} (connection refused")
    assert health[answering.id].ok  # what answered keeps its own result
    assert network_state(store.sources(), health).offline


async def test_a_control_url_that_answers_means_the_sources_are_down(
    tmp_path, server, client
) -> None:
    server.routes["/generate_204"] = server.Reply(204, b"")
    store = Store.open(tmp_path / "store")
    store.configuration.save_control_url(server.url("/generate_204"))
    port = dead_port()
    for url in (f"http://127.0.0.1:{port}/", f"http://127.0.0.2:{port}/"):
        store.save_source(probe(url))
    report = await poll_once(store, client, now=T0, force=True)
    assert not report.offline  # without the control URL, two dead hosts would say offline
    assert len(store.incidents()) == 2
    assert ("GET", "/generate_204") in [(m, p) for m, p, _ in server.requests]


async def test_no_request_to_the_control_url_while_everything_answers(
    tmp_path, server, client
) -> None:
    server.routes["/ok"] = server.Reply(200, b"ok")
    server.routes["/control"] = server.Reply(204, b"")
    store = Store.open(tmp_path / "store")
    store.configuration.save_control_url(server.url("/control"))
    store.save_source(probe(server.url("/ok")))
    await poll_once(store, client, now=T0, force=True)
    assert [p for _, p, _ in server.requests] == ["/ok"]


async def test_a_probe_failing_alone_asks_a_witness_host(tmp_path, client) -> None:
    """Sources fall due at different moments: the offline laptop's first cycle has one probe."""
    store = Store.open(tmp_path / "store")
    alone = store.save_source(probe(f"http://127.0.0.1:{dead_port()}/"))
    store.save_source(probe(f"http://127.0.0.2:{dead_port()}/"))  # not due in this cycle
    report = await poll_once(store, client, now=T0, sources=[alone], force=True)
    assert report.offline
    assert store.incidents() == []
    assert store.health()[alone.id].consecutive_failures == 0


async def test_a_witness_that_answers_lets_the_probe_open_its_incident(
    tmp_path, server, client
) -> None:
    server.routes["/"] = server.Reply(200, b"ok")
    store = Store.open(tmp_path / "store")
    alone = store.save_source(probe(f"http://127.0.0.2:{dead_port()}/"))
    store.save_source(probe(server.url("/")))
    report = await poll_once(store, client, now=T0, sources=[alone], force=True)
    assert not report.offline
    (incident,) = store.incidents()
    assert incident.title.startswith("Probe failing: http://127.0.0.2")


async def test_the_first_cycle_back_online_clears_offline(tmp_path, server, client) -> None:
    server.routes["/ok"] = server.Reply(200, b"ok")
    store = Store.open(tmp_path / "store")
    control = f"http://127.0.0.2:{dead_port()}/"
    store.configuration.save_control_url(control)
    dead = f"http://127.0.0.1:{dead_port()}/"
    a = store.save_source(probe(dead))
    b = store.save_source(probe(dead.replace("127.0.0.1", "127.0.0.2")))
    for minute in range(3):
        await poll_once(store, client, now=T0 + timedelta(minutes=minute), force=True)
    assert network_state(store.sources(), store.health()).offline
    store.configuration.save_control_url(server.url("/ok"))
    back = store.save_source(replace(a, url=server.url("/ok")))
    report = await poll_once(
        store, client, now=T0 + timedelta(minutes=5), sources=[back], force=True
    )
    assert not report.offline
    # b was not polled again and still says offline; the latest cycle answered.
    assert store.health()[b.id].error.startswith(OFFLINE)
    assert not network_state(store.sources(), store.health()).offline
    assert store.incidents() == []


def test_the_control_url_is_set_shown_and_cleared_from_the_cli(tmp_path, capsys) -> None:
    db = ["--db", str(tmp_path / "db")]
    assert main([*db, "source", "control"]) == 0
    assert "no control URL" in capsys.readouterr().out
    assert main([*db, "source", "control", "https://Example.com/generate_204"]) == 0
    assert "control URL set: https://example.com/generate_204" in capsys.readouterr().out
    assert Store.open(tmp_path / "db").configuration.control_url() == (
        "https://example.com/generate_204"
    )
    assert main([*db, "source", "control"]) == 0
    assert capsys.readouterr().out.strip() == "control URL: https://example.com/generate_204"
    assert main([*db, "source", "control", "--clear"]) == 0
    assert "control URL cleared" in capsys.readouterr().out
    assert Store.open(tmp_path / "db").configuration.control_url() == ""


def test_a_bad_control_url_is_one_line(tmp_path, capsys) -> None:
    db = ["--db", str(tmp_path / "db")]
    assert main([*db, "source", "control", "ftp://example.com/"]) != 0
    err = capsys.readouterr().err
    assert err.strip() == "whalewatch: not an http(s) URL: 'ftp://example.com/'"
    assert main([*db, "source", "control", "https://u:p@example.com/"]) != 0
    assert "user name or password" in capsys.readouterr().err
    assert Store.open(tmp_path / "db").configuration.control_url() == ""


def test_the_demo_has_a_control_url(tmp_path) -> None:
    store = Store.open(tmp_path / "store")
    load_demo(store, now=T0)
    assert store.configuration.control_url() == CONTROL_URL


def test_poll_once_says_offline(tmp_path, capsys) -> None:
    db = ["--db", str(tmp_path / "db")]
    port = dead_port()
    for host in ("127.0.0.1", "127.0.0.2"):
        assert main([*db, "source", "add", f"http://{host}:{port}/", "--kind", "probe"]) == 0
    assert main([*db, "poll", "--once"]) == 1
    err = capsys.readouterr().err
    assert f"whalewatch: {OFFLINE}: sources without an answer opened nothing" in err
    assert Store.open(tmp_path / "db").incidents() == []
