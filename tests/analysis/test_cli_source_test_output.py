"""`whalewatch source test` says how many incidents it read in words that agree with the count."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.statuspage_server import payloads
from tui.__main__ import main


def _statuspage(count: int) -> type[BaseHTTPRequestHandler]:
    """A Statuspage whose history holds ``count`` resolved incidents (none open)."""
    summary, history = payloads(1, datetime.now(UTC))
    incidents = json.loads(history)["incidents"][1 : 1 + count]
    bodies = {
        "/api/v2/summary.json": summary,
        "/api/v2/incidents.json": json.dumps({"incidents": incidents}).encode(),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            body = bodies.get(self.path, b"{}")
            self.send_response(200 if self.path in bodies else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture(params=[0, 1, 2])
def served(request) -> Iterator[tuple[str, int]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _statuspage(request.param))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", request.param
    server.shutdown()
    server.server_close()


def test_source_test_counts_in_agreeing_words(served, capsys) -> None:
    url, count = served
    assert main(["source", "test", url, "--kind", "statuspage"]) == 0
    said = {0: "0 incidents", 1: "1 incident", 2: "2 incidents"}[count]
    assert f"\n{said} (nothing was stored)\n" in capsys.readouterr().out
