"""The history read as summaries: no update bodies kept, search text kept, one incident
read whole on demand, unchanged months not read again, damaged months repaired as before."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tui.demo.synthetic import build_synthetic_store, synthetic_incidents
from tui.domain import utcnow
from tui.item_table import ItemTable
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
    months = len(store.incident_months())
    first = reader.timeline(ItemTable(), utcnow())
    assert reader.months_read == months
    again = reader.timeline(ItemTable(), utcnow())
    assert reader.months_read == months  # nothing changed: no month parsed again
    assert [i.ref for i in again] == [i.ref for i in first]
    newest = incidents[-1]
    store.merge_incidents([replace(newest, title="Renamed while open")])
    third = reader.timeline(ItemTable(), utcnow())
    assert reader.months_read == months + 1  # only the month that changed
    assert any(i.title == "Renamed while open" for i in third)
    assert sorted(i.ref for i in third) == sorted(i.ref for i in first)
    changed = month_of(newest.started_at)
    kept = [(a.ref, a.title) for a in first if month_of(a.moment) != changed]
    assert kept == [(a.ref, a.title) for a in third if month_of(a.moment) != changed]


def test_a_damaged_month_is_repaired_and_told_as_before(tmp_path: Path) -> None:
    store, incidents = filled(tmp_path / "store")
    month = month_of(incidents[0].started_at)
    (store.history.folder / f"{month}.json").write_text("{ not json", encoding="utf-8")
    found = IncidentSummaries(store).timeline(ItemTable(), utcnow())
    assert len(found) < COUNT  # the month had no backup: its incidents are gone
    assert any(month in message for message in store.status.messages), store.status.messages


def test_an_incident_stored_twice_in_its_month_is_read_once_the_last_copy(
    tmp_path: Path,
) -> None:
    """A month file holding a key twice (a history loaded over itself): every read gives the
    incident once, the copy stored last, which is the one a merge updates."""
    store, incidents = filled(tmp_path / "store")
    oldest, newest = incidents[0], incidents[-1]
    copies = [replace(oldest, title="Oldest, second copy"), replace(newest, title="Second copy")]
    store.bulk_load_incidents(copies)
    snapshot = read_snapshot(store, full_history=True)
    assert len(snapshot.incidents) == COUNT
    refs = [item.ref for item in snapshot.timeline]
    assert len(refs) == len(set(refs))
    assert snapshot.incident(oldest.id).title == "Oldest, second copy"
    first_screen = store.recent_incidents(RECENT_INCIDENTS)
    assert len({i.id for i in first_screen}) == len(first_screen)
    assert next(i for i in first_screen if i.id == newest.id).title == "Second copy"
    assert read_incident(store, oldest.id, oldest.started_at).title == "Oldest, second copy"
    assert store.incident(oldest.id).title == "Oldest, second copy"
    store.merge_incidents([replace(newest, title="Renamed by a poll")])
    assert store.incident(newest.id).title == "Renamed by a poll"


def test_a_synthetic_history_is_not_built_over_another(tmp_path: Path) -> None:
    """Loading is not merging: built twice into one folder, every incident was stored twice."""
    build_synthetic_store(tmp_path / "store", 50, 5, 5)
    with pytest.raises(ValueError, match="already holds a history"):
        build_synthetic_store(tmp_path / "store", 50, 5, 5)
    assert len(Store.open(tmp_path / "store").incidents()) == 50
