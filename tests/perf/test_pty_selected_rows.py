"""The selected row of every list is visible in a real terminal, in every colour mode.

A Pilot screenshot drew the timeline's cursor row while a real terminal showed nothing: the
widget's own background was laid over the cursor's. Here the dashboard runs under a real
pseudo-terminal, its output is replayed into a terminal emulator (pyte), and in each list the
row under the cursor must be drawn differently from its neighbours, as the terminal shows it:
in truecolor, 256 colours, 16 colours (TERM=xterm), NO_COLOR and the light theme.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from bench.terminal import TerminalSession
from tests.perf.terminal_screen import (
    OPEN_TITLE,
    TerminalScreen,
    demo_with_open_incident,
    press,
)

MODES = {
    "truecolor": ({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, ""),
    "256 colours": ({"TERM": "xterm-256color"}, ""),
    "TERM=xterm": ({"TERM": "xterm"}, ""),
    "NO_COLOR": ({"TERM": "xterm-256color", "NO_COLOR": "1"}, ""),
    "textual-light": ({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, "textual-light"),
}


@pytest.fixture(scope="module")
def lists_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, an open incident at the top of the feed, and two notes on it."""
    path = tmp_path_factory.mktemp("selected") / "store"
    store, incident = demo_with_open_incident(path, "open-selected-check")
    for text in ("First note on the open incident", "Second note on the open incident"):
        store.add_note(text, "incident", incident.id)
    return path


def _looks(screen: TerminalScreen) -> dict[int, set[str]]:
    """Per screen row, the backgrounds its text cells are drawn on (reverse video included).

    Backgrounds, not colours: a day header and an item already differ in their text colours,
    and a cursor that is only a colour change of the text is not one a user can find.
    """
    rows: dict[int, set[str]] = {}
    for cell in screen.cells():
        if not cell.is_graphic:
            rows.setdefault(cell.row, set()).add(cell.background)
    return rows


def _row_of(screen: TerminalScreen, text: str, after: int = 0) -> int:
    display = screen.screen.display
    return next(row for row in range(after, len(display)) if text in display[row])


def _assert_stands_out(screen: TerminalScreen, row: int, neighbours: list[int], what: str):
    looks = _looks(screen)
    for other in neighbours:
        assert looks[row] != looks[other], (
            f"{what}: the selected row {row} is drawn like row {other}\n{screen.text}"
        )


@pytest.mark.parametrize("mode", list(MODES))
def test_the_selected_row_stands_out_in_every_list(
    lists_store: Path, tmp_path: Path, mode: str
) -> None:
    env_extra, theme = MODES[mode]
    settings = tmp_path / "settings.json"
    if theme:
        settings.write_text(json.dumps({"theme": theme}), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR")}
    env |= env_extra | {"WHALEWATCH_CONFIG": str(settings)}
    argv = [sys.executable, "-m", "tui", "--db", str(lists_store), "--no-poll"]
    with TerminalSession(argv, env=env, term=env_extra["TERM"]) as session:
        session.settle(quiet=1.0, marker=b"Incidents")

        def look(*keys: bytes) -> TerminalScreen:
            # One key at a time: an Escape followed at once by a letter reads as Alt+letter.
            for key in keys:
                press(session, key)
            screen = TerminalScreen()
            screen.feed(bytes(session.output))
            return screen

        # The incident feed: the cursor moves from the open incident to the next one.
        screen = look(b"j")
        top = _row_of(screen, OPEN_TITLE[:30])
        _assert_stands_out(screen, top + 1, [top, top + 2], "incident feed")

        # The timeline: focused, two rows down; the notes pane names the selected item.
        screen = look(b"\t", b"j", b"j")
        header = _row_of(screen, "Notes on ")
        title = screen.screen.display[header].split(": ", 1)[1].strip()[:20]
        selected = _row_of(screen, title, after=_row_of(screen, "Filter: "))
        assert selected < header, screen.text
        _assert_stands_out(screen, selected, [selected - 1, selected + 1], "timeline")

        # The notes list: the timeline back on the open incident, then its second note.
        screen = look(b"k", b"k", b"\t", b"j")
        newer = _row_of(screen, "Second note")
        older = _row_of(screen, "First note")
        assert older == newer + 1, screen.text
        _assert_stands_out(screen, older, [newer], "notes list")

        # The Sources table: the cursor on the second source.
        screen = look(b"\x1b", b"s", b"j")
        rows = [r for r, line in enumerate(screen.screen.display) if " demo-" in line]
        assert len(rows) == 3, screen.text  # the history, the replay and its probe (issue 14 §4)
        _assert_stands_out(screen, rows[1], [rows[0], rows[1] - 1], "sources table")
        session.send(b"\x1b")
        session.settle(quiet=0.3)
        session.send(b"q")
        session.wait()
