"""recent-events.json: the newest events beside events.json, used only while it names its bytes.

A start-up read of the newest events (and the check of events.json at open) then costs a
digest of the file instead of parsing the whole chronicle; whatever makes the two files
disagree sends the reader back to events.json itself.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tui.demo.synthetic import synthetic_events
from tui.domain import Event
from tui.snapshot import RECENT_EVENTS
from tui.store import Store
from tui.store.datafile import DataFile
from tui.store.recent_events import FILE_NAME, KEPT


def aged(root: Path, seconds: float = 60) -> None:
    """Back-date events.json, as if written a while ago (its signature then counts)."""
    past = time.time() - seconds
    os.utime(root / "events.json", (past, past))


def chronicle(root: Path, count: int = KEPT + 200) -> Store:
    store = Store.open(root)
    store.add_events(synthetic_events(count))
    aged(root)
    return store


def parsed_recent(root: Path, limit: int) -> list[Event]:
    """The newest events as the store reads them from events.json alone."""
    (root / FILE_NAME).unlink(missing_ok=True)
    return Store.open(root).recent_events(limit)


def count_parses(monkeypatch) -> list[str]:
    """The labels of the files parsed from here on."""
    parsed: list[str] = []
    original = DataFile.parse

    def counting(self: DataFile, payload: bytes, path: Path | None = None):
        parsed.append(self.label)
        return original(self, payload, path)

    monkeypatch.setattr(DataFile, "parse", counting)
    return parsed


def test_it_keeps_as_many_as_start_up_reads() -> None:
    assert KEPT >= RECENT_EVENTS


def test_the_newest_events_are_read_without_parsing_events_json(
    store_dir: Path, monkeypatch
) -> None:
    chronicle(store_dir)
    parsed = count_parses(monkeypatch)
    store = Store.open(store_dir)
    recent = store.recent_events(KEPT)
    assert "events.json" not in parsed
    assert store.status.messages == []
    monkeypatch.undo()
    assert recent == parsed_recent(store_dir, KEPT)
    assert len(recent) == KEPT


def test_fewer_than_kept_are_the_newest_of_those(store_dir: Path) -> None:
    chronicle(store_dir)
    store = Store.open(store_dir)
    fifty = store.recent_events(50)
    assert fifty == parsed_recent(store_dir, 50)
    assert fifty == Store.open(store_dir).events()[-50:]


def test_every_write_keeps_it_true(store_dir: Path, monkeypatch) -> None:
    store = chronicle(store_dir)
    newest = store.events()[-1]
    store.update_event(replace(newest, title="renamed"))
    store.delete_event(store.events()[-2].id)
    added = store.add_event(Event(0, newest.day, "added last", time="23:59"))
    aged(store_dir)
    parsed = count_parses(monkeypatch)
    recent = Store.open(store_dir).recent_events(KEPT)
    assert "events.json" not in parsed
    monkeypatch.undo()
    assert recent == parsed_recent(store_dir, KEPT)
    titles = [e.title for e in recent]
    assert "renamed" in titles and titles[-1] == added.title


@pytest.mark.parametrize(
    "change",
    [
        "edited by hand",  # same size, same mtime: only the bytes tell
        "restored older copy",
        "index left by an older version",
        "damaged index",
        "index of another schema",
    ],
)
def test_a_file_that_does_not_name_these_bytes_is_ignored(
    store_dir: Path, change: str, monkeypatch
) -> None:
    store = chronicle(store_dir)
    events_path, index_path = store_dir / "events.json", store_dir / FILE_NAME
    if change == "edited by hand":
        stat = events_path.stat()
        newest = store.events()[-1]
        payload = events_path.read_bytes()
        assert payload.count(newest.title.encode()) == 1
        edited = payload.replace(newest.title.encode(), newest.title.upper().encode())
        events_path.write_bytes(edited)
        os.utime(events_path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    elif change == "restored older copy":
        older = events_path.read_bytes()
        store.add_event(Event(0, store.events()[-1].day, "written after"))
        events_path.write_bytes(older)
        aged(store_dir)
    elif change == "index left by an older version":
        older_index = index_path.read_bytes()
        store.add_event(Event(0, store.events()[-1].day, "written after", time="23:59"))
        index_path.write_bytes(older_index)
        aged(store_dir)
    elif change == "damaged index":
        index_path.write_bytes(index_path.read_bytes()[:1000])
    else:
        record = json.loads(index_path.read_bytes())
        index_path.write_text(json.dumps({**record, "schema": record["schema"] + 1}))
    parsed = count_parses(monkeypatch)
    store = Store.open(store_dir)
    recent = store.recent_events(KEPT)
    assert "events.json" in parsed
    monkeypatch.undo()
    assert recent == parsed_recent(store_dir, KEPT)
    if change == "edited by hand":
        assert recent[-1].title == recent[-1].title.upper()


def test_a_damaged_events_file_is_still_repaired_at_open(store_dir: Path) -> None:
    store = chronicle(store_dir)
    store.add_event(Event(0, store.events()[-1].day, "kept in a backup"))
    (store_dir / "events.json").write_bytes(b'{"_meta": {"1": {"kind": "events", "sch')
    reopened = Store.open(store_dir)
    assert any("events.json was damaged" in m for m in reopened.status.messages)
    assert reopened.recent_events(KEPT) == reopened.events()[-KEPT:]


def test_a_write_it_cannot_follow_still_saves_the_events(store_dir: Path) -> None:
    store = chronicle(store_dir)
    (store_dir / FILE_NAME).unlink()
    (store_dir / FILE_NAME).mkdir()  # cannot be replaced by a file
    added = store.add_event(Event(0, store.events()[-1].day, "saved anyway", time="23:59"))
    reopened = Store.open(store_dir)
    assert reopened.status.messages == []
    assert reopened.recent_events(10)[-1] == added


def test_inside_a_batch_the_staged_events_are_read(store_dir: Path) -> None:
    store = chronicle(store_dir)
    with store.batch():
        added = store.add_event(Event(0, store.events()[-1].day, "not written yet", time="23:59"))
        assert store.recent_events(10)[-1] == added
    assert Store.open(store_dir).recent_events(10)[-1] == added


def test_a_bad_document_among_the_newest_is_skipped_and_told(store_dir: Path) -> None:
    store = chronicle(store_dir)
    newest_id = str(store.events()[-1].id)
    with store.events_file.transaction() as db:  # written by the store: the index follows
        db.table("events").update({"day": "garbage"}, doc_ids=[int(newest_id)])
    aged(store_dir)
    reopened = Store.open(store_dir)
    recent = reopened.recent_events(KEPT)
    assert int(newest_id) not in {e.id for e in recent}
    assert any(f"event #{newest_id} skipped" in m for m in reopened.status.messages)
