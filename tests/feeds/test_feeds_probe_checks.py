"""Probe checks a developer can rely on (issue 14, §3): body must not contain, JSON checks,
request headers whose secrets live in the environment, never in the store."""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tui.__main__ import main
from tui.domain import Source
from tui.feeds.poller import poll_once
from tui.kinds.conditions import ConditionError, header_lines, json_check_failure
from tui.store import Store

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PLAN = b'{"title": "Client Forbidden", "detail": "Your current API plan does not include access to this endpoint"}'


def probe(url: str, **checks) -> Source:
    return Source(id="", url=url, kind="probe", fail_threshold=1, **checks)


async def poll(tmp_path: Path, client, source: Source, now=T0) -> tuple[Store, Source]:
    store = Store.open(tmp_path / "store")
    saved = store.save_source(source)
    await poll_once(store, client, now=now, force=True)
    return store, saved


async def test_body_must_not_contain(tmp_path, server, client) -> None:
    server.routes["/2/tweets"] = server.Reply(200, PLAN)
    store, source = await poll(
        tmp_path,
        client,
        probe(server.url("/2/tweets"), body_excludes="does not include access"),
    )
    health = store.health()[source.id]
    assert health.error == "the response contains 'does not include access'"
    (incident,) = store.incidents()
    assert "does not include access" in incident.title


@pytest.mark.parametrize(
    ("check", "error"),
    [
        ("status.indicator == none", ""),
        ("components[1].name contains Git", ""),
        ("status.indicator == major", "JSON check: status.indicator is 'none', expected 'major'"),
        ("status.missing == x", "JSON check: no value at status.missing"),
    ],
)
async def test_json_check(tmp_path, server, client, check: str, error: str) -> None:
    body = {"status": {"indicator": "none"}, "components": [{"name": "API"}, {"name": "Git ops"}]}
    server.routes["/status.json"] = server.Reply(200, json.dumps(body).encode())
    store, source = await poll(
        tmp_path, client, probe(server.url("/status.json"), json_check=check)
    )
    assert store.health()[source.id].error == error
    assert len(store.incidents()) == (1 if error else 0)


def test_json_check_of_a_body_that_is_not_json() -> None:
    assert json_check_failure(b"<html>", "a == b") == "the response is not JSON (JSON check)"
    with pytest.raises(ConditionError):
        json_check_failure(b"{}", "no operator here")


async def test_a_secret_header_is_read_from_the_environment_at_poll_time(
    tmp_path, server, client, monkeypatch
) -> None:
    server.routes["/2/users/me"] = server.Reply(200, b'{"data": {"id": "1"}}')
    monkeypatch.setenv("X_BEARER_TOKEN", "s3cr3t-token")
    store, source = await poll(
        tmp_path,
        client,
        probe(server.url("/2/users/me"), headers="Authorization: Bearer $X_BEARER_TOKEN"),
    )
    assert store.health()[source.id].error == ""
    sent = server.requests[-1][2]
    assert sent.get("Authorization") == "Bearer s3cr3t-token"
    on_disk = "".join(p.read_text() for p in (tmp_path / "store").rglob("*.json"))
    assert "s3cr3t-token" not in on_disk and "$X_BEARER_TOKEN" in on_disk


async def test_a_missing_variable_is_a_clear_error_and_no_incident(tmp_path, server, client):
    server.routes["/x"] = server.Reply(200, b"ok")
    store, source = await poll(
        tmp_path, client, probe(server.url("/x"), headers="Authorization: Bearer ${NOT_SET_X}")
    )
    health = store.health()[source.id]
    assert health.error == "environment variable NOT_SET_X is not set (header Authorization)"
    assert store.incidents() == []
    assert server.requests == []  # nothing sent without its secret


def test_a_literal_secret_is_refused() -> None:
    with pytest.raises(ConditionError, match=r"write it as \$VARIABLE"):
        header_lines("Authorization: Bearer abc123")
    assert header_lines("Accept: application/json") == [("Accept", "application/json")]


def test_an_expected_status_that_is_no_code_range_or_class_is_refused(tmp_path, capsys):
    """``20O`` once passed for "2xx/3xx" without a word."""
    from tui.kinds.conditions import status_ranges

    assert status_ranges("200-204, 3xx,418") == [(200, 204), (300, 399), (418, 418)]
    assert status_ranges("") == [(200, 399)]
    db = ["--db", str(tmp_path / "db")]
    argv = [*db, "source", "add", "http://127.0.0.1:9/", "--kind", "probe"]
    assert main([*argv, "--expect-status", "20O"]) == 1
    assert "expected status '20O'" in capsys.readouterr().err
    assert Store.open(tmp_path / "db").sources() == []


def test_source_add_flags_store_the_reference_never_the_value(
    server, tmp_path, capsys, monkeypatch
) -> None:
    server.routes["/api"] = server.Reply(200, b"ok")
    monkeypatch.setenv("X_BEARER_TOKEN", "s3cr3t-token")
    db = ["--db", str(tmp_path / "db")]
    argv = [*db, "source", "add", server.url("/api"), "--kind", "probe"]
    flags = ["--header", "Authorization: Bearer $X_BEARER_TOKEN", "--body-excludes", "plan"]
    assert main([*argv, *flags, "--json-check", "data.id == 1"]) == 0
    capsys.readouterr()
    assert main([*db, "source", "list", "--json"]) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert row["headers"] == "Authorization: Bearer $X_BEARER_TOKEN"
    assert (row["body_excludes"], row["json_check"]) == ("plan", "data.id == 1")
    assert main([*argv, "--header", "Authorization: Bearer s3cr3t-token"]) == 1
    assert "write it as $VARIABLE" in capsys.readouterr().err


def _self_signed(tmp_path: Path, days: int) -> tuple[Path, Path]:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            str(days),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return key, cert


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
@pytest.mark.parametrize(("days_left", "limit", "fails"), [(5, 14, True), (5, 3, False)])
async def test_tls_certificate_expiring_within_n_days(
    tmp_path, days_left: int, limit: int, fails: bool
) -> None:
    key, cert = _self_signed(tmp_path, days_left)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"https://127.0.0.1:{httpd.server_address[1]}/"
        async with httpx.AsyncClient(verify=ssl.create_default_context(cafile=str(cert))) as tls:
            checked = probe(url, cert_expiry_days=limit)
            store, source = await poll(tmp_path, tls, checked, now=None)  # the real clock
        error = store.health()[source.id].error
        if fails:
            assert error.startswith(f"TLS certificate expires in {days_left - 1} days")  # 4d 23h
        else:
            assert error == ""
    finally:
        httpd.shutdown()
        httpd.server_close()
