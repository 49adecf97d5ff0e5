"""One line of a line-API widget, in as few runs of one style as it looks.

A terminal is sent every segment of a line as its own colour codes and a reset (~23 bytes in
256 colours), so the timeline builds its lines here: neighbouring parts in one style are one
segment, and blanks join the part before them when they look the same in its style.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip


def line_strip(parts: list[tuple[str, Style]], width: int, fill: Style) -> Strip:
    """One Strip of exactly ``width`` cells, built once (no intermediate Strips to copy).

    Text past ``width`` is cut; the rest of the line is padded in ``fill`` (which carries the
    cursor's background on the cursor line, so the highlight spans the whole width).
    Neighbouring parts in one style are one segment, and so are blanks after a part they look
    the same in (a space shows only its background): the terminal gets every segment as its
    own colour codes and reset (~23 bytes), and on the focused cursor line every part is in
    the cursor's style.
    """
    texts: list[str] = []
    styles: list[Style] = []
    room = width
    for text, style in [*parts, (" " * width, fill)]:
        if room <= 0:
            break
        length = cell_len(text)
        if length > room:
            text, length = set_cell_size(text, room), room
        if styles and (
            styles[-1] == style or (not text.strip(" ") and blanks_alike(styles[-1], style))
        ):
            texts[-1] += text
        else:
            texts.append(text)
            styles.append(style)
        room -= length
    return Strip([Segment(t, s) for t, s in zip(texts, styles, strict=True)], width)


def blanks_alike(first: Style, second: Style) -> bool:
    """Whether a blank cell looks the same in both styles: the same background, and no
    attribute that draws on a blank (underline, strike, overline, reverse video, a link)."""

    def draws_on_blank(style: Style) -> bool:
        return bool(
            style.underline
            or style.underline2
            or style.strike
            or style.overline
            or style.reverse
            or style.link
        )

    if draws_on_blank(first) or draws_on_blank(second):
        return first == second
    return first.bgcolor == second.bgcolor
