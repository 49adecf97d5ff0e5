"""Lines a view scrolled are scrolled on the terminal, not drawn again.

When the timeline scrolls (its cursor stepped past its last line), Textual sends every line
of it again: about 100 bytes a line, 900 at 80x24, for lines the terminal already shows one
line higher. Terminals since the VT100 move a band of lines themselves: set the margins
around it (DECSTBM), then a newline on its bottom line scrolls it up a line and a reverse
index on its top line scrolls it down; curses has done this since the 1980s for the same
reason.

:class:`ScrollingFrames` keeps a copy of what the terminal shows, cell by cell, as the app's
own writes drew it. When a frame draws consecutive lines that show, all but a few cells,
what the lines ``k`` below (or above) showed, it scrolls that band on the terminal instead,
draws only the cells that still differ and the lines scrolled in, and drops the frame's own
drawing of those lines. What it returns is in the form Textual writes (each run in its full
style, then a reset), for :class:`~tui.terminal_output.CompactOutput` to compact.

The margins scroll whole lines, so every cell of every line of the band must be known,
those the frame does not draw included (a pane's borders). A write holding anything whose
effect on the screen is not modelled here (a clear, an erase, a link, the alternate screen,
a control character, text past the right edge) is passed on as it is and the copy is
forgotten: nothing scrolls until the lines are drawn again. The copy is of the app's size; a
resize forgets it. A character's width is Textual's (Rich's cell widths), the one its layout
was made with.
"""

from __future__ import annotations

from itertools import groupby
from operator import attrgetter, itemgetter
from typing import NamedTuple

from rich.cells import get_character_cell_size

from .terminal_output import NEUTRAL_MODES, TOKENS, is_position

Cell = tuple[str, str]
"""A cell known: the SGR parameters it was drawn in after a reset ("" plain), and its
character ("" for the right half of a wide one)."""

BLANK: Cell = ("", " ")
"""A line scrolled in: blanks in the default colours (the scroll is sent after a reset)."""

SHIFTS = (1, -1, 2, -2, 3, -3)
"""Lines a band may scroll: up (the view went down) or down. A step onto the next day steps
over its heading, two lines (three with a month's)."""

SHORTEST_BAND = 3
"""Lines of a band worth scrolling: fewer cost about what the scroll saves."""

GAP = 4
"""Equal cells between two cells to draw after a scroll under which they are drawn as one
run (a move costs about as much)."""

WORTH = 40
"""Bytes a scroll must save, beyond what it costs, to be sent."""

SCROLL_BYTES, MOVE_BYTES, STYLE_BYTES = 25, 7, 12
"""About what a scroll (margins, a move, a newline, margins reset), a move and a change of
style cost once compacted, to weigh a scroll against drawing the lines."""


class Unknown:
    """A cell whose content is not known. Each is its own instance, so no two are equal."""

    __slots__ = ()


def unknown_line(width: int) -> list[object]:
    return [Unknown() for _ in range(width)]


class Run(NamedTuple):
    """Cells a frame draws: from ``column`` on line ``line`` (0 is the top)."""

    line: int
    column: int
    cells: list[Cell]


class Piece(NamedTuple):
    """A part of a write from one absolute move to the next, and what it draws."""

    start: int
    end: int
    style: str
    """The SGR parameters in force where it starts (it may draw in them)."""
    lines: frozenset[int]
    """The lines it draws on (none: moves only)."""
    cells: int


class Frame(NamedTuple):
    runs: list[Run]
    pieces: list[Piece]
    head: int
    """Where the first piece starts: before it, modes that draw nothing."""


class Band(NamedTuple):
    top: int
    bottom: int
    shift: int
    """Lines the band's content moves up (down when negative)."""
    repairs: list[str]
    saved: int
    first_style: str
    """The style the repairs start in: the scroll is sent in it (the moves of a scroll are
    sent after the style the cursor is in, as a line scrolled in takes its background)."""


