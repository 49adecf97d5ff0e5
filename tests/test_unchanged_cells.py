"""Cells the terminal already shows are left out, and the screen drawn is the same.

Each stream is replayed into two emulated terminals (pyte), one fed what the app wrote and
one fed what the driver's whole :class:`TerminalOutput` (unchanged cells left out, parts
reordered, styles compacted) made of it; every cell (a plain blank by its background, all it
shows) and the cursor are compared after every write.
"""

from __future__ import annotations

import random

import pyte
import pytest
from rich.cells import get_character_cell_size as cell_size
from rich.console import Console
from rich.segment import Segment
from textual.strip import Strip

from tests.shown_cells import assert_same_screen
from tests.test_terminal_output import _random_style
from tui.frame_order import FrameOrder
from tui.terminal_driver import TerminalOutput
from tui.unchanged_cells import UnchangedCells, read_frame

COLUMNS, ROWS = 40, 12
MUTED, CURSOR, TRACK = "38;5;247;48;5;16", "1;38;5;16;48;5;74", "38;5;189;48;5;16"


class Terminals:
    def __init__(self, columns: int = COLUMNS, rows: int = ROWS) -> None:
        self.size = (columns, rows)
        self.raw, self.out = pyte.Screen(columns, rows), pyte.Screen(columns, rows)
        self._raw, self._out = pyte.Stream(self.raw), pyte.Stream(self.out)
        self.output = TerminalOutput(erase_blanks=True)
        self.raw_bytes = self.sent_bytes = 0

    def write(self, data: str) -> str:
        sent = self.output.rewrite(data, *self.size)
        self._raw.feed(data)
        self._out.feed(sent)
        _blank_halves(self.raw)
        _blank_halves(self.out)
        self.raw_bytes += len(data.encode())
        self.sent_bytes += len(sent.encode())
        assert_same_screen(self.raw, self.out, data)
        return sent

    def resize(self, columns: int, rows: int) -> None:
        """The terminal's new size; as a terminal may, it blanks what it showed."""
        self.size = (columns, rows)
        for screen in (self.raw, self.out):
            screen.resize(rows, columns)
            screen.buffer.clear()  # blanks in the default colours


def _blank_halves(screen: pyte.Screen) -> None:
    """Blank what is left of a wide character drawn over by half, as xterm does (pyte keeps
    the other half as it was)."""
    for line in screen.buffer.values():
        for x in sorted(line):
            char = line[x]
            if char.data == "" and (x == 0 or _width(line[x - 1].data) != 2):
                line[x] = char._replace(data=" ")
            elif char.data and _width(char.data) == 2 and line[x + 1].data != "":
                line[x] = char._replace(data=" ")


def _width(data: str) -> int:
    return cell_size(data[0]) if data else 0


def page(first: int, cursor: int, lines: int = 8) -> str:
    """A page of timeline rows as Textual writes it: each row, then the scrollbar beside it
    (unchanged from page to page), and the cursor left home."""
    out = []
    for offset in range(lines):
        line, number = 2 + offset, first + offset
        style = CURSOR if number == cursor else MUTED
        out.append(f"\x1b[{line};1H\x1b[{style}m  {number:05d} row {number:<20}\x1b[0m")
        out.append(f"\x1b[{line};38H\x1b[{TRACK}m  \x1b[0m\x1b[{line};40H\n")
    return "".join(out) + "\x1b[1;1H"


def test_a_page_turn_sends_only_what_changed() -> None:
    terminals = Terminals()
    first = terminals.write(page(1, 1))
    assert first.count("48;5;16m") + first.count(f"{TRACK}m") >= 1
    turned = terminals.write(page(9, 9))
    assert "\x1b[2;38H" not in turned and "\x1b[9;38H" not in turned  # the scrollbar stays
    again = terminals.write(page(9, 9))
    assert again in ("", "\x1b[H")  # the same page again: nothing but where the cursor is


def test_a_title_that_changes_at_its_end_is_sent_from_there() -> None:
    terminals = Terminals()
    terminals.write(f"\x1b[11;2H\x1b[{MUTED}mNotes on incident: Outage of API\x1b[0m\x1b[1;1H")
    sent = terminals.write(
        f"\x1b[11;2H\x1b[{MUTED}mNotes on incident: Outage of DMs\x1b[0m\x1b[1;1H"
    )
    assert "Notes on" not in sent and "DMs" in sent


