"""Connections to each origin kept one per httpx transport, so that polling stays cheap.

httpcore's pool (1.0) looks at every connection it holds each time a request starts or ends,
for idle ones more than once and with a system call to see whether the server hung up; a
request waiting inside it for a connection is looked at again whenever another one ends. One
shared pool of 60 connections cost the poller about 2 ms of CPU per request, more than the
request itself, and the cost grows with the square of the connections. Here each origin
(scheme, host, port) has up to :data:`PER_ORIGIN` *lanes*, each an httpx transport holding a
single kept-alive connection; a request takes a free lane or waits for one (here, not inside
httpcore), so httpcore never looks at more than one connection. The origins not in use are
closed beyond :data:`MAX_IDLE_ORIGINS`, least recently used first: a poller over thousands of
hosts keeps a bounded number of sockets open.

:data:`PER_ORIGIN` is also a courtesy: a browser opens about six connections to one host; a
poller with fifty sources on one server must not open fifty.
"""

from __future__ import annotations

import asyncio
import os
import ssl
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from functools import lru_cache

import httpx

PER_ORIGIN = 6
"""Lanes (connections, requests in flight) per origin at most."""
MAX_IDLE_ORIGINS = 32
"""Origins with no request in flight whose connections are kept alive at most."""
KEEPALIVE_EXPIRY = 30.0


@lru_cache(maxsize=4)
def _verifying_context(cafile: str, capath: str) -> ssl.SSLContext:
    """The certificate-checking context httpx builds, built once (loading the CAs costs
    tens of milliseconds; every origin's transport shares it)."""
    return httpx.create_ssl_context(verify=True, trust_env=True)


def verifying_context() -> ssl.SSLContext:
    """httpx's default context, honouring ``SSL_CERT_FILE``/``SSL_CERT_DIR`` as they are now."""
    return _verifying_context(
        os.environ.get("SSL_CERT_FILE", ""), os.environ.get("SSL_CERT_DIR", "")
    )


Lane = httpx.AsyncHTTPTransport
"""A transport that holds one connection: it serves one request at a time."""
ONE_CONNECTION = httpx.Limits(
    max_connections=1, max_keepalive_connections=1, keepalive_expiry=KEEPALIVE_EXPIRY
)


class _Origin:
    """One origin's lanes, the free ones, and how many requests use or await one."""

    def __init__(self, most: int) -> None:
        self.most = most
        self.lanes: list[Lane] = []
        self.free: asyncio.Queue[Lane] = asyncio.Queue()
        self.users = 0

    async def take(self, wait: float | None) -> Lane:
        """A free lane, a new one while there are fewer than ``most``, else the next freed."""
        if self.free.empty() and len(self.lanes) < self.most:
            lane = Lane(verify=verifying_context(), limits=ONE_CONNECTION)
            self.lanes.append(lane)
            return lane
        async with asyncio.timeout(wait):
            return await self.free.get()

    async def aclose(self) -> None:
        for lane in self.lanes:
            await lane.aclose()


class _ReleasingStream(httpx.AsyncByteStream):
    """A response body that frees its lane once the response is closed."""

    def __init__(self, stream: httpx.AsyncByteStream, release: Callable[[], None]) -> None:
        self.stream = stream
        self.release: Callable[[], None] | None = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self.stream.aclose()
        finally:
            release, self.release = self.release, None
            if release is not None:
                release()


class OriginPools(httpx.AsyncBaseTransport):
    """An httpx transport that sends each request down a free lane of its origin."""

    def __init__(
        self, *, per_origin: int = PER_ORIGIN, max_idle_origins: int = MAX_IDLE_ORIGINS
    ) -> None:
        self.per_origin = per_origin
        self.max_idle_origins = max_idle_origins
        self._origins: OrderedDict[tuple[str, str, int | None], _Origin] = OrderedDict()

    def lanes(self, url: str) -> int:
        """How many lanes (connections opened and kept) the origin of ``url`` has now."""
        parsed = httpx.URL(url)
        origin = self._origins.get((parsed.scheme, parsed.host, parsed.port))
        return len(origin.lanes) if origin is not None else 0

    @property
    def open_origins(self) -> int:
        """How many origins have lanes now (in use or kept alive)."""
        return len(self._origins)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = (request.url.scheme, request.url.host, request.url.port)
        origin = self._origins.get(key)
        new = origin is None
        if origin is None:
            origin = self._origins[key] = _Origin(self.per_origin)
        self._origins.move_to_end(key)
        origin.users += 1  # before any wait: an origin in use is never closed
        try:
            if new:
                await self._close_surplus()
            lane = await origin.take((request.extensions.get("timeout") or {}).get("pool"))
        except TimeoutError:
            origin.users -= 1
            raise httpx.PoolTimeout("no connection free in time", request=request) from None
        except BaseException:
            origin.users -= 1
            raise

        def release() -> None:
            origin.users -= 1
            origin.free.put_nowait(lane)

        try:
            response = await lane.handle_async_request(request)
        except BaseException:
            release()
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _ReleasingStream(response.stream, release)
        return response

    async def aclose(self) -> None:
        origins = list(self._origins.values())
        self._origins.clear()
        for origin in origins:
            await origin.aclose()

    async def _close_surplus(self) -> None:
        """Close the least recently used idle origins beyond :attr:`max_idle_origins`."""
        idle = [key for key, origin in self._origins.items() if origin.users == 0]
        for key in idle[: max(0, len(idle) - self.max_idle_origins)]:
            await self._origins.pop(key).aclose()
