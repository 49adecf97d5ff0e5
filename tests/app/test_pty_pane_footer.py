"""In a real 80x24 terminal, the footer's last line changes with the focused pane.

The user found the footer the same on every pane (``f g a e d`` only in ``?``). Here the
dashboard runs under a pseudo-terminal, its output replayed into a terminal emulator (pyte),
and the bottom line is read as the terminal shows it after each Tab.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from bench.terminal import TerminalSession
from tests.app.conftest import DEMO_NOW
from tests.perf.terminal_screen import TerminalScreen
from tui.demo.dataset import load_demo
from tui.store import Store

FOOTERS = [
    ("incidents", ["⏎ Open", "n Note", "/ Search", "? Help"], ["f Filter"]),
    ("timeline", ["f Filter", "g Date", "a Add", "e Edit", "d Delete", "? Help"], ["⏎ Open"]),
    ("notes", ["⏎ Open", "n Note", "e Edit", "p Pin", "d Delete", "? Help"], ["f Filter"]),
]


def bottom_line(session: TerminalSession) -> str:
    screen = TerminalScreen()
    screen.feed(bytes(session.output))
    return screen.screen.display[-1]


def wait_for_footer(session: TerminalSession, wanted: list[str], timeout: float = 60) -> str:
    """Read the terminal until its bottom line shows every text of ``wanted`` (a condition)."""
    deadline = time.monotonic() + timeout
    line = ""
    while time.monotonic() < deadline and not session.closed:
        session.read_for(0.2)
        line = bottom_line(session)
        if all(text in line for text in wanted):
            return line
    raise AssertionError(f"the footer never showed {wanted}: {line!r}")


def test_the_footer_follows_the_focused_pane_in_a_real_terminal(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load_demo(Store.open(store), now=DEMO_NOW)
    env = dict(os.environ) | {"WHALEWATCH_CONFIG": str(tmp_path / "settings.json")}
    argv = [sys.executable, "-m", "tui", "--db", str(store), "--no-poll"]
    with TerminalSession(argv, env=env) as session:
        session.settle(quiet=0.5, marker=b"Incidents")
        for index, (pane, shown, absent) in enumerate(FOOTERS):
            if index:
                session.send(b"\t")
            line = wait_for_footer(session, shown)
            for text in absent:
                assert text not in line, f"{pane}: {line!r}"
        session.send(b"q")
        session.wait()