@pytest.mark.parametrize(
    "sequence", ["\x1b[2J", "\x1b[?1049h", "\x1b]8;;https://x.example\x1b\\ab", "\x1b7", "\t"]
)
def test_what_is_not_modelled_passes_as_it_is_and_everything_is_drawn_again(
    sequence: str,
) -> None:
    cells = UnchangedCells()
    frame = page(1, 1)
    cells.rewrite(frame, COLUMNS, ROWS)
    assert (
        cells.rewrite(f"\x1b[2;1H{sequence}\x1b[H", COLUMNS, ROWS) == f"\x1b[2;1H{sequence}\x1b[H"
    )
    drawn = cells.rewrite(frame, COLUMNS, ROWS)
    assert all(f"{number:05d} row" in drawn for number in range(1, 9))


@pytest.mark.parametrize(
    "frame",
    [
        "\x1b[2;1H\x1b[31mab\x1b[0m\x1b[?25l\x1b[3;1H\x1b[33me\x1b[0m\x1b[H",  # a mode between parts
        "\x1b[2;1H\x1b[31mab\x1b[0m\x1b]2;title\x07\x1b[3;1H\x1b[33me\x1b[0m\x1b[H",  # a title between
        "\x1b[2;1H\x1b[31mab\x1b[0m\x1b[3;1H\x1b[33me\x1b[0m",  # no closing move: the cursor ends
    ],
)
def test_a_frame_whose_parts_must_stay_as_they_are_is_written_as_it_came(frame: str) -> None:
    cells = UnchangedCells()
    assert cells.rewrite(frame, COLUMNS, ROWS) == frame
    assert cells.styles[1][:2] == ["31", "31"]  # what it drew is known all the same
    assert cells.rewrite(frame, COLUMNS, ROWS) == frame


def test_modes_before_the_first_move_and_after_the_closing_one_are_kept() -> None:
    cells = UnchangedCells()
    frame = "\x1b[?2026h\x1b[2;1H\x1b[31mab\x1b[0m\x1b[1;1H\x1b[?25l\x1b[?2026l"
    cells.rewrite(frame, COLUMNS, ROWS)
    assert cells.rewrite(frame, COLUMNS, ROWS) == "\x1b[?2026h\x1b[1;1H\x1b[?25l\x1b[?2026l"


def test_a_new_size_and_a_redraw_draw_every_cell_again() -> None:
    terminals = Terminals()
    terminals.write(page(1, 1))
    terminals.resize(COLUMNS, ROWS + 2)
    assert "00003 row" in terminals.write(page(1, 1))
    terminals.output.redraw()
    assert "00003 row" in terminals.write(page(1, 1))
    assert "00003 row" not in terminals.write(page(1, 1))


def test_a_write_that_did_not_reach_the_terminal_is_not_taken_as_shown() -> None:
    output = TerminalOutput()
    output.rewrite(page(1, 1), COLUMNS, ROWS)
    output.forget()
    assert "00003 row" in output.rewrite(page(1, 1), COLUMNS, ROWS)


def test_wide_characters_are_never_cut_and_a_half_drawn_over_is_not_known() -> None:
    terminals = Terminals()
    terminals.write("\x1b[2;1H\x1b[31mab字cd\x1b[0m\x1b[1;1H")
    sent = terminals.write("\x1b[2;1H\x1b[31mab字ce\x1b[0m\x1b[1;1H")
    assert "字" not in sent  # unchanged, left alone
    sent = terminals.write("\x1b[2;1H\x1b[31mab字ce\x1b[0m\x1b[2;4H\x1b[32mx\x1b[0m\x1b[1;1H")
    assert "x" in sent
    # The terminal blanked the wide character's left half: it is drawn again when asked for.
    assert "字" in terminals.write("\x1b[2;1H\x1b[31mab字ce\x1b[0m\x1b[1;1H")
    assert read_frame("\x1b[2;1He\u0301\x1b[H", COLUMNS, ROWS).runs[0].chars == ["e\u0301"]


def test_what_is_at_an_unknown_place_or_scrolls_is_not_modelled() -> None:
    for frame in ("ab\x1b[H", f"\x1b[{ROWS};1Hab\r\n", "\x1b[2;1H" + "x" * (COLUMNS + 1)):
        assert read_frame(frame, COLUMNS, ROWS) is None


def _widget_line(rng: random.Random) -> list[Segment]:
    texts = ["ab", "  ", "x y", "▲ ", "long text", "字", "🐋 a", "e\u0301", " " * 16]
    return [Segment(rng.choice(texts), _random_style(rng)) for _ in range(rng.randrange(1, 5))]


