"""A local Statuspage look-alike for the poll benchmark: ``python -m bench.statuspage_server N``.

Serves ``/pN/api/v2/summary.json`` and ``/pN/api/v2/incidents.json`` for pages 0..N-1 on
127.0.0.1 (HTTP/1.1 keep-alive, ETag and 304 like the real thing), in its own processes so
that its CPU is not counted as the poller's. Prints the port on stdout once listening.

The server must not be what the benchmark measures: every response (200 and 304) is built
once, before listening, and each request costs a dictionary look-up and one write. It runs
as ``WORKERS`` processes (asyncio, no threads) sharing the port through ``SO_REUSEPORT``, so
the kernel spreads the poller's connections over them.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import signal
import socket
import sys
from datetime import UTC, datetime, timedelta

INCIDENTS_PER_PAGE = 5
WORKERS = max(1, min(4, os.cpu_count() or 1))
MAX_REQUEST_HEAD = 16 * 1024
"""Bytes of request head a connection may send before it is closed (no request is this big)."""


def _incident(page: int, n: int, now: datetime) -> dict:
    created = now - timedelta(days=n, hours=page % 24)
    resolved = None if n == 0 and page % 10 == 0 else created + timedelta(hours=1)
    status = "investigating" if resolved is None else "resolved"
    update = {
        "status": status,
        "body": f"Page {page}: incident {n} update.",
        "created_at": created.isoformat(),
        "display_at": created.isoformat(),
        "affected_components": [{"name": "API"}],
    }
    return {
        "id": f"p{page}-i{n}",
        "name": f"Elevated errors on page {page} ({n})",
        "status": status,
        "impact": "minor",
        "created_at": created.isoformat(),
        "updated_at": (resolved or created).isoformat(),
        "resolved_at": resolved.isoformat() if resolved else None,
        "shortlink": f"https://stspg.io/p{page}i{n}",
        "components": [{"name": "API"}],
        "incident_updates": [update],
    }


def payloads(page: int, now: datetime) -> tuple[bytes, bytes]:
    """Page ``page``'s ``summary.json`` and ``incidents.json``, as Statuspage shapes them."""
    incidents = [_incident(page, n, now) for n in range(INCIDENTS_PER_PAGE)]
    open_ones = [i for i in incidents if i["resolved_at"] is None]
    summary = {
        "page": {
            "id": f"p{page}",
            "name": f"Page {page}",
            "url": f"https://p{page}.example",
            "updated_at": now.isoformat(),
        },
        "status": {
            "indicator": "minor" if open_ones else "none",
            "description": "Partial outage" if open_ones else "All Systems Operational",
        },
        "components": [{"name": "API", "status": "operational", "group": False}],
        "incidents": open_ones,
        "scheduled_maintenances": [],
    }
    page_info = summary["page"]
    return (
        json.dumps(summary).encode(),
        json.dumps({"page": page_info, "incidents": incidents}).encode(),
    )


def _response(status: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return f"HTTP/1.1 {status}\r\n{head}\r\n".encode("latin-1") + body


NOT_FOUND = _response("404 Not Found", {"Content-Length": "0"})


def responses(pages: int) -> dict[bytes, tuple[bytes, bytes, bytes]]:
    """For each path: its ETag, its whole ``200`` response and its whole ``304`` response."""
    now = datetime.now(UTC).replace(microsecond=0)
    table: dict[bytes, tuple[bytes, bytes, bytes]] = {}
    for page in range(pages):
        for name, body in zip(("summary", "incidents"), payloads(page, now), strict=True):
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            full = _response(
                "200 OK",
                {
                    "Content-Type": "application/json",
                    "ETag": etag,
                    "Content-Length": str(len(body)),
                },
                body,
            )
            unchanged = _response("304 Not Modified", {"ETag": etag, "Content-Length": "0"})
            table[f"/p{page}/api/v2/{name}.json".encode()] = (etag.encode(), full, unchanged)
    return table


class StatuspageProtocol(asyncio.Protocol):
    """One keep-alive connection: answers each complete GET head from the precomputed table."""

    def __init__(self, table: dict[bytes, tuple[bytes, bytes, bytes]]) -> None:
        self.table = table
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        assert self.transport is not None
        self.buffer += data
        replies = []
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                break
            head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            replies.append(self.answer(head))
        if replies:
            self.transport.write(b"".join(replies))
        if len(self.buffer) > MAX_REQUEST_HEAD:
            self.transport.close()

    def answer(self, head: bytes) -> bytes:
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ")
        entry = self.table.get(parts[1]) if len(parts) == 3 else None
        if entry is None:
            return NOT_FOUND
        etag, full, unchanged = entry
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"if-none-match" and value.strip() == etag:
                return unchanged
        return full


def listening_socket(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(1024)  # the poller opens many connections at once
    return sock


async def serve(sock: socket.socket, table: dict[bytes, tuple[bytes, bytes, bytes]]) -> None:
    """Serve on ``sock`` until the process that started the server is gone."""
    loop = asyncio.get_running_loop()
    parent = os.getppid()
    server = await loop.create_server(lambda: StatuspageProtocol(table), sock=sock)
    async with server:
        while os.getppid() == parent:  # a worker outlives nobody: its parent ended, so does it
            await asyncio.sleep(0.5)


def main(argv: list[str]) -> int:
    pages = int(argv[0]) if argv else 500
    table = responses(pages)
    first = listening_socket(0)
    port = first.getsockname()[1]
    children = []
    for _ in range(WORKERS - 1):
        pid = os.fork()
        if pid == 0:
            first.close()
            asyncio.run(serve(listening_socket(port), table))
            os._exit(0)
        children.append(pid)

    def stop(signum: int, frame: object) -> None:
        for pid in children:
            os.kill(pid, signal.SIGTERM)
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    print(port, flush=True)
    try:
        asyncio.run(serve(first, table))
    except KeyboardInterrupt:
        stop(signal.SIGINT, None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
