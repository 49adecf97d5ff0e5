"""The main screen's keys, and the pane frames that show each pane's own keys in the footer.

Every key of the main screen is defined once here. The screen binds them all, hidden, so that
they work from any pane as they always did; each pane's frame (the bordered box around the
feed, the timeline or the notes) binds the keys that act on its selection again, shown, so the
footer changes with the focused pane. A frame's binding runs the screen's action
(``screen.``), so the two can never do different things.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingType
from textual.containers import Vertical

SEARCH = Binding("slash", "search", "Search", tooltip="Search the timeline, or the notes")
GO_TO_DATE = Binding(
    "g", "jump", "Date", tooltip="Go to date (YYYY-MM-DD, YYYY-MM, today); g g: the first item"
)
FILTER = Binding("f", "filter", "Filter", tooltip="Filter the timeline (a form)")
TODAY = Binding("ctrl+t", "today", "Go to today")
NEW_NOTE = Binding("n", "new_note", "Note", tooltip="Write a note on the selected item")
ADD_EVENT = Binding("a", "add_event", "Add", tooltip="Add event to the timeline (a form)")
EDIT = Binding(
    "e", "edit", "Edit", tooltip="Edit the selected event (timeline) or note (Notes pane)"
)
DELETE = Binding("d", "delete", "Delete", tooltip="Delete the selected event or note (asks)")
PIN = Binding("p", "toggle_pin", "Pin", tooltip="Pin or unpin the selected note")
COPY = Binding("c", "copy_note", "Copy", tooltip="Copy the selected note's text (OSC 52)")
ORDER = Binding("o", "toggle_order", "Order", tooltip="Timeline newest or oldest first")
ONLY = Binding("i", "cycle_only", "Events/incidents", tooltip="Show events, incidents or both")

SCREEN_BINDINGS: list[BindingType] = [
    Binding("tab", "app.focus_next", "Next pane", show=False),
    Binding("shift+tab", "app.focus_previous", "Prev pane", show=False),
    *(
        replace(binding, show=False)
        for binding in (SEARCH, GO_TO_DATE, FILTER, TODAY, NEW_NOTE, ADD_EVENT, EDIT, DELETE)
        + (PIN, COPY, ORDER, ONLY)
    ),
    Binding("escape", "clear_filter", "Clear filter", show=False),
]
"""The main screen's own bindings: every key, from any pane, none of them in the footer."""


def shown(*bindings: Binding) -> list[BindingType]:
    """``bindings`` as a frame binds them: shown in the footer, running the screen's action."""
    return [replace(binding, action=f"screen.{binding.action}", show=True) for binding in bindings]


class FeedFrame(Vertical):
    """The Incidents pane's box: Enter opens (the feed's own key), n writes a note on it."""

    BINDINGS = shown(NEW_NOTE, SEARCH)


class TimelineFrame(Vertical):
    """The Timeline pane's box: its footer shows filtering, dates and editing events."""

    BINDINGS = shown(FILTER, GO_TO_DATE, ADD_EVENT, EDIT, DELETE)


class NotesFrame(Vertical):
    """The Notes pane's box: its footer shows what acts on the selected note."""

    BINDINGS = shown(NEW_NOTE, EDIT, PIN, DELETE)  # c (copy) fits only in Help at 80 columns
