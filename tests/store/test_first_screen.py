"""The first-screen copy: shown at start-up only while every data file is as it was."""

from __future__ import annotations

import json
import os
import time
from dataclasses import replace
from pathlib import Path

from tui.demo.synthetic import synthetic_events, synthetic_incidents
from tui.domain import Note
from tui.first_screen import (
    FILE_NAME,
    FirstScreenCache,
    parse_documents,
    read_copy,
    snapshot_from_documents,
)
from tui.snapshot import read_snapshot
from tui.store import Store
from tui.store.datafile import DataFile


def filled_store(root: Path) -> Store:
    store = Store.open(root)
    store.add_events(synthetic_events(300))
    store.bulk_load_incidents(synthetic_incidents(600))
    for n in range(5):
        store.add_note(f"note {n} #tag", "incident" if n % 2 else "", "")
    return store


def age_files(root: Path, seconds: float = 60) -> None:
    """Back-date every data file, as if written a while ago (not 'racily clean')."""
    past = time.time() - seconds
    for path in [*root.glob("*.json"), *(root / "incidents").glob("*.json")]:
        if path.name != FILE_NAME:
            os.utime(path, (past, past))


def save_copy(store: Store) -> None:
    signatures = store.file_signatures()
    snapshot = read_snapshot(store, full_history=True)
    assert FirstScreenCache(store.root).save(store, signatures, snapshot)


def reopen(root: Path) -> tuple[Store, FirstScreenCache]:
    """The store opened as the dashboard opens it: trusting what the copy vouches for."""
    cache = FirstScreenCache(root)
    return Store.open(root, trusted=cache.vouches_for), cache


def whole_copy(root: Path) -> dict | None:
    """The copy's documents when the whole of it still holds (after opening the store)."""
    store, cache = reopen(root)
    return cache.documents(store)


def test_copy_is_what_a_start_up_read_shows(store_dir: Path) -> None:
    store = filled_store(store_dir)
    age_files(store_dir)
    save_copy(store)

    reopened, cache = reopen(store_dir)
    documents = cache.documents(reopened)
    assert documents is not None
    copied = snapshot_from_documents(documents)
    direct = read_snapshot(reopened, full_history=False)
    assert copied is not None
    assert [i.id for i in copied.incidents] == [i.id for i in direct.incidents]
    assert copied.incidents == direct.incidents
    assert [e.id for e in copied.events] == [e.id for e in direct.events]
    assert copied.notes == direct.notes
    # (an open incident's duration runs on with the clock, so compare identities)
    assert [(t.kind, t.ref) for t in copied.timeline] == [(t.kind, t.ref) for t in direct.timeline]
    assert not copied.full_history


def test_any_write_makes_the_copy_unused(store_dir: Path) -> None:
    store = filled_store(store_dir)
    age_files(store_dir)
    save_copy(store)
    store.add_note("written after the copy")
    assert whole_copy(store_dir) is None


def test_a_new_month_of_incidents_makes_the_copy_unused(store_dir: Path) -> None:
    store = filled_store(store_dir)
    age_files(store_dir)
    save_copy(store)
    (store_dir / "incidents" / "2099-01.json").write_text(
        (store_dir / "incidents" / "index.json").read_text()
    )
    assert whole_copy(store_dir) is None


def test_a_file_edited_in_place_makes_the_copy_unused(store_dir: Path) -> None:
    """An editor that rewrites a file in place keeps its inode: mtime and size still tell."""
    store = filled_store(store_dir)
    age_files(store_dir)
    save_copy(store)
    path = store_dir / "events.json"
    data = json.loads(path.read_text())
    first = next(key for key in data["events"])
    data["events"][first]["title"] = "Edited by hand"
    path.write_text(json.dumps(data))
    reopened, cache = reopen(store_dir)
    assert cache.documents(reopened) is None
    assert "Edited by hand" in {e.title for e in reopened.events()}


def test_files_written_just_before_the_copy_are_not_trusted(store_dir: Path) -> None:
    """Within one tick of a coarse clock an atomic rewrite can look the same: no shortcut."""
    store = filled_store(store_dir)
    save_copy(store)  # the files are seconds old at most
    assert whole_copy(store_dir) is None