class ScrollingFrames:
    """Rewrites one terminal's writes (see the module's docstring); one per terminal."""

    def __init__(self) -> None:
        self.size = (0, 0)
        self.lines: list[list[object]] = []

    def forget(self) -> None:
        """What the terminal shows is not known any more (a write did not reach it)."""
        width, height = self.size
        self.lines = [unknown_line(width) for _ in range(height)]

    def rewrite(self, data: str, width: int, height: int) -> str:
        if (width, height) != self.size:
            self.size = (width, height)
            self.forget()
        frame = read_frame(data, width, height)
        if frame is None:
            self.forget()
            return data
        touched = sorted({run.line for run in frame.runs})
        groups = [group for group in _consecutive(touched) if len(group) >= SHORTEST_BAND]
        if not groups:
            self._draw(frame.runs)
            return data
        low, high = max(0, touched[0] - 3), min(height, touched[-1] + 4)
        before = {line: list(self.lines[line]) for line in range(low, high)}
        self._draw(frame.runs)
        band = self._best_band(frame, groups, before)
        scrolled = None if band is None else _scrolled(data, frame, band)
        return data if scrolled is None else scrolled

    def _draw(self, runs: list[Run]) -> None:
        lines, width = self.lines, self.size[0]
        for line, column, cells in runs:
            row = lines[line]
            end = column + len(cells)
            # Half of a wide character drawn over: the terminal blanks its other half.
            if column > 0 and _continues(row[column]):
                row[column - 1] = Unknown()
            if end < width and _continues(row[end]):
                row[end] = Unknown()
            row[column:end] = cells

    def _best_band(
        self, frame: Frame, groups: list[list[int]], before: dict[int, list[object]]
    ) -> Band | None:
        drawn: dict[int, int] = {}
        for line, runs in groupby(frame.runs, key=attrgetter("line")):
            spans = [(run.column, run.cells) for run in runs]
            drawn[line] = drawn.get(line, 0) + _estimated_bytes(spans)
        best: Band | None = None
        for group in groups:
            for shift in SHIFTS:
                for top, bottom in self._bands(group, shift, before):
                    band = self._band(top, bottom, shift, before, drawn)
                    if band is not None and (best is None or band.saved > best.saved):
                        best = band
        return best

    def _bands(
        self, group: list[int], shift: int, before: dict[int, list[object]]
    ) -> set[tuple[int, int]]:
        """Bands (top and bottom line) holding lines of ``group`` that show what the lines
        ``shift`` below them showed: just those and the lines scrolled in, and those with
        the rest of ``group`` on the side lines come in (drawn over: the frame draws them)."""
        width, height = self.size
        near = width // 8
        bands: set[tuple[int, int]] = set()
        matching: list[int] = []
        for line in [*group, None]:
            old = before.get(line + shift) if line is not None else None
            if line is not None and old is not None:
                new = self.lines[line]
                if new != before[line] and (new == old or _differences(new, old) <= near):
                    matching.append(line)
                    continue
            if len(matching) >= SHORTEST_BAND - 1:
                top, bottom = matching[0], matching[-1]
                if shift > 0:
                    candidates = [(top, bottom + shift), (top, max(bottom + shift, group[-1]))]
                else:
                    candidates = [(top + shift, bottom), (min(top + shift, group[0]), bottom)]
                bands.update(
                    (top, bottom) for top, bottom in candidates if 0 <= top and bottom < height
                )
            matching = []
        return bands

    def _band(
        self,
        top: int,
        bottom: int,
        shift: int,
        before: dict[int, list[object]],
        drawn: dict[int, int],
    ) -> Band | None:
        repairs: list[str] = []
        first_style: str | None = None
        cost = SCROLL_BYTES
        for line in range(top, bottom + 1):
            source = line + shift
            new = self.lines[line]
            # A line scrolled in is drawn whole: what it was filled with is not known.
            shown = before.get(source) if top <= source <= bottom else None
            spans = []
            for start, end in _spans_to_draw(new, shown):
                cells = new[start:end]
                if not all(isinstance(cell, tuple) for cell in cells):
                    return None  # a cell to draw is not known
                spans.append((start, cells))
                repairs.append(_drawn(line, start, cells))  # type: ignore[arg-type]
                if first_style is None:
                    first_style = cells[0][0]  # type: ignore[index]
            cost += _estimated_bytes(spans)  # type: ignore[arg-type]
        saved = sum(drawn.get(line, 0) for line in range(top, bottom + 1)) - cost
        if saved < WORTH:
            return None
        return Band(top, bottom, shift, repairs, saved, first_style or "")


def _estimated_bytes(spans: list[tuple[int, list[Cell]]]) -> int:
    """About what drawing ``spans`` (column, cells) of one line costs once compacted: a
    byte a cell, a move where a span does not follow the last, a change of style."""
    total, end, style = 0, -1, None
    for column, cells in spans:
        if column != end:
            total += MOVE_BYTES
        for cell_style, _ in groupby(cells, key=itemgetter(0)):
            if cell_style != style:
                total += STYLE_BYTES
                style = cell_style
        total += len(cells)
        end = column + len(cells)
    return total


def _consecutive(lines: list[int]) -> list[list[int]]:
    groups: list[list[int]] = []
    for line in lines:
        if groups and groups[-1][-1] == line - 1:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _differences(new: list[object], old: list[object]) -> int:
    return sum(1 for a, b in zip(new, old, strict=True) if a != b)


def _continues(cell: object) -> bool:
    """Whether ``cell`` is the right half of a wide character."""
    return isinstance(cell, tuple) and cell[1] == ""


