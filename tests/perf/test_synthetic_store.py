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


def test_notes_are_attached_to_stored_incidents(tmp_path: Path) -> None:
    build_synthetic_store(tmp_path / "store", incidents=800, events=10, notes=40)
    snapshot = read_snapshot(Store.open(tmp_path / "store"), full_history=True)
    attached = [n for n in snapshot.notes if n.target_kind == "incident"]
    assert attached and all(snapshot.incident(n.target_id) for n in attached)


def test_a_kept_fraction_is_the_newest_part_at_the_same_density(tmp_path: Path) -> None:
    counts = build_synthetic_store(
        tmp_path / "store", incidents=2_000, events=200, notes=100, keep_fraction=0.1
    )
    snapshot = read_snapshot(Store.open(tmp_path / "store"), full_history=True)
    whole = sorted(synthetic_incidents(2_000), key=lambda i: i.started_at)
    assert (counts.incidents, counts.events) == (200, 20)
    assert {i.id for i in snapshot.incidents} == {i.id for i in whole[-200:]}
    assert all(snapshot.incident(n.target_id) for n in snapshot.notes if n.target_kind)
