"""An OptionList whose cursor row is drawn in the cursor's own colours.

Feed and note rows colour their parts (muted dates, red open incidents, accent tags) for the
list's background. On the cursor's background some of those colours vanish: in a 16-colour
terminal's ANSI theme a muted date is bright white on a white cursor. The cursor row keeps
its words and glyphs (which carry status and impact without colour) and drops their colours.

It is done with public pieces only: each row's prompt is a :class:`CursorRowPrompt`, a
Textual ``Visual`` that renders its content as it is, except when it is asked to render in
the list's ``option-list--option-highlighted`` style, when it renders the plain words. The
list caches renders by style, so the cursor row's plain lines are cached apart from the same
row's coloured ones.

The list also moves as every list of the app does: never round from one end to the other
(Textual's OptionList wraps), ``G`` to the last row, Ctrl+D / Ctrl+U by half a page; and it
is clicked as every list is: a click selects a row, a click on the selected row opens it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class CursorRowPrompt(Visual):
    """A row's ``content``, drawn without its colours when drawn in ``cursor_style()``."""

    def __init__(self, content: Content, cursor_style: Callable[[], Style]) -> None:
        self.content = content
        self._cursor_style = cursor_style
        self._plain: Content | None = None

    @property
    def plain(self) -> str:
        """The row's words, as a test or a screen reader would read them."""
        return self.content.plain

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        content = self.content
        if style == self._cursor_style():
            if self._plain is None:
                self._plain = Content(content.plain)
            content = self._plain
        return content.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        # A list whose rows do not wrap (text-wrap: nowrap, cut rather than folded): a row
        # is as many lines as its text has, which Content finds by laying each line out. A
        # feed of 200 rows was measured twice on every redraw, ~10 ms of a start.
        if (
            rules.get("text_wrap", "wrap") == "nowrap"
            and rules.get("text_overflow", "fold") != "fold"
            and "\n" not in self.content.plain
        ):
            return 1
        return self.content.get_height(rules, width)


class CursorRowOptionList(OptionList):
    """An OptionList that draws its highlighted row as plain text in the cursor's style.

    Build rows with :meth:`row` (and :meth:`prompt` for ``replace_option_prompt``).

    | Key | Does |
    | --- | --- |
    | Enter | open the highlighted row (shown in the footer) |
    | ``G`` | the last row (``g g``, the first, is the main screen's: ``g`` alone is a date) |
    | Ctrl+D / Ctrl+U | half a page down / up |
    | ↑ ↓ | one row, stopping at the first and the last (no wrapping round) |
    | click | select the row; on the selected row, open it (as the timeline does) |
    """

    BINDINGS = [
        Binding("enter", "select", "Open"),
        Binding("G", "last", "Last", show=False),
        Binding("ctrl+d", "half_page(1)", "Half page down", show=False),
        Binding("ctrl+u", "half_page(-1)", "Half page up", show=False),
    ]
    RUNS_KEYS_ON_ARRIVAL = True
    """Its walking keys run where they arrive when no key is on its way (see
    :mod:`tui.typeahead`)."""

    def on_click(self, event: events.Click) -> None:
        """A click selects a row; a click on the selected row opens it, as Enter does.

        Textual's own OptionList opens at once, which the timeline (not an OptionList) does
        not: one rule for every list, so a user can click to look before opening.
        """
        clicked = event.style.meta.get("option")
        if not isinstance(clicked, int):
            return
        event.prevent_default()  # not the OptionList's own click, which would open at once
        if not 0 <= clicked < self.option_count or self.get_option_at_index(clicked).disabled:
            return
        if clicked == self.highlighted:
            self.action_select()
        else:
            self.highlighted = clicked

    def action_cursor_up(self) -> None:
        self.move_by(-1)

    def action_cursor_down(self) -> None:
        self.move_by(1)

    def action_half_page(self, direction: int) -> None:
        self.move_by(direction * max(1, self.scrollable_content_region.height // 2))

    def move_by(self, rows: int) -> None:
        """Move ``rows`` enabled options down (up when negative), stopping at either end."""
        options = self.options
        if not options:
            return
        if self.highlighted is None:
            self.action_first() if rows > 0 else self.action_last()
            return
        step = 1 if rows > 0 else -1
        index = target = self.highlighted
        left = abs(rows)
        while left and 0 <= index + step < len(options):
            index += step
            if not options[index].disabled:
                target, left = index, left - 1
        self.highlighted = target

    def cursor_style(self) -> Style:
        """The style the list draws its highlighted row in (cached by Textual per state)."""
        return self.get_visual_style("option-list--option", "option-list--option-highlighted")

    def prompt(self, content: Content) -> CursorRowPrompt:
        return CursorRowPrompt(content, self.cursor_style)

    def row(self, content: Content, id: str | None = None, disabled: bool = False) -> Option:
        """An option showing ``content`` (``id`` names it for ``get_option``)."""
        return Option(self.prompt(content), id=id, disabled=disabled)
