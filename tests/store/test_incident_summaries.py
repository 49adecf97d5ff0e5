"""The history read as summaries: no update bodies kept, search text kept, one incident
read whole on demand, unchanged months not read again, damaged months repaired as before."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tui.demo.synthetic import synthetic_incidents
from tui.snapshot import RECENT_INCIDENTS, read_snapshot
from tui.store import Store
from tui.store.incident_index import IncidentSummaries, read_incident
from tui.store.incidents import month_of

COUNT = RECENT_INCIDENTS + 300


def filled(path: Path) -> tuple[Store, list]:
    store = Store.open(path)
    incidents = list(synthetic_incidents(COUNT))
    store.bulk_load_incidents(incidents)
    return store, incidents


def test_a_full_read_holds_summaries_with_their_search_text(tmp_path: Path) -> None:
    store, incidents = filled(tmp_path / "store")
    snapshot = read_snapshot(store, full_history=True)
    assert len(snapshot.incidents) == COUNT
    assert snapshot.summaries
    assert all(not i.updates and not i.url for i in snapshot.incidents)
    oldest = incidents[0]
    summary = snapshot.incident(oldest.id)
    assert summary is not None
    assert (summary.title, summary.status, summary.started_at, summary.resolved_at) == (
        oldest.title,
        oldest.status,
        oldest.started_at,
        oldest.resolved_at,
    )
    # A search still finds words of the newest updates' bodies.
    item = next(t for t in snapshot.timeline if t.ref == oldest.id)
    assert oldest.updates[-1].body.lower() in item.haystack
    # The open and the newest are held whole: the feed opens them at once.
    newest = incidents[-1]
    assert snapshot.incident_detail(newest.id) == newest
    assert snapshot.incident_detail(oldest.id) is None
    assert len(snapshot.details) <= RECENT_INCIDENTS + 10


def test_one_incident_is_read_whole_from_its_month(tmp_path: Path) -> None:
    store, incidents = filled(tmp_path / "store")
    oldest = incidents[0]
    assert read_incident(store, oldest.id, oldest.started_at) == oldest
    assert read_incident(store, oldest.id) == oldest  # no month known: the whole history
    assert read_incident(store, "nobody:nothing", oldest.started_at) is None


def test_an_open_incident_found_in_the_month_it_was_filed_in(tmp_path: Path) -> None:
    """An open incident whose source moved its start stays in its month (see the index)."""
    store, incidents = filled(tmp_path / "store")
    newest = incidents[-1]
    assert newest.is_open
    elsewhere = newest.started_at.replace(year=newest.started_at.year - 1)
    assert month_of(elsewhere) != store.open_incident_keys()[newest.id]
    assert read_incident(store, newest.id, elsewhere) == newest


def test_unchanged_months_are_not_read_again(tmp_path: Path) -> None:
    store, incidents = filled(tmp_path / "store")
    reader = IncidentSummaries(store)
    first, _ = reader.read_all()
    again, _ = reader.read_all()
    assert all(a is b for a, b in zip(first, again, strict=True))
    newest = incidents[-1]
    store.merge_incidents([replace(newest, title="Renamed while open")])
    third, _ = reader.read_all()
    assert any(i.title == "Renamed while open" for i in third)
    changed = month_of(newest.started_at)
    kept = [a is b for a, b in zip(first, third, strict=True) if month_of(a.started_at) != changed]
    assert kept and all(kept)


def test_a_damaged_month_is_repaired_and_told_as_before(tmp_path: Path) -> None:
    store, incidents = filled(tmp_path / "store")
    month = month_of(incidents[0].started_at)
    (store.history.folder / f"{month}.json").write_text("{ not json", encoding="utf-8")
    found, texts = IncidentSummaries(store).read_all()
    assert len(found) == len(texts) < COUNT  # the month had no backup: its incidents are gone
    assert any(month in message for message in store.status.messages), store.status.messages
