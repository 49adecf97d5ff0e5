"""Detail screens: an incident with its whole update history, an event (a detected change
with its diff, red and green with ``-``/``+`` signs), and their notes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import webbrowser
from collections.abc import Callable, Mapping

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..chronicle import CATEGORY_GLYPHS, DETECTED_GLYPH, IMPACT_GLYPHS, format_duration
from ..domain import Event, Incident, Note, Source, SourceHealth, utcnow
from ..honesty import admission
from ..kinds import kind_named
from ..pagewatch.diff import PageDiff
from ..pagewatch.render import diff_text
from ..snapshot import StoreSnapshot
from ..store import Store, StoreError
from ..store.incident_index import read_incident
from ..text import safe_url
from ..widgets.keys_footer import KeysFooter
from ..widgets.text import clean_line, link_text, safe_content
from .page_keys import PageKeysScreen

Part = tuple[str, Content]
WholePage = tuple[list[Part], str]
"""A page read in full from the store: its parts and its link."""


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "—"


def incident_parts(
    incident: Incident,
    source_label: str = "",
    honesty: str = "",
    health: SourceHealth | None = None,
) -> list[Part]:
    """The incident as labelled blocks of text; every remote string goes through the sanitiser."""
    now = utcnow()
    parts: list[Part] = [
        ("detail-title", Content(clean_line(incident.title, 300))),
        (
            "detail-meta",
            Content(
                f"{IMPACT_GLYPHS.get(incident.impact, '?')} impact {incident.impact} · "
                f"{status_words(incident)} · "
                f"started {_when(incident.started_at)} · "
                f"resolved {_when(incident.resolved_at)} · "
                f"duration {format_duration(incident.duration_seconds(now))}"
            ),
        ),
    ]
    meta = [f"platform {incident.platform or '—'}", f"source {source_label or incident.source_id}"]
    if incident.first_seen_at:
        meta.append(f"first seen by whalewatch {_when(incident.first_seen_at)}")
    parts.append(("detail-meta", Content(clean_line(" · ".join(meta), 400))))
    if incident.unacknowledged:
        parts.append(
            (
                "detail-meta",
                Content(
                    "⚠ UNACKNOWLEDGED: a probe saw this while the status page said all was well"
                ),
            )
        )
    if honesty:  # a probe's outage: when the status page admitted it
        parts.append(("detail-meta", Content(honesty)))
    if incident.components:
        parts.append(("detail-section", Content("Affected components")))
        named = [_with_state(name, health) for name in incident.components]
        parts.append(("detail-meta", Content(clean_line(", ".join(named), 1000))))
    parts.append(("detail-section", Content("Link")))
    parts.append(("detail-meta", link_text(incident.url) if incident.url else Content("—")))
    parts.append(("detail-section", Content(f"Updates ({len(incident.updates)}, newest first)")))
    for update in sorted(incident.updates, key=lambda u: u.at, reverse=True):
        seen = f" (seen {_when(update.seen_at)})" if update.seen_at else ""
        parts.append(
            (
                "update",
                Content.assemble(
                    (f"{update.status.upper()}", "bold"),
                    f"  {_when(update.at)}{seen}\n",
                    safe_content(update.body or "(no text)"),
                ),
            )
        )
    return parts


def status_words(incident: Incident) -> str:
    """``status investigating (open)``, ``status postmortem (resolved)``; a word said once."""
    state = "open" if incident.is_open else "resolved"
    status = clean_line(incident.status, 40)
    return f"status {status}" if status == state else f"status {status} ({state})"


def _with_state(component: str, health: SourceHealth | None) -> str:
    """``API (partial outage now)``: the component's current state on its page, when known."""
    state = health.component_state(component) if health else ""
    return f"{component} ({state.replace('_', ' ')} now)" if state else component


