"""The bundled demo: what a user of `whalewatch --demo` finds in the store."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from tui.analysis import compare_around
from tui.demo import replay
from tui.demo.dataset import (
    ACQUISITION_URL,
    UNDER_MUSK_URL,
    demo_events,
    demo_incidents,
    load_demo,
)
from tui.domain import EVENT_CATEGORIES
from tui.store import Store

NOW = datetime(2023, 8, 1, 12, tzinfo=UTC)
MARCH6 = "demo-history:2023-03-06-api"


def loaded(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "demo")
    load_demo(store, now=NOW)
    return store


def test_every_fact_is_an_event_with_confidence_and_a_wikipedia_link(tmp_path: Path) -> None:
    events = loaded(tmp_path).events()
    assert len(events) == 27
    assert events[0].day == date(2022, 4, 14) and events[-1].day == date(2023, 7, 23)
    assert all(e.platform == "X/Twitter" for e in events)
    assert all(e.category in EVENT_CATEGORIES for e in events)
    assert all(e.confidence in ("seed", "high", "medium") for e in events)
    assert all(e.url in (ACQUISITION_URL, UNDER_MUSK_URL) for e in events)
    assert all(e.title and e.description for e in events)
    changes = sorted(e.day.isoformat() for e in events if e.is_change)
    assert changes == ["2022-10-27", "2022-11-04", "2023-01-12", "2023-02-02", "2023-03-29"]


def test_the_6_march_outage_plays_out_update_by_update(tmp_path: Path) -> None:
    incident = loaded(tmp_path).incident(MARCH6)
    assert incident is not None
    assert [u.status for u in incident.updates] == [
        "investigating",
        "identified",
        "monitoring",
        "resolved",
    ]
    assert "Some parts of Twitter may not be working as expected right now" in (
        incident.updates[0].body
    )
    assert "We made an internal change that had some unintended consequences" in (
        incident.updates[1].body
    )
    assert incident.started_at.date() == date(2023, 3, 6)
    assert 16 <= incident.started_at.hour and incident.resolved_at is not None
    assert incident.resolved_at.hour == 21
    assert not incident.is_open


def test_seed_outages_are_unmarked_and_invented_ones_say_illustrative() -> None:
    incidents = demo_incidents("demo-history")
    seed = [i for i in incidents if not i.external_id.startswith("illustrative-")]
    assert sorted(i.started_at.date().isoformat() for i in seed) == [
        "2023-02-08",
        "2023-03-01",
        "2023-03-06",
    ]
    assert all("Illustrative" not in u.body for i in seed for u in i.updates)
    invented = [i for i in incidents if i.external_id.startswith("illustrative-")]
    assert invented and all(i.updates[0].body.startswith("Illustrative") for i in invented)
    assert demo_incidents("demo-history") == incidents  # deterministic
    assert demo_events() == demo_events()


def test_incidents_rise_after_the_acquisition(tmp_path: Path) -> None:
    store = loaded(tmp_path)
    result = compare_around(date(2022, 10, 27), store.incidents(), window_days=90, now=NOW)
    assert not result.truncated
    assert (result.before.count, result.after.count) == (3, 11)
    assert result.after.downtime_seconds > result.before.downtime_seconds


def test_notes_sources_and_platform_are_in_place(tmp_path: Path) -> None:
    store = loaded(tmp_path)
    acquisition = next(e for e in store.events() if e.day == date(2022, 10, 27))
    assert len(store.notes_for("event", str(acquisition.id))) == 1
    assert len(store.notes_for("incident", MARCH6)) == 2
    standalone = [n for n in store.notes() if not n.target_kind]
    assert len(standalone) == 1 and "#article" in standalone[0].text
    assert all(n.tags for n in store.notes())
    sources = {s.id: s for s in store.sources()}
    assert sources["demo-history"].paused and sources["demo-history"].kind == "statuspage"
    replay_source = sources["demo-replay"]
    assert (replay_source.kind, replay_source.url) == ("replay", replay.REPLAY_URL)
    assert replay_source.every == replay.REPLAY_INTERVAL_SECONDS
    assert replay_source.created_at == NOW
    assert [p.name for p in store.platforms()] == ["X/Twitter"]
