"""The compacted terminal output draws the same screen as Textual's, in fewer bytes.

Each stream is replayed into two emulated terminals (pyte), one fed what the app wrote and
one fed what :class:`CompactOutput` made of it, and every cell (character, colours, bold,
italic, underline, reverse, strike) and the cursor are compared after every write.
"""

from __future__ import annotations

import random
import subprocess
import sys

import pyte
import pytest
from rich.color import Color
from rich.console import Console
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.app import App
from textual.drivers.headless_driver import HeadlessDriver
from textual.strip import Strip

from tests.shown_cells import shown
from tui.terminal_driver import compact_output
from tui.terminal_output import CACHE_LIMIT, PLAIN, CompactOutput, Style, apply_sgr, transition

COLUMNS, ROWS = 40, 12

MOVE_IN_VIEW = (
    "\x1b[11;2H\x1b[38;5;247;48;5;16m  06:44 ▲ major OPEN \x1b[0m\x1b[1;38;5;203;48;5;16m"
    "Issues with search                            \x1b[0m\x1b[38;5;247;48;5;16m 704d 7h "
    "\x1b[0m\x1b[11;78H\r\n\x1b[13;2H\x1b[1;38;5;16;48;5;74m  23:57 △ minor OPEN Degraded "
    "performance of mobile app            704d 14h \x1b[0m\x1b[13;78H\r\n\x1b[19;22H"
    "\x1b[38;5;247;48;5;16mDegraded performance of mobile app\x1b[0m\x1b[1;1H"
)
"""A cursor-down in the timeline as Textual 8 wrote it at 80x24: the row left, the row
reached and the notes header's new title."""


class Terminals:
    """Two emulated terminals: one fed the raw writes, one the compacted writes."""

    def __init__(self, columns: int = COLUMNS, rows: int = ROWS, erase: bool = False) -> None:
        self.raw = pyte.Screen(columns, rows)
        self.compacted = pyte.Screen(columns, rows)
        self._raw_stream = pyte.Stream(self.raw)
        self._compacted_stream = pyte.Stream(self.compacted)
        self.output = CompactOutput(erase_blanks=erase)
        self.raw_bytes = self.compacted_bytes = 0

    def write(self, data: str) -> str:
        compacted = self.output.compact(data)
        self._raw_stream.feed(data)
        self._compacted_stream.feed(compacted)
        self.raw_bytes += len(data.encode())
        self.compacted_bytes += len(compacted.encode())
        self.assert_same(data)
        return compacted

    def assert_same(self, after: str) -> None:
        raw, compacted = self.raw, self.compacted
        assert (compacted.cursor.x, compacted.cursor.y) == (raw.cursor.x, raw.cursor.y), after
        for y in range(raw.lines):
            for x in range(raw.columns):
                expected, got = raw.buffer[y][x], compacted.buffer[y][x]
                assert shown(got) == shown(expected), (x, y, expected, got, repr(after))

    def probe(self) -> None:
        """Draw a character in whatever style each terminal was left in."""
        self.write("\x1b[1;1HX")


def test_a_cursor_move_draws_the_same_screen_in_a_fifth_fewer_bytes() -> None:
    terminals = Terminals(80, 24)
    # The last frame ended with the notes header's title, as the move's frame does.
    terminals.write("\x1b[0m\x1b[19;22H\x1b[38;5;247;48;5;16mIssues with search\x1b[0m")
    compacted = terminals.write(MOVE_IN_VIEW)
    terminals.probe()
    assert len(compacted.encode()) <= 0.81 * len(MOVE_IN_VIEW.encode())  # 286 of 356 bytes
    # Each run says its colour once: the shared background is not repeated, and no
    # reset-then-restyle pair or leftover move between lines is left.
    assert compacted.count("48;5;16") == 1
    assert "\r\n" not in compacted
    assert "\x1b[0m\x1b[" not in compacted


def test_a_frame_cut_anywhere_into_two_writes_draws_the_same_screen() -> None:
    """Textual cuts a frame into 8 KB writes on Windows: a cut may fall inside a sequence."""
    for cut in range(1, len(MOVE_IN_VIEW)):
        terminals = Terminals(80, 24)
        terminals.write("\x1b[0m")
        terminals.write(MOVE_IN_VIEW[:cut])
        terminals.write(MOVE_IN_VIEW[cut:])
        terminals.probe()


def test_the_next_frame_does_not_resend_the_style_in_force() -> None:
    output = CompactOutput()
    output.compact("\x1b[0m\x1b[1;1H\x1b[38;5;247;48;5;16mfirst\x1b[0m")
    second = output.compact("\x1b[2;1H\x1b[38;5;247;48;5;16msecond\x1b[0m\x1b[1;1H")
    assert second == "\x1b[2Hsecond\x1b[H"


