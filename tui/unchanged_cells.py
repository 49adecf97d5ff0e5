"""Cells a frame draws that the terminal already shows are not sent again, for slow links.

Textual draws a widget's lines whole when it refreshes, whatever in them changed: a page
turn in the timeline sends the scrollbar beside each of its lines again (in 110,000 items
the thumb does not move a cell), a step onto a new day sends its heading where the same
heading already is, and a title that changes only at its end is sent from its start. A page
turn was ~910 bytes at 80x24, ~150 of them cells the terminal already showed.

:class:`UnchangedCells` keeps a copy of the screen, cell by cell, as the app's own writes
drew it: each cell's character and the style it was asked for (as the SGR parameters after a
reset, Textual's own spelling, so one style is one string). A frame is rewritten to draw only
the cells that differ from the copy, as runs that each start with an absolute move; a few
equal cells between two that differ are drawn again rather than moved over (the move would
cost as much), and a wide character is never cut in two. The rewritten frame keeps the
frame's modes before its first move and everything from its closing move on (where the
cursor is left).

Only frames whose every effect on the screen is modelled are rewritten: absolute moves, line
moves that do not scroll, styles, printable text within a line, with the cursor shown or
hidden, synchronized output and window titles before the first move or after the last text.
A frame that holds anything else between its parts, or draws over half of a wide character
it drew itself (what a terminal then shows depends on the order, and on the terminal), is
written as it came, and the copy takes what it draws; one whose effect is not known (an erase, the alternate screen, a link, a
control character, text at an unknown place, a newline on the bottom line) is written as it
came and the copy is forgotten: every cell is then drawn again. A new size forgets it too
(a terminal reflows or clears its lines on a resize), and so does the app's redraw (Ctrl+L,
for a screen another program wrote over; and on a resume after a suspend).

A character's width is Textual's (Rich's cell widths), the one its layout was made with.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from rich.cells import get_character_cell_size

from .terminal_output import after_sgr, remember

GAP = 6
"""Equal cells between two that differ under which both are drawn as one run: a move to the
second costs about as many bytes (``ESC[12;40H``)."""

LONGEST_STYLE = 200
"""SGR parameters longer than this (a style never reset, growing) are not modelled."""

WIDE = ""
"""The character of the right half of a wide character's two cells."""


class Run(NamedTuple):
    """Text a frame draws from ``column`` on ``line`` (0 is the top), a character a cell."""

    line: int
    column: int
    chars: list[str]
    style: str
    """Its SGR parameters after a reset ("" plain)."""
    wide: bool
    """Whether it draws a wide character."""


class Frame(NamedTuple):
    runs: list[Run]
    head: int
    """Where its first absolute move starts: before it, modes that draw nothing."""
    tail: int
    """Where its closing move starts (the cursor is left there); -1 if the frame may not be
    rewritten (no closing move, or something between its parts that must stay where it is)."""


class UnchangedCells:
    """Rewrites one terminal's frames (see the module's docstring); one per terminal.

    The copy is two lists a line, the characters and the styles of its cells (a style of
    None: the cell is not known), so that a run is compared and taken in by slices.
    """

    def __init__(self) -> None:
        self.size = (0, 0)
        self.chars: list[list[str]] = []
        self.styles: list[list[str | None]] = []

    def forget(self) -> None:
        """What the terminal shows is not known any more (a write that did not reach it, a
        screen to draw again whole)."""
        width, height = self.size
        self.chars = [[" "] * width for _ in range(height)]
        self.styles = [[None] * width for _ in range(height)]

    def rewrite(self, data: str, width: int, height: int) -> str:
        """``data``, a write for a screen of ``width`` x ``height``, drawing only what
        changes."""
        drawn = self.redraw(data, width, height)
        return drawn if isinstance(drawn, str) else drawn.text()

    def redraw(self, data: str, width: int, height: int) -> str | Drawn:
        """What :meth:`rewrite` sends for ``data``: the write as it came (a ``str``), or the
        rewritten frame in its parts, so that :class:`~tui.frame_order.FrameOrder` need not
        read again what was just written."""
        if (width, height) != self.size:
            self.size = (width, height)
            self.forget()
        frame = read_frame(data, width, height)
        if frame is None:
            self.forget()
            return data
        changed = self._draw(frame.runs)
        if changed is None or frame.tail < 0 or not frame.runs:
            return data
        lines = [self._drawn(line, changed[line]) for line in sorted(changed)]
        return Drawn(data[: frame.head], lines, data[frame.tail :])

    def _draw(self, runs: list[Run]) -> dict[int, list[list[int]]] | None:
        """Take ``runs`` into the copy; the spans of each line they changed (from the first
        cell of a run that differs to its last). None if one draws over half of a wide
        character another drew: what the terminal then shows depends on the order of the
        two, and on the terminal, so the frame is to be written as it came."""
        changed: dict[int, list[list[int]]] = {}
        width = self.size[0]
        wide_lines: set[int] = set()
        tangled = False
        for line, column, chars, style, wide in runs:
            row_chars, row_styles = self.chars[line], self.styles[line]
            end = column + len(chars)
            styles = [style] * len(chars)
            old_chars, old_styles = row_chars[column:end], row_styles[column:end]
            if old_chars == chars and old_styles == styles:
                continue
            first, last = column, end - 1
            while row_chars[first] == chars[first - column] and row_styles[first] == style:
                first += 1
            while row_chars[last] == chars[last - column] and row_styles[last] == style:
                last -= 1
            changed.setdefault(line, []).append([first, last + 1])
            # Half of a wide character drawn over: the terminal blanks its other half (or
            # not, as some emulators): that cell is not known.
            if column > 0 and row_chars[column] == WIDE:
                row_chars[column - 1], row_styles[column - 1] = " ", None
                tangled = tangled or line in wide_lines
            if end < width and row_chars[end] == WIDE:
                row_chars[end], row_styles[end] = " ", None
                tangled = tangled or line in wide_lines
            row_chars[column:end] = chars
            row_styles[column:end] = styles
            if wide:
                wide_lines.add(line)
        return None if tangled else changed

    def _drawn(self, line: int, spans: list[list[int]]) -> LinePart:
        """What draws ``spans`` of ``line`` as the copy has them: spans a few equal cells
        apart joined, a wide character never cut in two, each in Textual's form (each style
        in full after a reset, a reset at its end)."""
        row_chars, row_styles = self.chars[line], self.styles[line]
        joined: list[list[int]] = []
        for start, end in sorted(spans):
            if joined and start - joined[-1][1] <= GAP:
                joined[-1][1] = max(joined[-1][1], end)
            else:
                joined.append([start, end])
        out: list[str] = []
        first: str | None = None
        style: str | None = None
        whole = len(joined) == 1  # one move, then text to its end (see LinePart.whole)
        # A span never starts on a wide character's right half: both halves are drawn by
        # one run in one style, and a half drawn over leaves the other one not known. It
        # may end on a left half (another character, its right half alike): the character
        # drawn there covers both.
        for start, end in joined:
            out.append(f"\x1b[{line + 1};{start + 1}H")
            column = start
            while column < end:
                style = row_styles[column]
                stop = column + 1
                while stop < end and row_styles[stop] == style:
                    stop += 1
                if style is not None:  # else blanked by a wide character drawn over: moved over
                    text = "".join(row_chars[column:stop])
                    out.append(f"\x1b[0;{style}m{text}" if style else f"\x1b[0m{text}")
                    if first is None:
                        first = style
                else:
                    whole = False
                    if stop < end:
                        out.append(f"\x1b[{line + 1};{stop + 1}H")
                column = stop
            out.append("\x1b[0m")
        return LinePart(line, "".join(out), first, style, whole and first is not None)


class LinePart(NamedTuple):
    """What a rewritten frame draws on one line."""

    line: int
    text: str
    first: str | None
    """The style its first character is drawn in (SGR parameters after a reset)."""
    last: str | None
    """The style its last character is drawn in."""
    whole: bool
    """Whether it is one absolute move and then text, each run's style in full and reset
    at its end: a part :class:`~tui.frame_order.FrameOrder` may draw before or after the
    others without reading it again."""


class Drawn(NamedTuple):
    """A frame as :meth:`UnchangedCells.redraw` rewrote it."""

    head: str
    """What came before its first absolute move: modes, which draw nothing."""
    lines: list[LinePart]
    """What it draws, a line at a time, top to bottom."""
    tail: str
    """From its closing move on (where the cursor is left)."""

    def text(self) -> str:
        return self.head + "".join(part.text for part in self.lines) + self.tail


FRAME_TOKENS = re.compile(
    r"\x1b\[(?:(?P<sgr>[0-9;]*)m|(?P<move>(?P<row>\d*)(?:;(?P<column>\d*))?)H"
    r"|(?P<mode>\?(?:25|2026)[hl]))"
    r"|(?P<title>\x1b\](?!8;)[^\x07\x1b]*(?:\x07|\x1b\\))"
    r"|(?P<moves>[\r\n]+)"
    r"|(?P<text>[^\x00-\x1f\x7f]+)"
    r"|(?P<bell>\x07)"
    r"|(?P<odd>.)",
    re.DOTALL,
)
"""A style, an absolute move, the cursor shown or hidden or synchronized output begun or
ended, a title or desktop notification (an OSC other than a link), line moves, text, a bell,
or anything else (whose effect is not modelled). :mod:`tui.frame_order` reads frames with it
too."""


def read_frame(data: str, width: int, height: int) -> Frame | None:
    """What a write draws, run by run; None if it holds anything whose effect on the screen
    is not modelled (see the module's docstring)."""
    runs: list[Run] = []
    line = column = -1  # not known before the first absolute move
    style = ""
    head = -1
    closing = -1  # the last absolute move after the last text
    kept: list[int] = []  # where the modes and titles are, which draw nothing
    for token in FRAME_TOKENS.finditer(data):
        kind = token.lastgroup
        if kind == "text":
            text = token.group()
            chars = _cells(text)
            if chars is None or line < 0 or column + len(chars) > width:
                return None
            wide = not text.isascii() and WIDE in chars
            runs.append(Run(line, column, chars, style, wide))
            column += len(chars)
            closing = -1
        elif kind == "sgr":
            style = after_sgr(style, token.group("sgr"))
            if len(style) > LONGEST_STYLE:
                return None
        elif kind == "move":
            if head < 0:
                head = token.start()
            closing = token.start()
            line = min(int(token.group("row") or 1), height) - 1
            column = min(int(token.group("column") or 1), width) - 1
        elif kind == "moves":
            for char in token.group():
                if char == "\r":
                    column = 0 if line >= 0 else column
                elif line == height - 1 or line < 0:
                    return None  # the screen scrolls, or from where is not known
                else:
                    line += 1
        elif kind == "mode" or kind == "title":
            kept.append(token.start())
        elif kind != "bell":
            return None  # another sequence, a link (a cell property not copied here)
    # Rewritten, it keeps what comes before its first move and from its closing move on.
    if closing < 0 or any(head < position < closing for position in kept):
        closing = -1
    return Frame(runs, head, closing)


TEXTS: dict[str, list[str] | None] = {}
"""The cells of texts met beyond ASCII (a timeline's rows start with a few such: ▲ △ ◆ ○)."""


def _cells(text: str) -> list[str] | None:
    """The characters of the cells ``text`` draws (:data:`WIDE` for a wide one's right
    half); None if it holds a control character (a tab moves)."""
    if text.isascii():
        return list(text)  # printable: the pattern of text leaves out control characters
    known = TEXTS.get(text)
    if known is not None:
        return known
    chars = _wide_cells(text)
    remember(TEXTS, text, chars)
    return chars


def _wide_cells(text: str) -> list[str] | None:
    if not text.isprintable():
        return None
    # (Rich keeps the widths it worked out: each character is measured once.)
    if all(get_character_cell_size(char) == 1 for char in set(text)):
        return list(text)
    chars: list[str] = []
    for char in text:
        size = get_character_cell_size(char)
        if size == 1:
            chars.append(char)
        elif size == 2:
            chars.append(char)
            chars.append(WIDE)
        elif chars:  # a combining mark joins the character before it
            chars[-2 if chars[-1] == WIDE else -1] += char
        else:
            return None
    return chars
