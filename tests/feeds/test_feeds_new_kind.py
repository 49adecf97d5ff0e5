"""A new source kind is one module plus one registration call — shown with a kind made here.

``PulseKind`` is defined in this test and registered with one ``register(...)`` call; no other
code changes, yet the poller polls it against a real server on 127.0.0.1, auto-detection
offers it, and ``source add --kind pulse`` accepts it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime

import httpx
import pytest

from tui.__main__ import main
from tui.domain import Event, Incident, IncidentUpdate, Source, SourceHealth
from tui.feeds.detect import detect_source
from tui.feeds.errors import FeedError
from tui.feeds.http import FetchResult, fetch
from tui.feeds.poller import poll_once
from tui.kinds import PollResult, SourceKind, register, unregister
from tui.kinds.base import failed_poll, ok_health
from tui.store import Store

T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
PULSE = {"pulse": {"name": "Example pulse", "down": ["api", "media"], "note": "Rules changed"}}


class PulseKind(SourceKind):
    """A made-up status format: ``{"pulse": {"down": [component, ...]}}`` at ``/pulse.json``."""

    name = "pulse"
    label = "Pulse (a test kind)"
    detect_order = 5

    def extra_url(self, url: str) -> str | None:
        return url.rstrip("/") + "/pulse.json"

    def recognises(self, url: str, first: FetchResult, extra: FetchResult | None) -> bool:
        return extra is not None and extra.ok and extra.body.startswith(b'{"pulse"')

    async def poll(
        self, client: httpx.AsyncClient, source: Source, health: SourceHealth, now: datetime
    ) -> PollResult:
        result = await fetch(client, source.url.rstrip("/") + "/pulse.json")
        if result.error:
            return failed_poll(source, health, now, result)
        try:
            pulse = json.loads(result.body)["pulse"]
        except (ValueError, KeyError) as error:
            raise FeedError(f"not a pulse document: {error}") from None
        incidents = tuple(
            Incident(
                source_id=source.id,
                external_id=f"down-{component}",
                title=f"{component} is down",
                status="investigating",
                impact="major",
                started_at=now,
                platform=source.platform,
                updates=(IncidentUpdate("investigating", "Down.", now),),
            )
            for component in pulse["down"]
        )
        events = (Event(id=0, day=date(2026, 11, 30), title=pulse["note"], category="policy"),)
        return PollResult(
            source, ok_health(health, now, result), incidents=incidents, events=events
        )


@pytest.fixture
def pulse_kind() -> Iterator[PulseKind]:
    kind = register(PulseKind())
    yield kind
    unregister(kind.name)


def serve_pulse(server) -> None:
    server.routes["/"] = server.Reply(200, b"<html>a status page</html>")
    server.routes["/pulse.json"] = server.Reply(200, json.dumps(PULSE).encode())


async def test_the_poller_polls_a_new_kind(pulse_kind, server, client, tmp_path) -> None:
    serve_pulse(server)
    store = Store.open(tmp_path / "store")
    source = store.save_source(Source(id="", url=server.base, kind="pulse", platform="X"))
    report = await poll_once(store, client, now=T0)
    assert report.all_ok
    assert sorted(i.title for i in store.incidents()) == ["api is down", "media is down"]
    assert [e.title for e in store.events()] == ["Rules changed"]
    assert store.health()[source.id].last_ok == T0
    again = await poll_once(store, client, now=T0, force=True)
    assert not again.merge.any  # the same payload twice changes nothing


async def test_a_bad_payload_of_the_new_kind_fails_that_source_only(
    pulse_kind, server, client, tmp_path
) -> None:
    server.routes["/pulse.json"] = server.Reply(200, b"{}")
    store = Store.open(tmp_path / "store")
    source = store.save_source(Source(id="", url=server.base, kind="pulse"))
    report = await poll_once(store, client, now=T0)
    (outcome,) = report.outcomes
    assert not outcome.ok and "not a pulse document" in outcome.error
    assert store.health()[source.id].consecutive_failures == 1


async def test_auto_detection_offers_the_new_kind(pulse_kind, server, client) -> None:
    serve_pulse(server)
    detection = await detect_source(client, server.base)
    assert detection.kind.name == "pulse" and detection.recognised


def test_source_add_accepts_the_new_kind(pulse_kind, server, tmp_path, capsys) -> None:
    serve_pulse(server)
    db = ["--db", str(tmp_path / "db")]
    assert main([*db, "source", "add", server.base, "--kind", "pulse", "--platform", "X"]) == 0
    assert "added s1: pulse" in capsys.readouterr().out
    assert main([*db, "source", "add", server.url("/other")]) == 1  # 404: cannot reach
    capsys.readouterr()
    server.routes["/other"] = server.Reply(200, b"<html></html>")
    server.routes["/other/pulse.json"] = server.Reply(200, json.dumps(PULSE).encode())
    assert main([*db, "source", "add", server.url("/other")]) == 0
    assert "added s2: pulse" in capsys.readouterr().out
    assert main([*db, "poll", "--once"]) == 0
    out = capsys.readouterr().out
    assert "new      s1:down-api" in out and "event" in out


def test_an_unregistered_kind_is_refused_by_source_add(tmp_path, capsys) -> None:
    db = ["--db", str(tmp_path / "db")]
    with pytest.raises(SystemExit):
        main([*db, "source", "add", "https://example.com", "--kind", "pulse"])
    assert "invalid choice: 'pulse'" in capsys.readouterr().err
