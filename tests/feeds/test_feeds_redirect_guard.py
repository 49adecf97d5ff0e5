"""A public source may not redirect whalewatch into the user's own network.

The server is on 127.0.0.1 and stands in for a public status page: the test declares its
address public. Its redirects point at a cloud metadata address and private ones; the fetch
must refuse each before any connection is made, which a guard transport checks (it fails the
test on any request for a host other than 127.0.0.1, so no other address is ever contacted).
"""

from __future__ import annotations

import ipaddress

import httpx
import pytest

import tui.feeds.addresses as addresses
from tui.feeds.addresses import address_kind
from tui.feeds.http import USER_AGENT, fetch

from .conftest import LocalServer, Reply


class LoopbackOnly(httpx.AsyncBaseTransport):
    """Forwards requests for 127.0.0.1 (or localhost) only; anything else fails the test."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.refused: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host not in ("127.0.0.1", "localhost"):
            self.refused.append(str(request.url))
            raise AssertionError(f"tried to connect to {request.url}")
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture
async def guarded():
    transport = LoopbackOnly()
    async with httpx.AsyncClient(transport=transport, headers={"User-Agent": USER_AGENT}) as c:
        yield c, transport


@pytest.fixture
def public_origin(monkeypatch: pytest.MonkeyPatch, server: LocalServer) -> None:
    """Treat the test server's address as a public status page's."""

    async def is_public(url: str) -> bool:
        return url.startswith(server.base)

    monkeypatch.setattr(addresses, "is_public_host", is_public)


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("http://169.254.169.254/latest/meta-data/", "a cloud metadata address"),
        ("http://10.1.2.3/admin", "a private address"),
        ("http://192.168.1.1/", "a private address"),
        ("http://[::1]:8080/", "a loopback address"),
        ("http://[fe80::1]/", "a link-local address"),
    ],
)
async def test_a_redirect_from_a_public_source_into_the_network_is_refused(
    server: LocalServer, guarded, public_origin, target: str, kind: str
) -> None:
    client, transport = guarded
    server.routes["/status"] = Reply(302, b"", {"Location": target})
    result = await fetch(client, server.url("/status"))
    assert not result.ok
    assert "refused" in result.error and kind in result.error
    assert transport.refused == []


async def test_a_redirect_within_the_same_host_is_followed(
    server: LocalServer, guarded, public_origin
) -> None:
    client, _ = guarded
    server.routes["/old"] = Reply(301, b"", {"Location": "/new"})
    server.routes["/new"] = Reply(200, b"here")
    result = await fetch(client, server.url("/old"))
    assert result.ok and result.body == b"here"


async def test_an_internal_url_the_user_typed_may_redirect_internally(
    server: LocalServer, guarded
) -> None:
    """127.0.0.1 typed by the user is not public: its redirect to localhost is theirs."""
    client, _ = guarded
    server.routes["/a"] = Reply(
        302, b"", {"Location": server.url("/b").replace("127.0.0.1", "localhost")}
    )
    result = await fetch(client, server.url("/a"))
    assert "refused" not in result.error


def test_address_kinds() -> None:
    assert address_kind(ipaddress.ip_address("8.8.8.8")) == ""
    assert address_kind(ipaddress.ip_address("::ffff:10.0.0.1")) == "a private address"
    assert address_kind(ipaddress.ip_address("100.64.1.1")) == "a carrier-grade NAT address"
    assert address_kind(ipaddress.ip_address("0.0.0.0")) == "a reserved address"
