"""``whalewatch note add|list`` as a user in a shell sees it."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.domain import Event, Incident, parse_day
from tui.store.store import Store

AT = datetime(2023, 3, 6, 17, 0, tzinfo=UTC)


def run(store_dir: Path, *args: str) -> int:
    return main(["--db", str(store_dir), "note", *args])


def test_add_says_what_was_added_and_the_note_is_stored(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store_dir, "add", "# Outage again\nAPI down #api #Outage") == 0
    assert run(store_dir, "add", "second", "--json") == 0
    human, machine = capsys.readouterr().out.split("\n", 1)
    assert human == "Added note #1: Outage again"
    assert json.loads(machine)["id"] == 2
    note = Store.open(store_dir).note(1)
    assert note.text == "# Outage again\nAPI down #api #Outage"
    assert note.tags == ("api", "outage") and note.target == ""


def test_add_reads_stdin_for_a_dash(
    store_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("piped in\nwith two lines ✓\n"))
    assert run(store_dir, "add", "-", "--json") == 0
    note_id = json.loads(capsys.readouterr().out)["id"]
    assert Store.open(store_dir).note(note_id).text == "piped in\nwith two lines ✓"


@pytest.mark.parametrize(
    ("target", "kind", "ident"),
    [
        ("incident:s1:abc123", "incident", "s1:abc123"),
        ("platform:X/Twitter", "platform", "X/Twitter"),
    ],
)
def test_add_attaches_to_a_target(
    store_dir: Path, capsys: pytest.CaptureFixture[str], target: str, kind: str, ident: str
) -> None:
    Store.open(store_dir).merge_incidents(
        [Incident("s1", "abc123", "API down", "resolved", "minor", AT)]
    )
    assert run(store_dir, "add", "attached", "--on", target, "--json") == 0
    note = Store.open(store_dir).note(json.loads(capsys.readouterr().out)["id"])
    assert (note.target_kind, note.target_id) == (kind, ident)


def test_add_attaches_to_an_existing_incident_only(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store_dir, "add", "about nothing", "--on", "incident:nope") == 1
    assert "there is no incident nope" in capsys.readouterr().err
    assert not Store.open(store_dir).notes()


def test_add_attaches_to_an_existing_event_only(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event = Store.open(store_dir).add_event(Event(0, parse_day("2022-11-04"), "layoffs"))
    assert run(store_dir, "add", "about the layoffs", "--on", f"event:{event.id}", "--json") == 0
    note = Store.open(store_dir).note(json.loads(capsys.readouterr().out)["id"])
    assert note.target == f"event:{event.id}"

    assert run(store_dir, "add", "about nothing", "--on", "event:99") == 1
    assert "there is no event 99" in capsys.readouterr().err
    assert run(store_dir, "add", "bad id", "--on", "event:first") == 2
    assert "an event id is a number" in capsys.readouterr().err


@pytest.mark.parametrize("target", ["incident", "bogus:1", "incident:", ":x"])
def test_add_refuses_a_malformed_target(
    store_dir: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    assert run(store_dir, "add", "text", "--on", target) == 2
    assert "expected incident:ID, event:ID or platform:NAME" in capsys.readouterr().err
    assert not (store_dir / "notes.json").exists()


def test_add_refuses_an_empty_note(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(store_dir, "add", "  \n ") == 2
    assert "the note is empty" in capsys.readouterr().err


def test_add_strips_terminal_escapes(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(store_dir, "add", "red \x1b[31malert\x1b[0m", "--json") == 0
    note = Store.open(store_dir).note(json.loads(capsys.readouterr().out)["id"])
    assert "\x1b" not in note.text and "alert" in note.text


def notes_for_listing(store_dir: Path) -> None:
    store = Store.open(store_dir)
    store.add_note("API pricing #api #money")
    store.add_note("Layoffs #staff", target_kind="platform", target_id="X")
    store.add_note("pinned overview #API", pinned=True)


def test_list_shows_pinned_first_with_targets_and_tags(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes_for_listing(store_dir)
    assert run(store_dir, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert lines[0].split()[:2] == ["3", "*"] and "pinned overview" in lines[0]
    assert "[platform:X]" in lines[1] and "#staff" in lines[1]
    assert "#api #money" in lines[2]


def test_list_filters_by_tag_whatever_its_case(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes_for_listing(store_dir)
    assert run(store_dir, "list", "--tag", "#Api") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["3", "1"]


def test_list_json(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes_for_listing(store_dir)
    assert run(store_dir, "list", "--json", "--tag", "staff") == 0
    [note] = json.loads(capsys.readouterr().out)
    assert note["id"] == 2 and note["text"] == "Layoffs #staff"
    assert note["tags"] == ["staff"] and note["target"] == "platform:X"
    assert note["title"] == "Layoffs #staff" and note["revision"] == 1


def test_list_filters_by_target(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes_for_listing(store_dir)
    assert run(store_dir, "list", "--json", "--on", "platform:X") == 0
    assert [n["id"] for n in json.loads(capsys.readouterr().out)] == [2]


def test_list_on_an_empty_store_prints_nothing(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store_dir, "list") == 0
    assert capsys.readouterr().out == ""
    assert run(store_dir, "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_note_without_an_action_shows_usage(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store_dir) == 2
    assert "choose an action: add or list" in capsys.readouterr().err


def test_a_store_that_cannot_be_opened_is_one_clear_line(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Store.open(store_dir)
    (store_dir / "notes.json").write_text('{"_meta": {"1": {"kind": "notes", "schema": 7}}}')
    assert run(store_dir, "add", "x") == 1
    err = capsys.readouterr().err
    assert err.startswith("whalewatch: ") and "newer whalewatch" in err and "notes.json" in err