def read_frame(data: str, width: int, height: int) -> Frame | None:
    """What a write draws, run by run, and its pieces; None if it holds anything whose
    effect on the screen is not modelled (see the module's docstring)."""
    runs: list[Run] = []
    pieces: list[Piece] = []
    line = column = -1  # not known before the first absolute move
    style = ""
    opened: tuple[int, str] | None = None
    piece_lines: set[int] = set()
    piece_cells = 0
    for token in TOKENS.finditer(data):
        kind = token.lastgroup
        if kind == "text":
            cells = _cells(token.group(), style)
            if cells is None or (cells and (line < 0 or column + len(cells) > width)):
                return None
            if cells:
                runs.append(Run(line, column, cells))
                piece_lines.add(line)
                piece_cells += len(cells)
                column += len(cells)
        elif kind == "moves":
            for char in token.group():
                if char == "\r":
                    column = 0 if line >= 0 else column
                elif line == height - 1 or line < 0:
                    return None  # the screen scrolls, or from where is not known
                else:
                    line += 1
        elif kind == "csi":
            final, params, inter = token.group("final"), token.group("params"), token.group("inter")
            if final == "H" and not inter and is_position(params):
                if opened is not None:
                    pieces.append(_piece(opened, token.start(), piece_lines, piece_cells))
                opened, piece_lines, piece_cells = (token.start(), style), set(), 0
                row, _, col = params.partition(";")
                line = min(int(row or 1), height) - 1
                column = min(int(col or 1), width) - 1
            elif final == "m" and not inter:
                style = _after_sgr(style, params)
                if len(style) > 200:
                    return None
            elif final in "hl" and params + final in NEUTRAL_MODES:
                pass
            else:
                return None
        elif kind == "osc" and not token.group().startswith("\x1b]8;"):
            pass  # a title or a desktop notification: no cell changes
        else:
            return None  # a link (a cell property not copied here), another escape
    if opened is not None:
        pieces.append(_piece(opened, len(data), piece_lines, piece_cells))
    head = pieces[0].start if pieces else len(data)
    return Frame(runs, pieces, head)


def _piece(opened: tuple[int, str], end: int, lines: set[int], cells: int) -> Piece:
    start, style = opened
    return Piece(start, end, style, frozenset(lines), cells)


def _after_sgr(style: str, params: str) -> str:
    """The parameters that draw, after a reset, what ``style`` then ``ESC[{params}m`` draw."""
    if params in ("", "0"):
        return ""
    if params.startswith("0;"):
        return params[2:]
    return f"{style};{params}" if style else params


def _cells(text: str, style: str) -> list[Cell] | None:
    """The cells ``text`` draws; None if it holds a control character (a tab moves)."""
    if "\x07" in text:
        text = text.replace("\x07", "")  # a bell draws nothing
    if not text.isprintable():
        return None
    if text.isascii():
        return [(style, char) for char in text]
    cells: list[Cell] = []
    for char in text:
        size = get_character_cell_size(char)
        if size == 1:
            cells.append((style, char))
        elif size == 2:
            cells.append((style, char))
            cells.append((style, ""))
        elif cells:  # a combining mark joins the character before it
            cells[-1] = (style, cells[-1][1] + char)
        else:
            return None
    return cells


def _spans_to_draw(new: list[object], shown: list[object] | None) -> list[tuple[int, int]]:
    """The spans of columns where ``new`` differs from ``shown`` (None: all of it), runs a
    few equal cells apart joined, a wide character never cut in two."""
    width = len(new)
    if shown is None:
        return [(0, width)]
    differing = [column for column in range(width) if new[column] != shown[column]]
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(differing):
        start = end = differing[index]
        index += 1
        while index < len(differing) and differing[index] - end <= GAP:
            end = differing[index]
            index += 1
        if start > 0 and _continues(new[start]):
            start -= 1
        end += 1
        if end < width and _continues(new[end]):
            end += 1
        spans.append((start, end))
    return spans


def _drawn(line: int, column: int, cells: list[Cell]) -> str:
    parts = [f"\x1b[{line + 1};{column + 1}H"]
    style: str | None = None
    text: list[str] = []
    for cell_style, char in cells:
        if cell_style != style:
            if text:
                parts.append(_segment(style or "", "".join(text)))
            style, text = cell_style, []
        text.append(char)
    if text:
        parts.append(_segment(style or "", "".join(text)))
    return "".join(parts)


def _segment(style: str, text: str) -> str:
    return f"\x1b[{style}m{text}\x1b[0m" if style else text


def _scrolled(data: str, frame: Frame, band: Band) -> str | None:
    """``data`` with the band scrolled and repaired first, and its own drawing of the band
    left out; each piece kept is given the style it started in again. None if a piece draws
    both in the band and outside it (kept, it would be drawn after the repairs)."""
    top, bottom, shift = band.top, band.bottom, band.shift
    inside = [all(top <= line <= bottom for line in piece.lines) for piece in frame.pieces]
    if any(
        piece.lines and not within and any(top <= line <= bottom for line in piece.lines)
        for piece, within in zip(frame.pieces, inside, strict=True)
    ):
        return None
    if shift > 0:
        scroll = f"\x1b[{bottom + 1}H" + "\n" * shift
    else:
        scroll = f"\x1b[{top + 1}H" + "\x1bM" * -shift
    style = f"\x1b[0;{band.first_style}m" if band.first_style else "\x1b[0m"
    out = [data[: frame.head], style, f"\x1b[{top + 1};{bottom + 1}r", scroll, "\x1b[r"]
    out.extend(band.repairs)
    for piece, within in zip(frame.pieces, inside, strict=True):
        if piece.lines and within:
            continue
        out.append(f"\x1b[0;{piece.style}m" if piece.style else "\x1b[0m")
        out.append(data[piece.start : piece.end])
    return "".join(out)