def test_damaged_or_foreign_copies_are_ignored(store_dir: Path) -> None:
    store = filled_store(store_dir)
    age_files(store_dir)
    save_copy(store)
    path = store_dir / FILE_NAME
    good = path.read_bytes()
    for payload in (b"", b"{not json", b"[]", b'{"format": 99}', good[: len(good) // 2]):
        path.write_bytes(payload)
        assert read_copy(store_dir / FILE_NAME) is None
        reopened, cache = reopen(store_dir)
        assert cache.documents(reopened) is None
        assert len(reopened.notes()) == 5  # the store itself reads as always


def test_unusable_documents_give_no_snapshot() -> None:
    assert snapshot_from_documents({"events": [{"no": "day"}]}) is None
    assert snapshot_from_documents({}) is None


def test_trusted_files_are_not_parsed_again_at_open(store_dir: Path, monkeypatch) -> None:
    store = filled_store(store_dir)
    age_files(store_dir)
    save_copy(store)
    checked: list[str] = []
    original = DataFile.read_checked

    def counting(self: DataFile):
        checked.append(self.label)
        return original(self)

    monkeypatch.setattr(DataFile, "read_checked", counting)
    reopen(store_dir)
    assert checked == []
    store.add_note("changes notes.json only")
    checked.clear()
    reopen(store_dir)
    assert checked == ["notes.json"]


def test_a_damaged_file_is_still_repaired_when_the_copy_vouches_for_another(
    store_dir: Path,
) -> None:
    store = filled_store(store_dir)
    store.add_note("kept in a backup")
    age_files(store_dir)
    save_copy(store)
    (store_dir / "notes.json").write_bytes(b"\x00\x00 damaged")
    reopened, cache = reopen(store_dir)
    assert cache.documents(reopened) is None
    assert reopened.status.messages  # moved aside and restored from the backup
    assert all(isinstance(n, Note) for n in reopened.notes())


def test_after_a_poll_elsewhere_only_what_changed_is_read(store_dir: Path) -> None:
    """A cron `poll --once` changes incidents and health; events and notes come from the copy."""
    store = filled_store(store_dir)
    age_files(store_dir)
    save_copy(store)
    polled = next(iter(synthetic_incidents(1, seed=9)))
    store.merge_incidents([replace(polled, external_id="from-cron", title="Polled elsewhere")])

    reopened, cache = reopen(store_dir)
    assert cache.documents(reopened) is None  # not the whole copy any more
    assert set(cache.reusable(reopened)) == {"platforms", "sources", "health", "events", "notes"}
    reused = read_snapshot(reopened, full_history=False, reuse=cache.reusable(reopened))
    direct = read_snapshot(reopened, full_history=False)
    assert "Polled elsewhere" in {i.title for i in reused.incidents}
    assert reused.incidents == direct.incidents
    assert [e.id for e in reused.events] == [e.id for e in direct.events]
    assert reused.notes == direct.notes


def test_a_changed_events_file_is_read_again(store_dir: Path) -> None:
    store = filled_store(store_dir)
    age_files(store_dir)
    save_copy(store)
    store.add_events(synthetic_events(1, seed=5))
    reopened, cache = reopen(store_dir)
    assert "events" not in cache.reusable(reopened)
    assert {"incidents", "notes"} <= set(cache.reusable(reopened))
    reused = read_snapshot(reopened, full_history=False, reuse=cache.reusable(reopened))
    assert len(reused.events) == len(read_snapshot(reopened, full_history=False).events)


def test_unusable_reused_documents_fall_back_to_the_store(store_dir: Path) -> None:
    store = filled_store(store_dir)
    direct = read_snapshot(store, full_history=False)
    broken = {"events": [{"no": "fields"}], "notes": "not a list of notes"}
    reused = read_snapshot(store, full_history=False, reuse=parse_documents(broken))
    assert [e.id for e in reused.events] == [e.id for e in direct.events]
    assert reused.notes == direct.notes
