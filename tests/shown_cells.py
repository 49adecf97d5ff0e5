"""What an emulated terminal's cell shows, for comparing two screens as a user sees them.

A blank shows its background only, unless an attribute draws on it (reverse paints it in the
foreground colour, underline and strike draw a line): the foreground colour, bold, faint and
italic of a blank show nothing, and the compacted output does not spend bytes on them.
"""

from __future__ import annotations

from pyte.screens import Char


def shown(char: Char) -> object:
    """``char`` as it looks: a plain blank is its background alone."""
    if char.data == " " and not (char.reverse or char.underscore or char.strikethrough):
        return ("blank", char.bg)
    return char
