"""Fetching one URL politely and defensively, never raising for network trouble.

Sources are strangers on the internet: they can be down, slow, huge, gzip bombs, redirect
loops or downgrade to plain HTTP. :func:`fetch` turns every such case into a
:class:`FetchResult` whose ``error`` says what happened in plain words, so the poller can show
it on the Sources screen without a traceback.
"""

from __future__ import annotations

import asyncio
import email.utils
import errno
import ssl
import time
import urllib.request
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from http import HTTPStatus

import httpx

from .. import __version__
from .addresses import redirect_refusal
from .pools import OriginPools, verifying_context

USER_AGENT = f"whalewatch/{__version__} (+status dashboard)"
MAX_BYTES = 5 * 1024 * 1024
MAX_RETRY_AFTER = 24 * 3600


@dataclass(frozen=True)
class FetchResult:
    """What one fetch learnt. ``error`` is ``''`` on success (2xx, or 304 when conditional)."""

    url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    elapsed_ms: float | None = None
    final_url: str = ""
    not_modified: bool = False
    etag: str = ""
    last_modified: str = ""
    error: str = ""
    retry_after: float | None = None
    downgraded: bool = False
    cert_expires_at: datetime | None = None
    """When the server's TLS certificate expires (https only)."""

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def make_client() -> httpx.AsyncClient:
    """The shared HTTP/1.1 keep-alive client: a few lanes per origin (:mod:`.pools`).

    Behind a proxy from the environment (``HTTPS_PROXY`` and friends, ``NO_PROXY`` honoured)
    httpx's own pool is kept, as every request then goes to the proxy and httpx alone knows
    how to reach it; it keeps alive as many connections as it opens (keeping fewer, httpcore
    closes nearly each one after its first request).
    """
    proxied = _environment_proxy()
    return httpx.AsyncClient(
        http1=True,
        http2=False,
        verify=verifying_context(),
        follow_redirects=False,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "*/*",
            "Accept-Encoding": "gzip, deflate",
        },
        timeout=httpx.Timeout(10.0, connect=5.0),
        limits=httpx.Limits(max_connections=20, max_keepalive_connections=20, keepalive_expiry=30),
        transport=None if proxied else OriginPools(),  # the limits are for the proxied pool
    )


@lru_cache(maxsize=8192)
def parsed_url(url: str) -> httpx.URL:
    """``url`` parsed by httpx, once: a poller asks the same few thousand URLs every cycle,
    and parsing one (with its host and path checks) cost about a third of building its
    request. An ``httpx.URL`` is immutable, so one parse serves every request to it."""
    return httpx.URL(url)


def _environment_proxy() -> bool:
    """Whether the environment names an HTTP(S) proxy that httpx would use."""
    found = urllib.request.getproxies()
    return any(found.get(scheme) for scheme in ("http", "https", "all"))


def describe_size(limit: int) -> str:
    if limit >= 1024 * 1024 and limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MiB"
    if limit >= 1024 and limit % 1024 == 0:
        return f"{limit // 1024} KiB"
    return f"{limit} bytes"


def status_phrase(status: int) -> str:
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def parse_retry_after(value: str, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), bounded."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(min(int(value[:12]), MAX_RETRY_AFTER))
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    seconds = (moment - (now or datetime.now(UTC))).total_seconds()
    return float(min(max(0.0, seconds), MAX_RETRY_AFTER))


