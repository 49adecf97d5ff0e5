"""The whalewatch App: screens, global keys, and the workers that talk to the store and the web.

All disk and network work runs in thread workers; results come back to the UI thread with
``call_from_thread`` and are handed to the screens as plain domain objects. A worker that
fails reports the failure and keeps the app running (workers are started with
``exit_on_error=False``).
"""

from __future__ import annotations

import asyncio
import gc
import signal
import threading
import time
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from .domain import Event, Note
from .first_screen import FirstScreenCache
from .screens.main import MainScreen
from .settings import DEFAULT_THEME, Settings, save_settings
from .snapshot import ReadCancelled, StoreSnapshot, read_snapshot
from .store import Store, StoreError
from .store.editing import clear_editing, interrupted_edits, mark_editing
from .theme import WHALEWATCH_THEME

if TYPE_CHECKING:
    from .screens.note import NoteScreen

# Screens other than the main one are imported when first opened: the note editor alone
# (TextArea, Markdown) costs tens of milliseconds of start-up that the first screen never needs.

WATCH_INTERVAL = 1.5
"""Seconds between checks for another session's writes (a stat() of five small files)."""

FULL_HISTORY_DELAY = 0.3
"""Seconds between showing the first screen and starting to read the whole history."""

POLL_TICK = 2.0
"""Seconds between poller wake-ups; each source still waits for its own interval."""


