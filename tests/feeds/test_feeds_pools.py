"""The client's connections: a few kept-alive lanes per origin, a bounded number of origins.

httpcore's single pool of 60 connections cost the poller more CPU than the requests, and
closed most connections after each request (more connections in use than it kept alive).
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tui.feeds.http import fetch, make_client
from tui.feeds.pools import PER_ORIGIN, OriginPools

from .conftest import LocalServer, Reply


async def test_fifty_requests_to_one_origin_share_a_few_kept_alive_connections(server) -> None:
    server.routes["/x"] = Reply(body=b"hello", delay=0.02)
    async with make_client() as client:
        for _ in range(2):
            results = await asyncio.gather(*(fetch(client, server.url("/x")) for _ in range(50)))
            assert all(r.ok and r.body == b"hello" for r in results)
    connections = set(server.peers)
    assert 1 < len(connections) <= PER_ORIGIN  # in parallel, but no more than a browser would
    assert len(server.peers) == 100  # the second round opened nothing new: all kept alive


async def test_idle_origins_beyond_the_limit_are_closed() -> None:
    servers = [LocalServer() for _ in range(5)]
    for local in servers:
        local.routes["/x"] = Reply(body=b"ok")
        local.thread.start()
    pools = OriginPools(max_idle_origins=2)
    try:
        async with httpx.AsyncClient(transport=pools) as client:
            for local in servers:
                assert (await fetch(client, local.url("/x"))).ok
                assert pools.open_origins <= 3  # two idle, and the one in use
            assert pools.lanes(servers[-1].url("/")) == 1
            assert pools.lanes(servers[0].url("/")) == 0  # the oldest was closed
            assert (await fetch(client, servers[0].url("/x"))).ok  # and opens again if asked
    finally:
        for local in servers:
            local.httpd.shutdown()
            local.httpd.server_close()


async def test_a_request_waits_for_a_lane_no_longer_than_the_pool_timeout(server) -> None:
    server.routes["/slow"] = Reply(body=b"late", delay=1.0)
    timeout = httpx.Timeout(10.0, pool=0.2)
    async with httpx.AsyncClient(transport=OriginPools(per_origin=1), timeout=timeout) as client:
        slow = asyncio.create_task(client.get(server.url("/slow")))
        await asyncio.sleep(0.1)
        with pytest.raises(httpx.PoolTimeout):
            await client.get(server.url("/slow"))
        assert (await slow).content == b"late"
        assert (await client.get(server.url("/slow"))).content == b"late"  # the lane is free


async def test_a_proxy_from_the_environment_is_still_used(server, monkeypatch) -> None:
    """Behind ``HTTP_PROXY`` every request goes to the proxy (the lanes are for direct ones)."""
    server.routes["http://status.example.invalid/api"] = Reply(body=b"via the proxy")
    monkeypatch.setenv("HTTP_PROXY", server.base)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    async with make_client() as client:
        result = await fetch(client, "http://status.example.invalid/api")
    assert result.ok and result.body == b"via the proxy"


async def test_304s_and_heads_keep_their_connection_alive(server) -> None:
    """A 304 (or HEAD) whose empty body was never read closed its connection: a steady poll
    cycle, all 304s, opened a new connection (a TLS handshake, remotely) for every source."""

    def summary(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return Reply(304, b"", {"ETag": '"v1"'})
        return Reply(200, b"{}", {"ETag": '"v1"'})

    server.routes["/summary.json"] = summary
    server.routes["/page"] = Reply(body=b"x" * 10_000)
    async with make_client() as client:
        assert (await fetch(client, server.url("/summary.json"))).etag == '"v1"'
        for _ in range(5):
            again = await fetch(client, server.url("/summary.json"), etag='"v1"')
            assert again.ok and again.not_modified
            head = await fetch(client, server.url("/page"), method="HEAD")
            assert head.ok and head.body == b""
    assert len(server.peers) == 11 and len(set(server.peers)) == 1
