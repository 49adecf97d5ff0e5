"""A view scrolled is scrolled on the terminal, and the screen is the one Textual drew.

Every stream is replayed into two emulated terminals (pyte): one fed what the app wrote, one
fed what :class:`ScrollingFrames` then :class:`CompactOutput` made of it; every cell is
compared after every write (a plain blank by its background, all it shows).
"""

from __future__ import annotations

import random

import pyte
import pytest
from rich.cells import cell_len
from rich.console import Console
from textual.app import App

from tests.shown_cells import shown
from tests.test_terminal_output import RecordingDriver, _random_frame
from tui.terminal_driver import compact_output
from tui.terminal_output import CompactOutput
from tui.terminal_scroll import ScrollingFrames

COLUMNS, ROWS = 40, 14
TOP, BOTTOM = 3, 10
"""The list's lines on screen (1 is the top), between a header and a footer."""

BORDER = "38;5;117;48;5;16"
PLAIN_ROW, CURSOR_ROW, TRACK, THUMB = (
    "38;5;247;48;5;16",
    "1;38;5;16;48;5;74",
    "48;5;16",
    "7;38;5;23",
)


class Terminals:
    def __init__(self, columns: int = COLUMNS, rows: int = ROWS) -> None:
        self.size = (columns, rows)
        self.raw, self.out = pyte.Screen(columns, rows), pyte.Screen(columns, rows)
        self._raw, self._out = pyte.Stream(self.raw), pyte.Stream(self.out)
        self.scrolling = ScrollingFrames()
        self.output = CompactOutput(erase_blanks=True)
        self.compact_only = CompactOutput(erase_blanks=True)
        self.raw_bytes = self.sent_bytes = self.compacted_bytes = self.scrolls = 0

    def resize(self, columns: int, rows: int) -> None:
        self.size = (columns, rows)
        for screen in (self.raw, self.out):
            screen.resize(rows, columns)

    def write(self, data: str) -> str:
        sent = self.output.compact(self.scrolling.rewrite(data, *self.size))
        self._raw.feed(data)
        self._out.feed(sent)
        self.raw_bytes += len(data.encode())
        self.compacted_bytes += len(self.compact_only.compact(data).encode())
        self.sent_bytes += len(sent.encode())
        self.scrolls += sent.count("\x1b[r")
        for y in range(self.raw.lines):
            for x in range(self.raw.columns):
                expected, got = self.raw.buffer[y][x], self.out.buffer[y][x]
                assert shown(got) == shown(expected), (x, y, expected, got, repr(data), repr(sent))
        return sent


def row(line: int, text: str, style: str, bar: str = TRACK, columns: int = COLUMNS) -> str:
    """A list line as Textual writes it: the text, then the scrollbar's two cells."""
    text = text[: columns - 4].ljust(columns - 4)
    return (
        f"\x1b[{line};2H\x1b[{style}m{text}\x1b[0m\x1b[{line};{columns - 2}H"
        f"\x1b[{bar}m  \x1b[0m\x1b[{line};{columns}H\n"
    )


def screen(columns: int = COLUMNS, rows: int = ROWS) -> str:
    """The whole screen drawn: a header, a bordered list, a footer."""
    title = "🐋 whalewatch"
    title += " " * (columns - cell_len(title))
    parts = [f"\x1b[1;1H\x1b[1;38;5;189;48;5;23m{title}\x1b[0m\n"]
    for line in range(2, rows):
        middle = "━" * (columns - 2) if line in (2, rows - 1) else " " * (columns - 2)
        parts.append(f"\x1b[{line};1H\x1b[{BORDER}m┃{middle}┃\x1b[0m\n")
    parts.append(f"\x1b[{rows};1H\x1b[38;5;189;48;5;23m{'q Quit'.ljust(columns)}\x1b[0m")
    return "".join(parts)


WORDS = "outage delays errors login search media API payments feeds webhooks app".split()
PICK = random.Random("items")
ITEMS = [
    f"{n % 24:02d}:{PICK.randrange(60):02d} ▲ " + " ".join(PICK.sample(WORDS, 3)) + " ★" * (n % 3)
    for n in range(300)
]


def view(
    top: int, cursor: int, thumb: int = 0, columns: int = COLUMNS, items: list[str] = ITEMS
) -> str:
    """Every line of the list, as Textual sends them after a scroll."""
    lines = []
    for index, line in enumerate(range(TOP, BOTTOM + 1)):
        item = top + index
        style = CURSOR_ROW if item == cursor else PLAIN_ROW
        bar = THUMB if index == thumb else TRACK
        lines.append(row(line, items[item], style, bar, columns))
    title = items[cursor][:20]
    return "".join(lines) + f"\x1b[{ROWS - 1};3H\x1b[{PLAIN_ROW}m{title}\x1b[0m\x1b[1;1H"


