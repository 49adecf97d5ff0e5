"""Importing exports: all rows or none, bad rows located, and never the same item twice."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from tui.domain import Event, Incident, IncidentUpdate, Platform, Source
from tui.export import export_csv, export_json
from tui.importer import import_file
from tui.store import Store

HEADER = "kind,id,date,time,end,platform,category,title,status,impact,url,description,change\n"


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def filled_store(root: Path) -> Store:
    store = Store.open(root)
    store.save_platform(Platform("X/Twitter", "the bird"))
    store.save_source(Source(id="hist", url="https://api.twitterstat.us", kind="statuspage"))
    # An unrelated event first, so the exported ids differ from the ids in a fresh store.
    store.add_event(Event(0, date(2020, 1, 1), "Filler", "other"))
    store.delete_event(1)
    store.add_events(
        [
            Event(0, date(2022, 10, 27), "Acquisition closes", "business", "X/Twitter"),
            Event(0, date(2023, 3, 29), "New API tiers", "api", "X/Twitter", time="17:30"),
        ]
    )
    store.merge_incidents(
        [
            Incident(
                source_id="hist",
                external_id="m6",
                title="API outage",
                status="resolved",
                impact="critical",
                started_at=at(2023, 3, 6, 16, 25),
                platform="X/Twitter",
                resolved_at=at(2023, 3, 6, 21, 5),
                updates=(
                    IncidentUpdate("investigating", "Broken.", at(2023, 3, 6, 16, 25)),
                    IncidentUpdate("resolved", "Fixed.", at(2023, 3, 6, 21, 5)),
                ),
            )
        ]
    )
    acquisition = next(e for e in store.events() if e.title == "Acquisition closes")
    store.add_note("Takeover day #acquisition", "event", str(acquisition.id))
    store.add_note("Links broken all evening", "incident", "hist:m6")
    store.add_note("Standalone outline")
    return store


def export_of(store: Store) -> str:
    return export_json(
        store.events(), store.incidents(), store.notes(), store.sources(), store.platforms()
    )


def test_json_export_imports_into_an_empty_store_with_notes_on_the_right_items(
    tmp_path: Path,
) -> None:
    source = filled_store(tmp_path / "a")
    path = tmp_path / "backup.json"
    path.write_text(export_of(source), encoding="utf-8")
    target = Store.open(tmp_path / "b")
    report = import_file(target, path)
    assert report.ok, report.errors
    assert report.added == {"platforms": 1, "sources": 1, "events": 2, "incidents": 1, "notes": 3}
    assert [e.title for e in target.events()] == ["Acquisition closes", "New API tiers"]
    acquisition = target.events()[0]
    assert acquisition.id != next(e.id for e in source.events() if e.title == acquisition.title)
    assert [n.text for n in target.notes_for("event", str(acquisition.id))] == [
        "Takeover day #acquisition"
    ]
    incident = target.incident("hist:m6")
    assert incident is not None
    assert [u.status for u in incident.updates] == ["investigating", "resolved"]
    assert [n.text for n in target.notes_for("incident", "hist:m6")] == ["Links broken all evening"]


def test_importing_the_same_file_twice_adds_nothing_the_second_time(tmp_path: Path) -> None:
    path = tmp_path / "backup.json"
    path.write_text(export_of(filled_store(tmp_path / "a")), encoding="utf-8")
    target = Store.open(tmp_path / "b")
    import_file(target, path)
    again = import_file(target, path)
    assert again.ok
    assert sum(again.added.values()) == 0
    assert again.skipped == {"platforms": 1, "sources": 1, "events": 2, "incidents": 1, "notes": 3}
    assert len(target.events()) == 2
    assert len(target.notes()) == 3
    assert len(target.incidents()) == 1
    assert "events: 0 added, 2 already present" in again.summary()


def test_a_bad_json_item_is_reported_by_path_and_nothing_is_imported(tmp_path: Path) -> None:
    data = json.loads(export_of(filled_store(tmp_path / "a")))
    data["events"].append({"day": "2023-02-30", "title": "Bad day", "category": "api"})
    data["events"].append({"day": "2023-02-01", "title": "Odd", "category": "gossip"})
    data["events"].append({"day": "2023-02-01", "title": "  ", "category": "api"})
    data["incidents"][0]["impact"] = "apocalyptic"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    target = Store.open(tmp_path / "b")
    report = import_file(target, path)
    assert not report.ok
    assert report.errors[0].startswith("events[2].day: not a date")
    assert report.errors[1].startswith("events[3].category: unknown category 'gossip'")
    assert report.errors[2] == "events[4].title: the title is empty"
    assert report.errors[3] == "incidents[0].impact: unknown impact 'apocalyptic'"
    assert len(report.errors) == 4
    assert target.events() == [] and target.notes() == [] and target.sources() == []
    assert target.incidents() == []


def test_a_file_from_a_newer_whalewatch_or_another_program_is_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"format": "whalewatch", "version": 99, "events": []}))
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"hello": "world"}))
    store = Store.open(tmp_path / "s")
    assert "newer" in import_file(store, newer).errors[0]
    assert "not a whalewatch export" in import_file(store, other).errors[0]


def test_csv_round_trip_imports_events_and_incidents_once(tmp_path: Path) -> None:
    source = filled_store(tmp_path / "a")
    path = tmp_path / "table.csv"
    path.write_text(export_csv(source.events(), source.incidents()), encoding="utf-8")
    target = Store.open(tmp_path / "b")
    first = import_file(target, path)
    assert first.ok, first.errors
    assert (first.added["events"], first.added["incidents"]) == (2, 1)
    tiers = target.events()[1]
    assert (tiers.day, tiers.time, tiers.category) == (date(2023, 3, 29), "17:30", "api")
    incident = target.incident("hist:m6")
    assert incident is not None
    assert incident.started_at == at(2023, 3, 6, 16, 25)
    assert incident.resolved_at == at(2023, 3, 6, 21, 5)
    assert incident.impact == "critical"
    second = import_file(target, path)
    assert sum(second.added.values()) == 0
    assert len(target.events()) == 2 and len(target.incidents()) == 1


def test_bad_csv_rows_are_reported_with_their_line_in_the_file(tmp_path: Path) -> None:
    text = (
        HEADER
        + 'event,,2023-01-12,,,X/Twitter,api,"Clients cut,\nwithout notice",,,,,yes\n'  # lines 2-3
        + "event,,2023-01-32,,,X/Twitter,api,Bad date,,,,,no\n"  # line 4
        + "event,,2023-01-19,25:00,,X/Twitter,api,Bad time,,,,,no\n"  # line 5
        + "incident,nocolon,2023-02-08,21:40,,X/Twitter,,Posting,resolved,major,,,\n"  # line 6
        + "event,,2023-02-02,,,X/Twitter,api,Short row\n"  # line 7
        + "meeting,,2023-02-02,,,X/Twitter,api,What,,,,,no\n"  # line 8
    )
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    store = Store.open(tmp_path / "s")
    report = import_file(store, path)
    assert [error.split(":")[0] for error in report.errors] == [
        "line 4",
        "line 5",
        "line 6",
        "line 7",
        "line 8",
    ]
    assert "not a date" in report.errors[0]
    assert "expected HH:MM" in report.errors[1]
    assert "expected 13 columns, found 8" in report.errors[3]
    assert store.events() == []  # the good row on lines 2-3 was not imported either


def test_a_csv_with_the_wrong_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("date,title\n2023-01-01,hi\n", encoding="utf-8")
    report = import_file(Store.open(tmp_path / "s"), path)
    assert report.errors == ["line 1: expected the header " + HEADER.strip()]


def test_a_note_on_an_event_missing_from_the_file_is_refused(tmp_path: Path) -> None:
    data = json.loads(export_of(filled_store(tmp_path / "a")))
    data["notes"].append({"id": 9, "text": "Orphan", "target_kind": "event", "target_id": "77"})
    path = tmp_path / "orphan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    target = Store.open(tmp_path / "b")
    target.add_event(Event(0, date(2021, 1, 1), "Unrelated", "other"))
    report = import_file(target, path)
    assert report.errors == ["notes[3].target_id: event '77' is not in this file"]
    assert [n.text for n in target.notes()] == []
