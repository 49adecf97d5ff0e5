"""The main screen: the incident feed, the timeline and the notes, side by side or stacked."""

from __future__ import annotations

from itertools import islice

from textual import events, on
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from .. import collector
from ..chronicle import TimelineFilter, TimelineItem, build_items, parse_jump
from ..domain import Note
from ..snapshot import StoreSnapshot, subject_label
from ..widgets.first_run import FIRST_RUN
from ..widgets.incident_feed import IncidentFeed
from ..widgets.keys_footer import KeysFooter
from ..widgets.notes import SEARCH_PREFIX, NotesPane, notes_matching
from ..widgets.search_field import SearchField
from ..widgets.status_line import StatusLine
from ..widgets.text import clean_line
from ..widgets.timeline import TimelineView
from .main_editing import EditingActions
from .main_keys import SCREEN_BINDINGS, FeedFrame, NotesFrame, TimelineFrame

FEED_RECENT = 100
"""Resolved incidents listed in the feed under the open ones (the timeline has them all)."""

WIDE = 110
"""From this width on, the three panes sit side by side; below it they stack."""

FIELD_FOLLOW_DELAY = 0.3
"""Seconds the timeline's search or date field stays still before the notes pane follows the
cursor it moved: following at once would redraw the notes pane on every keystroke."""


