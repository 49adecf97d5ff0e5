"""The whalewatch App: screens, global keys, and starting the workers for the store and the web.

The App composes; it does not read or write the store itself. The :class:`SnapshotLoader`
reads the store in a thread and posts ``SnapshotLoaded``; its handler sets ``snapshot``,
which every screen showing store data watches. Screens change the store through the
:class:`StoreWriter`, which works in threads and posts typed messages back. A worker that
fails reports the failure and keeps the app running (``exit_on_error=False``).
"""

from __future__ import annotations

import asyncio
import signal
import threading
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.driver import Driver
from textual.reactive import reactive
from textual.worker import Worker, WorkerState

from . import collector
from .commands import WhalewatchCommands
from .first_screen import FirstScreenCache
from .loader import SnapshotLoader
from .messages import AlertsRaised, IncidentsPolled, SnapshotLoaded, StoreChanged
from .notifications import DashboardAlerts, reporting_driver
from .polling import SessionPoller
from .settings import DEFAULT_THEME, Settings, save_settings
from .snapshot import StoreSnapshot, read_snapshot
from .store import Store
from .terminal_driver import TerminalOutput, compact_output, resume_only_after_suspend
from .theme import WHALEWATCH_THEME, start_in_theme
from .typeahead import KeysInFlight
from .unsaved import UnsavedNote, exit_report, write_rescue_file
from .widgets.arrival_keys import arrival_keys
from .writer import StoreWriter

if TYPE_CHECKING:
    from textual.widget import Widget

    from .screens.main import MainScreen
    from .screens.note import NoteScreen

# Screens other than the main one are imported when first opened: the note editor alone
# (TextArea, Markdown) costs tens of milliseconds of start-up that the first screen never needs.

WATCH_INTERVAL = 1.5
"""Seconds between checks for another session's writes (a stat() of five small files)."""

POLL_TICK = 2.0
"""Seconds between poller wake-ups; each source still waits for its own interval."""

UNSAVED_RETRY_INTERVAL = 5.0
"""Seconds between retries of note text the store refused, once its editor is closed."""


