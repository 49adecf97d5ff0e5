"""A probe's own headers (a secret read from the environment) never follow a redirect elsewhere.

Two real servers on 127.0.0.1 stand in for the probed host and a stranger: the probe's URL
redirects to the second server, reached by another name (``localhost``) or only another port.
What each server received is what a user would worry about: the bearer token must reach the
host the user named, and only that one.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from tui.domain import Source, SourceHealth
from tui.kinds import kind_named

from .conftest import LocalServer, Reply

SECRET = "s3cret-token-value"
HEADERS = "Authorization: Bearer $WW_TEST_TOKEN\nX-Probe-Team: payments"
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def stranger() -> Iterator[LocalServer]:
    local = LocalServer()
    local.thread.start()
    yield local
    local.httpd.shutdown()
    local.httpd.server_close()


def received(server: LocalServer, path: str) -> dict[str, str]:
    (headers,) = [{k.lower(): v for k, v in h.items()} for _, p, h in server.requests if p == path]
    return headers


async def probe(client, url: str):
    kind = kind_named("probe")
    assert kind is not None
    source = Source(id="p1", url=url, kind="probe", headers=HEADERS)
    return await kind.poll(client, source, SourceHealth("p1"), T0)


@pytest.mark.parametrize("other_name", ["localhost", "127.0.0.1"], ids=["other-name", "port"])
async def test_probe_headers_stay_with_the_host_the_user_named(
    server: LocalServer, stranger: LocalServer, client, monkeypatch, other_name: str
) -> None:
    monkeypatch.setenv("WW_TEST_TOKEN", SECRET)
    port = stranger.httpd.server_address[1]
    server.routes["/health"] = Reply(302, b"", {"Location": f"http://{other_name}:{port}/land"})
    stranger.routes["/land"] = Reply(200, b"ok")
    polled = await probe(client, server.url("/health"))
    assert polled.fetched is not None and polled.fetched.status == 200
    first, landed = received(server, "/health"), received(stranger, "/land")
    assert first["authorization"] == f"Bearer {SECRET}" and first["x-probe-team"] == "payments"
    assert "authorization" not in landed and "x-probe-team" not in landed
    assert SECRET not in repr(stranger.requests)
    assert landed["user-agent"].startswith("whalewatch/")  # the client's own headers still go


async def test_probe_headers_follow_a_redirect_on_the_same_host_and_port(
    server: LocalServer, client, monkeypatch
) -> None:
    monkeypatch.setenv("WW_TEST_TOKEN", SECRET)
    server.routes["/health"] = Reply(301, b"", {"Location": "/health/"})
    server.routes["/health/"] = Reply(200, b"ok")
    polled = await probe(client, server.url("/health"))
    assert polled.fetched is not None and polled.fetched.status == 200
    assert received(server, "/health/")["authorization"] == f"Bearer {SECRET}"
