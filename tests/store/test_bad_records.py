"""A store record that is not a record (edited by hand): doctor names it, listings skip it.

``"created_at": "garbage"`` or a note without ``text`` used to pass ``doctor`` and then crash
``note list`` and ``export`` with a traceback.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tui.__main__ import main
from tui.domain import Event
from tui.store import Store
from tui.store.doctor import check_store


def _spoil(path: Path, table: str, docs: dict[str, dict]) -> None:
    """Add hand-written documents to a table of a store file, as an editor would."""
    data = json.loads(path.read_text())
    data[table].update(docs)
    path.write_text(json.dumps(data))


def _store_with_bad_notes(root: Path) -> None:
    store = Store.open(root)
    store.add_note("a good note")
    _spoil(
        root / "notes.json",
        "notes",
        {
            "7": {"text": "dated garbage", "created_at": "garbage", "revision": 1},
            "8": {"pinned": False, "revision": 1},
        },
    )


def test_doctor_names_every_bad_note(tmp_path: Path, capsys) -> None:
    root = tmp_path / "store"
    _store_with_bad_notes(root)

    messages = [f.message for f in check_store(root) if f.file == "notes.json" and f.is_problem]
    assert any("note #7" in m and "created_at" in m for m in messages), messages
    assert any("note #8" in m and "text" in m for m in messages), messages

    assert main(["--db", str(root), "doctor"]) == 1
    out = capsys.readouterr().out
    assert "note #7" in out and "note #8" in out


def test_note_list_and_export_skip_and_report_bad_notes(tmp_path: Path, capsys) -> None:
    root = tmp_path / "store"
    _store_with_bad_notes(root)

    assert main(["--db", str(root), "note", "list"]) == 0
    captured = capsys.readouterr()
    assert "a good note" in captured.out
    assert "garbage" not in captured.out
    assert "note #7 skipped" in captured.err and "created_at" in captured.err
    assert "note #8 skipped" in captured.err and "text" in captured.err
    assert "Traceback" not in captured.err

    assert main(["--db", str(root), "export", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert [n["text"] for n in json.loads(captured.out)["notes"]] == ["a good note"]
    assert "note #7 skipped" in captured.err and "note #8 skipped" in captured.err


def test_note_with_text_of_the_wrong_type_is_skipped(tmp_path: Path, capsys) -> None:
    root = tmp_path / "store"
    Store.open(root).add_note("fine")
    _spoil(root / "notes.json", "notes", {"5": {"text": 5, "revision": 1}})

    assert main(["--db", str(root), "note", "list", "--json"]) == 0
    captured = capsys.readouterr()
    assert [n["text"] for n in json.loads(captured.out)] == ["fine"]
    assert "note #5 skipped" in captured.err and "text: expected text" in captured.err


def test_event_list_skips_and_reports_a_bad_event(tmp_path: Path, capsys) -> None:
    root = tmp_path / "store"
    Store.open(root).add_event(Event(0, date(2024, 5, 1), "Deploy"))
    _spoil(root / "events.json", "events", {"9": {"day": "someday", "title": "Bad"}})

    assert main(["--db", str(root), "event", "list"]) == 0
    captured = capsys.readouterr()
    assert "Deploy" in captured.out and "Bad" not in captured.out
    assert "event #9 skipped" in captured.err and "someday" in captured.err

    problems = [f.message for f in check_store(root) if f.is_problem]
    assert any("event #9" in m for m in problems), problems


def test_a_bad_entry_of_the_incident_index_is_named_and_skipped(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from tui.domain import Incident

    root = tmp_path / "store"
    store = Store.open(root)
    started = datetime(2024, 5, 1, tzinfo=UTC)
    store.merge_incidents([Incident("s", "e1", "open outage", "investigating", "minor", started)])
    _spoil(root / "incidents" / "index.json", "open", {"9": {"key": "s:e9", "month": "May"}})

    problems = [f.message for f in check_store(root) if f.is_problem]
    assert any("index entry #9" in m and "May" in m for m in problems), problems

    reopened = Store.open(root)
    assert [i.title for i in reopened.recent_incidents()] == ["open outage"]  # the first screen
    assert any("index entry #9 skipped" in m for m in reopened.status.messages)
