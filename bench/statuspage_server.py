"""A local Statuspage look-alike for the poll benchmark: ``python -m bench.statuspage_server N``.

Serves ``/pN/api/v2/summary.json`` and ``/pN/api/v2/incidents.json`` for pages 0..N-1 on
127.0.0.1 (HTTP/1.1 keep-alive, ETag and 304 like the real thing), in its own process so
that its CPU is not counted as the poller's. Prints the port on stdout once listening.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

INCIDENTS_PER_PAGE = 5


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
        "resolved_at": resolved.isoformat() if resolved else None,
        "shortlink": f"https://stspg.io/p{page}i{n}",
        "components": [{"name": "API"}],
        "incident_updates": [update],
    }


def payloads(page: int, now: datetime) -> tuple[bytes, bytes]:
    incidents = [_incident(page, n, now) for n in range(INCIDENTS_PER_PAGE)]
    open_ones = [i for i in incidents if i["resolved_at"] is None]
    summary = {
        "page": {"id": f"p{page}", "name": f"Page {page}", "url": f"https://p{page}.example"},
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


def make_handler(pages: int):
    now = datetime.now(UTC).replace(microsecond=0)
    bodies: dict[str, bytes] = {}
    for page in range(pages):
        summary, history = payloads(page, now)
        bodies[f"/p{page}/api/v2/summary.json"] = summary
        bodies[f"/p{page}/api/v2/incidents.json"] = history
    etags = {path: '"' + hashlib.sha1(body).hexdigest()[:16] + '"' for path, body in bodies.items()}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go in two writes

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            body = bodies.get(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = etags[self.path]
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


class Server(ThreadingHTTPServer):
    request_queue_size = 1024  # the poller opens up to 100 connections at once
    daemon_threads = True


def main(argv: list[str]) -> int:
    pages = int(argv[0]) if argv else 500
    server = Server(("127.0.0.1", 0), make_handler(pages))
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
