"""Older schemas open, are migrated, and a backup of exactly what was migrated is kept."""

from __future__ import annotations

import json
from pathlib import Path

from tui.domain import Incident, parse_iso
from tui.store.datafile import META
from tui.store.store import SCHEMA, Store

LEGACY_NOTES = {
    "_default": {},
    "notes": {
        "1": {"text": "from a prototype #old", "target_kind": "", "target_id": "", "revision": 1},
        "4": {"text": "a later one", "pinned": True, "revision": 3},
    },
}


def test_schema_0_file_is_migrated_with_a_backup_of_the_original(store_dir: Path) -> None:
    store_dir.mkdir()
    original = json.dumps(LEGACY_NOTES, indent=4).encode()
    (store_dir / "notes.json").write_bytes(original)

    store = Store.open(store_dir)

    [message] = store.status.messages
    assert message.startswith("notes.json: migrated from schema 0 to 1")
    [backup] = store.notes_file.backup_list()
    assert backup.tag == "schema0" and backup.path.name in message
    assert backup.path.read_bytes() == original
    on_disk = json.loads((store_dir / "notes.json").read_text())
    assert on_disk[META]["1"]["schema"] == SCHEMA
    assert on_disk[META]["1"]["kind"] == "notes"
    notes = {note.id: note for note in store.notes()}
    assert notes[1].text == "from a prototype #old" and notes[1].tags == ("old",)
    assert notes[4].pinned and notes[4].revision == 3
    # Ids continue after the migrated ones, and a second start-up migrates nothing.
    assert store.add_note("new").id == 5
    assert Store.open(store_dir).status.messages == []
    assert len(store.notes_file.backup_list()) == 2  # the migration's + a rolling one


def test_schema_0_month_file_is_migrated_when_first_written(store_dir: Path) -> None:
    store = Store.open(store_dir)
    start = parse_iso("2022-11-18T09:00:00Z")
    legacy = Incident("s1", "a", "old outage", "resolved", "major", start, resolved_at=start)
    original = json.dumps({"incidents": {"1": legacy.to_dict()}}).encode()
    (store_dir / "incidents" / "2022-11.json").write_bytes(original)

    assert [i.title for i in store.recent_incidents()] == ["old outage"]  # read in memory
    assert (store_dir / "incidents" / "2022-11.json").read_bytes() == original

    newer = Incident("s1", "b", "new outage", "investigating", "minor", start)
    store.merge_incidents([newer])

    month = store.history.month_file("2022-11")
    [backup] = month.backup_list()
    assert backup.tag == "schema0" and backup.path.read_bytes() == original
    assert month.schema_of(month.read_disk()) == SCHEMA
    assert {i.title for i in store.recent_incidents()} == {"old outage", "new outage"}
