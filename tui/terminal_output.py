"""Terminal output with each colour change said once, for slow links.

Textual writes every run of text as its full style, the text and a reset
(``ESC[38;5;247;48;5;16m…ESC[0m``), and ends each line it sends with a move to the edge of
the chop it stopped at and a newline, just before it moves to the next line's start. A
cursor-down in the timeline thus resent the background colour and a reset with every run of
every row (about 23 bytes a run), and ten bytes of moves per line that the next move undoes.

:class:`CompactOutput` rewrites what the app writes into what a terminal needs to show the
same screen: a style change says only what changed from the style in force (a colour, an
attribute added or taken away), and a run of moves with nothing drawn between them is one
move to where they end. Only sequences whose effect is known are rewritten: anything else
(a mode set, leaving the alternate screen, a save or restore of the cursor) is passed on as
it is, after the style and moves before it, and the style in force is then taken as unknown.
A write ends with the cursor where the original left it; the style it left waits for the
next character drawn or sequence passed on (a frame ends with a reset that the next frame's
first run would undo), so everything written to the terminal must go through the same
:class:`CompactOutput` (the driver's ``write``).

A run of blanks is drawn in the style in force when it looks the same in the one asked for
(the same background, and neither shows anything else on a blank, as reverse or underline
would): the colour of text shows nothing on a blank, and Textual gives one to the padding
around text and to a scrollbar's track, so a change of it before them alone is not sent.

On a terminal that erases in the background colour in force (terminfo's ``bce``, as xterm,
the Linux console and most emulators do), a long run of blanks can also be erased rather
than drawn (``ECH``, then a move past it, which the next move usually undoes): a timeline
row is mostly the blanks between its title and its duration, and a day's heading is one word
and sixty blanks. Only blanks in a style that shows nothing on a blank (no reverse,
underline, strike…) are erased, and only within a line: Textual never draws past a line's
end, so a run of blanks never wraps.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple, TypeGuard

TOKENS = re.compile(
    r"(?P<csi>\x1b\[(?P<params>[0-?]*)(?P<inter>[ -/]*)(?P<final>[@-~]))"
    r"|(?P<osc>\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?)"
    r"|(?P<esc>\x1b.?)"
    r"|(?P<moves>[\r\n]+)"
    r"|(?P<text>[^\x1b\r\n]+)",
    re.DOTALL,
)
"""A control sequence (CSI), an operating system command (OSC: a title, a link, a desktop
notification), another escape, a run of carriage returns and newlines, or text."""

BLANK_RUNS = re.compile(r"( {14,})")
"""Runs of blanks worth erasing: from 14, the erase and the step past it (at most 13 bytes)
are shorter."""
SHORTEST_ERASED = " " * 14

NEUTRAL_MODES = frozenset({"?25h", "?25l", "?2026h", "?2026l"})
"""Private modes that leave the style alone: the cursor shown or hidden, synchronized output."""

ATTRIBUTES = frozenset({1, 2, 3, 4, 5, 6, 7, 8, 9, 21, 51, 52, 53})
"""SGR attributes (bold … overline) as Textual writes them."""

INVISIBLE_ON_BLANKS = frozenset({1, 2, 3})
"""Attributes a blank does not show (bold, faint, italic): blanks in them may be erased, or
drawn in another such style of the same background. An erased cell takes the background
only, so reverse, underline, strike… must be drawn."""

ATTRIBUTES_OFF = {
    22: (1, 2),
    23: (3,),
    24: (4, 21),
    25: (5, 6),
    27: (7,),
    28: (8,),
    29: (9,),
    54: (51, 52),
    55: (53,),
}


class Style(NamedTuple):
    """The SGR state of a terminal: attributes and the two colours (None: the default).

    (A named tuple, not a dataclass: made at import, a dataclass costs the dashboard's start
    about a millisecond.)
    """

    attributes: frozenset[int] = frozenset()
    foreground: tuple[int, ...] | None = None
    background: tuple[int, ...] | None = None


PLAIN = Style()

Append = Callable[[str], None]

CACHE_LIMIT = 4096
"""Styles and changes remembered; past it they are forgotten and worked out again. A theme
uses tens of styles, but a colour animated in true colour makes a new one each frame, and
the dashboard runs for days."""


class Opaque(Exception):
    """An SGR code this module does not model: the sequence is passed on as it is."""


def apply_sgr(style: Style, params: str) -> Style:
    """``style`` after ``ESC[{params}m``; raises :class:`Opaque` for a code not modelled."""
    try:
        codes = [int(code) if code else 0 for code in params.split(";")]
    except ValueError:
        raise Opaque(params) from None
    attributes = set(style.attributes)
    foreground, background = style.foreground, style.background
    index = 0
    while index < len(codes):
        code = codes[index]
        index += 1
        if code == 0:
            attributes.clear()
            foreground = background = None
        elif code in ATTRIBUTES:
            attributes.add(code)
        elif code in ATTRIBUTES_OFF:
            attributes.difference_update(ATTRIBUTES_OFF[code])
        elif 30 <= code <= 37 or 90 <= code <= 97:
            foreground = (code,)
        elif 40 <= code <= 47 or 100 <= code <= 107:
            background = (code,)
        elif code == 39:
            foreground = None
        elif code == 49:
            background = None
        elif code in (38, 48):
            kind = codes[index] if index < len(codes) else None
            width = {5: 2, 2: 4}.get(kind) if kind is not None else None
            if width is None or index + width > len(codes):
                raise Opaque(params)
            colour = (code, *codes[index : index + width])
            index += width
            if code == 38:
                foreground = colour
            else:
                background = colour
        else:
            raise Opaque(params)
    return Style(frozenset(attributes), foreground, background)


def _colour_codes(colour: tuple[int, ...] | None, default: int) -> list[str]:
    return [str(default)] if colour is None else [str(part) for part in colour]


OFF_CODE = {1: 22, 2: 22, 3: 23, 4: 24, 21: 24, 5: 25, 6: 25, 7: 27, 8: 28, 9: 29}
"""The ECMA-48 code that takes each attribute away (every terminal of the last decades has
them; frame and overline have none here, so they go with a reset)."""


def _changes(current: Style, wanted: Style) -> list[str] | None:
    """The codes that take ``current`` to ``wanted`` without a reset; None if there are none."""
    gone = current.attributes - wanted.attributes
    if not gone <= OFF_CODE.keys():
        return None
    offs = sorted({OFF_CODE[attribute] for attribute in gone})
    left = set(current.attributes)
    for code in offs:
        left.difference_update(ATTRIBUTES_OFF[code])  # 22 takes bold and faint away
    codes = [str(code) for code in offs]
    codes.extend(str(code) for code in sorted(wanted.attributes - left))
    if wanted.foreground != current.foreground:
        codes.extend(_colour_codes(wanted.foreground, 39))
    if wanted.background != current.background:
        codes.extend(_colour_codes(wanted.background, 49))
    return codes


def transition(current: Style | None, wanted: Style) -> str:
    """The shortest SGR sequence this module makes that takes a terminal from ``current``
    (None: not known) to ``wanted``; empty when they are the same.

    Either a reset and all of ``wanted``, or only what changes (an attribute taken away by
    its own code), whichever is shorter.
    """
    if current == wanted:
        return ""
    codes = ["0", *(_changes(PLAIN, wanted) or ())]
    changes = None if current is None else _changes(current, wanted)
    if changes is not None and len(";".join(changes)) < len(";".join(codes)):
        codes = changes
    return f"\x1b[{';'.join(codes)}m"


class PendingMoves:
    """Moves not sent yet: the sequences themselves, and whether all may go for the last one.

    A newline moves down a line unless the cursor is on the bottom line, where it scrolls
    the screen. The moves may be replaced by their last one, an absolute move, only when each
    newline among them is known to start above that move's line (so not on the bottom one).
    """

    __slots__ = ("sequences", "row", "lowest_newline_row")

    def __init__(self) -> None:
        self.sequences: list[str] = []
        self.row: int | None = None
        """The line the cursor is on after them, where known (1 is the top)."""
        self.lowest_newline_row = 0
        """The lowest line a newline among them started on; -1 when one started on an
        unknown line, 0 when there is none."""

    def move_to(self, sequence: str, row: int) -> None:
        if self.lowest_newline_row == 0 or 0 < self.lowest_newline_row < row:
            self.sequences = [sequence]  # everything before it is undone by it
            self.lowest_newline_row = 0
        else:
            self.sequences.append(sequence)
        self.row = row

    def move(self, sequence: str) -> None:
        """Carriage returns and newlines."""
        for char in sequence:
            if char == "\n":
                if self.row is None:
                    self.lowest_newline_row = -1
                elif self.lowest_newline_row != -1:
                    self.lowest_newline_row = max(self.lowest_newline_row, self.row)
                    self.row += 1
        self.sequences.append(sequence)

    def take(self) -> str:
        moves = "".join(self.sequences)
        self.sequences.clear()
        self.lowest_newline_row = 0
        return moves


class CompactOutput:
    """Rewrites one terminal's output stream write by write (see the module's docstring).

    One instance per terminal: it remembers the style the terminal is in between writes.
    """

    def __init__(self, erase_blanks: bool = False) -> None:
        self.erase_blanks = erase_blanks
        """Whether long runs of blanks are erased (the terminal erases in the background in
        force: see the module's docstring), not drawn."""
        self.current: Style | None = None
        """The terminal's style as last sent; None until known (the program's start)."""
        self._wanted: Style | None = None
        self._moves = PendingMoves()
        self._step = 0
        """Erased blanks at the end of a run not stepped over yet (see :meth:`_send_step`)."""
        self._sgr: dict[tuple[Style | None, str], Style] = {}
        self._transitions: dict[tuple[Style | None, Style], str] = {}

    def compact(self, data: str) -> str:
        out: list[str] = []
        append = out.append
        moves = self._moves
        for token in TOKENS.finditer(data):
            kind = token.lastgroup
            if kind == "text":
                text = token.group()
                if self._step:
                    self._send_step(append, before_text=True)
                if text[0] == " " and self._wanted != self.current and self._shows_as_blanks(text):
                    # Drawn in the style in force: the change waits for a character it shows on.
                    self._send_position(append)
                else:
                    self._flush(append)
                if self.erase_blanks and SHORTEST_ERASED in text and self._blanks_erasable():
                    self._draw_erasing_blanks(text, append)
                else:
                    append(text)
                moves.row = None  # text that reaches the right edge wraps to the next line
            elif kind == "moves":
                if self._step:
                    self._send_step(append, undone=token.group().startswith("\r"))
                moves.move(token.group())
            elif kind == "csi":
                final = token.group("final")
                params = token.group("params")
                if final == "m" and not token.group("inter"):
                    self._set_style(params, token.group(), append)
                elif final == "H" and not token.group("inter") and _is_position(params):
                    self._step = 0  # undone by the move
                    row, _, column = params.partition(";")
                    moves.move_to(_position(row, column), int(row or 1))
                elif final in "hl" and params + final in NEUTRAL_MODES:
                    self._flush(append)
                    append(token.group())
                else:
                    self._opaque(token.group(), append)
            elif kind == "osc":
                self._flush(append)
                append(token.group())
            else:
                self._opaque(token.group(), append)
        # The moves are sent; the style waits for the next character drawn or sequence not
        # modelled (a frame ends with a reset that the next one's first run then undoes).
        self._send_position(append)
        return "".join(out)

    def _shows_as_blanks(self, text: str) -> bool:
        """Whether ``text`` is blanks that look the same in the style in force as in the one
        wanted: the same background, and neither style shows anything else on a blank."""
        current, wanted = self.current, self._wanted
        return (
            _shows_nothing_on_blanks(current)
            and _shows_nothing_on_blanks(wanted)
            and current.background == wanted.background
            and not text.strip(" ")
        )

    def _blanks_erasable(self) -> bool:
        return _shows_nothing_on_blanks(self.current)

    def _draw_erasing_blanks(self, text: str, append: Append) -> None:
        """``text`` in the style in force, its long runs of blanks erased and stepped over.

        The step past blanks that end the text waits: the move to the next line's start that
        usually comes next makes it needless.
        """
        parts = BLANK_RUNS.split(text)
        last_run = len(parts) - 2 if not parts[-1] else -1
        for index, part in enumerate(parts):
            if index % 2 == 0:
                append(part)
            elif index == last_run:
                append(f"\x1b[{len(part)}X")
                self._step = len(part)
            else:
                append(f"\x1b[{len(part)}X\x1b[{len(part)}C")

    def _send_step(self, append: Append, undone: bool = False, before_text: bool = False) -> None:
        """Step over the erased blanks that ended the last run, unless ``undone`` (a carriage
        return comes next).

        Before anything but text, the step is a move to the last blank and the last blank
        drawn, in the style still in force: the cursor is then where the blanks left it, at
        the right edge included (where a character drawn next wraps to the next line, and a
        move right stops at the edge). Before text it is a move past them: text drawn after
        them on the same line does not start at the edge (Textual draws within lines).
        """
        columns = self._step
        if before_text:
            append(f"\x1b[{columns}C" if columns > 1 else "\x1b[C")
        elif not undone:
            append(f"\x1b[{columns - 1}C " if columns > 1 else " ")
        self._step = 0

    def forget(self) -> None:
        """The last write did not reach the terminal: its style is not known now."""
        self.current = None
        self._moves.row = None
        self._step = 0

    def _set_style(self, params: str, sequence: str, append: Append) -> None:
        key = (self._wanted, params)
        wanted = self._sgr.get(key)
        if wanted is None:
            if self._wanted is None and not _starts_with_reset(params):
                self._opaque(sequence, append)  # relative to a style not known
                return
            try:
                wanted = apply_sgr(self._wanted or PLAIN, params)
            except Opaque:
                self._opaque(sequence, append)
                return
            remember(self._sgr, key, wanted)
        self._wanted = wanted

    def _flush(self, append: Append) -> None:
        """Send the moves and the style the next character is to be drawn at and in."""
        self._send_position(append)
        self._send_style(append)

    def _send_position(self, append: Append) -> None:
        """Send the step over erased blanks and the moves that are pending: the cursor is
        then where the app left it."""
        if self._step:
            self._send_step(append)
        self._send_moves(append)

    def _send_moves(self, append: Append) -> None:
        if not self._moves.sequences:  # most text follows text or a style, not a move
            return
        moves = self._moves.take()
        if "\n" in moves:  # a newline on the bottom line scrolls in a line of the background
            self._send_style(append)
        append(moves)

    def _send_style(self, append: Append) -> None:
        wanted = self._wanted
        if wanted is not None and wanted != self.current:
            key = (self.current, wanted)
            sequence = self._transitions.get(key)
            if sequence is None:
                sequence = transition(self.current, wanted)
                remember(self._transitions, key, sequence)
            append(sequence)
            self.current = wanted

    def _opaque(self, sequence: str, append: Append) -> None:
        """A sequence whose effect is not modelled: sent as it is, and the style not known."""
        self._flush(append)
        append(sequence)
        self.current = self._wanted = None
        self._moves.row = None


def _shows_nothing_on_blanks(style: Style | None) -> TypeGuard[Style]:
    """Whether ``style`` is known and a blank drawn in it shows its background alone."""
    return style is not None and style.attributes <= INVISIBLE_ON_BLANKS


def remember(cache: dict, key: object, value: object) -> None:
    """Put ``value`` in ``cache``, which is emptied when it holds :data:`CACHE_LIMIT`."""
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[key] = value


def _is_position(params: str) -> bool:
    parts = params.split(";")
    return len(parts) <= 2 and all(part.isdigit() or not part for part in parts)


def _position(row: str, column: str) -> str:
    """The shortest absolute move to ``row`` and ``column``: 1 is each one's default."""
    row = "" if row == "1" else row
    if column in ("", "1"):
        return f"\x1b[{row}H"
    return f"\x1b[{row};{column}H"


def after_sgr(style: str, params: str) -> str:
    """The SGR parameters that draw, after a reset, what ``style`` (parameters after a
    reset, "" plain) then ``ESC[{params}m`` draw: Textual's own spelling of a style, each
    run's in full after a reset, so that one style is one string."""
    if params in ("", "0"):
        return ""
    if params.startswith("0;"):
        return params[2:]
    return f"{style};{params}" if style else params


def _starts_with_reset(params: str) -> bool:
    first = params.split(";", 1)[0]
    return first in ("", "0")
