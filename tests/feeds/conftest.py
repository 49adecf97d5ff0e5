"""A real HTTP server on 127.0.0.1 for the feeds tests, with routes set per test."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tui.feeds.http import make_client


@dataclass
class Reply:
    """What a route answers: status, headers, a body, or a generator of chunks (drips)."""

    status: int = 200
    body: bytes | Callable[[], Iterator[bytes]] = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


Route = Reply | Callable[[BaseHTTPRequestHandler], Reply]


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.peers: list[tuple[str, int]] = []
        """The client's address of each request: one per connection it came on."""
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _answer(self) -> None:
                server.requests.append((self.command, self.path, dict(self.headers)))
                server.peers.append(self.client_address[:2])
                route = server.routes.get(self.path)
                if route is None:
                    reply = Reply(404, b"not found")
                elif callable(route):
                    reply = route(self)
                else:
                    reply = route
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if callable(reply.body):
                    self.send_header("Connection", "close")
                    self.end_headers()
                    try:
                        for chunk in reply.body():
                            self.wfile.write(chunk)
                            self.wfile.flush()
                    except OSError:
                        pass
                    self.close_connection = True
                    return
                body = b"" if self.command == "HEAD" else reply.body
                if "Content-Length" not in reply.headers:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass

            do_GET = _answer
            do_HEAD = _answer

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    local.thread.start()
    yield local
    local.httpd.shutdown()
    local.httpd.server_close()


@pytest.fixture
async def client():
    async with make_client() as http_client:
        yield http_client


LocalServer.Reply = Reply  # tests build replies as server.Reply(...)