def describe_error(error: BaseException, url: str = "") -> str:
    """A network exception in plain words."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for item in chain:
        if isinstance(item, ssl.SSLCertVerificationError):
            return f"TLS certificate error: {item.verify_message or item.reason or item}"
    for item in chain:
        if isinstance(item, ssl.SSLError):
            return f"TLS error: {item.reason or item}"
    errnos = {getattr(item, "errno", None) for item in chain}
    if errno.ECONNREFUSED in errnos:
        return "connection refused"
    if errno.ECONNRESET in errnos:
        return "connection reset by the server"
    text = " ".join(dict.fromkeys(str(item) for item in chain if str(item)))
    lowered = text.lower()
    if "certificate" in lowered and "verify" in lowered:
        return f"TLS certificate error: {str(error) or 'verification failed'}"
    if isinstance(error, httpx.ConnectTimeout):
        return "timed out connecting to the server"
    if isinstance(error, httpx.ReadTimeout | httpx.WriteTimeout | httpx.PoolTimeout):
        return "timed out waiting for the server"
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return f"not an http(s) URL: {url}" if url else "not an http(s) URL"
    if "refused" in lowered:
        return "connection refused"
    if (
        "name or service not known" in lowered
        or "nodename nor servname" in lowered
        or "getaddrinfo failed" in lowered
        or "temporary failure in name resolution" in lowered
        or "no address associated" in lowered
    ):
        return "host not found (DNS lookup failed)"
    if "unreachable" in lowered:
        return "network unreachable"
    if isinstance(error, httpx.DecodingError):
        return "response could not be decoded (bad compression)"
    if isinstance(error, httpx.RemoteProtocolError):
        return "the server broke the HTTP protocol or closed the connection early"
    if isinstance(error, httpx.ConnectError):
        return f"could not connect: {text or type(error).__name__}"
    return f"network error: {str(error) or type(error).__name__}"


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    method: str = "GET",
    max_bytes: int = MAX_BYTES,
    deadline: float = 15.0,
    max_redirects: int = 5,
    extra_headers: Mapping[str, str] | None = None,
) -> FetchResult:
    """Fetch ``url`` within ``deadline`` seconds overall, reading at most ``max_bytes``.

    The limit counts *decompressed* bytes, so a gzip bomb stops at the limit. Redirects are
    followed by hand (at most ``max_redirects``, loops refused) and a switch from https to
    http is flagged in ``downgraded``. Never raises for network problems.
    """
    started = time.monotonic()
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    state = _FetchState(url=url)
    try:
        async with asyncio.timeout(deadline):
            return await _fetch(
                client, url, headers, method, max_bytes, max_redirects, state, extra_headers or {}
            )
    except TimeoutError:
        error = f"timed out after {deadline:g} s"
    except httpx.HTTPError as exc:
        error = describe_error(exc, url)
    except (OSError, ssl.SSLError) as exc:
        error = describe_error(exc, url)
    except ValueError as exc:  # odd header values, invalid URLs raised before httpx wraps them
        error = f"invalid request or response: {exc}"
    elapsed = (time.monotonic() - started) * 1000
    return FetchResult(
        url=url,
        status=state.status,
        final_url=state.current,
        error=error,
        elapsed_ms=elapsed,
        downgraded=state.downgraded,
    )


@dataclass
class _FetchState:
    """What the fetch knew when it was cut short (for the error result)."""

    url: str
    current: str = ""
    status: int | None = None
    downgraded: bool = False


async def _fetch(
    client: httpx.AsyncClient,
    url: str,
    headers: dict[str, str],
    method: str,
    max_bytes: int,
    max_redirects: int,
    state: _FetchState,
    own_headers: Mapping[str, str],
) -> FetchResult:
    """The fetch itself; ``own_headers`` (a probe's, secrets maybe) go to ``url``'s origin only.

    The origin is scheme, host and port, as for a browser's credentials: another port on
    the same host is another server, and a downgrade to plain http would send a token in clear.
    """
    started = time.monotonic()
    current = url
    own_origin = _origin(url) if own_headers else None
    state.current = current
    seen: set[str] = {current}
    redirects = 0
    while True:
        sent = dict(headers)
        if own_headers and _origin(current) == own_origin:
            sent.update(own_headers)
        request = client.build_request(method, parsed_url(current), headers=sent)
        response = await client.send(request, stream=True, follow_redirects=False)
        try:
            state.status = response.status_code
            # read once: each look-up in httpx's headers decodes and scans them all
            received = {k.lower(): v for k, v in response.headers.items()}
            location = received.get("location")
            if response.is_redirect and location:
                target = str(response.url.join(location))
                if response.url.scheme == "https" and target.lower().startswith("http:"):
                    state.downgraded = True
                redirects += 1
                if target in seen:
                    return _failure(state, started, f"redirect loop at {target}")
                if redirects > max_redirects:
                    return _failure(
                        state, started, f"too many redirects (more than {max_redirects})"
                    )
                refusal = await redirect_refusal(url, target)
                if refusal:
                    return _failure(state, started, refusal)
                seen.add(target)
                current = target
                state.current = current
                continue
            body, too_big = await _read_body(response, received, method, max_bytes)
            cert_expires_at = _certificate_expiry(response)
        finally:
            await response.aclose()
        elapsed = (time.monotonic() - started) * 1000
        status = response.status_code
        error = ""
        retry_after = None
        not_modified = status == 304
        if too_big:
            error = f"response larger than {describe_size(max_bytes)}"
        elif not (200 <= status < 300 or not_modified):
            error = status_phrase(status)
        if status in (429, 503):
            retry_after = parse_retry_after(received.get("retry-after", ""))
        return FetchResult(
            url=url,
            status=status,
            headers=received,
            body=b"" if too_big else body,
            elapsed_ms=elapsed,
            final_url=current,
            not_modified=not_modified,
            etag=received.get("etag", ""),
            last_modified=received.get("last-modified", ""),
            error=error,
            retry_after=retry_after,
            downgraded=state.downgraded,
            cert_expires_at=cert_expires_at,
        )


def _origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port (the default one filled in): what a credential is bound to."""
    parsed = httpx.URL(url)
    default = {"http": 80, "https": 443}.get(parsed.scheme)
    return parsed.scheme, parsed.host, parsed.port or default


def _certificate_expiry(response: httpx.Response) -> datetime | None:
    """The ``notAfter`` of the certificate the server showed, if the connection was TLS.

    A plain http URL has none to show (asking the stream costs a look-up of every one of
    its attributes; a poll cycle reads thousands of responses).
    """
    if response.url.scheme != "https":
        return None
    stream = response.extensions.get("network_stream")
    ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
    if ssl_object is None:
        return None
    try:
        not_after = (ssl_object.getpeercert() or {}).get("notAfter")
        if not isinstance(not_after, str):
            return None
        return datetime.fromtimestamp(ssl.cert_time_to_seconds(not_after), UTC)
    except (ValueError, TypeError, OverflowError):
        return None


async def _read_body(
    response: httpx.Response, headers: Mapping[str, str], method: str, max_bytes: int
) -> tuple[bytes, bool]:
    """The decompressed body, or ``(b'', True)`` as soon as it passes ``max_bytes``.

    gzip and deflate are inflated here with a bounded output per step, so a small compressed
    chunk can never expand into gigabytes in memory before the limit is checked.
    """
    if method.upper() == "HEAD" or response.status_code == 304:
        async for _ in response.aiter_raw():  # nothing, by definition: read to its end, the
            pass  # connection is kept alive (a 304 left unread closed it, and a TLS one with it)
        return b"", False
    declared = headers.get("content-length", "")
    encoding = headers.get("content-encoding", "identity").strip().lower()
    if declared.isdigit() and encoding in ("", "identity") and int(declared) > max_bytes:
        return b"", True
    chunks: list[bytes] = []
    total = 0
    if encoding in ("gzip", "x-gzip", "deflate"):
        inflater = _Inflater(encoding)
        async for raw in response.aiter_raw():
            for piece in inflater.feed(raw, max_bytes - total + 1):
                total += len(piece)
                if total > max_bytes:
                    return b"", True
                chunks.append(piece)
        return b"".join(chunks), False
    async for chunk in response.aiter_bytes():
        total += len(chunk)
        if total > max_bytes:
            return b"", True
        chunks.append(chunk)
    return b"".join(chunks), False


class _Inflater:
    """Incremental gzip/deflate decoding that never produces more than asked at once."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.raw_deflate_tried = False
        wbits = 31 if "gzip" in encoding else 15
        self.decoder = zlib.decompressobj(wbits)
        self.started = False

    def feed(self, data: bytes, budget: int) -> Iterator[bytes]:
        try:
            piece = self.decoder.decompress(data, budget)
        except zlib.error:
            if self.encoding == "deflate" and not self.started and not self.raw_deflate_tried:
                # Some servers send raw deflate without the zlib header.
                self.raw_deflate_tried = True
                self.decoder = zlib.decompressobj(-15)
                piece = self.decoder.decompress(data, budget)
            else:
                raise httpx.DecodingError("bad compressed data") from None
        except Exception as error:
            raise httpx.DecodingError("bad compressed data") from error
        self.started = True
        yield piece
        while self.decoder.unconsumed_tail:
            try:
                piece = self.decoder.decompress(self.decoder.unconsumed_tail, budget)
            except zlib.error:
                raise httpx.DecodingError("bad compressed data") from None
            if not piece:
                break
            yield piece


def _failure(state: _FetchState, started: float, error: str) -> FetchResult:
    return FetchResult(
        url=state.url,
        status=state.status,
        final_url=state.current,
        error=error,
        elapsed_ms=(time.monotonic() - started) * 1000,
        downgraded=state.downgraded,
    )
