"""The global ``--demo`` means the demo's throwaway copy for every subcommand, never ignored.

A reader who tries ``whalewatch --demo export --format md`` must get the demo's chronicle, not
their own (empty) store; a command that writes is refused, since the copy is thrown away.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.store import Store


@pytest.fixture
def own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's own store, which no --demo command may read or change."""
    root = tmp_path / "mine"
    monkeypatch.setenv("WHALEWATCH_DB", str(root))
    Store.open(root).add_note("my own note")
    return root


def test_demo_export_is_the_demo_chronicle(own_store: Path, capsys) -> None:
    assert main(["--demo", "export", "--format", "json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    titles = " ".join(event["title"] for event in exported["events"])
    assert "Musk" in titles or "Twitter" in titles
    assert len(exported["events"]) > 10
    assert "my own note" not in json.dumps(exported)


@pytest.mark.parametrize("command", [["event", "list", "--json"], ["note", "list", "--json"]])
def test_demo_lists_read_the_demo(own_store: Path, capsys, command: list[str]) -> None:
    assert main(["--demo", *command]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed, "the demo has events and notes"
    assert "my own note" not in json.dumps(listed)


@pytest.mark.parametrize(
    "command",
    [
        ["note", "add", "lost"],
        ["event", "add", "--date", "2023-03-06", "--title", "Lost", "--category", "outage"],
    ],
)
def test_demo_refuses_writes_in_one_line(own_store: Path, capsys, command: list[str]) -> None:
    assert main(["--demo", *command]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "throwaway copy" in err[0]
    assert [note.text for note in Store.open(own_store).notes()] == ["my own note"]


def test_note_list_shows_each_tag_once(own_store: Path, capsys) -> None:
    """The demo's second note ends in its tags: ``… hold. #outage #followup  [incident:…]
    #outage #followup`` repeated them after the title, as the Notes pane did before."""
    assert main(["--demo", "note", "list"]) == 0
    followup = next(line for line in capsys.readouterr().out.splitlines() if "#followup" in line)
    assert followup.count("#followup") == 1 and followup.count("#outage") == 1, followup
