"""``incidents.json`` is asked for only when it can say something new, and never missed.

The summary carries the unresolved incidents with all their updates; the history adds how
the others ended. A summary that changed with ``page.updated_at`` unmoved and every open
incident still open needs no history; anything else asks for it, conditionally (its own
ETag), so an unchanged history costs a 304.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui.domain import Source
from tui.feeds.poller import poll_once
from tui.store import Store

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
HISTORY = "/api/v2/incidents.json"


def incident(ident: str, status: str, *updates: tuple[str, str, str]) -> dict:
    closed = status in ("resolved", "postmortem")
    return {
        "id": ident,
        "name": f"Incident {ident}",
        "status": status,
        "impact": "minor",
        "created_at": updates[0][2],
        "resolved_at": updates[-1][2] if closed else None,
        "components": [],
        "incident_updates": [
            {"status": s, "body": body, "created_at": at, "display_at": at}
            for s, body, at in updates
        ],
    }


OPENED = ("investigating", "Looking into it.", "2024-05-01T11:00:00Z")
FIXED = ("resolved", "Fixed.", "2024-05-01T11:30:00Z")


def summary(updated_at: str, *open_ones: dict, component: str = "operational") -> bytes:
    page = {"id": "p", "name": "Example", "url": "https://example.invalid"}
    if updated_at:
        page["updated_at"] = updated_at
    return json.dumps(
        {
            "page": page,
            "status": {"indicator": "minor" if open_ones else "none", "description": "x"},
            "components": [{"name": "API", "status": component}],
            "incidents": list(open_ones),
            "scheduled_maintenances": [],
        }
    ).encode()


def history(*incidents: dict) -> bytes:
    return json.dumps({"page": {"id": "p"}, "incidents": list(incidents)}).encode()


class Page:
    """The page's two documents; ``incidents.json`` has an ETag and answers 304 to it."""

    def __init__(self, server) -> None:
        self.server = server
        self.history = history()
        server.routes[HISTORY] = self.answer_history

    def answer_history(self, handler):
        etag = f'"{hash(self.history) & 0xFFFFFF:x}"'
        if handler.headers.get("If-None-Match") == etag:
            return self.server.Reply(304, b"", {"ETag": etag})
        return self.server.Reply(200, self.history, {"ETag": etag})

    def show(self, summary_body: bytes, history_body: bytes | None = None) -> None:
        self.server.routes["/api/v2/summary.json"] = self.server.Reply(200, summary_body)
        if history_body is not None:
            self.history = history_body

    def history_asks(self) -> list[dict[str, str]]:
        return [headers for _, path, headers in self.server.requests if path == HISTORY]


def new_store(tmp_path: Path, server) -> tuple[Store, Source]:
    store = Store.open(tmp_path / "store")
    return store, store.save_source(Source(id="", url=server.base, kind="statuspage"))


async def test_a_summary_changed_elsewhere_asks_no_history(tmp_path, server, client) -> None:
    page = Page(server)
    store, _ = new_store(tmp_path, server)
    page.show(summary("2024-05-01T11:00:00Z", incident("a", "investigating", OPENED)))
    await poll_once(store, client, now=T0)
    assert len(page.history_asks()) == 1  # the first poll reads it
    page.show(
        summary(
            "2024-05-01T11:00:00Z",
            incident("a", "investigating", OPENED),
            component="degraded_performance",
        )
    )
    report = await poll_once(store, client, now=T0 + timedelta(minutes=5))
    assert report.all_ok
    assert len(page.history_asks()) == 1  # nothing it could add: not asked
    assert (
        store.health()[report.outcomes[0].source.id].component_state("API")
        == "degraded_performance"
    )


async def test_a_moved_page_asks_the_history_conditionally(tmp_path, server, client) -> None:
    page = Page(server)
    store, _ = new_store(tmp_path, server)
    page.show(summary("2024-05-01T11:00:00Z"))
    await poll_once(store, client, now=T0)
    page.show(summary("2024-05-01T11:10:00Z"))  # moved, but the history did not change
    report = await poll_once(store, client, now=T0 + timedelta(minutes=5))
    assert report.all_ok and report.outcomes[0].source.id in store.health()
    first, second = page.history_asks()
    assert "If-None-Match" not in first and second.get("If-None-Match")
    assert not store.health()[report.outcomes[0].source.id].note  # a 304 is a good answer


async def test_an_incident_opened_and_resolved_between_polls_is_stored(
    tmp_path, server, client
) -> None:
    page = Page(server)
    store, _ = new_store(tmp_path, server)
    page.show(summary("2024-05-01T10:00:00Z"))
    await poll_once(store, client, now=T0)
    assert store.incidents() == []
    # it opened and ended while nobody looked: only the history and page.updated_at say so
    page.show(summary("2024-05-01T11:30:00Z"), history(incident("b", "resolved", OPENED, FIXED)))
    report = await poll_once(store, client, now=T0 + timedelta(hours=1))
    (stored,) = store.incidents()
    assert stored.title == "Incident b" and not stored.is_open
    assert [i.title for i in report.merge.new] == ["Incident b"]


async def test_an_incident_leaving_the_summary_is_resolved_from_the_history(
    tmp_path, server, client
) -> None:
    page = Page(server)
    store, _ = new_store(tmp_path, server)
    opened = incident("a", "investigating", OPENED)
    page.show(summary("2024-05-01T11:00:00Z", opened), history(opened))
    await poll_once(store, client, now=T0)
    assert store.incidents()[0].is_open
    # even were page.updated_at not to move, an incident gone from the summary ended somehow
    page.show(summary("2024-05-01T11:00:00Z"), history(incident("a", "resolved", OPENED, FIXED)))
    await poll_once(store, client, now=T0 + timedelta(hours=1))
    (stored,) = store.incidents()
    assert not stored.is_open and [u.body for u in stored.updates] == ["Looking into it.", "Fixed."]
    assert len(page.history_asks()) == 2


async def test_a_history_that_failed_is_asked_again(tmp_path, server, client) -> None:
    page = Page(server)
    store, source = new_store(tmp_path, server)
    page.show(summary("2024-05-01T11:00:00Z"))
    server.routes[HISTORY] = server.Reply(500, b"oops")
    await poll_once(store, client, now=T0)
    assert "incidents.json" in store.health()[source.id].note
    server.routes[HISTORY] = page.answer_history
    page.show(
        summary("2024-05-01T11:00:00Z", component="major_outage"),
        history(incident("c", "resolved", OPENED, FIXED)),
    )
    await poll_once(store, client, now=T0 + timedelta(minutes=5))
    assert [i.title for i in store.incidents()] == ["Incident c"]
    assert store.health()[source.id].note == ""


async def test_a_page_without_updated_at_always_asks(tmp_path, server, client) -> None:
    page = Page(server)
    store, _ = new_store(tmp_path, server)
    page.show(summary(""))
    await poll_once(store, client, now=T0)
    page.show(summary("", component="major_outage"))
    await poll_once(store, client, now=T0 + timedelta(minutes=5))
    assert len(page.history_asks()) == 2
