"""The Sources screen: every source with its health, and keys to add, test, pause and remove.

The table is filled from plain domain objects (the app's snapshot, or a fresh read the app's
writer does in a thread after this screen's own changes); the UI thread never touches the
store or the network (the uptime tally is read in a thread too). Every cell is a
:class:`rich.text.Text` built from sanitised text, because DataTable parses plain ``str``
cells as markup and source URLs and errors come from strangers. Which columns are shown
depends on the width (:mod:`.source_columns`); Enter opens a source's detail screen with
everything.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ..domain import Source, SourceHealth, utcnow
from ..kinds import kind_label
from ..messages import SourceJobReport, SourcesRead
from ..offline_state import network_state
from ..snapshot import StoreSnapshot
from ..store.uptime import SHOWN_DAYS
from ..widgets.keys_footer import KeysFooter
from ..widgets.source_panel import PlatformComponents, SelectedSource
from ..widgets.text import clean_line
from ..widgets.uptime_strip import Day
from .forms import ConfirmScreen
from .source_columns import COLUMNS, Column, choose_columns, natural_widths, source_cells
from .source_facts import components_parts, conditions_text, platform_components
from .source_form import KINDS, SourceForm, validate_source_fields

__all__ = ["KINDS", "SourceForm", "SourcesScreen", "source_row", "validate_source_fields"]

if TYPE_CHECKING:
    from textual import getters

    from ..app import WhalewatchApp

NO_DAYS: tuple[Day, ...] = ((0, 0),) * SHOWN_DAYS


def source_row(source: Source, health: SourceHealth | None, now: datetime) -> list[Text]:
    """One table row with every column; every string passes through the sanitiser."""
    cells = source_cells(source, health, now)
    return [cells[column.key] for column in COLUMNS]


# --- the screen ------------------------------------------------------------------------------


class SourcesScreen(Screen):
    """Every source and its health; add, test once, pause/resume, remove, open its detail."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        # q goes back here, as on Help: quitting the whole app is the main screen's q.
        Binding("q", "app.pop_screen", "Back", show=False),
        # priority: over the table's own (hidden) Enter, so that the footer shows this one
        Binding("enter", "open_detail", "Details", priority=True),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
        Binding("G", "edge(1)", "Last", show=False),
        Binding("g", "edge(0)", "First", show=False),  # as vim's g g: no date to go to here
        Binding("ctrl+d", "half_page(1)", "Half page down", show=False),
        Binding("ctrl+u", "half_page(-1)", "Half page up", show=False),
        Binding("a", "add", "Add"),
        Binding("t", "test", "Test once"),
        Binding("p", "pause", "Pause/resume"),
        Binding("d", "remove", "Remove"),
        Binding("r", "reload", "Reload"),
    ]

    if TYPE_CHECKING:  # as Textual types MessagePump.app; at run time its own property
        app = getters.app(WhalewatchApp)

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[Source] = []
        self.health: dict[str, SourceHealth] = {}
        self.uptime: dict[str, tuple[Day, ...]] = {}
        """Each source's last 90 days as ``(polls, failures)``, oldest first."""
        self.column_layout: list[tuple[Column, int]] = []
        """The columns the table shows now, and their widths (they follow the width)."""

    def compose(self) -> ComposeResult:
        yield Static(id="sources-summary", markup=False)
        yield PlatformComponents(id="sources-components", markup=False)
        yield DataTable(id="sources-table", cursor_type="row", zebra_stripes=True)
        yield SelectedSource(id="sources-selected")
        yield Static(id="sources-alerts", markup=False)
        yield Static(id="sources-result", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        # The app's snapshot now and after every read (the poller's latest health), and a
        # fresh read of the sources of our own.
        self.watch(self.app, "snapshot", self.show_snapshot)
        self.action_reload()

    # --- data in ----------------------------------------------------------------------------

    def show_snapshot(self, snapshot: StoreSnapshot) -> None:
        self.show_sources(list(snapshot.sources), dict(snapshot.health))

    @on(SourcesRead)
    def _sources_read(self, message: SourcesRead) -> None:
        self.show_sources(message.sources, message.health)
        lines = [clean_line(target.describe(), 300) for target in message.failing_targets]
        alerts = self.query_one("#sources-alerts", Static)
        alerts.update(Content("\n".join(lines)).stylize("$error"))
        alerts.display = bool(lines)

    def show_sources(self, sources: list[Source], health: dict[str, SourceHealth]) -> None:
        self.sources, self.health = sources, health
        self.fill_table()
        self._show_summary()
        self.read_uptime()

    @work(exclusive=True, group="uptime", exit_on_error=False)
    async def read_uptime(self) -> None:
        """The uptime tally, read in a thread (a file of the store), then shown."""
        tally = await asyncio.to_thread(self.app.store.uptime.days)
        uptime = {
            source_id: tuple((day.polls, day.failures) for day in days)
            for source_id, days in tally.items()
        }
        if uptime != self.uptime:
            self.uptime = uptime
            self.fill_table()

    def fill_table(self) -> None:
        """Fill the table with the columns that fit its width; the cursor stays on its source."""
        selected = self.selected
        table = self.query_one(DataTable)
        now = utcnow()
        rows = [
            source_cells(s, self.health.get(s.id), now, self.uptime.get(s.id, ()))
            for s in self.sources
        ]
        layout = choose_columns(self.size.width, natural_widths(rows))
        if layout != self.column_layout:
            self.column_layout = layout
            table.clear(columns=True)
            for column, width in layout:
                title = Text(column.title, no_wrap=True, overflow="ellipsis")
                table.add_column(title, width=width, key=column.key)
        else:
            table.clear()
        for source, row in zip(self.sources, rows, strict=True):
            table.add_row(*(row[column.key] for column, _ in layout), key=source.id)
        if selected is not None:
            ids = [s.id for s in self.sources]
            if selected.id in ids:
                table.move_cursor(row=ids.index(selected.id), animate=False)
        self._show_selected()
        self._show_components()

    def on_resize(self, event: Resize) -> None:
        if (
            self.is_mounted
            and choose_columns(event.size.width, self._natural()) != self.column_layout
        ):
            self.fill_table()

    def _natural(self) -> dict[str, int]:
        now = utcnow()
        return natural_widths(
            source_cells(s, self.health.get(s.id), now, self.uptime.get(s.id, ()))
            for s in self.sources
        )

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        """The line and uptime strip under the table follow the cursor."""
        panel = self.query_one(SelectedSource)
        source = self.selected
        panel.display = source is not None
        if source is None:
            return
        hidden = len(COLUMNS) - len(self.column_layout)
        hint = "Enter: details"
        if hidden:
            hint += f" · {hidden} columns hidden at this width"
        days = self.uptime.get(source.id) or NO_DAYS
        provider = clean_line(kind_label(source.kind), 40)
        panel.show(clean_line(source.label, 60), provider, days, conditions_text(source), hint)

    def _show_components(self) -> None:
        lines = [
            Content.assemble(*components_parts(platform, components))
            for platform, components in platform_components(self.sources, self.health).items()
        ]
        self.query_one(PlatformComponents).show(lines)

    def _show_summary(self) -> None:
        summary = StoreSnapshot(sources=tuple(self.sources), health=self.health).source_summary()
        text = summary.describe().capitalize()
        if not self.sources:
            text += " · press a to add one"
        network = network_state(self.sources, self.health)  # issue 14 §3: whose network
        offline = (" · " + network.describe(), "bold $warning") if network.offline else ""
        self.query_one("#sources-summary", Static).update(Content.assemble(text, offline))

    @property
    def selected(self) -> Source | None:
        table = self.query_one(DataTable)
        if not self.sources or table.row_count == 0:
            return None
        row = table.cursor_row
        if 0 <= row < len(self.sources):
            return self.sources[row]
        return None

    def show_result(self, text: str, error: bool = False) -> None:
        content = Content(clean_line(text, 400))
        if error:
            content = content.stylize("$error")
        self.query_one("#sources-result", Static).update(content)

    @on(SourceJobReport)
    def _job_report(self, message: SourceJobReport) -> None:
        """A job of the writer's went on or ended; after a change, read the sources again."""
        self.show_result(message.text, message.failed)
        if message.changed:
            if not message.failed:
                self.notify(message.text, markup=False)
            self.action_reload()

    # --- actions (the store and the network through the app's writer, off the UI thread) ---

    def action_reload(self) -> None:
        self.app.writer.read_sources(self)

    def action_move(self, delta: int) -> None:
        """j and k: as Down and Up in the table."""
        table = self.query_one(DataTable)
        if delta > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_edge(self, end: int) -> None:
        """G and g: the last and the first source, as in every other list."""
        table = self.query_one(DataTable)
        table.move_cursor(row=table.row_count - 1 if end else 0)

    def action_half_page(self, direction: int) -> None:
        """Ctrl+D and Ctrl+U: half the table's height down or up, as in every other list."""
        table = self.query_one(DataTable)
        step = max(1, table.scrollable_content_region.height // 2)
        row = max(0, min(table.row_count - 1, table.cursor_row + direction * step))
        table.move_cursor(row=row)

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open_detail()

    def action_open_detail(self) -> None:
        """The selected source's detail: health history, last error, conditions, components."""
        from .source_detail import SourceDetailScreen

        source = self._require_selected()
        if source is not None:
            days = self.uptime.get(source.id) or NO_DAYS
            self.app.push_screen(SourceDetailScreen(source, self.health.get(source.id), days))

    def action_add(self) -> None:
        def added(source: Source | None) -> None:
            if source is not None:
                self.app.writer.add_source(self, source)

        self.app.push_screen(SourceForm(), added)

    def _require_selected(self) -> Source | None:
        source = self.selected
        if source is None:
            self.notify("No source selected: press a to add one.", severity="warning")
        return source

    def action_test(self) -> None:
        source = self._require_selected()
        if source is not None:
            self.show_result(f"Testing {source.id} ({source.url})…")
            self.app.writer.test_source(self, source)

    def action_pause(self) -> None:
        source = self._require_selected()
        if source is not None:
            verb = "Resumed" if source.paused else "Paused"
            paused = replace(source, paused=not source.paused)
            self.app.writer.save_source(self, paused, f"{verb} {{id}}")

    def action_remove(self) -> None:
        source = self._require_selected()
        if source is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes and source is not None:
                self.app.writer.remove_source(self, source.id)

        label = clean_line(source.label, 60)
        self.app.push_screen(
            ConfirmScreen(
                f"Remove the source {clean_line(source.id, 40)} “{label}”? "
                "Its incidents stay in the history."
            ),
            confirmed,
        )
