"""The Sources screen: every source with its health, and keys to add, test, pause and remove.

The table is filled from plain domain objects (the app's snapshot, or a fresh read the app's
writer does in a thread after this screen's own changes); the UI thread never touches the
store or the network. Every cell is a :class:`rich.text.Text` built from sanitised text, because DataTable
parses plain ``str`` cells as markup and source URLs and errors come from strangers.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ..domain import Source, SourceHealth, source_state, utcnow
from ..kinds import kind_label, kind_named
from ..messages import SourceJobReport, SourcesRead
from ..offline_state import network_state
from ..snapshot import StoreSnapshot
from ..widgets.text import clean_line
from .forms import ConfirmScreen
from .source_form import KINDS, SourceForm, validate_source_fields

__all__ = ["KINDS", "SourceForm", "SourcesScreen", "source_row", "validate_source_fields"]

if TYPE_CHECKING:
    from textual import getters

    from ..app import WhalewatchApp

COLUMNS = (
    ("ID", "id"),
    ("State", "state"),
    ("Kind", "kind"),
    ("Platform", "platform"),
    ("Name / URL", "label"),
    ("Changes", "changes"),
    ("Last poll (UTC)", "last_poll"),
    ("HTTP", "http"),
    ("Latency", "latency"),
    ("Last error", "error"),
    ("Next poll (UTC)", "next_poll"),
)

STATE_STYLES = {
    "ok": "green",
    "failing": "bold red",
    "stale": "yellow",
    # Not "dim": a 16-colour terminal draws dim text grey, unreadable on the cursor row.
    "paused": "italic",
    "not polled": "italic",
}


def _time(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "—"
    if moment.date() == now.date():
        return moment.strftime("%H:%M:%S")
    return moment.strftime("%Y-%m-%d %H:%M")


def source_row(source: Source, health: SourceHealth | None, now: datetime) -> list[Text]:
    """One table row; every string passes through the sanitiser and becomes a Text."""
    state = source_state(source, health, now)
    label = source.name or source.url
    if source.name and source.url:
        label = f"{source.name} · {source.url}"
    latency = ""
    if health is not None and health.latency_ms is not None:
        latency = f"{health.latency_ms:.0f} ms"
    cells = {
        "id": clean_line(source.id, 40),
        "state": state,
        "kind": clean_line(kind_label(source.kind), 30),
        "platform": clean_line(source.platform, 40) or "—",
        "label": clean_line(label, 80),
        "last_poll": _time(health.last_poll if health else None, now),
        "http": str(health.http_status) if health and health.http_status else "—",
        "latency": latency or "—",
        "changes": _changes(source, health),
        "error": _error(health),
        "next_poll": "—" if source.paused else _time(health.next_poll if health else None, now),
    }
    row = {key: Text(cells[key], no_wrap=True) for _, key in COLUMNS}
    row["state"].stylize(STATE_STYLES.get(state, ""))
    if health is not None and health.error:
        row["error"].stylize("red")
    if cells["changes"].startswith("NOISY"):
        row["changes"].stylize("bold", 0, len("NOISY"))
    return [row[key] for _, key in COLUMNS]


def _changes(source: Source, health: SourceHealth | None) -> str:
    """What the kind remembers (a page: "NOISY · 5 versions · changed …"), else a dash."""
    kind = kind_named(source.kind)
    summary = kind.state_summary(health) if kind is not None and health is not None else ""
    return clean_line(summary, 80) or "—"


def _error(health: SourceHealth | None) -> str:
    """The last error, and the kind's note beside it (noisy since…, redirected to…)."""
    if health is None:
        return ""
    parts = [part for part in (health.error, health.note) if part]
    return clean_line(" · ".join(parts), 200)


# --- the screen ------------------------------------------------------------------------------


class SourcesScreen(Screen):
    """Every source and its health; add, test once, pause/resume, remove."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        # q goes back here, as on Help: quitting the whole app is the main screen's q.
        Binding("q", "app.pop_screen", "Back", show=False),
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

    def compose(self) -> ComposeResult:
        yield Static(id="sources-summary", markup=False)
        yield DataTable(id="sources-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="sources-alerts", markup=False)
        yield Static(id="sources-result", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for title, key in COLUMNS:
            table.add_column(title, key=key)
        table.focus()
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
        selected = self.selected
        self.sources, self.health = sources, health
        table = self.query_one(DataTable)
        now = utcnow()
        table.clear()
        for source in sources:
            table.add_row(*source_row(source, health.get(source.id), now), key=source.id)
        if selected is not None:
            ids = [s.id for s in sources]
            if selected.id in ids:
                table.move_cursor(row=ids.index(selected.id), animate=False)
        self._show_summary()

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
