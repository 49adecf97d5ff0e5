"""The timeline alone in an app, for the tests of its keys, paging and search."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App, ComposeResult

from tui.chronicle import TimelineItem
from tui.widgets.timeline import TimelineView


class TimelineApp(App[None]):
    """A :class:`TimelineView` filling the screen, showing ``items`` (none: empty until set)."""

    def __init__(self, items: Sequence[TimelineItem] | None = None) -> None:
        super().__init__()
        self._items = items

    def compose(self) -> ComposeResult:
        yield TimelineView()

    def on_mount(self) -> None:
        if self._items is not None:
            view = self.query_one(TimelineView)
            view.set_items(self._items)
            view.focus()