class WhalewatchApp(App[int]):
    """The dashboard on one store."""

    CSS_PATH = "app.tcss"
    TITLE = "whalewatch"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {WhalewatchCommands}

    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("s", "sources", "Sources"),
        Binding("t", "stats", "Stats"),
        Binding("u", "undo", "Undo", show=False),
        Binding("ctrl+l", "redraw", "Redraw the screen", show=False),
        Binding("ctrl+p", "command_palette", "Commands", show=False),
    ]

    snapshot: reactive[StoreSnapshot] = reactive(StoreSnapshot, always_update=True, repaint=False)
    """What the store held at the latest read; screens watch it (set by each read, by identity)."""

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
        terminal_alerts: str | None = None,
    ) -> None:
        super().__init__()
        self._keys_in_flight: KeysInFlight[events.Key, Widget] = KeysInFlight()
        self.alerts = DashboardAlerts(self, terminal_alerts)
        """Alerts on this terminal; ``terminal_alerts`` forces its mode (``--bell``)."""
        self.register_theme(WHALEWATCH_THEME)
        self.settings = settings or Settings()
        self.remember_settings = remember_settings
        # The user's choice, else the one given for this terminal (never saved unless chosen).
        self._unchosen_theme = start_theme
        theme = self.settings.theme or start_theme
        if theme in self.available_themes:
            start_in_theme(self, theme)
        self.store = store
        self.demo = demo
        self.poll_enabled = poll
        self._stop = threading.Event()
        # read_snapshot as this module knows it: the start-up tests hold it back.
        self.loader = SnapshotLoader(self, store, self._stop, read_snapshot, first_screen)
        self.writer = StoreWriter(self, store)
        self.poller = SessionPoller(self, store, self._stop, POLL_TICK, push=not demo)
        self.new_keys: frozenset[str] = frozenset()
        """The incidents new or changed in the read that gave ``snapshot`` (unread marks)."""
        # Shown by the first frame when the last run left a copy that still matches the store,
        # or most of it; otherwise the loader reads it first.
        self.set_reactive(WhalewatchApp.snapshot, self.loader.first_screen() or StoreSnapshot())
        self._history_frozen = False

    # --- start-up ---------------------------------------------------------------------------

    def get_driver_class(self) -> type[Driver]:
        # Textual's hook for the driver: ours hands itself to the alerts (no public App.driver).
        # (It runs inside App.__init__, before self.alerts exists: look it up when called.)
        # It resumes only after its own suspend: a hang-up's SIGCONT must not restart input;
        # and it says each style change once (a fifth fewer bytes a cursor move).
        driver = compact_output(resume_only_after_suspend(super().get_driver_class()))
        return reporting_driver(driver, lambda d: self.alerts.driver_started(d))

    def get_default_screen(self) -> MainScreen:
        # The dashboard is the first screen itself: no blank default screen to compose,
        # lay out and paint before it.
        from .screens.main import WIDE, MainScreen

        screen = MainScreen()
        # Styled for the terminal's width from the start: the class set once the screen was
        # mounted had every one of its widgets styled a second time (the screen keeps it true).
        return screen.set_class(self.size.width >= WIDE, "-wide", update=False)

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)
            return
        target = self.focused  # where Textual sends the key (see tui.typeahead)
        if target is not None and await self._ran_on_arrival(event, target):
            return
        await super().on_event(event)
        taken = target is not None and target.check_consume_key(event.key, event.character)
        if event.is_forwarded and not taken:  # on its way: it comes back here
            self._keys_in_flight.sent(event, target, event.time)

    async def _ran_on_arrival(self, event: events.Key, target: Widget) -> bool:
        """Run a focused list's walking key where it arrives, when no key is on its way.

        The list's own binding (:func:`~tui.widgets.arrival_keys.arrival_keys`, from its
        ``BINDINGS``), as Textual would run it once the key came back here: no binding of
        the app or a screen takes these keys first (a test checks), and with no key on its
        way none can be overtaken.
        """
        if not getattr(target, "RUNS_KEYS_ON_ARRIVAL", False):
            return False
        action = arrival_keys(type(target)).get(event.key)
        if action is None or not self._keys_in_flight.idle(event.time):
            return False
        if not self.app_focus:  # as Textual's own handling of a key does
            self.app_focus = True
        return await self.run_action(action, target)

    def on_key(self, event: events.Key) -> None:
        """A key typed before a text field took the focus goes on to the field (see
        :mod:`tui.typeahead`): it came back here from the pane it was sent to."""
        went, target = self._keys_in_flight.returned(event)
        field = self.focused
        if not went or field is None or target is field:
            return
        if field.check_consume_key("x", "x"):  # a text field
            event.prevent_default()  # not the pane's binding: the field's, once it is there
            event.stop()
            # Again as it arrived, behind the keys typed before it (they come back here in
            # the order typed): sent to the focused field this time.
            self.post_message(events.Key(event.key, event.character))

    def on_ready(self) -> None:
        """The first frame is up: the garbage collector runs again (see ``launch.ready_app``)."""
        collector.resume()

    def on_mount(self) -> None:
        self.loader.request(full_history=False)
        self.set_interval(WATCH_INTERVAL, self.loader.watch_for_changes)
        self.set_interval(UNSAVED_RETRY_INTERVAL, self._retry_unsaved)
        self.loader.report_repairs()
        self._install_signal_handlers()
        # Back from a suspend (SIGTSTP, then fg's SIGCONT) the terminal showed the shell, and
        # Textual 8 draws again only what changed since: draw every cell.
        self.app_resume_signal.subscribe(self, lambda _app: self.action_redraw())
        self.writer.report_interrupted_edits()
        if self.poll_enabled:
            poller = self.poller.run
            self.run_worker(poller, "run_poller", "poller", exit_on_error=False, thread=True)

    def _install_signal_handlers(self) -> None:
        """A dropped SSH connection (SIGHUP) or a kill (SIGTERM) saves pending edits, then exits."""
        try:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(signum, self.save_and_exit)
        except (NotImplementedError, RuntimeError, ValueError):
            pass

    def _note_editors(self) -> list[NoteScreen]:
        from .screens.note import NoteScreen

        return [s for s in self.screen_stack if isinstance(s, NoteScreen)]

    def _retry_unsaved(self) -> None:
        if self.writer.unsaved():
            self.writer.retry_unsaved(self._note_editors())

    def save_and_exit(self) -> None:
        """Save every open editor's text on this thread, stop the workers, exit (signals).

        Nobody is there to ask (the SSH link dropped, or a kill): text the store refuses goes
        to a file in the state directory, or is printed, and the exit status says so.
        """
        unsaved = self.writer.flush(self._note_editors())
        if unsaved:
            self._exit_keeping(unsaved, to_file=True)
        else:
            self._stop.set()
            self.exit(0)

    async def action_quit(self) -> None:
        """Quit, unless the store refuses some note text: then ask where it should go."""
        unsaved = self.writer.flush(self._note_editors())
        if not unsaved:
            self._stop.set()
            self.exit(0)
            return
        self.writer.reopen()
        from .screens.unsaved import UnsavedTextScreen

        def chosen(choice: str | None) -> None:
            if choice in ("write", "print"):
                left = self.writer.flush(self._note_editors())
                if left:
                    self._exit_keeping(left, to_file=choice == "write")
                    return
                self._stop.set()
                self.exit(0)
            elif choice == "retry":
                self.call_later(self.action_quit)

        if not isinstance(self.screen, UnsavedTextScreen):
            self.clear_notifications()  # the save errors' toasts would cover the question
            self.push_screen(UnsavedTextScreen(unsaved), chosen)

    def _exit_keeping(self, unsaved: list[UnsavedNote], to_file: bool) -> None:
        """Exit with status 1, the refused text written to a file (or printed, if it can't)."""
        rescued = None
        if to_file:
            try:
                rescued = write_rescue_file(unsaved)
            except OSError:
                rescued = None
        self._stop.set()
        self.exit(return_code=1, message=Text(exit_report(unsaved, rescued, to_file)))

    @property
    def is_poller(self) -> bool:
        """True while this session holds the store's poller lock and polls."""
        return self.poller.holds_lock

    @property
    def main_screen(self) -> MainScreen:
        from .screens.main import MainScreen

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("main screen not mounted")

    # --- settings ---------------------------------------------------------------------------

    def watch_theme(self, theme: str) -> None:
        """Remember the theme chosen from the command palette for the next start."""
        if self.remember_settings and theme != (self.settings.theme or self._unchosen_theme):
            self.settings = self.settings._replace(theme=theme)
            self._save_settings(self.settings)

    @work(thread=True, group="settings", exit_on_error=False)
    def _save_settings(self, settings: Settings) -> None:
        try:
            save_settings(settings)
        except OSError as error:
            self.notify(f"could not save settings: {error}", severity="warning")

    # --- what the workers report ------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed is reported where the user sees it; the app keeps running."""
        if event.state == WorkerState.ERROR:
            self.notify(
                f"{event.worker.name or 'background task'} failed: {event.worker.error!r}",
                severity="error",
                timeout=10,
                markup=False,
            )

    @on(SnapshotLoaded)
    def _snapshot_loaded(self, message: SnapshotLoaded) -> None:
        try:
            self.apply_snapshot(message.snapshot, message.new_keys)
        finally:
            message.shown.set()

    def apply_snapshot(self, snapshot: StoreSnapshot, new_keys: frozenset[str]) -> None:
        """Make ``snapshot`` the app's; the screens that watch it show it."""
        self.new_keys = new_keys
        self.snapshot = snapshot
        if snapshot.full_history and not self._history_frozen:
            collector.keep_history()
            self._history_frozen = True

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        if message.notice:
            self.notify(message.notice)
        self.loader.request()

    @on(IncidentsPolled)
    def _incidents_polled(self, message: IncidentsPolled) -> None:
        """New and changed incidents (already toasted): show them as unread."""
        self.loader.request(True, {i.id for i in (*message.new, *message.changed)})

    @on(AlertsRaised)
    def _alerts_raised(self, message: AlertsRaised) -> None:
        """What the cycle is worth an alert: a desktop notification through the terminal."""
        self.alerts.show(message.alerts, message.terminal)

    # --- screens ----------------------------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen, binding_groups

        everywhere = [b for b in self.BINDINGS if isinstance(b, Binding)]
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(binding_groups(everywhere)))

    def action_sources(self) -> None:
        from .screens.sources import SourcesScreen

        if not isinstance(self.screen, SourcesScreen):
            self.push_screen(SourcesScreen())

    def action_stats(self) -> None:
        from .screens.stats import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen(self.snapshot))

    def action_undo(self) -> None:
        self.writer.undo()

    def action_redraw(self) -> None:
        """Draw every cell again (Ctrl+L, as in a shell or an editor): the terminal is sent
        only the cells that change, so a screen another program wrote over (a message from
        ``wall``, a background job) stays as it was left until then."""
        output = getattr(self.alerts.driver, "output", None)
        if isinstance(output, TerminalOutput):
            output.redraw()
        self.refresh(repaint=True)
