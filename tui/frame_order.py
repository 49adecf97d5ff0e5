"""The parts of a frame drawn in the order that changes style least, for slow links.

A cursor move in the timeline draws three parts of the screen: the row it left (muted
text), the row it reached (the cursor's colours) and the notes header's new title (muted).
Drawn top to bottom, as Textual writes them, the terminal goes from muted to the cursor's
colours and back in every frame: two full changes of colour, ~20 bytes each. Drawn so that
each frame starts in the style the last one ended in (the cursor's row first after a frame
that ended on it), one change is enough: 306 → 292 bytes a cursor-down at 80x24.

:class:`FrameOrder` picks, after each part, one that starts in the style the last ended in
(else the next in Textual's order). It reorders only parts known to be independent: a write
whose every part starts with an absolute move, holds nothing but text, styles and line moves,
ends with its style reset (Textual resets after every run) and draws on a line no other part
of it draws on (Textual draws within a line, so a part never reaches another line); at most
twelve of them (a page's twenty gain little), and a closing move where the cursor is left,
which stays last. A part's own last moves (to its line's end and a newline) are left out,
as the next part's first move undoes them, except on the lowest line drawn, where the newline
could be on the screen's last line. The cursor shown or hidden and synchronized output begun
or ended may come before the first part or after the last text. Anything else is written as
it came.

A frame :class:`~tui.unchanged_cells.UnchangedCells` rewrote comes in the parts it drew
(:meth:`FrameOrder.arrange_drawn`): those are not read again, where they are as reading them
would find them.
"""

from __future__ import annotations

import re

from .terminal_output import after_sgr
from .unchanged_cells import FRAME_TOKENS, Drawn

LONGEST = 12
"""Parts reordered at most: a cursor move has three or four; a page has twenty, where one
change of colour less is not worth looking for."""


MODES = re.compile(r"(?:\x1b\[\?(?:25|2026)[hl])*")
"""The cursor shown or hidden and synchronized output begun or ended, any number of them."""
CLOSING = re.compile(r"\x1b\[\d*(?:;\d*)?H" + MODES.pattern)
"""A closing move and nothing after it but such modes."""


class Part:
    """A part of a frame: from an absolute move up to the next one that is followed by text."""

    __slots__ = ("start", "end", "line", "first", "last", "moves_from")

    def __init__(self, start: int, line: int) -> None:
        self.start, self.end, self.line = start, start, line
        self.first: str | None = None
        """The style its first text is drawn in (SGR parameters after a reset)."""
        self.last = ""
        """The style its last text is drawn in."""
        self.moves_from = -1
        """Where its own last moves start (the move to its line's end, a newline), if any."""


class FrameOrder:
    """Reorders one terminal's frames (see the module's docstring); one per terminal."""

    def __init__(self) -> None:
        self.style = ""
        """The SGR parameters of the last text written (Textual writes each in full)."""

    def forget(self) -> None:
        self.style = ""

    def arrange(self, data: str) -> str:
        read = _parts(data)
        if read is None:
            self.style = ""  # not known which style the text was left in
            return data
        head_end, parts, tail_start = read
        lowest = max(part.line for part in parts)
        style = self.style
        out = [data[:head_end]]
        while parts:
            pick = next((part for part in parts if part.first == style), parts[0])
            parts.remove(pick)
            # Its own last moves are undone by the next part's first move; only on the
            # lowest line drawn could a newline be on the screen's last line, and scroll it.
            end = pick.moves_from if pick.moves_from >= 0 and pick.line != lowest else pick.end
            out.append(data[pick.start : end])
            style = pick.last
        self.style = style
        out.append(data[tail_start:])
        return "".join(out)

    def arrange_drawn(self, drawn: Drawn) -> str:
        """What :meth:`arrange` makes of ``drawn.text()``, without reading it again when its
        parts are known to be as :meth:`arrange` would find them: each a line drawn whole,
        modes before them and only a closing move and modes after them. (A part so drawn ends
        with its reset and holds no moves of its own to leave out.)"""
        lines = drawn.lines
        if not (
            2 <= len(lines) <= LONGEST
            and all(part.whole for part in lines)
            and MODES.fullmatch(drawn.head)
            and CLOSING.fullmatch(drawn.tail)
        ):
            return self.arrange(drawn.text())
        parts = list(lines)
        style: str | None = self.style
        out = [drawn.head]
        while parts:
            pick = next((part for part in parts if part.first == style), parts[0])
            parts.remove(pick)
            out.append(pick.text)
            style = pick.last
        self.style = style or ""
        out.append(drawn.tail)
        return "".join(out)


def _parts(data: str) -> tuple[int, list[Part], int] | None:
    """Where ``data``'s first part starts, its parts that draw, and where its closing move
    starts; None if it is not a frame whose parts may be reordered (see the module's
    docstring)."""
    parts: list[Part] = []
    lines: set[int] = set()
    part: Part | None = None
    style = ""
    head_end = -1
    closing = -1  # the last absolute move after the last text: where the cursor is left
    moved = False  # a line move since the part's first move: text now is on another line
    mode_seen = False
    for token in FRAME_TOKENS.finditer(data):
        kind = token.lastgroup
        if kind == "sgr":
            style = after_sgr(style, token.group("sgr"))
        elif kind == "move":
            if part is not None and part.moves_from < 0:
                part.moves_from = token.start()
            if style:
                return None  # a style left set: the next part would start in it
            if head_end < 0:
                head_end = token.start()
            closing = token.start()
            # A new part starts here unless only moves follow (the end of a line drawn).
            rest = data[token.end() : token.end() + 1]
            if rest and rest not in "\r\n\x1b" or _text_follows(data, token.end()):
                if part is not None:
                    part.end = token.start()
                line = int(token.group("row") or 1)
                if line in lines or len(parts) == LONGEST:
                    return None  # two parts on one line could overlap; or a page
                lines.add(line)
                part = Part(token.start(), line)
                parts.append(part)
                moved = False
        elif kind == "moves":
            moved = True
            if part is not None and part.moves_from < 0:
                part.moves_from = token.start()
        elif kind == "text":
            if part is None or moved or mode_seen:
                return None  # before the first move, on another line, or after a mode set
            if part.first is None:
                part.first = style
            part.last = style
            part.moves_from = closing = -1
        elif kind != "mode":
            return None  # a title, a bell or anything else: its place may matter
        elif part is not None:
            mode_seen = True  # only before the first part or after the last text
    if part is None or style or len(parts) < 2:
        return None
    if closing < 0 or closing == part.start:
        return None  # where the cursor ends depends on which part is drawn last
    tail_start = part.end = closing
    if part.moves_from >= closing:
        part.moves_from = -1
    return head_end, parts, tail_start


def _text_follows(data: str, position: int) -> bool:
    """Whether text is drawn after ``position`` before the next absolute move."""
    for token in FRAME_TOKENS.finditer(data, position):
        kind = token.lastgroup
        if kind == "text":
            return True
        if kind not in ("sgr", "moves", "mode"):
            return False  # a move, or anything whose effect may depend on order
    return False
