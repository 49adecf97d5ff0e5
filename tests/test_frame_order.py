"""A frame's parts drawn in another order draw the same screen, with fewer colour changes.

Each stream is replayed into two emulated terminals (pyte), one fed what the app wrote and
one fed what :class:`FrameOrder` then :class:`CompactOutput` made of it; every cell (a plain
blank by its background, all it shows) and the cursor are compared after every write.
"""

from __future__ import annotations

import random

import pyte
import pytest
from rich.console import Console
from rich.segment import Segment
from textual.strip import Strip

from tests.shown_cells import assert_same_screen
from tests.test_terminal_output import COLUMNS, ROWS, _random_frame, _random_style
from tui.frame_order import FrameOrder
from tui.terminal_output import CompactOutput

MUTED, CURSOR, TITLE = "38;5;247;48;5;16", "1;38;5;16;48;5;74", "1;38;5;203;48;5;16"


class Terminals:
    def __init__(self) -> None:
        self.raw, self.out = pyte.Screen(COLUMNS, ROWS), pyte.Screen(COLUMNS, ROWS)
        self._raw, self._out = pyte.Stream(self.raw), pyte.Stream(self.out)
        self.order = FrameOrder()
        self.output = CompactOutput(erase_blanks=True)
        self.in_order = CompactOutput(erase_blanks=True)
        self.sent_bytes = self.in_order_bytes = self.reordered = 0

    def write(self, data: str) -> str:
        arranged = self.order.arrange(data)
        self.reordered += arranged != data
        sent = self.output.compact(arranged)
        self._raw.feed(data)
        self._out.feed(sent)
        self.sent_bytes += len(sent.encode())
        self.in_order_bytes += len(self.in_order.compact(data).encode())
        assert_same_screen(self.raw, self.out, data)
        return sent


def row(line: int, text: str, cursor: bool) -> str:
    """A timeline row as Textual writes it: the time and the duration muted, the title
    bright (or all in the cursor's colours), then the move to its line's end."""
    if cursor:
        body = f"\x1b[{CURSOR}m{text.ljust(30)}\x1b[0m"
    else:
        time, title = text[:6], text[6:].ljust(24)
        body = f"\x1b[{MUTED}m{time}\x1b[0m\x1b[{TITLE}m{title}\x1b[0m\x1b[{MUTED}m 4h\x1b[0m"
    return f"\x1b[{line};2H{body}\x1b[{line};38H\n"


def move(line: int) -> str:
    """A cursor-down from ``line`` - 1 to ``line``: the two rows, the notes title, home."""
    title = f"\x1b[11;5H\x1b[{MUTED}mNotes on row {line}\x1b[0m"
    return (
        row(line - 1, f"0{line - 1}:00 row", False)
        + row(line, f"0{line}:00 row", True)
        + (title + "\x1b[1;1H")
    )


def test_a_cursor_move_changes_colours_once_a_frame() -> None:
    terminals = Terminals()
    terminals.write("\x1b[1;1H\x1b[38;5;189;48;5;16m" + " " * COLUMNS + "\x1b[0m")
    for line in range(3, 9):
        sent = terminals.write(move(line))
        assert sent.endswith("\x1b[H")
        if line > 3:  # a frame starts in the style the one before ended in
            assert sent.count("48;5;74") + sent.count(f"{MUTED}") <= 1, repr(sent)
    assert terminals.sent_bytes < terminals.in_order_bytes - 5 * 15