class MainScreen(EditingActions):
    """Three panes on one screen; every action has a key, shown in the footer or in help.

    The footer shows the focused pane's keys (see :mod:`tui.screens.main_keys`).
    """

    BINDINGS = SCREEN_BINDINGS

    def __init__(self) -> None:
        super().__init__()
        self.snapshot = StoreSnapshot()
        self._input_mode = ""
        self._subject: tuple[str, str] = ("", "")
        self.notes_query = ""
        self._jump_from: Widget | None = None
        """The list that had the focus when ``g`` opened the date field (``g g``: its top)."""
        self._field_follow: Timer | None = None
        """Pending: the notes pane follows the cursor the timeline's field moved."""

    def compose(self) -> ComposeResult:
        # The panes are the screen's own children, with no container around them: each
        # widget on the screen costs every frame a visit, on every key (app.tcss lays them
        # out, the status line docked above them).
        yield StatusLine(id="status-line")
        with FeedFrame(id="incidents-pane", classes="pane"):
            yield IncidentFeed(id="incident-feed")
        with TimelineFrame(id="timeline-pane", classes="pane"):
            yield Static(id="filter-line", markup=False)
            yield TimelineView(id="timeline")
        with NotesFrame(id="notes-pane", classes="pane"):
            yield NotesPane(id="notes")
        yield Static(Content(FIRST_RUN), id="first-run", classes="hidden")
        yield KeysFooter()

    def on_mount(self) -> None:
        # The layout from the terminal's size now, so the first frame is not laid out twice.
        self.set_class(self.app.size.width >= WIDE, "-wide")
        self.query_one("#incidents-pane").border_title = "Incidents"
        self.query_one("#timeline-pane").border_title = "Timeline"
        self.query_one("#notes-pane").border_title = "Notes"
        self._timeline = self.query_one(TimelineView)
        self.watch(self._timeline, "highlighted", self._timeline_highlighted, init=False)
        self._update_filter_line()
        self.query_one(IncidentFeed).focus()
        # Shows what is known now (the store may have been read already), then every read.
        self.watch(self.app, "snapshot", self.show_snapshot)

    def on_resize(self) -> None:
        self.set_class(self.size.width >= WIDE, "-wide")

    # --- data in --------------------------------------------------------------------------

    def show_snapshot(self, snapshot: StoreSnapshot) -> None:
        """Show what the store holds now (the app's ``snapshot``, after each read)."""
        new_keys = self.app.new_keys
        previous = self.snapshot
        self.snapshot = snapshot
        first_run = snapshot.is_empty
        self.query_one("#first-run").set_class(not first_run, "hidden")
        for pane in self.query(".pane"):
            pane.set_class(first_run, "hidden")
        self.query_one(StatusLine).show(snapshot, demo=self.app.demo)
        feed = self.query_one(IncidentFeed)
        # The newest closed ones come first in snapshot.incidents: no pass over the history.
        recent = islice((i for i in snapshot.incidents if not i.is_open), FEED_RECENT)
        feed.show_incidents([*snapshot.open_incidents, *recent], mark_unread=new_keys)
        timeline = self.query_one(TimelineView)
        if (
            previous.events is not snapshot.events
            or previous.incidents is not snapshot.incidents
            or not timeline.items
        ):
            if snapshot.timeline:
                timeline.set_items(snapshot.timeline, snapshot.timeline_rows)
            else:
                timeline.set_items(build_items(snapshot.events, snapshot.incidents))
        self._update_filter_line()
        self._follow_focus()
        self._show_notes()
        if first_run and self.focused is None:
            self.query_one(IncidentFeed).focus()
        self.land()

    # --- selection -> notes -----------------------------------------------------------------

    def _show_notes(self) -> None:
        pane = self.query_one(NotesPane)
        kind, ref = self._subject
        if self.notes_query or not kind:
            found = notes_matching(self.snapshot.notes, self.notes_query or "")
            pane.subject = (
                f'{SEARCH_PREFIX}"{self.notes_query}"' if self.notes_query else "all notes"
            )
            pane.target_names = self._target_names(found)
            pane.notes = found
            return
        pane.subject = self._subject_label()
        pane.notes = list(self.snapshot.notes_on(kind, ref))

    def _subject_label(self) -> str:
        return clean_line(subject_label(self.snapshot, *self._subject), 70)

    def _target_names(self, notes: list[Note]) -> dict[str, str]:
        return {n.target: subject_label(self.snapshot, n.target_kind, n.target_id) for n in notes}

    @on(IncidentFeed.Highlighted)
    def _incident_highlighted(self, message: IncidentFeed.Highlighted) -> None:
        # Only the focused pane chooses whose notes are shown (a feed redraw must not).
        if message.incident is not None and self.query_one(IncidentFeed).has_focus:
            self._subject = ("incident", message.incident.id)
            self._show_notes()

    def _timeline_highlighted(self, item: TimelineItem | None) -> None:
        """The timeline's cursor moved: its item's notes, when the timeline has the focus, or
        once its search or date field has been still for a moment."""
        if item is None:
            return
        if self._timeline.has_focus:
            self._subject = (item.kind, item.ref)
            self._show_notes()
        elif self._in_timeline_field():
            self._cancel_field_follow()
            self._field_follow = self.set_timer(FIELD_FOLLOW_DELAY, self._follow_field)

    def _cancel_field_follow(self) -> None:
        if self._field_follow is not None:
            self._field_follow.stop()
            self._field_follow = None

    def _in_timeline_field(self) -> bool:
        focused = self.focused
        return isinstance(focused, SearchField) and focused.id == "timeline-input"

    def _follow_field(self) -> None:
        self._field_follow = None
        item = self._timeline.highlighted
        if item is not None and self._in_timeline_field():
            self._subject = (item.kind, item.ref)
            self._show_notes()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self._follow_focus(event.widget):
            self._show_notes()

    def _follow_focus(self, focused: Widget | None = None) -> bool:
        """Make the focused pane's selection the notes' subject; True if there is one.

        Called before the notes are shown after a read, too: the feed's own Highlighted
        message comes later, and showing every note in between costs a list of all of them.
        """
        focused = focused or self.focused
        if isinstance(focused, TimelineView) and focused.selected is not None:
            self._subject = (focused.selected.kind, focused.selected.ref)
            return True
        if isinstance(focused, IncidentFeed) and focused.selected is not None:
            self._subject = ("incident", focused.selected.id)
            return True
        return False

    # --- opening details --------------------------------------------------------------------

    @on(IncidentFeed.Opened)
    def _open_incident(self, message: IncidentFeed.Opened) -> None:
        self.open_incident(message.incident.id)

    @on(TimelineView.Opened)
    def _open_timeline_item(self, message: TimelineView.Opened) -> None:
        item: TimelineItem = message.item
        if item.kind == "incident":
            self.open_incident(item.ref)
        else:
            self.open_event(item.ref)

    @on(NotesPane.Opened)
    def _open_note(self, message: NotesPane.Opened) -> None:
        self.open_note(message.note)

    def open_incident(self, key: str) -> None:
        from .detail import incident_screen

        self._open_detail(incident_screen(self.snapshot, key), "That incident")

    def open_event(self, ref: str) -> None:
        from .detail import event_screen

        self._open_detail(event_screen(self.snapshot, ref), "That event")

    def _open_detail(self, screen: Screen | None, what: str) -> None:
        if screen is None:
            self.notify(f"{what} is no longer in the store.", severity="warning")
        else:
            self.app.push_screen(screen)

    # --- the one-line fields (timeline search and date, notes search) -----------------------
    # Each is mounted when first opened, not composed hidden: two Inputs styled, composed and
    # rendered cost ~8 ms of every start, for a field many runs never open.

    FIELDS = {"timeline-input": "#timeline-pane", "notes-input": "#notes-pane"}
    """Each field's id, and the pane it is mounted at the bottom of."""

    def _field(self, field_id: str) -> Input | None:
        """The field ``field_id`` if it was ever opened; ``None`` (so: hidden) if not."""
        return next(iter(self.query(f"#{field_id}").results(Input)), None)

    def _shown_field(self, field_id: str) -> Input | None:
        """The field ``field_id`` if it is open now (mounted and not hidden), else ``None``."""
        field = self._field(field_id)
        return field if field is not None and not field.has_class("hidden") else None

    def _hide_field(self, field_id: str) -> None:
        field = self._field(field_id)
        if field is not None:
            field.add_class("hidden")

    async def _opened_field(self, field_id: str) -> Input:
        """The field ``field_id``, mounted (hidden) at its pane's bottom if it was not yet."""
        field = self._field(field_id)
        if field is None:
            if field_id == "timeline-input":
                field = SearchField(id=field_id, classes="hidden")
            else:
                field = Input(
                    id=field_id, classes="hidden", placeholder="Search notes: words and #tags"
                )
            await self.query_one(self.FIELDS[field_id]).mount(field)
        return field

    # --- timeline filter, search and jump ---------------------------------------------------

    def _update_filter_line(self) -> None:
        timeline = self.query_one(TimelineView)
        order = "newest first" if timeline.newest_first else "oldest first"
        flt = timeline.filter
        count = timeline.visible_count
        total = len(timeline.items)
        shown = f"{count} of {total}" if flt.active else f"{total} items"
        text = f"Filter: {flt.describe()} · {shown} · {order}"
        if flt.active:
            text += " · Esc clears"
        self.query_one("#filter-line", Static).update(Content(text), layout=False)  # 1 line

    async def action_search(self) -> None:
        if self._notes_focused():
            field = await self._opened_field("notes-input")
            field.value = self.notes_query
            field.remove_class("hidden")
            self._focus_now(field)
            return
        await self._open_input("search", "Search titles and descriptions…")
        self.query_one(TimelineView).begin_search()
        collector.keep_search()

    @on(Input.Changed, "#notes-input")
    def _notes_query_changed(self, message: Input.Changed) -> None:
        self.notes_query = message.value.strip()
        self._show_notes()

    @on(Input.Submitted, "#notes-input")
    def _notes_query_submitted(self) -> None:
        self._hide_field("notes-input")
        self._focus_now(self.query_one("#note-list"))

    async def action_jump(self) -> None:
        """``g``: the date field. ``g`` again (in the field, or before it had the focus) goes
        to the first item of the list ``g`` was pressed in, as vim's ``gg`` does."""
        field = self._shown_field("timeline-input")
        if self._input_mode == "jump" and field is not None and not field.value:
            self._go_to_first()
            return
        focused = self.focused
        self._jump_from = focused if isinstance(focused, (OptionList, TimelineView)) else None
        await self._open_input("jump", "Go to date: YYYY-MM-DD, YYYY-MM or today (g: first item)")

    def _go_to_first(self) -> None:
        target = self._jump_from or self.query_one(TimelineView)
        self._close_input(target)
        if isinstance(target, TimelineView):
            target.action_edge(0)
        elif isinstance(target, OptionList):
            target.action_first()

    async def _open_input(self, mode: str, placeholder: str) -> None:
        field = await self._opened_field("timeline-input")
        self._input_mode = mode
        field.placeholder = placeholder
        field.value = self.query_one(TimelineView).filter.text if mode == "search" else ""
        field.remove_class("hidden")
        self._focus_now(field)

    def _focus_now(self, widget: Widget) -> None:
        """Focus ``widget`` now, not behind the messages already queued (``focus()`` waits):
        the keys typed in the same burst as the one that moved the focus are then the
        widget's (see :mod:`tui.typeahead`): letters behind ``/`` are the search field's, a
        ``j`` behind its Enter moves the timeline."""
        self.set_focus(widget)

    def _close_input(self, focus: Widget | None = None) -> None:
        """Hide the timeline's field; the focus goes to ``focus``, else to the timeline."""
        self._hide_field("timeline-input")
        self._cancel_field_follow()  # the focus given back follows at once instead
        if self._input_mode == "search":
            self.query_one(TimelineView).end_search()
        self._input_mode = ""
        self._focus_now(focus or self.query_one(TimelineView))

    @on(Input.Changed, "#timeline-input")
    def _input_changed(self, message: Input.Changed) -> None:
        if self._input_mode == "jump" and message.value == "g":
            self._go_to_first()
        elif self._input_mode == "search":
            timeline = self.query_one(TimelineView)
            timeline.filter = timeline.filter._replace(text=message.value)
            self._update_filter_line()

    @on(Input.Submitted, "#timeline-input")
    def _input_submitted(self, message: Input.Submitted) -> None:
        # An empty date field closes as Esc does: there is nowhere to go, and an error
        # saying that '' is not a date told the user nothing.
        if self._input_mode == "jump" and message.value.strip():
            try:
                target = parse_jump(message.value)
            except ValueError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.query_one(TimelineView).jump_to(target)
        self._close_input()

    def action_clear_filter(self) -> None:
        notes_field = self._field("notes-input")
        shown = self._shown_field("notes-input") is not None
        if self._notes_focused() and (self.notes_query or shown):
            if notes_field is not None:
                notes_field.value = ""
                notes_field.add_class("hidden")
            self.notes_query = ""
            self._show_notes()
            self._focus_now(self.query_one("#note-list"))
            return
        timeline = self.query_one(TimelineView)
        if self._shown_field("timeline-input") is not None:
            if self._input_mode == "search":
                timeline.filter = timeline.filter._replace(text="")
            self._close_input()
        elif timeline.filter.active:
            timeline.filter = TimelineFilter()
        self._update_filter_line()

    def action_filter(self) -> None:
        from .filter_form import FilterForm

        def chosen(flt: TimelineFilter | None) -> None:
            if flt is not None:
                self.set_timeline_filter(flt)
                self._focus_now(self.query_one(TimelineView))

        current = self.query_one(TimelineView).filter
        self.app.push_screen(FilterForm(current, self.snapshot.platform_names), chosen)

    def action_today(self) -> None:
        timeline = self.query_one(TimelineView)
        timeline.jump_to(parse_jump("today"))
        self._focus_now(timeline)

    def action_toggle_order(self) -> None:
        timeline = self.query_one(TimelineView)
        timeline.newest_first = not timeline.newest_first
        self._update_filter_line()

    def action_cycle_only(self) -> None:
        timeline = self.query_one(TimelineView)
        following = {"": "event", "event": "incident", "incident": ""}
        timeline.filter = timeline.filter._replace(only=following[timeline.filter.only])
        self._update_filter_line()

    def set_timeline_filter(self, flt: TimelineFilter) -> None:
        self.query_one(TimelineView).filter = flt
        self._update_filter_line()

    def locate(self, kind: str, ref: str, in_timeline: bool = False) -> bool:
        """Select an item in its pane (the feed for incidents, the timeline otherwise; the
        timeline for both when ``in_timeline``)."""
        feed = self.query_one(IncidentFeed)
        if kind == "incident" and not in_timeline and feed.select_key(ref):
            self._focus_now(feed)
            return True
        timeline = self.query_one(TimelineView)
        if kind in ("incident", "event"):
            if not timeline.select_ref(kind, ref):
                self.set_timeline_filter(TimelineFilter())
                if not timeline.select_ref(kind, ref):
                    return False
            self._focus_now(timeline)
            self._subject = (kind, ref)
            self._show_notes()
            return True
        return False