def event_parts(event: Event) -> list[Part]:
    when = event.day.isoformat() + (f" {event.time} UTC" if event.time else "")
    parts: list[Part] = [
        ("detail-title", Content(clean_line(event.title, 300))),
        (
            "detail-meta",
            Content(
                f"{CATEGORY_GLYPHS.get(event.category, '·')} {event.category} · {when} · "
                f"platform {clean_line(event.platform) or '—'}"
                + (" · ▶ marked as a change" if event.is_change else "")
                + (f" · confidence {event.confidence}" if event.confidence else "")
            ),
        ),
    ]
    if event.detected:
        parts.append(("detail-meta", Content(clean_line(detected_line(event), 300))))
    parts += [
        ("detail-section", Content("Description")),
        ("update", safe_content(event.description or "(none)")),
        ("detail-section", Content("Source")),
        ("detail-meta", link_text(event.url) if event.url else Content("—")),
    ]
    if event.diff is not None:
        diff = PageDiff.from_dict(event.diff)
        parts.append(("detail-section", Content(f"What changed ({diff.summary})")))
        parts.append(("diff", Content.from_rich_text(diff_text(diff))))
    return parts


def detected_line(event: Event) -> str:
    """Where a detected event came from: "◉ detected by whalewatch · source s4 · version 3"."""
    parts = [f"{DETECTED_GLYPH} detected by whalewatch"]
    if event.source_id:
        parts.append(f"source {event.source_id}")
    if event.version is not None:
        parts.append(f"version {event.version} (whalewatch source diff {event.source_id})")
    return " · ".join(parts)


def notes_parts(notes: list[Note]) -> list[Part]:
    parts: list[Part] = [("detail-section", Content(f"Notes ({len(notes)})"))]
    if not notes:
        parts.append(("detail-meta", Content("No notes yet: press n to write one.")))
    for note in notes:
        stamp = _when(note.updated_at)
        parts.append(
            ("update", Content.assemble((f"#{note.id}  {stamp}\n", "dim"), safe_content(note.text)))
        )
    return parts


