"""The incident feed follows a status page on its own: no key is pressed in this test.

A Statuspage look-alike on 127.0.0.1 changes its answer three times (a new incident, the same
incident resolved, a second incident); the dashboard polls it with its own poller thread
and must show each change, mark the new incident unread and raise a toast. The poller's
minimum interval and the app's tick are shortened so that the test takes seconds, not
minutes; every wait is bounded (about 30 s) and nothing is asserted about timing.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import tui.app
import tui.domain.values
import tui.feeds.poller
from tui.app import WhalewatchApp
from tui.domain import Source
from tui.store import Store
from tui.widgets.incident_feed import IncidentFeed

SOURCE = "live"
STARTED = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=20)


class StatusPage:
    """Serves ``summary.json`` and ``incidents.json`` built from :attr:`incidents`."""

    def __init__(self) -> None:
        self.incidents: list[dict] = []
        self.lock = threading.Lock()
        page = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                body = page.body(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def publish(self, incidents: list[dict]) -> None:
        with self.lock:
            self.incidents = incidents

    def body(self, path: str) -> bytes | None:
        with self.lock:
            incidents = list(self.incidents)
        page = {"id": "live", "name": "Live page", "url": self.base}
        if path == "/api/v2/summary.json":
            unresolved = [i for i in incidents if i["status"] != "resolved"]
            summary = {
                "page": page,
                "status": {
                    "indicator": "major" if unresolved else "none",
                    "description": "Partial outage" if unresolved else "All Systems Operational",
                },
                "components": [],
                "incidents": unresolved,
                "scheduled_maintenances": [],
            }
            return json.dumps(summary).encode()
        if path == "/api/v2/incidents.json":
            return json.dumps({"page": page, "incidents": incidents}).encode()
        return None


def update(status: str, body: str, minutes: int) -> dict:
    at = (STARTED + timedelta(minutes=minutes)).isoformat()
    return {"status": status, "body": body, "created_at": at, "display_at": at}


def incident(external_id: str, name: str, updates: list[dict], minutes: int = 0) -> dict:
    status = updates[-1]["status"]
    return {
        "id": external_id,
        "name": name,
        "status": status,
        "impact": "major",
        "created_at": (STARTED + timedelta(minutes=minutes)).isoformat(),
        "resolved_at": updates[-1]["created_at"] if status == "resolved" else None,
        "shortlink": "https://stspg.example/" + external_id,
        "components": [{"name": "API"}],
        "incident_updates": list(reversed(updates)),  # Statuspage lists newest first
    }


FIRST = update("investigating", "We are looking into elevated API errors.", 0)
FIXED = update("resolved", "API error rates are back to normal.", 10)


@pytest.fixture
def status_page() -> Iterator[StatusPage]:
    page = StatusPage()
    page.thread.start()
    yield page
    page.httpd.shutdown()
    page.httpd.server_close()


@pytest.fixture
def fast_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    """A source may be polled every second and the poller wakes five times a second."""
    monkeypatch.setattr(tui.domain.values, "MIN_INTERVAL_SECONDS", 1)
    monkeypatch.setattr(tui.feeds.poller, "JITTER", 0.0)
    monkeypatch.setattr(tui.app, "POLL_TICK", 0.2)


async def wait_for(pilot, condition: Callable[[], bool], what: str, seconds: float = 30) -> None:
    """Let the app run until ``condition`` holds; fail after ``seconds`` (a bound, not a timing)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition(), f"never happened within {seconds} s: {what}"


def row_text(feed: IncidentFeed, key: str) -> str:
    index = feed.get_option_index(key)
    prompt = feed.get_option_at_index(index).prompt
    return getattr(prompt, "plain", str(prompt))


def has_row(feed: IncidentFeed, key: str, *words: str) -> bool:
    try:
        text = row_text(feed, key)
    except Exception:  # not in the feed (yet)
        return False
    return all(word in text for word in words)


async def test_feed_follows_the_status_page_without_a_key_press(
    tmp_path: Path, status_page: StatusPage, fast_polling: None
) -> None:
    store = Store.open(tmp_path / "store")
    store.save_source(
        Source(id=SOURCE, url=status_page.base, kind="statuspage", platform="Live", every=1)
    )
    status_page.publish([incident("inc1", "Elevated API errors", [FIRST])])
    first, second = f"{SOURCE}:inc1", f"{SOURCE}:inc2"

    app = WhalewatchApp(store, poll=True)
    toasts: list[tuple[str, str]] = []

    def record_toasts() -> None:
        for notification in list(app._notifications):
            entry = (notification.title, notification.message)
            if entry not in toasts:
                toasts.append(entry)

    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        try:
            feed = app.screen.query_one(IncidentFeed)

            def seen(condition: Callable[[], bool]) -> Callable[[], bool]:
                def check() -> bool:
                    record_toasts()
                    return condition()

                return check

            # 1. The first poll brings the incident in, open and investigating.
            await wait_for(
                pilot,
                seen(lambda: has_row(feed, first, "INVESTIGATING", "Elevated API errors")),
                "the first incident shown as INVESTIGATING",
            )
            assert app.is_poller
            await wait_for(
                pilot,
                seen(lambda: any(title.startswith("New incident") for title, _ in toasts)),
                "a toast for the first incident",
            )

            # 2. The page resolves it: the row says so, the store holds both updates.
            status_page.publish([incident("inc1", "Elevated API errors", [FIRST, FIXED])])
            await wait_for(
                pilot,
                seen(lambda: has_row(feed, first, "resolved", "✔")),
                "the incident shown resolved",
            )
            assert "INVESTIGATING" not in row_text(feed, first)
            stored = store.incident(first)
            assert stored is not None and stored.status == "resolved"
            assert [u.status for u in sorted(stored.updates, key=lambda u: u.at)] == [
                "investigating",
                "resolved",
            ]
            assert stored.resolved_at is not None
            await wait_for(
                pilot,
                seen(lambda: ("Incident now resolved", "Elevated API errors") in toasts),
                "a toast saying the incident is resolved",
            )

            # 3. A new incident appears: unread in the feed, announced by a toast.
            status_page.publish(
                [
                    incident("inc1", "Elevated API errors", [FIRST, FIXED]),
                    incident(
                        "inc2",
                        "Login failures",
                        [update("investigating", "Users cannot log in.", 15)],
                        minutes=15,
                    ),
                ]
            )
            await wait_for(
                pilot,
                seen(lambda: has_row(feed, second, "INVESTIGATING", "Login failures")),
                "the second incident shown",
            )
            await wait_for(pilot, seen(lambda: second in feed.unread), "the new incident unread")
            assert row_text(feed, second).startswith("●")
            await wait_for(
                pilot,
                seen(lambda: ("New incident · investigating", "Login failures") in toasts),
                "a toast for the new incident",
            )
            assert app.is_running
            assert {i.id for i in store.incidents()} == {first, second}
        finally:
            app._stop.set()
        await pilot.press("q")
