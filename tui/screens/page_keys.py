"""The list keys on a page that scrolls: Help, Stats, an incident's or a source's detail.

Help promises ``G``, ``g g`` and Ctrl+D/U in every list; on a page they move the page the
same way (a single ``g`` is the top, as on the Sources screen: no date to go to here).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.screen import Screen

PAGE_BINDINGS = [
    Binding("G", "page_edge(1)", show=False),
    Binding("g", "page_edge(0)", show=False),
    Binding("ctrl+d", "half_page(1)", show=False),
    Binding("ctrl+u", "half_page(-1)", show=False),
]
"""No description: Help lists these once, under "Moving around"."""


class PageKeysScreen(Screen):
    """A screen whose ``PAGE_BODY`` (a selector of a scrolling container) the keys move."""

    BINDINGS: ClassVar[list[BindingType]] = list(PAGE_BINDINGS)
    PAGE_BODY: ClassVar[str]

    def action_page_edge(self, end: int) -> None:
        body = self.query_one(self.PAGE_BODY, ScrollableContainer)
        if end:
            body.scroll_end(animate=False, immediate=True)
        else:
            body.scroll_home(animate=False, immediate=True)

    def action_half_page(self, direction: int) -> None:
        # immediate, as j/k: a deferred scroll starts from where the last one began
        body = self.query_one(self.PAGE_BODY, ScrollableContainer)
        half = max(1, body.scrollable_content_region.height // 2)
        body.scroll_relative(y=direction * half, animate=False, immediate=True)