def _widget_frames(rng: random.Random, console: Console, steps: int, resize: bool = True):
    """Widgets' lines drawn again and again, now and then changed a little, as Textual draws
    them; with modes, bells, odd sequences and (with ``resize``) new sizes among them. Each
    step is a frame, or ``None`` for a resize."""
    widgets = {
        (rng.randrange(1, ROWS + 1), rng.randrange(1, COLUMNS // 2)): _widget_line(rng)
        for _ in range(10)
    }
    for step in range(steps):
        if resize and step % 150 == 149:
            yield None
        parts = [rng.choice(["", "", "\x1b[?25l", "\x1b[?2026h"])]
        for (y, x), segments in rng.sample(sorted(widgets.items()), rng.randrange(1, 6)):
            if rng.random() < 0.3:
                segments = widgets[y, x] = _widget_line(rng)
            strip = Strip(segments).crop(0, COLUMNS + 1 - x)
            parts.append(f"\x1b[{y};{x}H{strip.render(console)}")
            parts.append(rng.choice(["", f"\x1b[{y};{COLUMNS}H\r\n" if y < ROWS else "", "\r"]))
            if rng.random() < 0.05:
                parts.append(rng.choice(["\x1b7", "\x1b[K", "\x07", "\x1b[?25h"]))
        parts.append(rng.choice(["\x1b[1;1H", "\x1b[1;1H", "\x1b[5;7H\x1b[?2026l", ""]))
        yield "".join(parts)


@pytest.mark.parametrize("color_system", ["256", "truecolor"])
def test_random_frames_that_draw_much_of_the_same_draw_the_same_screen(color_system: str) -> None:
    rng = random.Random(f"unchanged-{color_system}")
    console = Console(color_system=color_system, force_terminal=True)  # type: ignore[arg-type]
    terminals = Terminals()
    for frame in _widget_frames(rng, console, 600):
        if frame is None:
            terminals.resize(COLUMNS, ROWS + 1 if terminals.size[1] == ROWS else ROWS)
        else:
            terminals.write(frame)
    assert terminals.sent_bytes < 0.6 * terminals.raw_bytes


class CountedOrder(FrameOrder):
    """A FrameOrder that counts the frames it had to read again."""

    read_again = 0

    def arrange(self, data: str) -> str:
        self.read_again += 1
        return super().arrange(data)


def _rows_frames(rng: random.Random, steps: int):
    """Rows of a list redrawn as a cursor moves over them: each row in one of three styles
    (muted, the cursor's, a title's), a few rows a frame, the cursor left home."""
    for _ in range(steps):
        parts = [rng.choice(["", "\x1b[?25l"])]
        for line in sorted(rng.sample(range(1, ROWS + 1), rng.randrange(1, 5))):
            style = rng.choice([MUTED, CURSOR, TRACK])
            parts.append(f"\x1b[{line};2H\x1b[{style}m row {rng.randrange(3)} \x1b[0m")
            parts.append(f"\x1b[{line};{COLUMNS}H\n" if line < ROWS else "")
        parts.append("\x1b[1;1H")
        yield "".join(parts)


@pytest.mark.parametrize("color_system", ["256", "truecolor"])
def test_a_rewritten_frame_is_ordered_from_its_parts_as_it_would_be_read(color_system: str) -> None:
    """The driver hands FrameOrder the parts UnchangedCells drew instead of their text: the
    result is the one reading that text gives, frame after frame (the order depends on the
    style the last frame ended in). Rows as a list draws them are ordered from their parts,
    not read again; Textual's other frames (widgets side by side, odd sequences) may be."""
    rng = random.Random(f"parts-{color_system}")
    console = Console(color_system=color_system, force_terminal=True)  # type: ignore[arg-type]
    cells = UnchangedCells()
    from_parts, from_text = CountedOrder(), FrameOrder()
    frames = [*_rows_frames(rng, 400), *_widget_frames(rng, console, 400, resize=False)]
    rng.shuffle(frames)
    rewritten = reordered = 0
    for frame in frames:
        assert frame is not None
        drawn = cells.redraw(frame, COLUMNS, ROWS)
        if isinstance(drawn, str):
            assert from_parts.arrange(drawn) == from_text.arrange(drawn)
            continue
        rewritten += 1
        text = drawn.text()
        arranged = from_parts.arrange_drawn(drawn)
        assert arranged == from_text.arrange(text), repr(text)
        assert from_parts.style == from_text.style
        reordered += arranged != text
    read_from_parts = len(frames) - from_parts.read_again
    assert rewritten > 600 and reordered > 60 and read_from_parts > 300
