"""The timeline: events and incidents, grouped by month and day, drawn line by line.

A :class:`~textual.scroll_view.ScrollView` that renders only the rows on screen, so 100,000
items cost the same to draw as 100. The rows come from :mod:`tui.chronicle`; this widget
only owns the cursor, the order and the filter; the item under the cursor is its
``highlighted`` reactive, and Enter posts :class:`TimelineView.Opened`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from ..chronicle import (
    Rows,
    SearchColumns,
    TimelineFilter,
    TimelineItem,
    apply_filter,
    group_rows,
    is_text_only,
    nearest_item_row,
    search_columns,
    search_rows,
)
from ..item_table import ItemTable, ItemView
from .line_runs import line_strip
from .timeline_lines import LineStyles, item_strip


class TimelineView(ScrollView, can_focus=True):
    """A cursor over the chronicle; Enter opens the selected item."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(0)", "First", show=False),
        Binding("end,G", "edge(1)", "Last", show=False),
        Binding("ctrl+d", "page(1, 2)", "Half page down", show=False),
        Binding("ctrl+u", "page(-1, 2)", "Half page up", show=False),
        Binding("enter", "open", "Open", show=False),
    ]
    RUNS_KEYS_ON_ARRIVAL = True
    """Its walking keys run where they arrive when no key is on its way (see
    :mod:`tui.typeahead`)."""

    COMPONENT_CLASSES = {
        "timeline--month",
        "timeline--day",
        "timeline--cursor",
        "timeline--change",
        "timeline--incident-open",
        "timeline--muted",
        "timeline--empty",
    }

    DEFAULT_CSS = """
    TimelineView { background: $surface; overflow-x: hidden; }
    TimelineView > .timeline--month { text-style: bold; color: $accent; }
    TimelineView > .timeline--day { color: $text-muted; }
    TimelineView > .timeline--cursor { background: $block-cursor-blurred-background; }
    TimelineView:focus > .timeline--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    TimelineView > .timeline--change { text-style: bold; color: $warning; }
    TimelineView > .timeline--incident-open { text-style: bold; color: $error; }
    TimelineView > .timeline--muted { color: $text-muted; }
    TimelineView > .timeline--empty { color: $text-muted; text-style: italic; }
    """

    # repaint=False: a cursor move redraws only the two lines that change (see _refresh_rows).
    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)
    newest_first: reactive[bool] = reactive(True)
    filter: reactive[TimelineFilter] = reactive(TimelineFilter, always_update=True)
    highlighted: reactive[TimelineItem | None] = reactive(None, repaint=False)
    """The item under the cursor. The screen watches it (synchronously, where a message would
    bubble through each container) to show the item's notes as the cursor moves."""

    class Opened(Message):
        """The user pressed Enter on an item."""

        def __init__(self, item: TimelineItem) -> None:
            super().__init__()
            self.item = item

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._items: ItemView = ItemTable().view()
        self._visible: Sequence[TimelineItem] = self._items
        self._columns: SearchColumns | None = None
        self._search_open = False
        self._rows = Rows()
        self._style_cache: dict[tuple[bool, bool], LineStyles] = {}
        self._unfiltered_rows: dict[bool, Rows] = {}
        self._frame = _Frame()

    # --- data ---------------------------------------------------------------------------------

    @property
    def items(self) -> Sequence[TimelineItem]:
        return self._items

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    def set_items(
        self,
        items: ItemTable | Sequence[TimelineItem],
        newest_first_rows: Rows | None = None,
        columns: SearchColumns | None = None,
    ) -> None:
        """Replace the history (oldest first), keeping the cursor on the same item if possible.

        ``items`` is best an :class:`ItemTable` (columns: a long history costs a few bytes an
        item); any other sequence is made one. ``newest_first_rows``, when given, is
        ``items`` already grouped newest first (by the reader thread), so the UI thread does
        not group 100,000 items itself; ``columns`` their search columns (made when a search
        starts otherwise, see :meth:`begin_search`).
        """
        current = self.selected
        table = items if isinstance(items, ItemTable) else ItemTable.from_items(items)
        self._items = table.view()
        self._columns = columns
        self._unfiltered_rows.clear()
        if newest_first_rows is not None:
            self._unfiltered_rows[True] = newest_first_rows
        self._regroup(keep=current)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_cache.clear()

    def _search_columns(self) -> SearchColumns:
        """The search texts, unpacked now if they are not yet."""
        if self._columns is None:
            self._columns = search_columns(self._items)
        return self._columns

    def begin_search(self) -> None:
        """A search field opened: unpack the search texts and keep them until it closes.

        Kept while it is open even when its text is empty (a field opening empty, a
        keystroke erased), so the next keystroke does not unpack them again.
        """
        self._search_open = True
        self._search_columns()

    def end_search(self) -> None:
        """The search field closed: the search texts go unless a search still shows."""
        self._search_open = False
        if not is_text_only(self.filter):
            self._columns = None

    def _regroup(self, keep: TimelineItem | None = None) -> None:
        if is_text_only(self.filter):  # a search typed after /, on every keystroke
            unfiltered = self._unfiltered_rows.get(self.newest_first)
            self._visible, self._rows = search_rows(
                self._items, self._search_columns(), self.filter.text, self.newest_first, unfiltered
            )
        elif self.filter.active:
            self._visible = apply_filter(self._items, self.filter)
            self._rows = group_rows(self._visible, self.newest_first)
        else:
            # Clearing a filter is common (Esc): keep the unfiltered grouping per order. The
            # search texts go unless a search field is open: unpacked, they were most of the
            # memory a search used.
            if not self._search_open:
                self._columns = None
            self._visible = self._items
            rows = self._unfiltered_rows.get(self.newest_first)
            if rows is None:
                rows = self._unfiltered_rows[self.newest_first] = group_rows(
                    self._items, self.newest_first
                )
            self._rows = rows
        self._set_virtual_height(len(self._rows))
        self.cursor = self._position_of(keep)
        self.refresh()
        self.call_after_refresh(self._keep_cursor_in_view)

    def _set_virtual_height(self, height: int) -> None:
        """The scrollable height follows the rows; a screen layout only when it must.

        Setting ``virtual_size`` lays out the whole screen (Textual's reactive has
        ``layout=True``): 10–30 ms on each keystroke of a search, the timeline's height
        changing with the matches. When the scrollbar is shown before and after, nothing but
        its thumb and the scroll limit change, and those are set here directly (as
        Textual's own scroll update does after a layout).
        """
        size = Size(0, height)
        if size == self.virtual_size:
            return
        view = self.container_size.height
        if self.show_vertical_scrollbar and height > view and self.virtual_size.height > view:
            self.set_reactive(Widget.virtual_size, size)
            self.vertical_scrollbar.window_virtual_size = height
            self.scroll_y = self.validate_scroll_y(self.scroll_y)
        else:
            self.virtual_size = size

    def _position_of(self, item: TimelineItem | None) -> int:
        """The cursor position of ``item`` in the current rows, or 0 (list.index is C-fast)."""
        if item is None:
            return 0
        # The items are in time order: find the moment, then the item among its equals (a
        # list.index compares whole items one by one, 100,000 of them after a reload).
        visible = self._visible
        if isinstance(visible, ItemView):
            index = visible.first_at_or_after(item.moment)
        else:
            index = bisect_left(visible, item.moment, key=_moment)
        while index < len(visible) and visible[index].moment == item.moment:
            if visible[index].kind == item.kind and visible[index].ref == item.ref:
                return len(visible) - 1 - index if self.newest_first else index
            index += 1
        return 0

    def watch_filter(self) -> None:
        self._regroup(keep=self.selected)

    def watch_newest_first(self) -> None:
        self._regroup(keep=self.selected)

    @property
    def selected(self) -> TimelineItem | None:
        if not self._rows.item_rows or not 0 <= self.cursor < len(self._rows.item_rows):
            return None
        return self._rows.items[self.cursor]

    def neighbour(self) -> TimelineItem | None:
        """The item the cursor goes to when the selected one is deleted: the next, else the
        previous (None when it is the only one)."""
        items = self._rows.items
        if not 0 <= self.cursor < len(items):
            return None
        if self.cursor + 1 < len(items):
            return items[self.cursor + 1]
        return items[self.cursor - 1] if self.cursor else None

    def select_ref(self, kind: str, ref: str) -> bool:
        """Move the cursor to an item by identity; False when it is filtered out or unknown."""
        if isinstance(self._rows.items, ItemView):
            found = self._rows.items.position_of(kind, ref)
            if found is None:
                return False
            self.cursor = found
            return True
        for position, item in enumerate(self._rows.items):
            if item.kind == kind and item.ref == ref:
                self.cursor = position
                return True
        return False

    def jump_to(self, target: date) -> None:
        self.cursor = nearest_item_row(self._rows, target, self.newest_first)

    # --- cursor -------------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        if not self._rows.item_rows:
            return 0
        return max(0, min(value, len(self._rows.item_rows) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        if self._rows.item_rows:
            row = self._rows.item_rows[new]
            # Keep the month/day headers above the cursor in view when possible. When the
            # cursor steps out of the view, turn the page, keeping the line it came from in
            # view, rather than scroll a line: a scroll redraws every line, which is what
            # costs bytes over a slow SSH link (as mutt's menus do by default, for that
            # reason). A jump elsewhere puts its item in the middle of the view.
            top = row - 2 if new == 0 else row
            height = self.scrollable_content_region.height or 1
            context = min(1, height - 1)
            scroll_y = self.scroll_offset.y
            rows = self._rows.item_rows
            stepped = (
                abs(new - old) == 1
                and 0 <= old < len(rows)
                and scroll_y <= rows[old] < scroll_y + height
            )
            if top < scroll_y:
                y = min(top, row - height + 1 + context) if stepped else top - height // 2
                self.scroll_to(y=max(0, y), animate=False, immediate=True)
            elif row >= scroll_y + height:
                y = row - context if stepped else row - height // 2
                self.scroll_to(y=y, animate=False, immediate=True)
        self._refresh_rows(old, new)
        self.highlighted = self.selected

    def _refresh_rows(self, *cursors: int) -> None:
        """Redraw only the lines whose look changed (keeps terminal output small over SSH)."""
        item_rows = self._rows.item_rows
        top = self.scroll_offset.y
        # The lines only, not the scrollbar beside them: it did not change.
        width = self.scrollable_content_region.width
        for cursor in cursors:
            if 0 <= cursor < len(item_rows):
                y = item_rows[cursor] - top
                if 0 <= y < self.size.height:
                    self.refresh(Region(0, y, width, 1))

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int, fraction: int = 1) -> None:
        """A page (``fraction`` 2: half a page) down or up, stopping at either end."""
        view = self.scrollable_content_region.height
        height = max(1, view // fraction if fraction > 1 else view - 1)
        if not self._rows.item_rows:
            return
        item_rows = self._rows.item_rows
        row = item_rows[self.cursor] + direction * height
        # The first item on the target line or below it (the last item past the end).
        lo = min(item_rows.at_or_below(row), len(item_rows) - 1)
        if direction > 0 and fraction == 1:
            # Scroll first (the new cursor line one below the top), so that the cursor's own
            # watcher finds it in view and the page is laid out and drawn once, not twice.
            self.scroll_to(y=item_rows[lo] - 1, animate=False, immediate=True)
        self.cursor = lo

    def action_edge(self, end: int) -> None:
        self.cursor = len(self._rows.item_rows) - 1 if end else 0

    def action_open(self) -> None:
        if self.selected is not None:
            self.post_message(self.Opened(self.selected))

    def on_click(self, event: events.Click) -> None:
        """A click selects the item under it; a click on the selected item opens it (as Enter)."""
        offset = event.get_content_offset(self)
        item_rows = self._rows.item_rows
        line = offset.y + self.scroll_offset.y if offset is not None else -1
        position = item_rows.at_or_below(line)
        if position < len(item_rows) and item_rows[position] == line:
            if position == self.cursor:
                self.action_open()
            else:
                self.cursor = position

    # --- drawing ------------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.virtual_size = Size(0, len(self._rows))
        self._keep_cursor_in_view()

    def _keep_cursor_in_view(self) -> None:
        """A pane that shrinks (another pane took focus) still shows the selected item.

        Also called once the layout follows new rows: scrolling before it is clamped to the
        old (empty) height, and a two-line pane then showed only the month and day headers.
        """
        item_rows = self._rows.item_rows
        if 0 <= self.cursor < len(item_rows):
            row, height = item_rows[self.cursor], self.scrollable_content_region.height
            if height and not self.scroll_offset.y <= row < self.scroll_offset.y + height:
                self.scroll_to(y=max(0, row - min(2, height - 1)), animate=False, immediate=True)

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line of this frame needs, looked up once rather than per line: the
        # region and offset walk Textual's layout and reactive machinery each time.
        item_rows = self._rows.item_rows
        self._frame = _Frame(
            width=self.scrollable_content_region.width,
            top=self.scroll_offset.y,
            cursor_row=item_rows[self.cursor] if 0 <= self.cursor < len(item_rows) else -1,
            focused=self.has_focus,
        )
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        frame = self._frame
        index = frame.top + y
        is_cursor = index == frame.cursor_row
        # No line cache of our own: Textual keeps the lines it drew and asks again only for
        # the lines marked dirty (the two a cursor move changes) or, after a scroll, for the
        # new view. A cache here made every page-down pay for dropping the Strips it held.
        return self._render_row(index, y, frame.width, is_cursor)

    def _styles(self, is_cursor: bool) -> LineStyles:
        """The resolved styles of a line, computed once per focus state and theme.

        ``rich_style`` walks every ancestor; done per line it was most of a page-down.
        """
        key = (self._frame.focused, is_cursor)
        styles = self._style_cache.get(key)
        if styles is None:
            base = self.rich_style
            cursor = self.get_component_rich_style("timeline--cursor") if is_cursor else None

            def part(name: str | None) -> Style:
                style = base if name is None else base + self.get_component_rich_style(name)
                # The cursor's colours over the part's: added the other way round, the
                # widget's own background hid the cursor in a real terminal. Focused, the
                # line is in the cursor's colours and text style only (one run of one style),
                # as the other lists draw theirs; blurred, the cursor is a background and the
                # parts keep their colours and bold.
                return style + cursor if cursor is not None else style

            styles = self._style_cache[key] = LineStyles(
                base=base,
                plain=part(None),
                muted=part("timeline--muted"),
                month=part("timeline--month"),
                day=part("timeline--day"),
                change=part("timeline--change"),
                open=part("timeline--incident-open"),
                empty=part("timeline--empty"),
            )
        return styles

    def _render_row(self, index: int, y: int, width: int, is_cursor: bool) -> Strip:
        styles = self._styles(is_cursor)
        rows = self._rows
        if not rows:
            if y == 0:
                message = (
                    "No item matches the filter (Esc clears it)"
                    if self.filter.active
                    else "No events yet: press a to add one"
                )
                return line_strip([(" " + message, styles.empty)], width, styles.plain)
            return Strip.blank(width, styles.plain)
        if index >= len(rows):
            return Strip.blank(width, styles.plain)
        row = rows[index]
        if row.kind == "month":
            return line_strip([(f"━━ {row.label} ", styles.month)], width, styles.plain)
        if row.kind == "day":
            return line_strip([(f"  {row.label}", styles.day)], width, styles.plain)
        item = row.item
        assert item is not None
        return item_strip(item, width, styles)


def _moment(item: TimelineItem) -> datetime:
    return item.moment


class _Frame(NamedTuple):
    """The view's geometry and state for the frame being drawn (see render_lines)."""

    width: int = 0
    top: int = 0
    cursor_row: int = -1
    focused: bool = False