def test_a_view_scrolled_a_line_is_scrolled_by_the_terminal() -> None:
    terminals = Terminals()
    terminals.write(screen())
    terminals.write(view(0, 7))
    frame = view(1, 8)
    sent = terminals.write(frame)
    assert f"\x1b[{TOP};{BOTTOM}r" in sent and sent.endswith("\x1b[H")
    assert len(sent) < len(terminals.output.compact(frame)) / 2  # drawn again: twice as long
    # Upward: the lines scroll down, by a reverse index on the band's top line.
    sent = terminals.write(view(0, 0))
    assert "\x1bM" in sent and f"\x1b[{TOP};{BOTTOM}r" in sent


def test_a_jump_onto_the_next_day_scrolls_two_or_three_lines() -> None:
    terminals = Terminals()
    terminals.write(screen())
    terminals.write(view(0, 7))
    for shift, top in ((2, 2), (3, 5)):
        sent = terminals.write(view(top, top + 7))
        assert f"H{chr(10) * shift}\x1b[r" in sent


def test_nothing_scrolls_where_a_cell_of_the_band_is_not_known() -> None:
    terminals = Terminals()
    terminals.write(screen())
    terminals.write(view(0, 7))
    terminals.write(
        "\x1b[5;20H\x1b[K"
    )  # an erase, not modelled: what the screen shows is not known
    sent = terminals.write(view(1, 8))
    assert "r\x1b" not in sent and "\x1b[r" not in sent
    # The screen drawn again whole, the view scrolls again.
    terminals.write(screen() + view(1, 8))
    assert "\x1b[r" in terminals.write(view(2, 9))


def test_a_resize_forgets_the_screen() -> None:
    terminals = Terminals()
    terminals.write(screen())
    terminals.write(view(0, 7))
    terminals.resize(COLUMNS + 10, ROWS)
    sent = terminals.write(view(1, 8, columns=COLUMNS + 10))
    assert "\x1b[r" not in sent


def test_a_link_or_a_control_character_is_passed_on_and_forgets_the_screen() -> None:
    for odd in ("\x1b]8;;https://example.invalid/\x1b\\x\x1b]8;;\x1b\\", "a\tb", "\x1b7\x1b8"):
        terminals = Terminals()
        terminals.write(screen())
        terminals.write(view(0, 7))
        assert terminals.scrolling.rewrite(f"\x1b[5;5H{odd}", COLUMNS, ROWS) == f"\x1b[5;5H{odd}"
        assert "\x1b[r" not in terminals.scrolling.rewrite(view(1, 8), COLUMNS, ROWS)


def test_a_bell_and_a_title_leave_the_screen_known() -> None:
    terminals = Terminals()
    terminals.write(screen())
    terminals.write(view(0, 7))
    terminals.write("\x07")
    terminals.write("\x1b]0;whalewatch\x07")
    assert "\x1b[r" in terminals.write(view(1, 8))


def test_wide_characters_drawn_over_by_half_are_not_taken_as_known() -> None:
    terminals = Terminals()
    terminals.write(screen())
    terminals.write(view(0, 7))
    # The whale's right half drawn over: the terminal blanks its left half.
    terminals.write("\x1b[1;2H\x1b[38;5;189;48;5;23mx\x1b[0m")
    assert not isinstance(terminals.scrolling.lines[0][0], tuple)


@pytest.mark.parametrize("seed", range(4))
def test_random_scrolls_moves_and_frames_draw_the_same_screen(seed: int) -> None:
    rng = random.Random(f"scrolls-{seed}")
    items = list(ITEMS)
    console = Console(color_system="256", force_terminal=True)
    terminals = Terminals()
    terminals.write(screen())
    top, cursor = 0, 0
    terminals.write(view(top, cursor))
    height = BOTTOM - TOP + 1
    for _ in range(300):
        pick = rng.random()
        if pick < 0.75:  # the cursor steps or jumps, the view follows
            cursor = max(0, min(len(ITEMS) - 1, cursor + rng.choice([1, 1, -1, 2, 3, -3, 9])))
            if cursor < top:
                top = cursor
            elif cursor >= top + height:
                top = min(cursor - height + 1, len(ITEMS) - height)
            terminals.write(view(top, cursor, top * height // len(items), items=items))
        elif pick < 0.85:  # an item changes (a live incident's duration grows)
            index = rng.randrange(len(ITEMS))
            ITEMS[index] = ITEMS[index][:20] + rng.choice(["", " 4h", " ✔", "ü"])
            terminals.write(view(top, cursor, top * height // len(items), items=items))
        elif pick < 0.95:  # something else on the screen, as Textual may draw it
            terminals.write(_random_frame(rng, console, within_lines=True))
        else:  # everything drawn again
            terminals.write(screen() + view(top, cursor, items=items))
    assert terminals.scrolls > 20
    # Fewer bytes than compaction alone, which draws the lines again (most frames here are
    # the whole view drawn again, as after a jump: a step's own saving is measured above).
    assert terminals.sent_bytes < terminals.compacted_bytes


async def test_the_driver_scrolls_where_terminfo_says_the_terminal_can(monkeypatch) -> None:
    # (Not two terminals known to terminfo: CPython reads it once a process.)
    for term, scrolls in (("xterm-256color", True), ("", False)):
        monkeypatch.setenv("TERM", term)
        driver = compact_output(RecordingDriver)(App())
        assert (driver.scrolling is not None) is scrolls  # type: ignore[attr-defined]