class WhalewatchApp(App[int]):
    """The dashboard on one store."""

    CSS_PATH = "app.tcss"
    TITLE = "whalewatch"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("s", "sources", "Sources"),
        Binding("t", "stats", "Stats"),
        Binding("u", "undo", "Undo", show=False),
        Binding("ctrl+p", "command_palette", "Commands", show=False),
    ]

    def __init__(
        self,
        store: Store,
        *,
        demo: bool = False,
        poll: bool = True,
        settings: Settings | None = None,
        remember_settings: bool = False,
        start_theme: str = DEFAULT_THEME,
        first_screen: FirstScreenCache | None = None,
    ) -> None:
        super().__init__()
        self.register_theme(WHALEWATCH_THEME)
        self.settings = settings or Settings()
        self.remember_settings = remember_settings
        # The user's choice, else the one given for this terminal (never saved unless chosen).
        self._unchosen_theme = start_theme
        theme = self.settings.theme or start_theme
        if theme in self.available_themes:
            self._start_in_theme(theme)
        self.store = store
        self.demo = demo
        self.poll_enabled = poll
        # Shown by the first frame when the last run left a copy that still matches the store,
        # or most of it (see FirstScreenCache.load); otherwise the loader reads it first.
        self.first_screen = first_screen or FirstScreenCache(store.root)
        cached = self.first_screen.load(store)
        self.snapshot = cached or StoreSnapshot()
        self._first_screen_known = bool(cached)
        self._signature: tuple | None = None
        self._load_lock = threading.Lock()
        self._loader_running = False
        self._reload_wanted = False
        self._reload_keys: set[str] = set()
        self._stop = threading.Event()
        self._undo: list[tuple[str, object]] = []
        self.is_poller = False

    # --- start-up ---------------------------------------------------------------------------

    def _start_in_theme(self, name: str) -> None:
        """Choose the theme before any CSS is parsed.

        Setting ``theme`` runs its watcher, which re-parses every stylesheet once the app
        starts (about 15 ms, for nothing: no CSS has been parsed yet). When the theme is as
        dark or as light as the default, it is enough to set the value, the CSS variables and
        the theme's classes; otherwise (the ANSI colour filter depends on its darkness and on
        whether it uses the terminal's own palette) set it normally.
        """
        theme = self.get_theme(name)
        current = self.current_theme
        if theme is None or theme.dark != current.dark or theme.ansi != current.ansi:
            self.theme = name
            return
        self.set_reactive(App.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())
        self.set_class(True, f"-theme-{name}", update=False)

    def get_default_screen(self) -> MainScreen:
        # The dashboard is the first screen itself: no blank default screen to compose,
        # lay out and paint before it.
        return MainScreen()

    def on_mount(self) -> None:
        self.load_snapshot(full_history=False)
        self.set_interval(WATCH_INTERVAL, self._check_signature)
        for message in self.store.status.messages:
            self.notify(
                message, title="Store repaired", severity="warning", timeout=15, markup=False
            )
        self._install_signal_handlers()
        self.report_interrupted_edits()
        if self.poll_enabled:
            self.run_poller()

    @work(thread=True, group="drafts", exit_on_error=False)
    def report_interrupted_edits(self) -> None:
        """Say so when the last session died while a note was open in the editor."""
        for marker in interrupted_edits(self.store.root):
            note_id = marker.get("note_id")
            what = f"note #{note_id}" if note_id else "a new note"
            self.call_from_thread(
                self.notify,
                f"whalewatch stopped while {what} was being edited (since "
                f"{marker.get('since', '?')}). Its text as of the last autosave is kept"
                + (f": open note #{note_id} to check it." if note_id else "."),
                title="Interrupted edit recovered",
                severity="warning",
                timeout=20,
                markup=False,
            )

    @work(thread=True, group="drafts", exit_on_error=False)
    def mark_editing(self, note_id: int | None, target: str, editing: bool) -> None:
        try:
            if editing:
                mark_editing(self.store.root, note_id, target)
            else:
                clear_editing(self.store.root)
        except OSError:
            pass

    def _install_signal_handlers(self) -> None:
        """A dropped SSH connection (SIGHUP) or a kill (SIGTERM) saves pending edits, then exits."""
        try:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(signum, self.save_and_exit)
        except (NotImplementedError, RuntimeError, ValueError):
            pass

    def save_and_exit(self) -> None:
        self.flush_pending_edits()
        self._stop.set()
        self.exit(0)

    def watch_theme(self, theme: str) -> None:
        """Remember the theme chosen from the command palette for the next start."""
        if self.remember_settings and theme != (self.settings.theme or self._unchosen_theme):
            self.settings = replace(self.settings, theme=theme)
            self._save_settings(self.settings)

    @work(thread=True, group="settings", exit_on_error=False)
    def _save_settings(self, settings: Settings) -> None:
        try:
            save_settings(settings)
        except OSError as error:
            self.call_from_thread(
                self.notify, f"could not save settings: {error}", severity="warning"
            )

    def action_toggle_bell(self) -> None:
        self.settings = replace(self.settings, bell=not self.settings.bell)
        self.notify("Bell on new incidents: " + ("on" if self.settings.bell else "off"))
        if self.remember_settings:
            self._save_settings(self.settings)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed is reported where the user sees it; the app keeps running."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(
                f"{event.worker.name or 'background task'} failed: {error!r}",
                severity="error",
                timeout=10,
                markup=False,
            )

    @property
    def main_screen(self) -> MainScreen:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("main screen not mounted")

    # --- reading the store ------------------------------------------------------------------

    def load_snapshot(self, full_history: bool = True, new_keys: Iterable[str] = ()) -> None:
        """Ask for a fresh read of the store; reads are queued, never run side by side.

        One loader thread at a time works through the requests, so a slow read can never
        overwrite the result of a newer one (requests made while it reads are coalesced into
        one more read).
        """
        with self._load_lock:
            self._reload_keys |= set(new_keys)
            self._reload_wanted = True
            if self._loader_running:
                return
            self._loader_running = True
        self._run_loader(first=not full_history)

    @work(thread=True, group="load", exit_on_error=False)
    def _run_loader(self, first: bool) -> None:
        """Read the store off the UI thread: at start-up recent data first, then the history."""
        try:
            if first:
                if not self._first_screen_known:
                    self._read_and_apply(full_history=False, new_keys=set())
                # The first screen is up; let it draw, then read the whole history.
                time.sleep(FULL_HISTORY_DELAY)
            while not self._stop.is_set():
                with self._load_lock:
                    if not self._reload_wanted:
                        self._loader_running = False
                        return
                    self._reload_wanted = False
                    keys, self._reload_keys = self._reload_keys, set()
                self._read_and_apply(full_history=True, new_keys=keys)
                if first:
                    # The history is long-lived: keep the cyclic GC from rescanning it.
                    gc.freeze()
                    first = False
        finally:
            with self._load_lock:
                self._loader_running = False

    def _read_and_apply(self, full_history: bool, new_keys: set[str]) -> None:
        def should_stop() -> bool:
            return self._stop.is_set()

        try:
            files = self.store.file_signatures()
            signature = self.store.signature()
            reuse = None if full_history else self.first_screen.reusable(self.store)
            snapshot = read_snapshot(self.store, full_history, should_stop, reuse)
        except ReadCancelled:
            return
        except StoreError as error:
            self.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        if self._stop.is_set():
            return
        self.call_from_thread(self._apply_snapshot, snapshot, signature, new_keys)
        if full_history:
            try:
                self.first_screen.save(self.store, files, snapshot)
            except OSError:
                pass  # only a start-up shortcut: the next start reads the store instead

    def _apply_snapshot(
        self, snapshot: StoreSnapshot, signature: tuple, new_keys: set[str]
    ) -> None:
        self.snapshot = snapshot
        self._signature = signature
        try:
            screen = self.main_screen
        except LookupError:
            return
        if screen.is_mounted:  # else MainScreen.on_mount shows self.snapshot
            screen.show_snapshot(snapshot, new_keys)

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _check_signature(self) -> None:
        """Pick up another session's writes (or our poller's) without a restart."""
        try:
            signature = self.store.signature()
        except OSError:
            return
        if self._signature is not None and signature != self._signature:
            self.call_from_thread(self.load_snapshot, True)

    # --- polling ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="poller", exit_on_error=False)
    def run_poller(self) -> None:
        """Poll in this session only while it holds the store's poller lock; else wait to take over."""
        try:
            from .feeds.http import make_client
            from .feeds.poller import poll_once
        except ImportError as error:  # pragma: no cover - the feeds package is part of the app
            self.call_from_thread(self.notify, f"polling unavailable: {error}", severity="error")
            return

        async def loop() -> None:
            client = make_client()
            try:
                while not self._stop.is_set():
                    if not self.store.poller_lock.try_acquire():
                        self.is_poller = False
                        await asyncio.sleep(5)
                        continue
                    self.is_poller = True
                    try:
                        report = await poll_once(self.store, client)
                    except Exception as error:  # one bad cycle must not end polling
                        self.call_from_thread(
                            self.notify, f"poll failed: {error}", severity="error", markup=False
                        )
                        await asyncio.sleep(POLL_TICK)
                        continue
                    merge = getattr(report, "merge", None)
                    if merge is not None and merge.any:
                        self.call_from_thread(self._announce, merge)
                    await asyncio.sleep(POLL_TICK)
            finally:
                await client.aclose()
                self.store.poller_lock.release()

        asyncio.run(loop())

    def _announce(self, merge) -> None:
        """Toast new and changed incidents and mark them unread in the feed."""
        from .widgets.text import clean_line

        for incident in merge.new:
            self.notify(
                clean_line(incident.title, 120),
                title=f"New incident · {incident.status}",
                severity="warning",
                markup=False,
            )
        for incident in merge.changed:
            self.notify(
                clean_line(incident.title, 120),
                title=f"Incident now {incident.status}",
                markup=False,
            )
        if merge.new and self.settings.bell:
            self.bell()
        keys = {i.id for i in (*merge.new, *merge.changed)}
        self.load_snapshot(True, keys)

    # --- navigation -------------------------------------------------------------------------

    def open_incident(self, key: str) -> None:
        from .screens.detail import DetailScreen, incident_parts, notes_parts

        incident = self.snapshot.incident(key)
        if incident is None:
            self.notify("That incident is no longer in the store.", severity="warning")
            return
        source = next((s for s in self.snapshot.sources if s.id == incident.source_id), None)
        notes = list(self.snapshot.notes_on("incident", key))
        parts = incident_parts(incident, source.label if source else "") + notes_parts(notes)
        self.push_screen(DetailScreen("Incident", parts, ("incident", key)))

    def open_event(self, ref: str) -> None:
        from .screens.detail import DetailScreen, event_parts, notes_parts

        event = self.snapshot.event(ref)
        if event is None:
            self.notify("That event is no longer in the store.", severity="warning")
            return
        notes = list(self.snapshot.notes_on("event", ref))
        self.push_screen(
            DetailScreen("Event", event_parts(event) + notes_parts(notes), ("event", ref))
        )

    def open_note(self, note: Note) -> None:
        from .screens.note import NoteScreen

        self.push_screen(NoteScreen(note, (note.target_kind, note.target_id), note.target))

    def new_note(self, kind: str, ref: str) -> None:
        from .screens.detail import DetailScreen
        from .screens.note import NoteScreen

        label = self.main_screen._subject_label() if kind else ""
        if isinstance(self.screen, DetailScreen):
            label = f"{kind} {ref}"
        self.push_screen(NoteScreen(None, (kind, ref), label))

    def action_help(self) -> None:
        from .screens.detail import DetailScreen
        from .screens.forms import ConfirmScreen, EventForm
        from .screens.help import HelpScreen
        from .screens.note import NoteScreen

        if isinstance(self.screen, HelpScreen):
            return
        from .screens.filter_form import FilterForm
        from .screens.sources import SourceForm, SourcesScreen
        from .screens.stats import StatsScreen
        from .widgets.incident_feed import IncidentFeed
        from .widgets.notes import NoteList
        from .widgets.timeline import TimelineView

        groups = [
            ("Everywhere", list(self.BINDINGS)),
            ("Main screen", list(MainScreen.BINDINGS)),
            ("Timeline", list(TimelineView.BINDINGS)),
            ("Incident feed", list(IncidentFeed.BINDINGS)),
            ("Notes pane", list(NoteList.BINDINGS)),
            ("Detail screens", list(DetailScreen.BINDINGS)),
            ("Note editor", list(NoteScreen.BINDINGS)),
            ("Event form", list(EventForm.BINDINGS)),
            ("Filter form", list(FilterForm.BINDINGS)),
            ("Sources screen", list(SourcesScreen.BINDINGS)),
            ("Add source form", list(SourceForm.BINDINGS)),
            ("Stats screen", list(StatsScreen.BINDINGS)),
            ("Confirmation", list(ConfirmScreen.BINDINGS)),
            ("This help", list(HelpScreen.BINDINGS)),
        ]
        self.push_screen(HelpScreen(groups))

    def action_sources(self) -> None:
        try:
            from .screens.sources import SourcesScreen
        except ImportError:
            self.notify("The Sources screen is not available in this build.", severity="warning")
            return
        if not isinstance(self.screen, SourcesScreen):
            self.push_screen(SourcesScreen())

    def action_stats(self) -> None:
        try:
            from .screens.stats import StatsScreen
        except ImportError:
            self.notify("The Stats screen is not available in this build.", severity="warning")
            return
        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen(self.snapshot))

    async def action_quit(self) -> None:
        self.flush_pending_edits()
        self._stop.set()
        self.exit(0)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        main = self.main_screen if self.screen_stack else None
        yield SystemCommand("Help: list every key", "Show the help screen", self.action_help)
        yield SystemCommand("Sources", "Add, test, pause and remove sources", self.action_sources)
        yield SystemCommand(
            "Stats", "Incidents per period, before/after a change", self.action_stats
        )
        yield SystemCommand("Undo", "Undo the last delete", self.action_undo)
        yield SystemCommand("Quit", "Save pending edits and quit", self.action_quit)
        yield SystemCommand(
            "Bell on new incidents",
            "Ring the terminal bell for new incidents (toggle)",
            self.action_toggle_bell,
        )
        if main is not None:
            yield SystemCommand(
                "New note", "Write a note on the selected item", main.action_new_note
            )
            yield SystemCommand("Add event", "Add an event to the timeline", main.action_add_event)
            yield SystemCommand("Edit event", "Edit the selected event", main.action_edit_event)
            yield SystemCommand(
                "Delete event", "Delete the selected event", main.action_delete_event
            )
            yield SystemCommand("Search timeline", "Filter by text", main.action_search)
            yield SystemCommand("Go to date", "Jump the timeline to a date", main.action_jump)
            yield SystemCommand("Go to today", "Jump the timeline to today", main.action_today)
            yield SystemCommand(
                "Filter timeline", "Platform, category, dates, kind, changes", main.action_filter
            )
            yield SystemCommand("Toggle order", "Newest or oldest first", main.action_toggle_order)
            yield SystemCommand(
                "Events / incidents only", "Cycle the kind filter", main.action_cycle_only
            )
            yield SystemCommand("Clear filter", "Show everything", main.action_clear_filter)
            yield SystemCommand(
                "Pin note",
                "Pin or unpin the note selected in the Notes pane",
                main.action_toggle_pin,
            )
            yield SystemCommand(
                "Copy note", "Copy the selected note's text (OSC 52)", main.action_copy_note
            )
            yield SystemCommand(
                "Delete note or event", "Delete what is selected (asks first)", main.action_delete
            )

    # --- notes ------------------------------------------------------------------------------

    def save_note_from(self, screen: NoteScreen) -> None:
        self._save_note(screen, screen.text, screen.note, screen.target)

    @work(thread=True, group="save", exit_on_error=False)
    def _save_note(
        self, screen: NoteScreen, text: str, note: Note | None, target: tuple[str, str]
    ) -> None:
        try:
            saved, conflict = self._write_note(text, note, target)
        except StoreError as error:
            self.call_from_thread(self._note_save_failed, screen, str(error))
            return
        self.call_from_thread(self._note_saved, screen, saved, text, conflict)

    def _note_saved(self, screen: NoteScreen, note: Note, text: str, conflict: Note | None) -> None:
        """Tell the editor (if it is still open) and refresh the panes."""
        self.load_snapshot(True)
        if screen.is_mounted:
            screen.saved(note, text, conflict)
        elif conflict is not None:
            self.notify(
                f"Note #{conflict.id} was changed in another session; both versions are kept: "
                f"yours is now note #{note.id}.",
                severity="warning",
                timeout=10,
            )

    def _note_save_failed(self, screen: NoteScreen, message: str) -> None:
        if screen.is_mounted:
            screen.save_failed(message)
        else:
            self.notify(f"{message}. The note was NOT saved.", severity="error", markup=False)

    def _write_note(
        self, text: str, note: Note | None, target: tuple[str, str]
    ) -> tuple[Note, Note | None]:
        if note is None:
            return self.store.add_note(text, target[0], target[1]), None
        result = self.store.save_note_text(note.id, text, note.revision)
        return result.note, result.conflict_with

    def flush_pending_edits(self) -> None:
        """Save every open editor's unsaved text now, on this thread (quit, SIGHUP, SIGTERM)."""
        from .screens.note import NoteScreen

        for screen in self.screen_stack:
            if isinstance(screen, NoteScreen) and screen.dirty and screen.text.strip():
                try:
                    saved, _ = self._write_note(screen.text, screen.note, screen.target)
                    screen.note, screen.saved_text = saved, screen.text
                except StoreError:
                    pass
        try:
            clear_editing(self.store.root)
        except OSError:
            pass

    def copy_note(self, note: Note) -> None:
        """Copy a note's text with OSC 52 (the terminal decides whether to allow it)."""
        self.copy_to_clipboard(note.text)
        self.notify(
            "Note copied with OSC 52. If nothing was copied, your terminal does not allow "
            "clipboard writes: open the note (Enter) and select the text instead.",
            timeout=6,
        )

    def locate(self, kind: str, ref: str) -> None:
        """Go back to the main screen with the item a note is attached to selected."""
        while not isinstance(self.screen, MainScreen):
            self.pop_screen()
        if not self.main_screen.locate(kind, ref):
            self.notify(f"{kind} {ref} is not in the store any more.", severity="warning")

    def toggle_pin(self, note: Note) -> None:
        self._run_store_change(
            lambda: self.store.update_note(replace(note, pinned=not note.pinned))
        )

    # --- events -----------------------------------------------------------------------------

    def edit_event(self, event_id: int | None) -> None:
        from .screens.forms import EventForm

        event = None
        if event_id is not None:
            event = self.snapshot.event(event_id)

        def saved(result: Event | None) -> None:
            if result is None:
                return
            if result.id:
                self._run_store_change(lambda: self.store.update_event(result), "Event saved")
            else:
                self._run_store_change(lambda: self.store.add_event(result), "Event added")

        platforms = self.snapshot.platform_names
        self.push_screen(EventForm(event, platforms), saved)

    def delete_event(self, event_id: int) -> None:
        from .screens.forms import ConfirmScreen

        event = self.snapshot.event(event_id)
        if event is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._undo.append(("event", event))
                self._run_store_change(
                    lambda: self.store.delete_event(event_id), "Event deleted · u to undo"
                )

        self.push_screen(ConfirmScreen(f"Delete the event “{event.title[:60]}”?"), confirmed)

    def delete_note(self, note: Note) -> None:
        from .screens.forms import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._undo.append(("note", note))
                self._run_store_change(
                    lambda: self.store.delete_note(note.id), "Note deleted · u to undo"
                )

        self.push_screen(ConfirmScreen(f"Delete the note “{note.title[:60]}”?"), confirmed)

    def action_undo(self) -> None:
        if not self._undo:
            self.notify("Nothing to undo.")
            return
        kind, item = self._undo.pop()
        if kind == "event":
            self._run_store_change(lambda: self.store.restore_event(item), "Event restored")
        else:
            self._run_store_change(lambda: self.store.restore_note(item), "Note restored")

    @work(thread=True, group="save", exit_on_error=False)
    def _run_store_change(self, change, done: str = "") -> None:
        try:
            change()
        except StoreError as error:
            self.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        if done:
            self.call_from_thread(self.notify, done)
        self.call_from_thread(self.load_snapshot, True)
