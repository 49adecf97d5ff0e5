"""Damage is never made worse: damaged files are kept aside, backups restored, the user told."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tui.store.backups as backups_module
from tui.domain import Incident, utcnow
from tui.store import StoreDamaged, StoreError, StoreTooNew, StoreUnreadable
from tui.store.backups import DAMAGED_MARK
from tui.store.store import Store

GOOD_NOTES = ["first note", "second note"]

DAMAGE = {
    "truncated JSON": (lambda good: good[: len(good) // 2], "not valid JSON"),
    "empty file": (lambda good: b"", "empty"),
    "binary garbage": (lambda good: bytes(range(128, 256)) * 8, "not UTF-8"),
    "NUL bytes": (lambda good: b"\x00" * 4096, "NUL bytes"),
    "JSON but not a store": (lambda good: b"[1, 2, 3]", "not a whalewatch store file"),
    "a document that is not an object": (
        lambda good: b'{"notes": {"1": "text"}}',
        "not a whalewatch store file",
    ),
    "a damaged _meta record": (
        lambda good: b'{"_meta": {"1": {"kind": "notes", "schema": 1, "last_ids": [3]}}}',
        "_meta record is damaged",
    ),
    "another kind of file": (
        lambda good: b'{"_meta": {"1": {"kind": "events", "schema": 1, "generation": 3}}}',
        "expected 'notes'",
    ),
}


def make_store_with_backup(root: Path) -> bytes:
    """A store whose notes file has a backup holding ``GOOD_NOTES``; returns the good bytes."""
    store = Store.open(root)
    for text in GOOD_NOTES:
        store.add_note(text)
    store.notes_file.backup_now()
    return store.notes_file.path.read_bytes()


@pytest.mark.parametrize("case", list(DAMAGE))
def test_damaged_file_is_kept_aside_and_its_backup_restored(store_dir: Path, case: str) -> None:
    good = make_store_with_backup(store_dir)
    damage, reason = DAMAGE[case]
    damaged = damage(good)
    (store_dir / "notes.json").write_bytes(damaged)

    store = Store.open(store_dir)

    [message] = store.status.messages
    assert "notes.json was damaged" in message
    assert reason in message
    assert "was restored" in message
    assert [n.text for n in reversed(store.notes())] == GOOD_NOTES
    [aside] = sorted(store_dir.glob(f"notes.json{DAMAGED_MARK}*"))
    assert aside.read_bytes() == damaged
    assert aside.name in message
    assert (store_dir / "notes.json").stat().st_mode & 0o777 == 0o600
    # The store works on: the next note gets a fresh id.
    note = store.add_note("after the repair")
    assert note.id == 3


def test_damaged_file_without_backup_is_kept_and_the_user_told(store_dir: Path) -> None:
    Store.open(store_dir).add_note("only copy")
    damaged = b'{"_meta": {"1": {"kind": "notes", "schema": 1}}, "notes": {"1": {"te'
    (store_dir / "notes.json").write_bytes(damaged)

    store = Store.open(store_dir)

    [message] = store.status.messages
    assert "notes.json was damaged" in message and "no good backup" in message
    [aside] = sorted(store_dir.glob(f"notes.json{DAMAGED_MARK}*"))
    assert aside.read_bytes() == damaged
    assert store.notes() == []


def test_newest_good_backup_wins_over_a_damaged_newer_one(store_dir: Path) -> None:
    store = Store.open(store_dir)
    store.add_note("old")
    good_backup = store.notes_file.backup_now()
    store.add_note("newer")
    bad_backup = store.notes_file.backup_now()
    bad_backup.write_bytes(b"\x00\x00")
    (store_dir / "notes.json").write_bytes(b"{")

    reopened = Store.open(store_dir)

    assert good_backup.name in reopened.status.messages[0]
    assert [n.text for n in reopened.notes()] == ["old"]
    assert bad_backup.read_bytes() == b"\x00\x00"


def test_file_of_a_newer_schema_is_left_untouched(store_dir: Path, files_of) -> None:
    Store.open(store_dir).add_note("mine")
    newer = {
        "_meta": {"1": {"kind": "notes", "schema": 99, "generation": 7}},
        "notes": {"1": {"text": "from the future"}},
    }
    (store_dir / "notes.json").write_text(json.dumps(newer))
    before = files_of(store_dir)

    with pytest.raises(StoreTooNew) as caught:
        Store.open(store_dir)

    assert str(store_dir / "notes.json") in str(caught.value)
    assert "newer whalewatch" in str(caught.value) and "schema 99" in str(caught.value)
    assert files_of(store_dir) == before


def test_unreadable_file_stops_the_store_and_is_left_alone(store_dir: Path, files_of) -> None:
    Store.open(store_dir)
    (store_dir / "events.json").mkdir()  # something the OS will not read as a file
    before = files_of(store_dir)

    with pytest.raises(StoreUnreadable) as caught:
        Store.open(store_dir)

    assert str(store_dir / "events.json") in str(caught.value)
    assert "cannot be read" in str(caught.value)
    assert files_of(store_dir) == before
    assert (store_dir / "events.json").is_dir()


def test_damage_found_during_a_session_is_never_overwritten(store_dir: Path) -> None:
    store = Store.open(store_dir)
    note = store.add_note("before the damage")
    damaged = b'{"_meta": {"1": {"kind": "notes", "sch'
    (store_dir / "notes.json").write_bytes(damaged)

    for write in (
        lambda: store.add_note("lost?"),
        lambda: store.save_note_text(note.id, "edited", note.revision),
        lambda: store.delete_note(note.id),
    ):
        with pytest.raises(StoreDamaged) as caught:
            write()
        assert str(store_dir / "notes.json") in str(caught.value)
        assert (store_dir / "notes.json").read_bytes() == damaged
    with pytest.raises(StoreDamaged):
        store.notes()

    # The next start-up keeps the damaged file aside and says so.
    reopened = Store.open(store_dir)
    assert "notes.json was damaged" in reopened.status.messages[0]
    [aside] = store_dir.glob(f"notes.json{DAMAGED_MARK}*")
    assert aside.read_bytes() == damaged


def test_damaged_month_file_met_in_a_merge_is_not_overwritten(store_dir: Path) -> None:
    store = Store.open(store_dir)
    incident = make_incident("1", "2023-03-01T10:00:00Z")
    store.merge_incidents([incident])
    month = store_dir / "incidents" / "2023-03.json"
    month.write_bytes(b"\x00" * 100)

    with pytest.raises(StoreDamaged):
        store.merge_incidents([make_incident("2", "2023-03-02T10:00:00Z")])

    assert month.read_bytes() == b"\x00" * 100


def test_damaged_month_is_moved_aside_when_read_and_the_user_told(store_dir: Path) -> None:
    store = Store.open(store_dir)
    store.merge_incidents(
        [make_incident("1", "2023-03-01T10:00:00Z"), make_incident("2", "2023-04-01T10:00:00Z")]
    )
    month = store_dir / "incidents" / "2023-03.json"
    month.write_bytes(b'{"incidents": {"1": {"ti')

    reopened = Store.open(store_dir)
    assert reopened.status.messages == []  # start-up does not read the history
    titles = [i.title for i in reopened.recent_incidents()]

    assert titles == ["incident 2"]
    [message] = reopened.status.messages
    assert "incidents/2023-03.json was damaged" in message and "not valid JSON" in message
    [aside] = (store_dir / "incidents").glob(f"2023-03.json{DAMAGED_MARK}*")
    assert aside.read_bytes() == b'{"incidents": {"1": {"ti'


def test_lost_index_is_rebuilt_so_old_open_incidents_still_show(store_dir: Path) -> None:
    store = Store.open(store_dir)
    store.merge_incidents([make_incident("old-open", "2021-01-01T00:00:00Z", status="identified")])
    store.merge_incidents(
        [make_incident(str(n), f"2023-{n:02d}-01T00:00:00Z") for n in range(1, 13)]
    )
    (store_dir / "incidents" / "index.json").write_bytes(b"garbage")

    reopened = Store.open(store_dir)

    assert any("index.json was rebuilt" in m for m in reopened.status.messages)
    recent = reopened.recent_incidents(limit=3)
    assert [i.external_id for i in recent] == ["old-open", "12", "11"]


def test_a_file_repaired_by_another_session_is_not_moved_aside_again(store_dir: Path) -> None:
    make_store_with_backup(store_dir)
    (store_dir / "notes.json").write_bytes(b"")
    first, second = Store(store_dir), Store(store_dir)  # both saw the damage
    assert first.notes_file.recover() is not None
    assert second.notes_file.recover() is None
    assert len(list(store_dir.glob(f"notes.json{DAMAGED_MARK}*"))) == 1


def test_rolling_backups_are_pruned_but_migration_backups_kept(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (store_dir).mkdir()
    (store_dir / "notes.json").write_text(json.dumps({"notes": {"1": {"text": "legacy"}}}))
    store = Store.open(store_dir)
    monkeypatch.setattr(backups_module, "BACKUP_INTERVAL_SECONDS", 0)
    for number in range(25):
        store.add_note(f"note {number}")
    backups = store.notes_file.backup_list()
    assert len([b for b in backups if not b.tag]) == backups_module.BACKUPS_KEPT
    assert [b.tag for b in backups if b.tag] == ["schema0"]
    # Each rolling backup is a good earlier version.
    for backup in backups:
        store.notes_file.parse(backup.path.read_bytes(), backup.path)


def test_old_rolling_backups_keep_one_per_day(store_dir: Path) -> None:
    store = Store.open(store_dir)
    store.add_note("x")
    backups = store_dir / "backups"
    backups.mkdir(exist_ok=True)
    payload = (store_dir / "notes.json").read_bytes()
    for day in range(1, 21):
        for hour in (1, 2):
            (backups / f"notes.202301{day:02d}T{hour:02d}0000000000Z.json").write_bytes(payload)
    store.notes_file.backup_now()
    kept = store.notes_file.backup_list()
    assert len(kept) == backups_module.BACKUPS_KEPT + backups_module.DAILY_BACKUPS_KEPT
    older = kept[backups_module.BACKUPS_KEPT :]
    assert len({b.day for b in older}) == backups_module.DAILY_BACKUPS_KEPT


def test_store_directory_that_is_a_file_gives_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "store").write_text("not a directory")
    with pytest.raises(StoreError, match="cannot create the store"):
        Store.open(tmp_path / "store")


def make_incident(external_id: str, started: str, status: str = "resolved") -> Incident:
    from tui.domain import parse_iso

    start = parse_iso(started)
    return Incident(
        source_id="s1",
        external_id=external_id,
        title=f"incident {external_id}",
        status=status,
        impact="minor",
        started_at=start,
        resolved_at=start if status == "resolved" else None,
        first_seen_at=utcnow(),
    )