@pytest.mark.parametrize(
    "frame",
    [
        "\x1b[2;1H\x1b[31mab\x1b[0m\x1b[2;9H\x1b[32mcd\x1b[0m\x1b[3;1H\x1b[33me\x1b[0m\x1b[H",  # a line twice
        "\x1b[2;1H\x1b[31mab\x1b[0m\r\ncd\x1b[4;1H\x1b[33me\x1b[0m",  # drawn past a newline
        "\x1b[2;1H\x1b[31mab\x1b[3;1H\x1b[33me\x1b[0m\x1b[H",  # a style left set for the next
        "\x1b[2;1H\x1b[31mab\x1b[0m\x1b[K\x1b[3;1H\x1b[33me\x1b[0m",  # an erase
        "\x1b[31mx\x1b[2;1H\x1b[31mab\x1b[0m\x1b[3;1H\x1b[33me\x1b[0m",  # text before the first move
        "\x1b[2;1H\x1b[31mab\x1b[0m\x1b[?25l\x1b[3;1H\x1b[33me\x1b[0m\x1b[H",  # a mode set between
        "\x1b[2;1H\x1b[31mab\x1b[0m\x1b[3;1H\x1b[33me\x1b[0m",  # no closing move: the cursor ends
        "\x1b[2;1H\x1b[31mab\x1b[0m\x1b[3;1H\x1b[33me\x1b[0m\x1b[H\x07",  # a bell
    ],
)
def test_parts_that_may_depend_on_each_other_keep_their_order(frame: str) -> None:
    order = FrameOrder()
    for style in ("33", "31;33"):  # the second part would otherwise go first
        order.style = style
        assert order.arrange(frame) == frame


def test_the_newline_of_the_lowest_line_drawn_is_kept() -> None:
    order = FrameOrder()
    order.style = CURSOR
    frame = row(ROWS - 1, "0a:00 row", False) + row(ROWS, "0b:00 row", True)
    arranged = order.arrange(frame)
    assert arranged.index(f"\x1b[{ROWS};2H") < arranged.index(f"\x1b[{ROWS - 1};2H")
    assert f"\x1b[{ROWS};38H\n" in arranged and f"\x1b[{ROWS - 1};38H\n" not in arranged


def _random_parts(rng: random.Random, console: Console) -> str:
    """Parts on distinct lines as Textual writes them, each in its own full styles."""
    lines = rng.sample(range(1, ROWS + 1), rng.randrange(1, 6))
    parts = []
    for line in lines:
        column = rng.randrange(1, COLUMNS // 2)
        segments = [
            Segment(rng.choice(["ab", "  ", "x y", "▲ ", " " * 16]), _random_style(rng))
            for _ in range(rng.randrange(1, 4))
        ]
        parts.append(f"\x1b[{line};{column}H")
        parts.append(Strip(segments).crop(0, COLUMNS + 1 - column).render(console))
        if rng.random() < 0.7:
            parts.append(f"\x1b[{line};{COLUMNS}H\n" if line < ROWS else f"\x1b[{line};1H")
    parts.append(rng.choice(["\x1b[1;1H", f"\x1b[{rng.randrange(1, ROWS)};3H", ""]))
    return "".join(parts)


@pytest.mark.parametrize("color_system", ["256", "truecolor"])
def test_random_frames_draw_the_same_screen(color_system: str) -> None:
    rng = random.Random(f"order-{color_system}")
    console = Console(color_system=color_system, force_terminal=True)  # type: ignore[arg-type]
    terminals = Terminals()
    for _ in range(400):
        if rng.random() < 0.8:
            terminals.write(_random_parts(rng, console))
        else:
            terminals.write(_random_frame(rng, console, within_lines=True))
    assert terminals.reordered > 50


def test_synchronized_output_around_a_frame_is_kept_around_it() -> None:
    order = FrameOrder()
    order.style = "33"
    frame = "\x1b[?2026h\x1b[2;1H\x1b[31mab\x1b[0m\x1b[3;1H\x1b[33me\x1b[0m\x1b[1;1H\x1b[?2026l"
    arranged = order.arrange(frame)
    assert (
        arranged
        == "\x1b[?2026h\x1b[3;1H\x1b[33me\x1b[0m\x1b[2;1H\x1b[31mab\x1b[0m\x1b[1;1H\x1b[?2026l"
    )
