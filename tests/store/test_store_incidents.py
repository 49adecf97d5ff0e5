"""The incident history is partitioned so that its size costs nothing to notes, events, start-up."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from tui.domain import Event, Incident, parse_day, parse_iso
from tui.store.datafile import DataFile
from tui.store.incidents import IncidentHistory
from tui.store.store import Store

BASE = parse_iso("2021-01-15T12:00:00Z")


def incident(number: int, month_offset: int, status: str = "resolved") -> Incident:
    start = BASE + timedelta(days=31 * month_offset, minutes=number)
    return Incident(
        source_id="s1",
        external_id=str(number),
        title=f"incident {number}",
        status=status,
        impact="minor",
        started_at=start,
        resolved_at=start + timedelta(hours=1) if status == "resolved" else None,
    )


@pytest.fixture
def history(store_dir: Path) -> Store:
    """24 months of 40 closed incidents each, and one incident still open in the first month."""
    store = Store.open(store_dir)
    items = [incident(m * 100 + n, m) for m in range(24) for n in range(40)]
    items.append(incident(9999, 0, status="identified"))
    store.bulk_load_incidents(items)
    return store


def month_stats(root: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (root / "incidents").iterdir()}


def test_note_and_event_writes_never_touch_the_history(history: Store, store_dir: Path) -> None:
    before = month_stats(store_dir)
    note = history.add_note("a note")
    history.save_note_text(note.id, "an edited note", note.revision)
    event = history.add_event(Event(id=0, day=parse_day("2022-10-27"), title="acquisition"))
    history.update_event(Event(id=event.id, day=event.day, title="acquisition closes"))
    assert month_stats(store_dir) == before


def test_start_up_reads_no_month_file(
    history: Store, store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    original = DataFile.parse

    def spy(self: DataFile, payload: bytes, path: Path | None = None) -> dict:
        parsed.append(self.label)
        return original(self, payload, path)

    monkeypatch.setattr(DataFile, "parse", spy)
    Store.open(store_dir)
    assert not [label for label in parsed if label.startswith("incidents/2")]


def test_recent_incidents_reads_the_newest_months_and_the_open_ones(
    history: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    original = IncidentHistory.read_month

    def spy(
        self: IncidentHistory,
        month: str,
        keys: Container[str] | None = None,
        newest: int | None = None,
    ) -> list[Incident]:
        read.append(month)
        return original(self, month, keys, newest)

    monkeypatch.setattr(IncidentHistory, "read_month", spy)
    recent = history.recent_incidents(limit=60)

    months = history.incident_months()
    assert sorted(read) == sorted([months[0], months[1], months[-1]])
    assert len(read) == len(set(read))  # no month is read twice
    assert recent[0].external_id == "9999" and recent[0].is_open
    assert len(recent) == 60
    closed = recent[1:]
    assert closed == sorted(closed, key=lambda i: i.started_at, reverse=True)
    assert {i.started_at.strftime("%Y-%m") for i in closed} <= {months[0], months[1]}


def test_an_incident_closing_leaves_the_open_index(history: Store) -> None:
    history.merge_incidents([incident(9999, 0, status="resolved")])
    assert history.open_incident_keys() == {}
    assert all(not i.is_open for i in history.recent_incidents(limit=10))


def test_an_open_incident_stays_in_its_month_when_its_start_moves(store_dir: Path) -> None:
    store = Store.open(store_dir)
    first = incident(1, 0, status="investigating")
    store.merge_incidents([first])
    moved = replace(first, started_at=first.started_at + timedelta(days=40))
    store.merge_incidents([moved])
    assert [i.id for i in store.incidents()] == [first.id]


def test_an_incident_closed_after_its_start_moved_is_stored_once(store_dir: Path) -> None:
    """Closed, it leaves the index and goes to the month it started in: the polls that keep
    listing it (sources serve their resolved incidents for weeks) found it nowhere there,
    stored it a second time and told it as new."""
    store = Store.open(store_dir)
    first = incident(1, 0, status="investigating")
    store.merge_incidents([first])
    moved = replace(first, started_at=first.started_at + timedelta(days=40))
    store.merge_incidents([moved])
    closed = replace(moved, status="resolved", resolved_at=moved.started_at + timedelta(hours=1))
    assert store.merge_incidents([closed]).changed
    assert store.open_incident_keys() == {}
    for _ in range(2):
        assert store.merge_incidents([closed]).new == ()
    assert [(i.id, i.status) for i in store.incidents()] == [(first.id, "resolved")]
    assert [i.id for i in store.history.read_month("2021-02")] == [first.id]
    assert store.history.read_month("2021-01") == []
    assert store.incident(first.id).started_at == moved.started_at


def test_a_move_interrupted_before_the_index_heals_on_the_next_poll(store_dir: Path) -> None:
    """Moved to its start's month, but killed before the index said it closed: the next poll
    looks in the month the index names, finds nothing there, and the move ends as one copy."""
    store = Store.open(store_dir)
    first = incident(1, 0, status="investigating")
    store.merge_incidents([first])
    moved = replace(first, started_at=first.started_at + timedelta(days=40))
    closed = replace(moved, status="resolved", resolved_at=moved.started_at + timedelta(hours=1))
    store.merge_incidents([closed])
    with store.incident_index.transaction() as db:  # the index as it was before that merge
        db.table("open").insert({"key": first.id, "month": "2021-01"})
    store.merge_incidents([closed])
    assert store.open_incident_keys() == {}
    assert [(i.id, i.status) for i in store.incidents()] == [(first.id, "resolved")]


def test_a_stale_index_heals_on_the_next_poll(store_dir: Path) -> None:
    store = Store.open(store_dir)
    open_one = incident(1, 0, status="investigating")
    store.merge_incidents([open_one])
    with store.incident_index.transaction() as db:  # as if a merge was killed half-way
        db.table("open").truncate()
    assert store.open_incident_keys() == {}
    store.merge_incidents([open_one])  # unchanged, yet the index is repaired
    assert store.open_incident_keys() == {open_one.id: "2021-01"}


def test_recent_events_are_the_newest_by_day_and_time(tmp_path) -> None:
    from tui.domain import Event, parse_day

    store = Store.open(tmp_path / "events")
    days = ["2023-03-06", "2022-10-27", "2023-07-23", "2023-03-06", "2021-01-01"]
    times = ["20:00", "", "", "09:00", ""]
    store.add_events(
        Event(0, parse_day(day), f"event {n}", "other", time=time)
        for n, (day, time) in enumerate(zip(days, times, strict=True))
    )
    recent = store.recent_events(3)
    assert [(e.day.isoformat(), e.time) for e in recent] == [
        ("2023-03-06", "09:00"),
        ("2023-03-06", "20:00"),
        ("2023-07-23", ""),
    ]
    assert store.recent_events(10) == store.events()
