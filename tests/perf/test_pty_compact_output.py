"""Under a real pseudo-terminal, the compacted output draws the screen Textual's would.

The dashboard runs once, under a PTY, with its driver keeping a copy of every write as
Textual made it, before :class:`~tui.terminal_output.CompactOutput` (``raw_output_app.py``).
Both streams, the one the terminal got and the raw one, are replayed into two emulated
terminals (pyte) at the same points of a walk through the screens, and every cell
(character, colours, bold, italic, underline, reverse, strike; a plain blank by its
background, all it shows) must be the same.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from bench.terminal import TerminalSession
from tests.perf.terminal_screen import TerminalScreen, press
from tests.shown_cells import shown

HELPER = Path(__file__).with_name("raw_output_app.py")

# Keys: the timeline walked down past two page turns and back, an incident opened, a search
# typed and cleared, the notes pane focused, the help, Sources and Stats screens. (Not ``j`` in
# the notes pane: its item has no notes, so it draws nothing, and a key that draws nothing is
# waited on for three seconds.)
WALK: list[list[bytes]] = [
    [b"\t"],
    [b"j"] * 9,
    [b"\x1b[6~", b"\x1b[6~", b"k", b"k"],
    [b"\r"],
    [b"\x1b"],
    [b"/", b"m", b"o", b"b"],
    [b"\x1b", b"\x1b"],
    [b"\t"],
    [b"?"],
    [b"\x1b", b"s"],
    [b"\x1b", b"t"],
    [b"\x1b"],
]  # fmt: skip


def differences(raw: TerminalScreen, compacted: TerminalScreen) -> list[str]:
    found = []
    for y in range(raw.screen.lines):
        for x in range(raw.screen.columns):
            expected, got = raw.screen.buffer[y][x], compacted.screen.buffer[y][x]
            if shown(expected) != shown(got):
                found.append(f"({x},{y}): {expected} drawn as {got}")
    return found


@pytest.mark.parametrize("colours", ["256", "truecolor"])
def test_every_screen_is_drawn_the_same_as_uncompacted(
    synthetic_store: Path, settled_marker: bytes, tmp_path: Path, colours: str
) -> None:
    raw_path = tmp_path / "raw-output"
    env = dict(os.environ, COLORTERM="truecolor") if colours == "truecolor" else None
    argv = [sys.executable, str(HELPER), str(raw_path), "--db", str(synthetic_store), "--no-poll"]
    checked = 0
    # Each emulated terminal is fed only what came since the last comparison (pyte keeps a
    # sequence cut between two feeds), not the whole output again at every step.
    raw, compacted = TerminalScreen(), TerminalScreen()
    compacted_fed = 0
    with TerminalSession(argv, env=env) as session:
        session.settle(marker=settled_marker)
        with raw_path.open("rb") as raw_output:
            for keys in WALK:
                for key in keys:
                    press(session, key, quiet=0.3)
                # On a loaded machine a frame can still be on its way after the quiet spell
                # (in the raw file, not yet on the terminal, or the other way): the screens are
                # compared again once both streams have stopped growing, a few times at most.
                for attempt in range(5):
                    if attempt:
                        session.settle(quiet=1.0)
                    raw.feed(raw_output.read())
                    compacted.feed(bytes(session.output[compacted_fed:]))
                    compacted_fed = len(session.output)
                    found = differences(raw, compacted)
                    if not found:
                        break
                assert not found[:5], (keys, compacted.text)
                checked += 1
        session.send(b"q")
        assert session.wait() == 0
    written = len(session.output)
    assert checked == len(WALK)
    # The same screens in fewer bytes: what the walk saved, as a sanity check of the copy.
    assert written < 0.9 * raw_path.stat().st_size


ERASE = re.compile(rb"\x1b\[[0-9]+X")


@pytest.mark.parametrize(("term", "erases"), [("xterm-256color", True), ("screen-256color", False)])
def test_blanks_are_erased_only_where_terminfo_says_the_background_is_kept(
    synthetic_store: Path, settled_marker: bytes, term: str, erases: bool
) -> None:
    """GNU screen erases in its default background: there every blank is drawn."""
    argv = [sys.executable, "-m", "tui", "--db", str(synthetic_store), "--no-poll"]
    with TerminalSession(argv, term=term) as session:
        session.start(settled_marker, focus=b"\t")
        press(session, b"j", quiet=0.3)
        screen = TerminalScreen()
        screen.feed(bytes(session.output))
        session.send(b"q")
        assert session.wait() == 0
    assert bool(ERASE.search(session.output)) is erases
    assert "Filter: all" in screen.text and "Notes on " in screen.text


def test_ctrl_l_draws_again_a_screen_another_program_wrote_over(
    synthetic_store: Path, settled_marker: bytes, tmp_path: Path
) -> None:
    """Only cells that change are sent, so what another program wrote (a ``wall`` message,
    a background job) stays where nothing changes, until Ctrl+L draws every cell again."""
    raw_path = tmp_path / "raw-output"
    argv = [sys.executable, str(HELPER), str(raw_path), "--db", str(synthetic_store), "--no-poll"]
    raw, compacted = TerminalScreen(), TerminalScreen()
    with TerminalSession(argv) as session:
        session.start(settled_marker, focus=b"\t")
        press(session, b"j", quiet=0.3)
        compacted.feed(bytes(session.output))
        compacted.feed(b"\x1b[3;3H\x1b[0mWRITTEN OVER BY ANOTHER PROGRAM")  # not by the app
        fed = len(session.output)
        press(session, b"j", quiet=0.3)
        compacted.feed(bytes(session.output[fed:]))
        raw.feed(raw_path.read_bytes())
        assert "WRITTEN OVER" in compacted.text  # the incidents pane did not change
        assert differences(raw, compacted)
        fed = len(session.output)
        press(session, b"\x0c", quiet=0.3)  # Ctrl+L
        compacted.feed(bytes(session.output[fed:]))
        raw = TerminalScreen()
        raw.feed(raw_path.read_bytes())
        assert not differences(raw, compacted)[:5], compacted.text
        assert "WRITTEN OVER" not in compacted.text
        session.send(b"q")
        assert session.wait() == 0
