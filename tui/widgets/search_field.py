"""The timeline's one-line field (search, go to date): an Input that is never laid out again.

Textual's Input sets its virtual size to the length of its text on every keystroke, and a
virtual size is a layout property: each character typed asked the screen for a layout pass,
and so an extra frame (the field, then the scrollbars of every list, drawn again), on top of
the search's own work and the timeline's repaint. A field one line high at the bottom of its
pane needs no layout for its text; here its virtual width stays at :data:`FIELD_CELLS` until
the text grows past it, which no search or date does.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Input

FIELD_CELLS = 1024
"""The virtual width the field keeps (it scrolls within it to keep the cursor in view)."""


class SearchField(Input):
    """An :class:`~textual.widgets.Input` whose virtual size does not follow its text."""

    def on_mount(self) -> None:
        super().on_mount()
        self.virtual_size = Size(FIELD_CELLS, 1)  # before the first character, not on it

    def validate_virtual_size(self, size: Size) -> Size:
        return Size(max(size.width, FIELD_CELLS), max(size.height, 1))
