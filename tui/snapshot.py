"""What the dashboard shows, read from the store in one go (no Textual here).

The app's workers build a :class:`StoreSnapshot` off the UI thread and hand it to the screens;
the screens never touch the store. ``full_history`` says whether ``incidents`` holds every
stored incident or only the recent ones that start-up reads first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from .chronicle import Rows, SearchColumns, build_items, event_item, group_rows, search_columns
from .domain import Event, Incident, Note, Platform, Source, SourceHealth, source_state, utcnow
from .incident_view import IncidentView
from .item_table import ItemTable
from .store import Store
from .store.incident_index import ReadStopped, incident_summaries

RECENT_INCIDENTS = 200
RECENT_EVENTS = 500
"""What the first screen reads; the whole history follows in the background."""


class SourceSummary(NamedTuple):
    """The one-line health of all sources, for the header."""

    total: int = 0
    ok: int = 0
    failing: int = 0
    stale: int = 0
    paused: int = 0
    pending: int = 0
    unacknowledged: int = 0

    def describe(self) -> str:
        if not self.total:
            return "no sources"
        parts = [f"{self.total} source{'s' if self.total != 1 else ''}", f"{self.ok} ok"]
        if self.failing:
            parts.append(f"{self.failing} failing")
        if self.stale:
            parts.append(f"{self.stale} stale")
        if self.paused:
            parts.append(f"{self.paused} paused")
        if self.pending:
            parts.append(f"{self.pending} not polled yet")
        return ", ".join(parts)


@dataclass(frozen=True)
class StoreSnapshot:
    """What the dashboard shows, read from the store at one moment: immutable, so that the
    reader thread builds it whole and the UI thread only swaps it in (``SnapshotLoaded``)."""

    platforms: tuple[Platform, ...] = ()
    sources: tuple[Source, ...] = ()
    health: dict[str, SourceHealth] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    incidents: Sequence[Incident] = ()
    """Newest first: a tuple, or for the whole history an :class:`IncidentView` (summaries
    made from the timeline's columns when asked for)."""
    notes: tuple[Note, ...] = ()
    full_history: bool = False
    timeline: ItemTable = field(default_factory=ItemTable)
    """Events and incidents as timeline items, oldest first, built by the reader thread (not
    the UI thread); any sequence of items given is made a table."""
    summaries: bool = False
    """``incidents`` are summaries (no updates, link or components: see
    :mod:`tui.store.incident_index`), except those in ``details``, read whole."""
    details: dict[str, Incident] = field(default_factory=dict)
    """The open and the newest incidents read whole, by key, when ``incidents`` are summaries:
    what the feed lists opens at once; any other is read from the store when opened."""

    def __post_init__(self) -> None:
        if not isinstance(self.timeline, ItemTable):
            object.__setattr__(self, "timeline", ItemTable.from_items(self.timeline))

    @cached_property
    def open_incidents(self) -> tuple[Incident, ...]:
        """The open incidents, newest first (the reader thread works this out, see warm)."""
        if isinstance(self.incidents, IncidentView):
            return self.incidents.open_ones()
        return tuple(i for i in self.incidents if i.is_open)

    @cached_property
    def timeline_rows(self) -> Rows:
        """The timeline grouped newest first, the order the dashboard opens in."""
        return group_rows(self.timeline.view(), newest_first=True)

    @cached_property
    def timeline_columns(self) -> SearchColumns:
        """The timeline's search columns (what a search typed into it goes through).

        Not worked out ahead: they hold every search text unpacked, which a search needs
        only while it is typed (the timeline makes them then, and lets them go after).
        """
        return search_columns(self.timeline.view())

    @cached_property
    def incident_by_key(self) -> dict[str, Incident]:
        """Incidents by key, when they are a tuple (an :class:`IncidentView` finds by key)."""
        if isinstance(self.incidents, IncidentView):
            return {}
        return {incident.id: incident for incident in self.incidents}

    @cached_property
    def event_by_ref(self) -> dict[int, Event]:
        """Events by id (the timeline refers to them by the id as text)."""
        return {event.id: event for event in self.events}

    @cached_property
    def notes_by_target(self) -> dict[tuple[str, str], tuple[Note, ...]]:
        """The notes attached to each (kind, reference), in the store's order."""
        found: dict[tuple[str, str], list[Note]] = {}
        for note in self.notes:
            if note.target_kind:
                found.setdefault((note.target_kind, note.target_id), []).append(note)
        return {target: tuple(notes) for target, notes in found.items()}

    def incident(self, key: str) -> Incident | None:
        """Incident ``key`` (the notes pane names the selected one on every cursor move)."""
        if isinstance(self.incidents, IncidentView):
            return self.incidents.find(key)
        return self.incident_by_key.get(key)

    def incidents_from(self, source_ids: Iterable[str]) -> list[Incident]:
        """The incidents of these sources, newest first."""
        if isinstance(self.incidents, IncidentView):
            return self.incidents.from_sources(source_ids)
        wanted = set(source_ids)
        return [i for i in self.incidents if i.source_id in wanted]

    def incident_detail(self, key: str) -> Incident | None:
        """Incident ``key`` whole, when this snapshot holds it so (None: read the store)."""
        if not self.summaries:
            return self.incident(key)
        return self.details.get(key)

    def event(self, ref: str | int) -> Event | None:
        try:
            return self.event_by_ref.get(int(ref))
        except ValueError:
            return None  # not an event id

    def notes_on(self, kind: str, ref: str) -> tuple[Note, ...]:
        return self.notes_by_target.get((kind, ref), ())

    def warm(self) -> StoreSnapshot:
        """Work out, off the UI thread, what showing this snapshot would otherwise compute there.

        With the whole history these are linear passes over 100,000 items: done by the UI
        they froze the dashboard for a moment after every read of the store, and a search
        by key on each cursor move grew with the history.
        """
        _ = self.open_incidents, self.timeline_rows, self.incident_by_key, self.event_by_ref
        _ = self.notes_by_target
        if isinstance(self.incidents, IncidentView):
            self.incidents.index_keys()
        return self

    @property
    def is_empty(self) -> bool:
        return not (self.sources or self.events or self.incidents or self.notes)

    @property
    def platform_names(self) -> list[str]:
        names = {p.name for p in self.platforms}
        names |= {s.platform for s in self.sources if s.platform}
        names |= {e.platform for e in self.events if e.platform}
        return sorted(names, key=str.lower)

    def source_summary(self) -> SourceSummary:
        now = utcnow()
        states = [source_state(s, self.health.get(s.id), now) for s in self.sources]
        ok, failing, stale, paused, pending = (
            states.count(state) for state in ("ok", "failing", "stale", "paused", "not polled")
        )
        unacknowledged = sum(1 for i in self.open_incidents if i.unacknowledged)
        return SourceSummary(len(self.sources), ok, failing, stale, paused, pending, unacknowledged)


class ReadCancelled(Exception):
    """The reader was told to stop (the app is quitting) part-way through the history."""


def read_snapshot(
    store: Store,
    full_history: bool = False,
    should_stop: Callable[[], bool] | None = None,
    reuse: dict[str, Any] | None = None,
) -> StoreSnapshot:
    """Read what the dashboard needs; start-up reads only recent incidents (bounded cost).

    The full history is read month by month, checking ``should_stop`` in between, so that
    quitting never waits for a long history to finish loading. ``reuse`` holds snapshot
    fields known to be still true of the store (see ``FirstScreenCache.reusable``): a
    start-up read takes those instead of reading their files.
    """
    reuse = {} if full_history or reuse is None else reuse

    def part(name: str, read: Callable[[], Any]) -> Any:
        return reuse[name] if name in reuse else read()

    details: dict[str, Incident] = {}
    incidents: Sequence[Incident]
    if full_history:
        # Summaries, not whole incidents: the bodies of 100,000 incidents' updates were most
        # of the dashboard's memory, and the lists never show them. They are kept as columns
        # of the timeline's table, and made into objects only when shown.
        events = tuple(store.events())
        event_table = ItemTable.from_items(map(event_item, events))
        try:
            timeline = incident_summaries(store).timeline(event_table, utcnow(), should_stop)
        except ReadStopped as stopped:
            raise ReadCancelled() from stopped
        details = {i.id: i for i in store.recent_incidents(RECENT_INCIDENTS)}
        incidents = IncidentView.newest_first(timeline)
    else:
        incidents = tuple(part("incidents", lambda: store.recent_incidents(RECENT_INCIDENTS)))
        events = part("events", lambda: tuple(store.recent_events(RECENT_EVENTS)))
        timeline = ItemTable.from_items(build_items(events, incidents))
    return StoreSnapshot(
        platforms=part("platforms", lambda: tuple(store.platforms())),
        sources=part("sources", lambda: tuple(store.sources())),
        health=part("health", store.health),
        events=events,
        incidents=incidents,
        notes=part("notes", lambda: tuple(store.notes())),
        full_history=full_history,
        timeline=timeline,
        summaries=full_history,
        details=details,
    ).warm()


def subject_label(snapshot: StoreSnapshot, kind: str, ref: str) -> str:
    """What a note is attached to, in words: "incident: API outage", not the incident's id.

    Here, not beside the note editor: the notes pane says it at start, and the editor's
    module (TextArea, Markdown, their parsers) costs tens of milliseconds to import.

    The title is the source's text: the caller cleans it for where it shows it.
    """
    if kind == "incident":
        incident = snapshot.incident(ref)
        label = f"incident: {incident.title}" if incident else f"incident {ref}"
    elif kind == "event":
        event = snapshot.event(ref)
        label = f"event: {event.title}" if event else f"event {ref}"
    else:
        label = f"{kind} {ref}"
    return label
