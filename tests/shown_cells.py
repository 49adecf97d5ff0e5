"""What an emulated terminal's cell shows, for comparing two screens as a user sees them.

A blank shows its background only, unless an attribute draws on it (reverse paints it in the
foreground colour, underline and strike draw a line): the foreground colour, bold, faint and
italic of a blank show nothing, and the compacted output does not spend bytes on them.
"""

from __future__ import annotations

from pyte.screens import Char, Screen


def shown(char: Char) -> object:
    """``char`` as it looks: a plain blank is its background alone."""
    if char.data == " " and not (char.reverse or char.underscore or char.strikethrough):
        return ("blank", char.bg)
    return char


def assert_same_screen(expected: Screen, got: Screen, after: str) -> None:
    """``got`` shows what ``expected`` shows, every cell and the cursor (``after``: the
    write that led there, for the failure's message)."""
    assert (got.cursor.x, got.cursor.y) == (expected.cursor.x, expected.cursor.y), repr(after)
    for y in range(expected.lines):
        for x in range(expected.columns):
            assert shown(got.buffer[y][x]) == shown(expected.buffer[y][x]), (x, y, repr(after))
