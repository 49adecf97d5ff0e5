"""The Sources screen: every source with its health, and keys to add, test, pause and remove.

The table is filled from plain domain objects (the app's snapshot, or a fresh read done in a
thread worker after this screen's own changes); the UI thread never touches the store or the
network. Every cell is a :class:`rich.text.Text` built from sanitised text, because DataTable
parses plain ``str`` cells as markup and source URLs and errors come from strangers.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Select, Static

from ..domain import Source, SourceHealth, utcnow
from ..kinds import addable_kind_names
from ..kinds.presets import PRESETS, Preset
from ..snapshot import StoreSnapshot
from ..store import StoreError
from ..text import safe_url
from ..widgets.text import clean_line
from .forms import ConfirmScreen, field_values, show_field_errors

FOLLOW_INTERVAL = 2.0
"""Seconds between checks for a newer snapshot in the app (the poller's latest health)."""

MIN_EVERY = 15
KINDS = ("auto", *addable_kind_names())

COLUMNS = (
    ("ID", "id"),
    ("State", "state"),
    ("Kind", "kind"),
    ("Platform", "platform"),
    ("Name / URL", "label"),
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


def source_state(source: Source, health: SourceHealth | None, now: datetime) -> str:
    """ok, failing, stale, paused or not polled: the same rules as the header's summary."""
    if source.paused:
        return "paused"
    if health is None or health.last_poll is None:
        return "not polled"
    if health.error:
        return "failing"
    if health.is_stale(source.every, now):
        return "stale"
    return "ok"


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
        "kind": clean_line(source.kind, 20),
        "platform": clean_line(source.platform, 40) or "—",
        "label": clean_line(label, 80),
        "last_poll": _time(health.last_poll if health else None, now),
        "http": str(health.http_status) if health and health.http_status else "—",
        "latency": latency or "—",
        "error": clean_line(health.error, 200) if health and health.error else "",
        "next_poll": "—" if source.paused else _time(health.next_poll if health else None, now),
    }
    row = [Text(cells[key], no_wrap=True) for _, key in COLUMNS]
    row[1].stylize(STATE_STYLES.get(state, ""))
    if cells["error"]:
        row[8].stylize("red")
    return row


# --- the add form ----------------------------------------------------------------------------


def unique_presets() -> list[tuple[str, Preset]]:
    """Each preset once (``twitter`` is an alias of ``x``)."""
    seen: set[int] = set()
    items = []
    for key, preset in PRESETS.items():
        if id(preset) not in seen:
            seen.add(id(preset))
            items.append((key, preset))
    return items


def validate_source_fields(values: dict[str, str]) -> dict[str, str]:
    """Field name -> message for every invalid field (empty when the source may be added)."""
    errors: dict[str, str] = {}
    if not safe_url(values.get("url", "").strip()):
        errors["url"] = "an http:// or https:// URL"
    if values.get("kind", "") not in KINDS:
        errors["kind"] = "choose a kind"
    every = values.get("every", "").strip()
    if not every.isdigit() or int(every) < MIN_EVERY:
        errors["every"] = f"whole seconds, at least {MIN_EVERY}"
    return errors


class SourceForm(ModalScreen[Source | None]):
    """A URL or a preset, a kind (auto-detected by default), a platform and an interval."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Add"),
    ]

    FIELDS = ("url", "platform", "name", "every")

    def compose(self) -> ComposeResult:
        with Vertical(id="source-form"):
            yield Static(Content("Add a source"), id="form-title")
            with Grid(id="form-grid"):
                yield Label("Preset")
                yield Select(
                    [(f"{p.platform} ({p.kind})", key) for key, p in unique_presets()],
                    id="preset",
                    prompt="none: type a URL",
                )
                yield Label("")
                yield Label("URL")
                yield Input(id="url", placeholder="https://…")
                yield Label("", id="url-error", classes="field-error")
                yield Label("Kind")
                yield Select([(k, k) for k in KINDS], value="auto", id="kind", allow_blank=False)
                yield Label("", id="kind-error", classes="field-error")
                yield Label("Platform")
                yield Input(id="platform", placeholder="e.g. GitHub")
                yield Label("", id="platform-error", classes="field-error")
                yield Label("Name")
                yield Input(id="name", placeholder="a short label (optional)")
                yield Label("", id="name-error", classes="field-error")
                yield Label("Every (s)")
                yield Input("60", id="every")
                yield Label("", id="every-error", classes="field-error")
            with Horizontal(id="form-buttons"):
                yield Button("Add (Ctrl+S)", variant="primary", id="save")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#url", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "preset" or not isinstance(event.value, str):
            return
        preset = PRESETS.get(event.value)
        if preset is None:
            return
        self.query_one("#url", Input).value = preset.url
        self.query_one("#kind", Select).value = preset.kind
        self.query_one("#platform", Input).value = preset.platform
        self.query_one("#name", Input).value = preset.platform

    def values(self) -> dict[str, str]:
        return field_values(self, self.FIELDS, ("kind",))

    def action_submit(self) -> None:
        values = self.values()
        errors = validate_source_fields(values)
        if not show_field_errors(self, (*self.FIELDS, "kind"), errors, "Not added"):
            return
        self.dismiss(
            Source(
                id="",
                url=values["url"].strip(),
                kind=values["kind"],
                platform=values["platform"].strip(),
                name=values["name"].strip(),
                every=int(values["every"]),
                created_at=utcnow(),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_submit()
        else:
            self.action_cancel()

    def on_input_submitted(self) -> None:
        self.action_submit()


# --- the screen ------------------------------------------------------------------------------


class SourcesScreen(Screen):
    """Every source and its health; add, test once, pause/resume, remove."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("a", "add", "Add"),
        Binding("t", "test", "Test once"),
        Binding("p", "pause", "Pause/resume"),
        Binding("d", "remove", "Remove"),
        Binding("r", "reload", "Reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[Source] = []
        self.health: dict[str, SourceHealth] = {}
        self._seen: StoreSnapshot | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="sources-summary", markup=False)
        yield DataTable(id="sources-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="sources-result", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for title, key in COLUMNS:
            table.add_column(title, key=key)
        table.focus()
        self.follow_app()
        self.set_interval(FOLLOW_INTERVAL, self.follow_app)
        self.action_reload()

    # --- data in ----------------------------------------------------------------------------

    def follow_app(self) -> None:
        """Show the app's latest snapshot (the poller's health) when it changed."""
        latest = getattr(self.app, "snapshot", None)
        if isinstance(latest, StoreSnapshot) and latest is not self._seen:
            self._seen = latest
            self.show_sources(list(latest.sources), dict(latest.health))

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
        self.query_one("#sources-summary", Static).update(Content(text))

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

    # --- workers (store and network off the UI thread) --------------------------------------

    @work(thread=True, group="sources-read", exclusive=True, exit_on_error=False)
    def action_reload(self) -> None:
        store = self.app.store
        try:
            sources, health = store.sources(), store.health()
        except StoreError as error:
            self.app.call_from_thread(self.show_result, f"Cannot read the store: {error}", True)
            return
        self.app.call_from_thread(self.show_sources, sources, health)

    def _changed(self, message: str) -> None:
        """After this screen wrote to the store: say so, re-read, let the app reload too."""
        self.show_result(message)
        self.notify(message, markup=False)
        self.action_reload()
        load = getattr(self.app, "load_snapshot", None)
        if load is not None:
            load(True)

    @work(thread=True, group="sources-write", exit_on_error=False)
    def save_source(self, source: Source, message: str) -> None:
        try:
            saved = self.app.store.save_source(source)
        except StoreError as error:
            self.app.call_from_thread(self.show_result, f"Not saved: {error}", True)
            return
        self.app.call_from_thread(self._changed, message.format(id=saved.id))

    @work(thread=True, group="sources-write", exit_on_error=False)
    def add_source(self, source: Source) -> None:
        """Detect the kind when asked to (one fetch), then save."""
        if source.kind == "auto":
            self.app.call_from_thread(self.show_result, f"Detecting the kind of {source.url}…")
            from ..feeds.detect import auto_detect
            from ..feeds.http import make_client

            async def detect():
                async with make_client() as client:
                    return await auto_detect(client, source.url)

            kind, result = asyncio.run(detect())
            if kind == "probe" and not result.ok:
                self.app.call_from_thread(
                    self.show_result,
                    f"Not added: cannot reach {source.url}: {result.error} "
                    "(choose a kind to add it anyway)",
                    True,
                )
                return
            source = replace(source, kind=kind)
        try:
            saved = self.app.store.save_source(source)
        except StoreError as error:
            self.app.call_from_thread(self.show_result, f"Not added: {error}", True)
            return
        self.app.call_from_thread(
            self._changed, f"Added {saved.id}: {saved.kind} {saved.url}, every {saved.every} s"
        )

    @work(thread=True, group="sources-test", exit_on_error=False)
    def test_source(self, source: Source) -> None:
        """Poll this one source now (even when paused), record its health, report the outcome."""
        from ..feeds.http import make_client
        from ..feeds.poller import poll_once

        async def once():
            async with make_client() as client:
                return await poll_once(
                    self.app.store, client, sources=[replace(source, paused=False)], force=True
                )

        try:
            report = asyncio.run(once())
        except Exception as error:  # the store or a bug: report it, keep the screen
            self.app.call_from_thread(
                self.show_result, f"Test of {source.id} failed: {error}", True
            )
            return
        if not report.outcomes:
            self.app.call_from_thread(self.show_result, f"{source.id}: nothing was polled", True)
            return
        outcome = report.outcomes[0]
        if outcome.ok:
            found = (
                "not modified since the last poll"
                if outcome.not_modified
                else (f"{outcome.incidents} incident{'s' if outcome.incidents != 1 else ''} found")
            )
            self.app.call_from_thread(self._changed, f"Test of {source.id}: ok, {found}")
        else:
            self.app.call_from_thread(
                self.show_result, f"Test of {source.id} failed: {outcome.error}", True
            )
            self.app.call_from_thread(self.action_reload)

    # --- actions ----------------------------------------------------------------------------

    def action_add(self) -> None:
        def added(source: Source | None) -> None:
            if source is not None:
                self.add_source(source)

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
            self.test_source(source)

    def action_pause(self) -> None:
        source = self._require_selected()
        if source is not None:
            verb = "Resumed" if source.paused else "Paused"
            self.save_source(replace(source, paused=not source.paused), f"{verb} {{id}}")

    def action_remove(self) -> None:
        source = self._require_selected()
        if source is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.remove_source(source.id)

        label = clean_line(source.label, 60)
        self.app.push_screen(
            ConfirmScreen(
                f"Remove the source {clean_line(source.id, 40)} “{label}”? "
                "Its incidents stay in the history."
            ),
            confirmed,
        )

    @work(thread=True, group="sources-write", exit_on_error=False)
    def remove_source(self, source_id: str) -> None:
        try:
            removed = self.app.store.remove_source(source_id)
        except StoreError as error:
            self.app.call_from_thread(self.show_result, f"Not removed: {error}", True)
            return
        if removed is None:
            self.app.call_from_thread(self.show_result, f"{source_id} was already gone", True)
            self.app.call_from_thread(self.action_reload)
            return
        self.app.call_from_thread(
            self._changed, f"Removed {source_id} (its incidents stay in the history)"
        )
