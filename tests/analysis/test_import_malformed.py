"""Malformed and over-permissive import files: refused with the row and field, never a traceback.

Each case was a crash or a silent coercion: ``"time": 1200`` raised AttributeError, 100,000
nested ``[`` a RecursionError, a 5,000-digit id a ValueError; a ``null`` title became "None"
and a duplicate event id re-targeted notes to the wrong event. Nothing is written for any.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.store import Store


def export_with(**items: list[dict]) -> dict:
    return {"format": "whalewatch", "version": 1, **items}


EVENT = {"id": 1, "day": "2023-03-06", "title": "API outage", "category": "outage"}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            export_with(events=[{**EVENT, "time": 1200}]),
            "events[0].time: expected text, not a number",
        ),
        (
            export_with(events=[{**EVENT, "title": None}]),
            "events[0].title: expected text, not null",
        ),
        (
            export_with(events=[{**EVENT, "is_change": "no"}]),
            "events[0].is_change: expected true/false",
        ),
        (
            export_with(events=[{**EVENT, "id": "7"}]),
            "events[0].id: expected a whole number, not text",
        ),
        (
            export_with(events=[EVENT, {**EVENT, "title": "Another"}]),
            "events[1].id: 1 is also the id of events[0]",
        ),
        (
            export_with(notes=[{"id": 1, "text": "x", "pinned": 1}]),
            "notes[0].pinned: expected true/false, not a number",
        ),
        (
            export_with(
                incidents=[
                    {
                        "source_id": "s",
                        "external_id": "e",
                        "title": "t",
                        "status": "resolved",
                        "impact": "minor",
                        "started_at": "2023-03-06T17:00:00Z",
                        "updates": [
                            {"status": "resolved", "body": 5, "at": "2023-03-06T18:00:00Z"}
                        ],
                    }
                ]
            ),
            "incidents[0].updates[0].body: expected text, not a number",
        ),
        (export_with(events=[{**EVENT, "id": 10**30}]), "events[0].id: number too large"),
    ],
)
def test_a_wrong_type_is_named_and_nothing_is_written(
    tmp_path: Path, capsys, document: dict, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    assert main(["--db", str(tmp_path / "db"), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err, err
    assert "Traceback" not in err
    store = Store.open(tmp_path / "db")
    assert store.events() == [] and store.notes() == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000, "nested too deeply"),
        (
            '{"format": "whalewatch", "version": 1, "events": [{"id": ' + "9" * 5000 + "}]}",
            "digits",
        ),
    ],
)
def test_a_hostile_json_text_is_one_clear_line(
    tmp_path: Path, capsys, text: str, message: str
) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(text)
    assert main(["--db", str(tmp_path / "db"), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
