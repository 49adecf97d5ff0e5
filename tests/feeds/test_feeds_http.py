"""fetch() against a real local server: every bad answer becomes a plain-words error."""

from __future__ import annotations

import gzip
import socket
import time
import zlib

from tui.feeds.http import fetch, parse_retry_after


async def test_ok_body_and_validators(server, client) -> None:
    server.routes["/a"] = server.Reply(
        200, b"hello", {"ETag": '"v1"', "Last-Modified": "Wed, 01 Jan 2025 00:00:00 GMT"}
    )
    result = await fetch(client, server.url("/a"))
    assert result.ok and result.status == 200 and result.body == b"hello"
    assert result.etag == '"v1"'
    assert result.last_modified == "Wed, 01 Jan 2025 00:00:00 GMT"
    assert result.elapsed_ms is not None


async def test_conditional_request_gets_not_modified(server, client) -> None:
    def route(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return server.Reply(304, b"", {"ETag": '"v1"'})
        return server.Reply(200, b"data", {"ETag": '"v1"'})

    server.routes["/c"] = route
    first = await fetch(client, server.url("/c"))
    second = await fetch(client, server.url("/c"), etag=first.etag)
    assert first.body == b"data" and not first.not_modified
    assert second.ok and second.not_modified and second.status == 304 and second.body == b""


async def test_too_many_requests_reports_retry_after(server, client) -> None:
    server.routes["/busy"] = server.Reply(429, b"slow down", {"Retry-After": "120"})
    result = await fetch(client, server.url("/busy"))
    assert result.error == "HTTP 429 Too Many Requests"
    assert result.retry_after == 120


def test_retry_after_as_http_date() -> None:
    from datetime import UTC, datetime

    now = datetime(2025, 1, 1, 0, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Wed, 01 Jan 2025 00:01:30 GMT", now) == 90
    assert parse_retry_after("soon", now) is None


async def test_service_unavailable_in_plain_words(server, client) -> None:
    server.routes["/down"] = server.Reply(503, b"")
    result = await fetch(client, server.url("/down"))
    assert result.error == "HTTP 503 Service Unavailable" and result.status == 503


async def test_six_mebibyte_body_is_refused(server, client) -> None:
    server.routes["/big"] = server.Reply(200, b"x" * (6 * 1024 * 1024))
    result = await fetch(client, server.url("/big"))
    assert result.error == "response larger than 5 MiB"
    assert result.body == b""


async def test_six_mebibytes_streamed_without_length_is_refused(server, client) -> None:
    def drip():
        for _ in range(96):
            yield b"y" * 65536

    server.routes["/stream"] = server.Reply(200, drip)
    result = await fetch(client, server.url("/stream"))
    assert result.error == "response larger than 5 MiB"


async def test_gzip_bomb_stops_at_the_decompressed_limit(server, client) -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 1024 * 1024
    server.routes["/bomb"] = server.Reply(200, bomb, {"Content-Encoding": "gzip"})
    result = await fetch(client, server.url("/bomb"))
    assert result.error == "response larger than 5 MiB"


async def test_gzip_and_deflate_bodies_are_decoded(server, client) -> None:
    server.routes["/gz"] = server.Reply(200, gzip.compress(b"zipped"), {"Content-Encoding": "gzip"})
    server.routes["/df"] = server.Reply(
        200, zlib.compress(b"deflated"), {"Content-Encoding": "deflate"}
    )
    assert (await fetch(client, server.url("/gz"))).body == b"zipped"
    assert (await fetch(client, server.url("/df"))).body == b"deflated"


async def test_slow_drip_is_cut_by_the_overall_deadline(server, client) -> None:
    def drip():
        for _ in range(100):
            yield b"."
            time.sleep(0.1)

    server.routes["/drip"] = server.Reply(200, drip)
    result = await fetch(client, server.url("/drip"), deadline=1.0)
    assert result.error == "timed out after 1 s"


async def test_redirect_loop_is_refused(server, client) -> None:
    server.routes["/r1"] = server.Reply(302, b"", {"Location": "/r2"})
    server.routes["/r2"] = server.Reply(302, b"", {"Location": "/r1"})
    result = await fetch(client, server.url("/r1"))
    assert result.error.startswith("redirect loop")


async def test_redirect_chain_is_bounded(server, client) -> None:
    for n in range(10):
        server.routes[f"/hop{n}"] = server.Reply(301, b"", {"Location": f"/hop{n + 1}"})
    server.routes["/hop10"] = server.Reply(200, b"end")
    too_long = await fetch(client, server.url("/hop0"), max_redirects=5)
    assert too_long.error == "too many redirects (more than 5)"
    followed = await fetch(client, server.url("/hop5"), max_redirects=5)
    assert followed.ok and followed.body == b"end"
    assert followed.final_url == server.url("/hop10")


async def test_connection_refused_in_plain_words(client) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = await fetch(client, f"http://127.0.0.1:{port}/")
    assert result.error == "connection refused"
    assert result.status is None


async def test_tls_failure_is_reported_as_tls(server, client) -> None:
    # Speaking TLS to a plain-HTTP server fails the handshake: a TLS error, not a crash.
    result = await fetch(client, server.base.replace("http://", "https://") + "/")
    assert result.error.startswith("TLS")
