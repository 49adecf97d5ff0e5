"""A real HTTP server on 127.0.0.1 that plays webhook and status page, and alert builders."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tui.domain import Incident, IncidentUpdate


class WebhookServer:
    """Records every POST (path, JSON body); answers ``status`` (per path), GETs from ``pages``."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, Any]] = []
        self.status: dict[str, int] = {}
        self.pages: dict[str, bytes] = {}
        self.delay: dict[str, float] = {}
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _reply(self, status: int, body: bytes = b"") -> None:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Content-Type", "application/json")
                try:
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the sender gave up waiting (the timeout tests): nothing to tell

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                time.sleep(server.delay.get(self.path, 0.0))
                with server.lock:
                    server.posts.append((self.path, json.loads(raw or b"null")))
                self._reply(server.status.get(self.path, 200), b"{}")

            def do_GET(self) -> None:
                page = server.pages.get(self.path)
                self._reply(404 if page is None else 200, page or b"")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def bodies(self, path: str) -> list[Any]:
        with self.lock:
            return [body for where, body in self.posts if where == path]


@pytest.fixture
def webhook() -> Iterator[WebhookServer]:
    server = WebhookServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

TERMINAL_VARIABLES = frozenset(
    {
        "TERM_PROGRAM",
        "LC_TERMINAL",
        "KITTY_WINDOW_ID",
        "VTE_VERSION",
        "KONSOLE_VERSION",
        "WT_SESSION",
        "TMUX",
        "WEZTERM_EXECUTABLE",
        "GHOSTTY_RESOURCES_DIR",
    }
)
"""What tells which terminal this is: the PTY tests start from none of them."""


def incident(
    external: str,
    *,
    status: str = "investigating",
    impact: str = "major",
    title: str = "",
    source: str = "s1",
    platform: str = "GitHub",
    seen: datetime = T0,
    unacknowledged: bool = False,
) -> Incident:
    """An incident as the merge returns it: its updates stamped with when they were seen."""
    closed = status in ("resolved", "postmortem")
    updates = [IncidentUpdate("investigating", "Looking.", T0, seen_at=T0)]
    if closed:
        updates.append(IncidentUpdate(status, "Fixed.", seen, seen_at=seen))
    return Incident(
        source_id=source,
        external_id=external,
        title=title or f"Incident {external}",
        status=status,
        impact=impact,
        started_at=T0,
        platform=platform,
        resolved_at=seen if closed else None,
        url=f"https://status.example/{external}",
        updates=tuple(updates),
        updated_at=seen,
        unacknowledged=unacknowledged,
    )


def publish_statuspage(webhook: WebhookServer, incidents: list[dict]) -> None:
    """Make the server a Statuspage (``/api/v2/…``) that lists ``incidents``."""
    summary = {
        "page": {"id": "p", "name": "Example", "url": "https://status.example"},
        "status": {"indicator": "minor", "description": "Minor Service Outage"},
        "components": [],
        "incidents": [i for i in incidents if i["status"] != "resolved"],
        "scheduled_maintenances": [],
    }
    webhook.pages["/api/v2/summary.json"] = json.dumps(summary).encode()
    webhook.pages["/api/v2/incidents.json"] = json.dumps({"incidents": incidents}).encode()


def statuspage_incident(ident: str, status: str = "investigating") -> dict:
    """An incident as Statuspage's API lists it (major; resolved a day after it began)."""
    updates = [{"status": "investigating", "body": "Errors.", "created_at": "2026-11-30T10:00:00Z"}]
    if status == "resolved":
        updates.insert(
            0, {"status": "resolved", "body": "Fixed.", "created_at": "2026-12-01T10:00:00Z"}
        )
    return {
        "id": ident,
        "name": f"Incident {ident}",
        "status": status,
        "impact": "major",
        "created_at": "2026-11-30T10:00:00Z",
        "resolved_at": "2026-12-01T10:00:00Z" if status == "resolved" else None,
        "shortlink": f"https://stspg.io/{ident}",
        "incident_updates": updates,
    }