def test_a_newline_on_the_bottom_line_still_scrolls() -> None:
    terminals = Terminals()
    terminals.write("\x1b[1;1Htop line")
    terminals.write(f"\x1b[{ROWS};1H\x1b[44mlast\x1b[0m\x1b[{ROWS};5H\r\n\x1b[{ROWS};1Hnew")
    assert "top line" not in terminals.compacted.display[0]  # it scrolled away
    assert terminals.compacted.display[ROWS - 2].startswith("last")


def test_a_newline_that_may_scroll_follows_the_style_before_it() -> None:
    """A line scrolled in is filled with the background in force (pyte does not show it)."""
    output = CompactOutput()
    output.compact("\x1b[0m\x1b[1;1Hx")
    written = output.compact("\x1b[44mab\x1b[0m\x1b[44m\r\nc")
    assert written == "\x1b[44mab\r\nc"
    written = output.compact("\x1b[0m\x1b[24;1H\r\n")
    assert written == "\x1b[0m\x1b[24H\r\n"


def test_an_erase_is_drawn_in_the_style_before_it() -> None:
    terminals = Terminals()
    terminals.write("\x1b[44m\x1b[3;1H\x1b[K\x1b[0m")
    assert terminals.compacted.buffer[2][5].bg == "blue"


@pytest.mark.parametrize(
    "sequence",
    ["\x1b7", "\x1b8", "\x1b[?1049h", "\x1b[?1049l", "\x1b[2J", "\x1bc", "\x1b[58;5;3m"],
)
def test_a_sequence_not_modelled_is_passed_on_and_the_style_sent_again(sequence: str) -> None:
    output = CompactOutput()
    output.compact("\x1b[0m\x1b[1;1H\x1b[38;5;2;48;5;4mA\x1b[0m")
    blue = "\x1b[38;5;2;48;5;4m"
    written = output.compact(f"{blue}B{sequence}{blue}C\x1b[0m{blue}D")
    before, after = written.split(sequence, 1)
    assert before == "B"  # the style in force was known: nothing to say
    # After it the style is not known: a change relative to it is passed on as it is, and
    # the next style after a reset is sent whole.
    assert after == f"{blue}C\x1b[0;38;5;2;48;5;4mD"


def test_links_and_desktop_notifications_pass_unchanged() -> None:
    output = CompactOutput()
    link = "\x1b]8;id=1;https://example.invalid/\x1b\\"
    notification = "\x1b]777;notify;whalewatch;API down\x07"
    written = output.compact(f"\x1b[31m{link}x\x1b]8;;\x1b\\\x1b[0m{notification}")
    assert link in written and notification in written


def test_sgr_codes_are_read_as_a_terminal_reads_them() -> None:
    style = apply_sgr(PLAIN, "1;3;38;2;10;20;30;48;5;16")
    assert style == Style(frozenset({1, 3}), (38, 2, 10, 20, 30), (48, 5, 16))
    assert apply_sgr(style, "22;39") == Style(frozenset({3}), None, (48, 5, 16))
    assert apply_sgr(style, "") == PLAIN


def test_a_change_says_only_what_changed() -> None:
    muted = apply_sgr(PLAIN, "38;5;247;48;5;16")
    title = apply_sgr(PLAIN, "1;38;5;203;48;5;16")
    assert transition(muted, title) == "\x1b[1;38;5;203m"
    assert transition(title, muted) == "\x1b[22;38;5;247m"
    assert transition(muted, PLAIN) == "\x1b[0m"
    assert transition(None, muted) == "\x1b[0;38;5;247;48;5;16m"
    assert transition(muted, muted) == ""
    faint_bold = apply_sgr(PLAIN, "1;2;38;5;100")
    assert transition(faint_bold, apply_sgr(PLAIN, "2;38;5;100")) == "\x1b[22;2m"  # 22 takes both


def _random_style(rng: random.Random) -> RichStyle:
    def colour() -> Color | None:
        pick = rng.random()
        if pick < 0.2:
            return None
        if pick < 0.4:
            return Color.from_ansi(rng.randrange(16))
        if pick < 0.8:
            return Color.from_ansi(rng.randrange(256))
        return Color.from_rgb(rng.randrange(256), rng.randrange(256), rng.randrange(256))

    flags = {
        name: rng.random() < 0.2
        for name in ("bold", "dim", "italic", "underline", "reverse", "strike")
    }
    return RichStyle(color=colour(), bgcolor=colour(), **flags)


