"""What a terminal shows after a program's output: cells with their colours, and their contrast.

The bytes a program wrote under a pseudo-terminal are replayed into pyte, a VT100/xterm
emulator, which gives the screen as a grid of characters, each with its foreground and
background colour as the terminal would draw them. Colours are resolved with xterm's default
palette (the 16 ANSI colours of a 16-colour terminal included) on a dark terminal, and
compared with the WCAG contrast ratio, the usual measure of whether text can be read.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyte
from pyte.graphics import FG_BG_256

from bench.terminal import TerminalSession
from tui.domain import Incident, IncidentUpdate
from tui.store import Store

ANSI_NAMES = ("black", "red", "green", "brown", "blue", "magenta", "cyan", "white")
PALETTE = {name: FG_BG_256[n] for n, name in enumerate(ANSI_NAMES)}
PALETTE |= {f"bright{name}": FG_BG_256[n + 8] for n, name in enumerate(ANSI_NAMES)}
DEFAULT_FOREGROUND = "e5e5e5"  # xterm's "white", the usual default text of a dark terminal
DEFAULT_BACKGROUND = "000000"


@dataclass(frozen=True)
class Cell:
    row: int
    column: int
    char: str
    foreground: str
    background: str

    @property
    def is_graphic(self) -> bool:
        """Box drawing, blocks and scrollbars: lines and shapes, not text to be read."""
        return 0x2500 <= ord(self.char[0]) <= 0x259F

    @property
    def contrast(self) -> float:
        return contrast_ratio(self.foreground, self.background)


class TerminalScreen:
    """An emulated terminal of ``columns`` x ``rows`` fed with a program's output."""

    def __init__(self, columns: int = 80, rows: int = 24) -> None:
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)

    def feed(self, data: bytes) -> None:
        self.stream.feed(data)

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def cells(self) -> Iterator[Cell]:
        """Every cell that shows a character, with the colours it is drawn in."""
        for y in range(self.screen.lines):
            line = self.screen.buffer[y]
            for x in range(self.screen.columns):
                char = line[x]
                if not char.data.strip():
                    continue
                foreground = _hex(char.fg, DEFAULT_FOREGROUND)
                background = _hex(char.bg, DEFAULT_BACKGROUND)
                if char.reverse:
                    foreground, background = background, foreground
                yield Cell(y, x, char.data, foreground, background)

    def hard_to_read(self, minimum: float) -> list[Cell]:
        """Text cells whose contrast with their background is below ``minimum``."""
        return [c for c in self.cells() if not c.is_graphic and c.contrast < minimum]


def _hex(colour: str, default: str) -> str:
    if colour == "default":
        return default
    return PALETTE.get(colour, colour).lower()


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two ``rrggbb`` colours: 1 (same) to 21 (black on white)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


OPEN_TITLE = "Timelines fail to load for some users"


def demo_with_open_incident(path: Path, external_id: str) -> tuple[Store, Incident]:
    """The demo at ``path``, plus an open incident on top of its feed (for the PTY tests).

    An open incident is drawn in the error colour: it must read on the cursor row too.
    """
    from datetime import timedelta

    from tests.app.conftest import DEMO_NOW
    from tui.demo.dataset import load_demo

    store = Store.open(path)
    load_demo(store, now=DEMO_NOW)
    started = DEMO_NOW - timedelta(hours=1)
    incident = Incident(
        source_id="demo-history",
        external_id=external_id,
        title=OPEN_TITLE,
        status="investigating",
        impact="major",
        started_at=started,
        platform="X/Twitter",
        updates=(IncidentUpdate("investigating", "We are looking into it.", started),),
        first_seen_at=started,
        updated_at=started,
    )
    store.bulk_load_incidents([incident])
    return store, incident


def press(session: TerminalSession, key: bytes, quiet: float = 0.5, answer: float = 3.0) -> None:
    """Send ``key``, wait for the program to write its answer, then for ``quiet`` seconds of quiet.

    A quiet spell alone is not a wait for the key: on a loaded machine the program may not
    have read the key, let alone drawn it, when half a second has passed in silence; and an
    Escape it reads together with the next key is Alt+key. So the quiet is counted from the
    first byte written after the key, waited for up to ``answer`` seconds (a key that changes
    nothing on screen, such as Escape with nothing to close, writes nothing).
    """
    before = len(session.output)
    session.send(key)
    deadline = time.monotonic() + answer
    while len(session.output) == before and not session.closed and time.monotonic() < deadline:
        session.read_for(0.05)
    session.settle(quiet=quiet)