def can_open_links(environ: Mapping[str, str] | None = None, platform: str = "") -> bool:
    """Whether a browser can open on the user's screen: a local session with a display.

    Over SSH a browser would open on the far machine, if anywhere; on Linux without a display
    ``webbrowser`` would start a text browser inside the dashboard's terminal.
    """
    environ = os.environ if environ is None else environ
    platform = platform or sys.platform
    if any(environ.get(name) for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")):
        return False
    if platform == "darwin" or platform.startswith("win"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def open_in_browser(url: str) -> bool:
    """Hand ``url`` to the system's opener, its output kept off the terminal; False if none."""
    if sys.platform.startswith("win"):
        return webbrowser.open(url)
    opener = shutil.which("open" if sys.platform == "darwin" else "xdg-open")
    if opener is None:
        return False
    try:
        subprocess.Popen(
            [opener, url],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    return True


class DetailScreen(PageKeysScreen):
    """A scrollable page of labelled text blocks; Escape goes back, l opens its link, c copies it."""

    PAGE_BODY = "#detail-body"

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        # q goes back here, as on Help: quitting the whole app is the main screen's q.
        Binding("q", "app.pop_screen", "Back", show=False),
        Binding("n", "new_note", "Note"),
        Binding("l", "open_link", "Open link"),
        Binding("c", "copy_link", "Copy"),
        Binding("j,down", "scroll(1)", "Scroll", show=False),
        Binding("k,up", "scroll(-1)", "Scroll", show=False),
    ]

    def __init__(
        self,
        title: str,
        parts: list[Part],
        target: tuple[str, str],
        url: str = "",
        read: Callable[[Store], WholePage | None] | None = None,
    ) -> None:
        super().__init__()
        self.page_title = title
        self.parts = parts
        self.target = target
        self.read = read
        """Reads the whole page from the store (in a worker), when ``parts`` are a summary."""
        self.url = safe_url(url)
        """The page's link (the incident's or the event's source), if it is a web link."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The link keys are offered only on a page that has a link."""
        return bool(self.url) or action not in ("open_link", "copy_link")

    def action_open_link(self) -> None:
        """Open the link in a browser where there is one; otherwise copy it (OSC 52)."""
        if self.app.is_web:  # `whalewatch serve`: the user's own browser opens it
            self.app.open_url(self.url)
        elif can_open_links() and open_in_browser(self.url):
            self.notify(f"Opening {self.url}", markup=False)
        else:
            self.action_copy_link("No browser here (over SSH, or no display): link copied")

    def action_copy_link(self, done: str = "Link copied") -> None:
        """Copy the link through the terminal (OSC 52: works over SSH, in most terminals)."""
        self.app.copy_to_clipboard(self.url)
        self.notify(f"{done} to the clipboard (OSC 52): {self.url}", markup=False)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-body"):
            for classes, content in self.parts:
                yield Static(content, classes=classes, markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#detail-body").border_title = self.page_title
        self.query_one("#detail-body").focus()
        if self.read is not None:
            self._read_whole_page()

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail")
    def _read_whole_page(self) -> None:
        assert self.read is not None
        try:
            parts = self.read(self.app.store)  # type: ignore[attr-defined]
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        if parts is not None:
            self.app.call_from_thread(self._show_parts, *parts)

    def _show_parts(self, parts: list[Part], url: str) -> None:
        if not self.is_attached:  # closed while the store was read
            return
        self.parts = parts
        self.url = safe_url(url)
        self.refresh_bindings()  # the link keys, now that the page has its link
        body = self.query_one("#detail-body", VerticalScroll)
        body.remove_children()
        body.mount_all(Static(content, classes=classes, markup=False) for classes, content in parts)

    def action_scroll(self, delta: int) -> None:
        # immediate: deferred scrolls start from where the last one began (keys get lost)
        body = self.query_one("#detail-body", VerticalScroll)
        body.scroll_relative(y=delta, animate=False, immediate=True)

    def action_new_note(self) -> None:
        from .note import NoteScreen

        kind, ref = self.target
        self.app.push_screen(NoteScreen(None, self.target, f"{kind} {ref}"))


def incident_screen(snapshot: StoreSnapshot, key: str) -> DetailScreen | None:
    """The page of incident ``key`` with its notes; None when the store no longer has it.

    When the snapshot holds only its summary, the page shows that at once and reads the
    incident from the store in a worker (see :mod:`tui.store.incident_index`).
    """
    summary = snapshot.incident(key)
    if summary is None:
        return None

    def page(incident: Incident, updates: str = "") -> list[Part]:
        source = next((s for s in snapshot.sources if s.id == incident.source_id), None)
        notes = list(snapshot.notes_on("incident", key))
        honesty = honesty_line(snapshot, incident, source)
        health = snapshot.health.get(incident.source_id)
        parts = incident_parts(incident, source.label if source else "", honesty, health)
        if updates:  # a summary has no updates: the last part is their (empty) heading
            parts[-1] = ("detail-section", Content(f"Updates ({updates})"))
        return parts + notes_parts(notes)

    whole = snapshot.incident_detail(key)
    if whole is not None:
        return DetailScreen("Incident", page(whole), ("incident", key), whole.url)

    def read(store: Store) -> WholePage | None:
        incident = read_incident(store, key, summary.started_at)
        if incident is None:  # gone since, or not readable whole (the store says why)
            return page(summary, "not read: not in the store as it is now"), summary.url
        return page(incident), incident.url

    return DetailScreen("Incident", page(summary, "reading…"), ("incident", key), read=read)


def honesty_line(snapshot: StoreSnapshot, incident: Incident, source: Source | None) -> str:
    """For a probe's outage: when the platform's status page admitted it, in words."""
    kind = kind_named(source.kind) if source else None
    if kind is None or not kind.fallback or not incident.platform:
        return ""
    pages = {s.id for s in snapshot.sources if (k := kind_named(s.kind)) and k.is_status_page}
    page = snapshot.incidents_from(pages)
    return admission(incident, page).sentence()


def event_screen(snapshot: StoreSnapshot, ref: str) -> DetailScreen | None:
    """The page of event ``ref`` with its notes; None when the store no longer has it."""
    event = snapshot.event(ref)
    if event is None:
        return None
    notes = list(snapshot.notes_on("event", ref))
    return DetailScreen("Event", event_parts(event) + notes_parts(notes), ("event", ref), event.url)
