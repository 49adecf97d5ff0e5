"""The apps the benchmarks measure, each run in a fresh subprocess: ``python -m bench.apps MODE``.

Every mode prints one JSON line on stdout with what it measured. Baselines (a minimal
Header/DataTable/Footer app, a bare key-handling app) are started exactly like whalewatch,
so that the ratios compare whalewatch with Textual itself on the same machine, in the same run.
"""

from __future__ import annotations

import asyncio
import gc
import json
import resource
import statistics
import sys
import time
from pathlib import Path

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Header

from bench.textual_internals import paint_pending_frame, send_key, settled

SIZE = (120, 40)
POLL = 0.005


def rss_mib() -> float:
    """Resident memory now (VmRSS), in MiB; falls back to the peak where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def emit(data: dict) -> None:
    print(json.dumps(data), flush=True)


# --- the baselines -----------------------------------------------------------------------------


class MinimalTable(DataTable):
    BINDINGS = [Binding("j", "cursor_down", "Down", show=False)]


class MinimalApp(App[None]):
    """Header, DataTable, Footer: the smallest app that shows a table of rows."""

    BINDINGS = [Binding("q", "quit", "Quit")]
    ROWS = 50

    def compose(self) -> ComposeResult:
        yield Header()
        yield MinimalTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("when", "title", "status")
        for n in range(self.ROWS):
            table.add_row(f"2025-01-{n % 28 + 1:02d}", f"Incident {n}", "resolved")
        table.focus()


class MinimalRowApp(MinimalApp):
    """The same table with a row cursor, as the timeline's: a move redraws two whole rows.

    The stock DataTable's cursor is one cell, so a move there redraws two cells: the
    minimal app's bytes per key are those of a cursor a twelfth of a row wide.
    """

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(DataTable).cursor_type = "row"


class MinimalLongApp(MinimalApp):
    """The same table with more rows than a long walk of cursor-downs: past its view of 20
    rows the DataTable scrolls a line a move, where the timeline turns a page."""

    ROWS = 500


class BareCursor(Widget, can_focus=True):
    """A bare key handler: j moves a counter and redraws one line."""

    BINDINGS = [
        Binding("j", "move(1)", "Down"),
        Binding("pagedown", "move(38)", "Page down"),
    ]
    position: reactive[int] = reactive(0)

    def render(self) -> str:
        return f"row {self.position}"

    def action_move(self, delta: int) -> None:
        self.position += delta


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield BareCursor()

    def on_mount(self) -> None:
        self.query_one(BareCursor).focus()


class BarePager(ScrollView, can_focus=True):
    """A bare line-API view of 110,000 one-word lines: page-down scrolls one page.

    A page-down must redraw every line of the view, whatever the app; this is that cost in
    Textual alone, with the plainest possible lines.
    """

    BINDINGS = [Binding("pagedown", "page", "Page down")]

    def on_mount(self) -> None:
        self.virtual_size = Size(0, 110_000)

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        return Strip([Segment(f"row {line}")]).adjust_cell_length(self.size.width)

    def action_page(self) -> None:
        self.scroll_to(y=self.scroll_offset.y + self.size.height, animate=False, immediate=True)

    @property
    def at_end(self) -> bool:
        return self.scroll_offset.y + 2 * self.size.height >= self.virtual_size.height


class BarePagerApp(App[None]):
    def compose(self) -> ComposeResult:
        yield BarePager()

    def on_mount(self) -> None:
        self.query_one(BarePager).focus()


# --- start-up and memory ----------------------------------------------------------------------


async def wait_until(condition, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition never met")
        await asyncio.sleep(POLL)


async def startup_whalewatch(store_path: str) -> None:
    """Time to the first screen of real data, then RSS once the full history is loaded."""
    from tui.launch import open_store, ready_app
    from tui.widgets.incident_feed import IncidentFeed
    from tui.widgets.timeline import TimelineView

    store, first_screen = open_store(Path(store_path))  # as `whalewatch` starts it
    app = ready_app(store, first_screen=first_screen, poll=False)
    applied: list[float] = []
    apply_snapshot = app.apply_snapshot

    def timed_apply(snapshot, *args):
        """How long the UI thread is busy showing a read of the whole history."""
        started = time.perf_counter()
        apply_snapshot(snapshot, *args)
        if snapshot.full_history:
            applied.append(time.perf_counter() - started)

    app.apply_snapshot = timed_apply  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:

        def first_screen_shown() -> bool:
            try:
                screen = app.main_screen
                feed = screen.query_one(IncidentFeed)
                timeline = screen.query_one(TimelineView)
            except Exception:
                return False
            return feed.option_count > 0 and len(timeline.items) > 0

        await wait_until(first_screen_shown)
        first, cpu = time.time(), time.process_time()
        await wait_until(lambda: app.snapshot.full_history)
        # The reader's work ends after the UI shows the read (the first-screen copy is saved,
        # the freed memory handed back): the RSS is the settled one, as top shows a user.
        await wait_until(lambda: all(w.is_finished for w in app.workers if w.group == "load"))
        timeline = app.main_screen.query_one(TimelineView)
        await pilot.pause()
        emit(
            {
                "first_screen": first,
                "first_screen_cpu": cpu,
                "rss_mib": rss_mib(),
                "items": len(timeline.items),
                "apply_full": applied[0],
            }
        )
        app.exit()


async def startup_minimal() -> None:
    app = MinimalApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: app.query_one(DataTable).row_count > 0)
        first, cpu = time.time(), time.process_time()
        await pilot.pause()
        emit({"first_screen": first, "first_screen_cpu": cpu, "rss_mib": rss_mib()})
        app.exit()


# --- timeline keys and filter -----------------------------------------------------------------


def timeline_items(incidents: int, keep: int | None = None):
    """The synthetic chronicle of ``incidents`` incidents and a tenth as many events.

    With ``keep``, only its newest ``keep`` items: the same timeline, with the same density
    of items per day on screen, holding less history.
    """
    from tui.chronicle import build_items
    from tui.demo.synthetic import synthetic_events, synthetic_incidents

    events = [e.with_id(n + 1) for n, e in enumerate(synthetic_events(max(1, incidents // 10)))]
    items = build_items(events, list(synthetic_incidents(incidents)))
    return items if keep is None else items[-keep:]


async def handle_key(pilot, key: str) -> None:
    """One key press the way Pilot sends it, handled, and the frame it asks for painted.

    ``Pilot.press`` also waits for the whole process to go idle (tens of ms whatever the app
    does), which would hide the cost of the key itself. So the key goes through the driver
    like Pilot's, and then, until nothing is left to do, Pilot waits for the screen to process
    its messages and the pending frame is drawn at once. A refresh reaches the screen only
    after the widget that asked for it goes idle, so one round is not always enough.
    """
    app = pilot.app
    send_key(app, key)
    for _ in range(100):
        await paint_pending_frame(pilot)
        if settled(app):
            return
        await asyncio.sleep(0)
    raise TimeoutError(f"{key!r} never settled")


async def time_keys(pilot, key: str, count: int, rewind=None) -> float:
    """Median seconds per key press (after a short warm-up), each from a settled app.

    A person presses keys tens of milliseconds apart at best (key repeat), so every timed
    press starts once the app has gone idle after the previous one (untimed): back-to-back
    presses would measure how work queued by earlier presses piles up, not a press.

    ``rewind``, when given, is called (untimed) before each press; it puts the view back at
    the top when the next press would hit the end, where a page-down has nothing to do.
    """
    for _ in range(5):
        await handle_key(pilot, key)
    times = []
    for _ in range(count):
        if rewind is not None:
            rewind()
        await pilot.pause()
        started = time.perf_counter()
        await handle_key(pilot, key)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


async def time_down_and_pages(pilot, view, presses: int) -> tuple[float, float]:
    """Median seconds per cursor-down and per page-down in a timeline ``view``."""

    def rewind() -> bool:
        """Back to the top when less than two pages are left (nothing of it is cached)."""
        if view.max_scroll_y - view.scroll_offset.y > 2 * view.size.height:
            return False
        view.action_edge(0)
        view.scroll_home(animate=False, immediate=True)
        return True

    down = await time_keys(pilot, "j", presses)
    page = await time_keys(pilot, "pagedown", max(10, presses // 4), rewind)
    return down, page


async def timeline_keys(incidents: int, presses: int, keep: int | None = None) -> None:
    from tui.chronicle import TimelineFilter
    from tui.widgets.timeline import TimelineView

    items = timeline_items(incidents, keep)

    class TimelineApp(App[None]):
        def compose(self) -> ComposeResult:
            yield TimelineView(id="timeline")

        def on_mount(self) -> None:
            view = self.query_one(TimelineView)
            view.set_items(items)
            view.focus()
            # As WhalewatchApp does once the history is loaded (app.loader.request): the
            # long-lived history is moved out of the cyclic GC's reach.
            gc.freeze()

    app = TimelineApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(TimelineView)
        down, page = await time_down_and_pages(pilot, view, presses)
        filters = []
        for word in ("outage", "login", "search", "api", "payments"):
            started = time.perf_counter()
            view.filter = TimelineFilter(text=word)
            await paint_pending_frame(pilot)
            filters.append(time.perf_counter() - started)
            view.filter = TimelineFilter()
            await pilot.pause()
        emit(
            {
                "items": len(items),
                "down": down,
                "pagedown": page,
                "filter": statistics.median(filters),
            }
        )
        app.exit()


async def dashboard_keys(store_path: str, presses: int) -> None:
    """The same keys in the whole dashboard, as a user meets them, on a store of any size.

    Unlike ``timeline_keys`` this includes what the dashboard does around the timeline on
    each key: the notes pane following the selection, the filter line, the other panes.
    The text filter is timed per keystroke typed into the ``/`` search field.
    """
    from tui.launch import ready_app
    from tui.store import Store
    from tui.widgets.timeline import TimelineView

    app = ready_app(Store.open(Path(store_path)), poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: app.snapshot.full_history)
        await pilot.pause()
        view = app.main_screen.query_one(TimelineView)
        view.focus()
        await pilot.pause()
        down, page = await time_down_and_pages(pilot, view, presses)
        typed, opened = [], []
        for word in ("outage", "login", "search", "api", "payments"):
            await pilot.pause()
            started = time.perf_counter()
            await handle_key(pilot, "slash")  # the field opens, the search texts unpacked
            opened.append(time.perf_counter() - started)
            for char in word:
                await pilot.pause()
                started = time.perf_counter()
                await handle_key(pilot, char)
                typed.append(time.perf_counter() - started)
            await handle_key(pilot, "escape")
            await pilot.pause()
        emit(
            {
                "items": len(view.items),
                "down": down,
                "pagedown": page,
                "filter": statistics.median(typed),
                "filter_worst": max(typed),
                "open_search": statistics.median(opened),
            }
        )
        app.exit()


async def bare_keys(presses: int) -> None:
    app = BareApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        down = await time_keys(pilot, "j", presses)
        emit({"down": down})
        app.exit()


async def bare_pages(presses: int) -> None:
    app = BarePagerApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pager = app.query_one(BarePager)

        def rewind() -> bool:
            if not pager.at_end:
                return False
            pager.scroll_home(animate=False, immediate=True)
            return True

        page = await time_keys(pilot, "pagedown", max(10, presses // 4), rewind)
        emit({"pagedown": page})
        app.exit()


def main(argv: list[str]) -> int:
    mode, *rest = argv
    if mode == "startup-whalewatch":
        asyncio.run(startup_whalewatch(rest[0]))
    elif mode == "startup-minimal":
        asyncio.run(startup_minimal())
    elif mode == "timeline":
        keep = int(rest[2]) if len(rest) > 2 else None
        asyncio.run(timeline_keys(int(rest[0]), int(rest[1]), keep))
    elif mode == "dashboard-keys":
        asyncio.run(dashboard_keys(rest[0], int(rest[1])))
    elif mode == "bare-keys":
        asyncio.run(bare_keys(int(rest[0])))
    elif mode == "bare-pages":
        asyncio.run(bare_pages(int(rest[0])))
    elif mode == "minimal-app":
        MinimalApp().run()
    elif mode == "minimal-long-app":
        MinimalLongApp().run()
    elif mode == "minimal-row-app":
        MinimalRowApp().run()
    elif mode == "bare-app":
        BareApp().run()
    else:
        print(f"unknown mode {mode!r}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
