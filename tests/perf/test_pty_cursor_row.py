"""A cursor-down in the timeline, as a real terminal gets it: few bytes, a full-width cursor row.

The move sends the row the cursor left, the row it reached (each a few runs of colour) and the
notes header's new title without the words before it, which stay on the screen. What the
terminal then shows is checked in an emulator (pyte): the cursor row is one background from
the pane's left edge to the scrollbar, and the row it left is back to the pane's background.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.terminal import TerminalSession
from tests.perf.terminal_screen import TerminalScreen

PRESS_BUDGET = 400
"""Bytes for a cursor-down that stays in view. A row was five runs of colour (the glyph in the
title's colour between muted parts) and the header was resent from its first word: 418 to 539
bytes a move, where it is 339 to 368 now."""

CONTENT = range(1, 77)
"""The timeline's cells on a line at 80 columns: after the pane's border, before the scrollbar."""


def _backgrounds(screen: TerminalScreen, row: int) -> set[str]:
    line = screen.screen.buffer[row]
    return {line[x].bg if not line[x].reverse else line[x].fg for x in CONTENT}


def _cursor_row(screen: TerminalScreen) -> tuple[int, str]:
    """The screen row of the selected item (its title is the notes header's) and the header."""
    lines = screen.screen.display
    header = next(line for line in lines if "Notes on " in line)
    title = header.split(": ", 1)[1].rstrip(" │┃")
    rows = [y for y, line in enumerate(lines) if title in line and "Notes on" not in line]
    assert rows, screen.text
    return rows[-1], header


def test_a_cursor_down_sends_two_rows_and_a_title(synthetic_store: Path, settled_marker: bytes):
    argv = [sys.executable, "-m", "tui", "--db", str(synthetic_store), "--no-poll"]
    screen = TerminalScreen()
    with TerminalSession(argv) as session:
        session.settle(marker=settled_marker)
        session.send(b"\t")
        session.settle(quiet=0.5)
        session.send(b"j")  # the first move may still carry the focus change's redraw
        session.settle(quiet=0.3)
        screen.feed(bytes(session.output))
        before, header_before = _cursor_row(screen)
        for _ in range(2):  # both stay in view (the view turns a page further down)
            start = len(session.output)
            session.send(b"j")
            session.settle(quiet=0.3)
            sent = bytes(session.output[start:])
            screen.feed(sent)
            after, header_after = _cursor_row(screen)
            assert len(sent) <= PRESS_BUDGET, (len(sent), sent)
            if header_before.split(":")[0] == header_after.split(":")[0]:
                assert b"Notes on" not in sent, sent  # those words stayed on the screen
            cursor = _backgrounds(screen, after)
            assert len(cursor) == 1, f"the cursor row is not one background: {cursor}"
            left = _backgrounds(screen, before)
            assert len(left) == 1 and left != cursor, (left, cursor, screen.text)
            assert _backgrounds(screen, after + 1) == left  # the row below: the pane's own
            before, header_before = after, header_after
        session.send(b"q")
        assert session.wait() == 0
