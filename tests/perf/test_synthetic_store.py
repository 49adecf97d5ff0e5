"""The synthetic store holds what it was asked for, and the same seed gives the same store."""

from __future__ import annotations

from pathlib import Path

from tui.demo.synthetic import build_synthetic_store, synthetic_incidents
from tui.snapshot import read_snapshot
from tui.store import Store


def test_synthetic_store_holds_the_requested_history(tmp_path: Path) -> None:
    counts = build_synthetic_store(tmp_path / "store", incidents=1_500, events=150, notes=15)
    store = Store.open(tmp_path / "store")
    snapshot = read_snapshot(store, full_history=True)
    assert (counts.incidents, counts.events, counts.notes) == (1_500, 150, 15)
    assert len(snapshot.incidents) == 1_500
    assert len(snapshot.events) == 150
    assert len(snapshot.notes) == 15
    assert sum(1 for i in snapshot.incidents if i.is_open) == 5


def test_start_up_reads_the_newest_incidents_first(tmp_path: Path) -> None:
    build_synthetic_store(tmp_path / "store", incidents=1_000, events=10, notes=0)
    recent = Store.open(tmp_path / "store").recent_incidents(50)
    newest = max(synthetic_incidents(1_000), key=lambda i: i.started_at)
    assert len(recent) == 50
    assert newest.id in {i.id for i in recent}


def test_same_seed_same_incidents() -> None:
    first = [i.to_dict() for i in synthetic_incidents(50, seed=7)]
    again = [i.to_dict() for i in synthetic_incidents(50, seed=7)]
    assert first == again
