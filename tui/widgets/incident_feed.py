"""The live incident feed: open incidents first, each with glyphs that read without colour."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList

from ..chronicle import IMPACT_GLYPHS, format_duration
from ..domain import Incident, utcnow
from .option_rows import CursorRowOptionList
from .text import clean_line

STATUS_GLYPHS = {
    "investigating": "?",
    "identified": "!",
    "monitoring": "~",
    "resolved": "✔",
    "postmortem": "✔",
    "scheduled": "◷",
    "in_progress": "»",
    "verifying": "~",
    "completed": "✔",
}


def ago(moment: datetime, now: datetime) -> str:
    seconds = max(0, (now - moment).total_seconds())
    if seconds < 90:
        return f"{int(seconds)}s ago"
    if seconds < 5400:
        return f"{int(seconds // 60)}m ago"
    if seconds < 172800:
        return f"{int(seconds // 3600)}h ago"
    if seconds < 30 * 86400:
        return f"{int(seconds // 86400)}d ago"
    return moment.strftime("%Y-%m-%d")


COMPACT_BELOW = 64
"""Below this width the title comes before the status and age, so that it stays readable."""


def incident_prompt(
    incident: Incident, unread: bool, now: datetime, compact: bool = False
) -> Content:
    """One feed row: unread mark, impact glyph, status word, title, age or duration."""
    glyph = IMPACT_GLYPHS.get(incident.impact, "?")
    status = incident.status.upper() if incident.is_open else incident.status
    status = status.replace("_", " ")
    when = (
        ago(incident.started_at, now)
        if incident.is_open
        else f"{incident.started_at:%Y-%m-%d} {format_duration(incident.duration_seconds(now))}"
    )
    if incident.started_at > now:  # scheduled maintenance, upcoming
        when = f"starts {incident.started_at:%m-%d %H:%M}"
    flag = " ⚠ UNACKNOWLEDGED" if incident.unacknowledged else ""
    style = "bold $error" if incident.is_open else "$text-muted"
    if incident.impact == "maintenance" and incident.is_open:
        style = "bold $primary"  # planned work, shown apart from outages
    mark = ("● " if unread else "  ", "bold $accent")
    glyphs = (f"{glyph} {STATUS_GLYPHS.get(incident.status, '?')} ", style)
    title = (clean_line(incident.title, 200), "bold" if incident.is_open else "")
    if compact:
        return Content.assemble(
            mark, glyphs, title, (flag, "bold $warning"), (f"  {status} {when}", style)
        )
    return Content.assemble(
        mark,
        glyphs,
        (f"{status:<13} ", style),
        (f"{when:<18}", "$text-muted"),
        title,
        (flag, "bold $warning"),
    )


class IncidentFeed(CursorRowOptionList):
    """Incidents from every source; new or changed ones are marked unread until selected."""

    BINDINGS = [
        Binding("k", "cursor_up", "Up", show=False),
        Binding("j", "cursor_down", "Down", show=False),
    ]

    class Highlighted(Message):
        def __init__(self, incident: Incident | None) -> None:
            super().__init__()
            self.incident = incident

    class Opened(Message):
        def __init__(self, incident: Incident) -> None:
            super().__init__()
            self.incident = incident

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._incidents: dict[str, Incident] = {}
        self._order: list[str] = []
        self.unread: set[str] = set()
        self._drawn_compact = False
        self._placed: int | None = None
        """The row the feed itself last put the cursor on (a redraw), as opposed to the user."""
        self._user_chose = False
        """Once the user moved the cursor, a redraw keeps their incident; until then the
        cursor stays on the top row, where a new outage lands (the demo's replay, a poll)."""

    @property
    def incidents(self) -> list[Incident]:
        return [self._incidents[key] for key in self._order]

    @property
    def selected(self) -> Incident | None:
        option = self.highlighted_option
        if option is None and self._order and not self.option_count:
            # Rows not drawn yet (before the first layout): the first one will be highlighted.
            return self._incidents.get(self._order[0])
        return None if option is None or option.id is None else self._incidents.get(option.id)

    def show_incidents(self, incidents: list[Incident], mark_unread: Iterable[str] = ()) -> None:
        """Replace the feed's contents, keeping the highlighted incident."""
        current = self.selected
        self.unread |= set(mark_unread)
        self._incidents = {incident.id: incident for incident in incidents}
        # From the dict, once per key: the list's rows are keyed, and a repeated key raised.
        ordered = sorted(self._incidents.values(), key=lambda i: i.started_at, reverse=True)
        ordered.sort(key=lambda i: not i.is_open)
        self._order = [incident.id for incident in ordered]
        if self.size.width or not self.is_mounted:
            self._redraw(current.id if current else None)
        # else: not laid out yet; on_resize draws the rows once their width is known

    @property
    def narrow(self) -> bool:
        return 0 < self.size.width < COMPACT_BELOW

    def on_resize(self) -> None:
        if self._order and (self.narrow != self._drawn_compact or not self.option_count):
            current = self.selected
            self._redraw(current.id if current else None)

    def _redraw(self, keep: str | None) -> None:
        now = utcnow()
        compact = self._drawn_compact = self.narrow
        self.set_options(
            self.row(incident_prompt(self._incidents[key], key in self.unread, now, compact), key)
            for key in self._order
        )
        if self._order:
            followed = self._user_chose and keep is not None and keep in self._order
            index = self._placed = self._order.index(keep) if followed and keep else 0
            self.highlighted = index

    def select_key(self, key: str) -> bool:
        if key in self._order:
            self._user_chose = True  # asked for by the user (go to an item, a search)
            self.highlighted = self._order.index(key)
            return True
        return False

    def mark_read(self, key: str) -> None:
        if key in self.unread:
            self.unread.discard(key)
            incident = self._incidents.get(key)
            if incident is not None:
                prompt = incident_prompt(incident, False, utcnow(), self._drawn_compact)
                self.replace_option_prompt(key, self.prompt(prompt))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        by_user = self.highlighted != self._placed
        if by_user:
            self._user_chose = True
        incident = self.selected
        if incident is not None and by_user:  # a row the feed put the cursor on is not yet read
            self.mark_read(incident.id)
        self.post_message(self.Highlighted(incident))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        incident = self.selected
        if incident is not None:
            self.mark_read(incident.id)  # opened: read, even where the feed put the cursor
            self.post_message(self.Opened(incident))
