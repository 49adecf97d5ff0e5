"""An OptionList whose cursor row is drawn in the cursor's own colours.

Feed and note rows colour their parts (muted dates, red open incidents, accent tags) for the
list's background. On the cursor's background some of those colours vanish: in a 16-colour
terminal's ANSI theme a muted date is bright white on a white cursor. The cursor row keeps
its words and glyphs (which carry status and impact without colour) and drops their colours.
"""

from __future__ import annotations

from rich.style import Style
from textual.content import Content
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class CursorRowOptionList(OptionList):
    """An OptionList that draws its highlighted row as plain text in the cursor's style."""

    _drawing_cursor_row = False

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        highlighted = self.highlighted
        self._drawing_cursor_row = (
            highlighted is not None
            and highlighted < self.option_count
            and self.get_option_at_index(highlighted) is option
        )
        try:
            # The render cache is keyed by style, so the cursor row's plain lines are cached
            # apart from the same option's coloured ones.
            return super()._get_option_render(option, style)
        finally:
            self._drawing_cursor_row = False

    def _get_visual(self, option: Option) -> Visual:
        visual = super()._get_visual(option)
        if self._drawing_cursor_row and isinstance(visual, Content):
            return Content(visual.plain)
        return visual