def _random_frame(rng: random.Random, console: Console, within_lines: bool = False) -> str:
    """Lines drawn as Textual draws them, with the moves and odd sequences it may send.

    ``within_lines``: every line ends at the right edge at the latest, as Textual's do (else
    some run past it and wrap); and some runs are long blanks.
    """
    texts = ["ab", "  ", "x y", "▲ ", "long text"]
    if within_lines:
        texts += [" " * 13, " " * 20, "a" + " " * 15 + "b", "x" + " " * 30]
    parts = []
    for _ in range(rng.randrange(1, 6)):
        y, x = rng.randrange(1, ROWS + 1), rng.randrange(1, COLUMNS // 2)
        parts.append(f"\x1b[{y};{x}H")
        segments = [
            Segment(rng.choice(texts), _random_style(rng)) for _ in range(rng.randrange(1, 5))
        ]
        strip = Strip(segments)
        if within_lines:
            strip = strip.crop(0, COLUMNS + 1 - x)
        parts.append(strip.render(console))
        parts.append(rng.choice(["", f"\x1b[{y};{COLUMNS}H\r\n", "\r\n", "\r", "\n\n"]))
        if rng.random() < 0.1:
            parts.append(rng.choice(["\x1b7", "\x1b8", "\x1b[K", "\x1b[?25l", "\x1b[?2026h"]))
    parts.append(rng.choice(["\x1b[1;1H", "", "\x1b[0m"]))
    return "".join(parts)


@pytest.mark.parametrize("color_system", ["standard", "256", "truecolor"])
@pytest.mark.parametrize("erase", [False, True], ids=["drawn", "erased blanks"])
def test_random_frames_draw_the_same_screen(color_system: str, erase: bool) -> None:
    rng = random.Random(f"frames-{color_system}-{erase}")
    console = Console(color_system=color_system, force_terminal=True)  # type: ignore[arg-type]
    terminals = Terminals(erase=erase)
    for _ in range(400):
        terminals.write(_random_frame(rng, console, within_lines=erase))
        terminals.probe()
    assert terminals.compacted_bytes < terminals.raw_bytes
    if erase:
        assert terminals.output.erase_blanks


MOVE_WITH_A_DAY = (
    "\x1b[9;2H\x1b[38;5;247;48;5;16m  Fri 20 Dec 2024" + " " * 59 + "\x1b[0m\x1b[9;78H"
    "\x1b[7;38;5;23;48;5;16m  \x1b[0m\x1b[10;2H\x1b[1;38;5;16;48;5;74m  05:45 ▲ major OPEN Delays "
    "in login" + " " * 31 + "712d 13h \x1b[0m\x1b[10;78H\x1b[7;38;5;23;48;5;16m" + " " * 20
)
"""A page turn's first lines: a day's heading, its scrollbar cells (reverse: blanks that
must be drawn) and a row, from a capture of the timeline at 80x24."""


def test_long_blanks_are_erased_where_the_terminal_erases_in_the_background() -> None:
    terminals = Terminals(80, 24, erase=True)
    terminals.write("\x1b[0m")
    compacted = terminals.write(MOVE_WITH_A_DAY)
    terminals.probe()
    # The heading's blanks are erased with no step past them (the next move undoes it);
    # the row's are erased and stepped over; the reverse blanks are drawn.
    assert "\x1b[59X\x1b[9;78H" in compacted
    assert "\x1b[31X\x1b[31C712d" in compacted
    assert compacted.endswith(" " * 20)
    assert len(compacted.encode()) < 0.75 * len(MOVE_WITH_A_DAY.encode())  # 206 of 295 bytes


def test_blanks_are_drawn_where_it_is_not_known_how_they_would_be_erased() -> None:
    blanks = " " * 30
    output = CompactOutput(erase_blanks=True)
    # The style in force not known (a sequence not modelled before them), underlined.
    assert output.compact(f"\x1b[1;1H\x1b[38;5;2mA{blanks}") == f"\x1b[H\x1b[38;5;2mA{blanks}"
    assert blanks in output.compact(f"\x1b[0;4m{blanks}x")
    # Not asked to: the terminal may erase in its default background (GNU screen).
    assert blanks in CompactOutput().compact(f"\x1b[0m\x1b[1;1H\x1b[44m{blanks}x")


def test_blanks_are_drawn_in_the_style_in_force_where_they_look_the_same() -> None:
    terminals = Terminals(80, 24)
    terminals.write("\x1b[0m")
    # A row's duration, then the scrollbar's track in its own (unseen) text colour, then the
    # next row in the first colour again: the track's colour is never sent.
    compacted = terminals.write(
        "\x1b[10;70H\x1b[38;5;247;48;5;16m 6h 41m \x1b[0m\x1b[10;78H\x1b[38;5;189;48;5;16m  "
        "\x1b[0m\x1b[11;2H\x1b[38;5;247;48;5;16m  17:09\x1b[0m\x1b[11;78H\x1b[1;38;5;189;48;5;16m  "
    )
    terminals.probe()
    assert "189" not in compacted
    assert compacted.count("\x1b[") == 5  # three moves, one style and the last move
    # Where a blank would look different, the style is sent: another background, reverse,
    # underline.
    for style, sent in [("1;38;5;2;48;5;16", False), ("48;5;17", True), ("7;48;5;16", True),
                        ("4;48;5;16", True)]:  # fmt: skip
        terminals = Terminals(80, 24)
        terminals.write("\x1b[0m\x1b[1;1H\x1b[38;5;247;48;5;16mx")
        compacted = terminals.write(f"\x1b[0m\x1b[12;2H\x1b[0;{style}m  \x1b[0m")
        terminals.probe()
        assert ("m" in compacted) is sent, style
    # Nor where the style in force is not known.
    output = CompactOutput()
    assert output.compact("\x1b[?1000h\x1b[2;2H\x1b[0;31m  ") == "\x1b[?1000h\x1b[2;2H\x1b[0;31m  "


def test_a_colour_animated_for_days_does_not_grow_what_is_remembered() -> None:
    output = CompactOutput()
    for step in range(3 * CACHE_LIMIT):
        red, green = divmod(step, 256)
        output.compact(f"\x1b[0m\x1b[1;1H\x1b[38;2;{red % 256};{green};0mx\x1b[0m")
    assert len(output._sgr) <= CACHE_LIMIT and len(output._transitions) <= CACHE_LIMIT
    assert output.compact("\x1b[1;2H\x1b[38;2;1;2;3my") == "\x1b[;2H\x1b[38;2;1;2;3my"


class RecordingDriver(HeadlessDriver):
    def __init__(self, app: App, **options: object) -> None:
        super().__init__(app, **options)  # type: ignore[arg-type]
        self.written: list[str] = []

    def write(self, data: str) -> None:
        self.written.append(data)


async def test_the_driver_writes_what_the_output_made_of_each_write() -> None:
    driver = compact_output(RecordingDriver)(App())
    driver.write("\x1b[0m\x1b[1;1H\x1b[31mA\x1b[0m")
    driver.write("\x1b[1;2H\x1b[31mB\x1b[0m")
    assert driver.written == ["\x1b[H\x1b[0;31mA", "\x1b[;2HB"]  # type: ignore[attr-defined]


class RefusingDriver(RecordingDriver):
    refuse = False

    def write(self, data: str) -> None:
        if self.refuse:
            raise AssertionError("Driver must be in application mode")
        super().write(data)


async def test_a_write_that_failed_is_not_taken_as_sent() -> None:
    driver = compact_output(RefusingDriver)(App())
    driver.write("\x1b[0m\x1b[1;1H\x1b[31mA\x1b[0m")
    driver.refuse = True  # type: ignore[attr-defined]
    with pytest.raises(AssertionError):
        driver.write("\x1b[1;2H\x1b[32mB\x1b[0m")
    driver.refuse = False  # type: ignore[attr-defined]
    driver.write("\x1b[1;3H\x1b[32mC\x1b[0m")
    # Green was never sent: it is sent again, whole, after the reset the terminal needs.
    assert driver.written[-1] == "\x1b[;3H\x1b[0;32mC"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("xterm-256color", True),
        ("linux", True),
        ("screen-256color", False),  # GNU screen erases in the default background
        ("no-such-terminal", False),
        ("", False),
    ],
)
def test_terminfo_says_which_terminals_erase_in_the_background(term: str, expected: bool):
    # A process each: CPython reads terminfo once a process, for the first terminal asked.
    code = (
        "import sys; from tui.terminal_driver import erases_in_background as e; "
        "print(e(sys.argv[1]))"
    )
    answer = subprocess.run(
        [sys.executable, "-c", code, term], capture_output=True, text=True, check=True
    )
    assert answer.stdout == f"{expected}\n" and not answer.stderr


def test_erased_blanks_before_text_are_stepped_over_in_one_move() -> None:
    terminals = Terminals(erase=True)
    blanks = " " * 20
    sent = terminals.write(f"\x1b[0m\x1b[2;1H\x1b[38;5;2mA{blanks}\x1b[0m\x1b[38;5;3mB\x1b[0m")
    assert sent == "\x1b[2H\x1b[0;38;5;2mA\x1b[20X\x1b[20C\x1b[38;5;3mB"
    # Before a newline, the last blank is drawn: the cursor ends where the blanks left it.
    sent = terminals.write(f"\x1b[3;1H\x1b[38;5;2mA{blanks}\x1b[0m\n")
    assert "\x1b[20X\x1b[19C " in sent and sent.endswith("\n")
