"""`whalewatch source ...` and `whalewatch poll --once`, as a user runs them."""

from __future__ import annotations

import json
import socket

from tui.__main__ import main

SUMMARY = {
    "page": {"id": "p", "name": "Example", "url": "https://status.example"},
    "status": {"indicator": "minor", "description": "Minor Service Outage"},
    "components": [],
    "incidents": [],
    "scheduled_maintenances": [],
}
INCIDENTS = {
    "incidents": [
        {
            "id": "i1",
            "name": "API errors \x1b[31m[red]",
            "status": "resolved",
            "impact": "minor",
            "created_at": "2022-11-04T10:00:00Z",
            "resolved_at": "2022-11-04T11:00:00Z",
            "shortlink": "https://stspg.io/i1",
            "incident_updates": [
                {"status": "resolved", "body": "Fixed.", "display_at": "2022-11-04T11:00:00Z"},
                {
                    "status": "investigating",
                    "body": "Errors.",
                    "created_at": "2022-11-04T10:00:00Z",
                },
            ],
        }
    ]
}
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ops</title><id>urn:ops</id>
<updated>2022-11-04T10:00:00Z</updated>
<entry><id>urn:ops:1</id><title>Search degraded</title><updated>2022-11-04T10:00:00Z</updated>
<link href="https://ops.example/1"/><summary>Slow search.</summary></entry></feed>"""


def serve_statuspage(server) -> None:
    server.routes["/api/v2/summary.json"] = server.Reply(200, json.dumps(SUMMARY).encode())
    server.routes["/api/v2/incidents.json"] = server.Reply(200, json.dumps(INCIDENTS).encode())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_source_test_json_prints_one_incident_per_line(server, tmp_path, capsys) -> None:
    serve_statuspage(server)
    status = main(["--db", str(tmp_path / "db"), "source", "test", server.base, "--json"])
    out = capsys.readouterr().out
    assert status == 0
    (line,) = out.splitlines()
    incident = json.loads(line)
    assert incident["id"] == "i1"
    assert incident["title"] == "API errors \ufffd[31m[red]"
    assert incident["status"] == "resolved" and incident["impact"] == "minor"
    assert incident["started_at"] == "2022-11-04T10:00:00Z"
    assert incident["resolved_at"] == "2022-11-04T11:00:00Z"
    assert incident["url"] == "https://stspg.io/i1"
    assert incident["updates"] == [
        {"status": "investigating", "body": "Errors.", "at": "2022-11-04T10:00:00Z"},
        {"status": "resolved", "body": "Fixed.", "at": "2022-11-04T11:00:00Z"},
    ]
    assert not (tmp_path / "db").exists()  # nothing written


def test_source_test_detects_a_feed(server, tmp_path, capsys) -> None:
    server.routes["/feed.atom"] = server.Reply(200, ATOM, {"Content-Type": "application/atom+xml"})
    status = main(["--db", str(tmp_path / "db"), "source", "test", server.url("/feed.atom")])
    out = capsys.readouterr().out
    assert status == 0
    assert "kind: feed" in out and "Search degraded" in out


def test_source_test_failures_are_one_line_on_stderr(server, tmp_path, capsys) -> None:
    server.routes["/down"] = server.Reply(503, b"")
    server.routes["/big"] = server.Reply(200, b"x" * (6 * 1024 * 1024))
    server.routes["/html/api/v2/summary.json"] = server.Reply(200, b"<html></html>")
    cases = [
        ([server.url("/down")], "HTTP 503 Service Unavailable"),
        ([f"http://127.0.0.1:{free_port()}/"], "connection refused"),
        ([server.url("/big"), "--kind", "feed"], "response larger than 5 MiB"),
        ([server.url("/html"), "--kind", "statuspage"], "got HTML or XML where JSON"),
        (["ftp://example.com/"], "not an http(s) URL"),
    ]
    for argv, reason in cases:
        status = main(["--db", str(tmp_path / "db"), "source", "test", *argv])
        captured = capsys.readouterr()
        assert status != 0, argv
        assert captured.out == ""
        assert len(captured.err.strip().splitlines()) == 1, captured.err
        assert reason in captured.err


def test_add_list_poll_remove(server, tmp_path, capsys) -> None:
    serve_statuspage(server)
    db = ["--db", str(tmp_path / "db")]
    assert main([*db, "source", "add", server.base, "--platform", "Example"]) == 0
    assert "added s1: statuspage" in capsys.readouterr().out
    assert main([*db, "source", "add", "--preset", "github"]) == 0
    capsys.readouterr()
    assert main([*db, "source", "add", "--preset", "github"]) == 1
    assert "already watched as s2" in capsys.readouterr().err
    assert main([*db, "source", "list", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["id"], r["kind"], r["url"]) for r in rows] == [
        ("s1", "statuspage", server.base),
        ("s2", "statuspage", "https://www.githubstatus.com"),
    ]
    assert main([*db, "source", "remove", "s2"]) == 0
    capsys.readouterr()
    assert main([*db, "poll", "--once"]) == 0
    out = capsys.readouterr().out
    assert "s1 ok" in out and "new      s1:i1" in out
    assert main([*db, "source", "list"]) == 0
    assert "ok at" in capsys.readouterr().out


def test_poll_once_exits_non_zero_when_a_source_fails(server, tmp_path, capsys) -> None:
    db = ["--db", str(tmp_path / "db")]
    port = free_port()
    assert main([*db, "source", "add", f"http://127.0.0.1:{port}/", "--kind", "feed"]) == 0
    capsys.readouterr()
    assert main([*db, "poll", "--once"]) == 1
    assert "s1 FAILED connection refused" in capsys.readouterr().out


def test_poll_once_refuses_while_another_poller_holds_the_lock(tmp_path, capsys) -> None:
    from tui.store import Store

    db = tmp_path / "db"
    store = Store.open(db)
    # flock locks are per open file description: a second descriptor in this process
    # competes like another process would.
    other = Store(db)
    assert other.poller_lock.try_acquire()
    try:
        assert main(["--db", str(db), "poll", "--once"]) != 0
        assert "already polling" in capsys.readouterr().err
    finally:
        other.poller_lock.release()
    del store


def test_add_refuses_unreachable_url_in_auto_mode(tmp_path, capsys) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    assert main(["--db", str(tmp_path / "db"), "source", "add", url]) == 1
    assert "connection refused" in capsys.readouterr().err


def test_presets_list_real_urls(capsys) -> None:
    assert main(["source", "presets"]) == 0
    out = capsys.readouterr().out
    for url in (
        "https://api.twitterstat.us",
        "https://www.githubstatus.com",
        "https://www.redditstatus.com",
        "https://discordstatus.com",
        "https://www.cloudflarestatus.com",
        "https://status.openai.com",
    ):
        assert url in out


def test_source_test_refuses_an_entity_bomb_feed(server, tmp_path, capsys) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<rss version="2.0"><channel><title>&b;</title></channel></rss>'
    )
    server.routes["/bomb.rss"] = server.Reply(200, bomb, {"Content-Type": "application/rss+xml"})
    status = main(["--db", str(tmp_path / "db"), "source", "test", server.url("/bomb.rss")])
    captured = capsys.readouterr()
    assert status == 1
    assert "declares XML entities" in captured.err
