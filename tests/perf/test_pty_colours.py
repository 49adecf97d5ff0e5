"""Every main screen stays readable in truecolor, 256 colours, 16 colours and NO_COLOR.

The dashboard runs under a real pseudo-terminal with the TERM a user's terminal would set;
what it writes is replayed into a terminal emulator (pyte) and every text cell's colours are
checked for contrast, as the terminal would draw them. A 16-colour terminal rounds
whalewatch's shades to the nearest of 16 colours, which is how grey-on-grey text happens;
status and impact must also read without colour at all (NO_COLOR).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from bench.terminal import TerminalSession
from tests.perf.terminal_screen import TerminalScreen, demo_with_open_incident, press

MINIMUM_CONTRAST = 3.0
"""WCAG's floor for large text and interface parts; body text here is mostly far above it."""

TERMINALS = {
    "truecolor": {"TERM": "xterm-256color", "COLORTERM": "truecolor"},
    "256 colours": {"TERM": "xterm-256color"},
    "16 colours, TERM=xterm": {"TERM": "xterm"},
    "16 colours, TERM=linux": {"TERM": "linux"},
    "NO_COLOR": {"TERM": "xterm-256color", "NO_COLOR": "1"},
}

# (keys to press, name of the screen they lead to, or None when only going back)
WALK = (
    (b"", "main screen, incident feed"),
    (b"\r", "incident detail"),
    (b"\x1b", None),
    (b"\t", "timeline"),
    (b"\r", "timeline item detail"),
    (b"\x1b", None),
    (b"?", "help"),
    (b"\x1b", None),
    (b"s", "sources"),
    (b"\x1b", None),
    (b"t", "stats"),
    (b"\x1b", None),
    (b"\t", "notes pane"),
)


@pytest.fixture(scope="module")
def colour_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, plus an open incident: its red status line must read on the cursor row too."""
    path = tmp_path_factory.mktemp("colours") / "store"
    demo_with_open_incident(path, "open-colour-check")
    return path


@pytest.mark.parametrize("terminal", list(TERMINALS))
def test_every_screen_is_readable(terminal: str, colour_store: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR")}
    env |= TERMINALS[terminal]
    env["WHALEWATCH_CONFIG"] = str(tmp_path / "settings.json")  # no theme chosen yet
    argv = [sys.executable, "-m", "tui", "--db", str(colour_store), "--no-poll"]
    screen = TerminalScreen()
    problems = []
    seen = {}
    with TerminalSession(argv, env=env, term=env["TERM"]) as session:
        session.settle(quiet=1.0, marker=b"Incidents")
        for keys, name in WALK:
            if keys:
                press(session, keys, quiet=0.6)
            screen.feed(bytes(session.output))
            session.output.clear()
            if name is None:
                continue
            seen[name] = screen.text
            hard = screen.hard_to_read(MINIMUM_CONTRAST)
            if hard:
                worst = min(hard, key=lambda cell: cell.contrast)
                text = "".join(c.char for c in hard if c.row == worst.row)
                problems.append(
                    f"{name}: {len(hard)} cells below {MINIMUM_CONTRAST}:1, worst "
                    f"{worst.contrast:.2f}:1 ({worst.foreground} on {worst.background}) "
                    f"in row {worst.row}: {text!r}"
                )
        session.send(b"q")
        session.wait()
    assert not problems, "\n".join(problems)
    # The walk really went through each screen, and status reads as words and glyphs.
    assert "INVESTIGATING" in seen["main screen, incident feed"]
    assert "▲" in seen["main screen, incident feed"]
    assert "We are looking into it." in seen["incident detail"]
    assert "Sources" in seen["sources"] or "sources" in seen["sources"]
    assert "Stats" in seen["stats"]


def test_cursor_row_stands_out_without_colour(colour_store: Path, tmp_path: Path) -> None:
    """Under NO_COLOR the selected feed row is still told apart from its neighbours."""
    env = {k: v for k, v in os.environ.items() if k != "COLORTERM"}
    env |= {"NO_COLOR": "1", "WHALEWATCH_CONFIG": str(tmp_path / "settings.json")}
    argv = [sys.executable, "-m", "tui", "--db", str(colour_store), "--no-poll"]
    screen = TerminalScreen()
    with TerminalSession(argv, env=env) as session:
        session.settle(quiet=1.0, marker=b"Incidents")
        screen.feed(bytes(session.output))
        session.send(b"q")
        session.wait()
    rows = {}
    for cell in screen.cells():
        if not cell.is_graphic:
            rows.setdefault(cell.row, set()).add(cell.background)
    cursor = next(row for row, text in enumerate(screen.screen.display) if "INVESTIGATING" in text)
    assert rows[cursor] != rows[cursor + 1], screen.text
