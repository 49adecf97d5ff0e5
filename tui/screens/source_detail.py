"""One source's detail: what it is, what it checks, how it has been, and what its page says.

Opened with Enter on the Sources screen, which hands over what it already holds (the source,
its latest health, its last 90 days): this screen reads nothing. It shows what the table has
no room for at 80 columns — the provider the source is read as, its URL, every probe
condition, the last error in full, the recent latencies, the uptime strip and the day by day
history of polls and failures, and the components of its page with their current state.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..domain import Source, SourceHealth, source_state, utcnow
from ..widgets.keys_footer import KeysFooter
from ..widgets.text import clean_line, link_text
from ..widgets.uptime_strip import Day, UptimeStrip, legend, uptime_text
from .detail import DetailScreen, Part
from .page_keys import PAGE_BINDINGS
from .source_facts import component_words, probe_conditions, provider_text

HISTORY_DAYS = 14
"""Days listed one per line under the strip (the strip itself shows 90)."""
STRIP = "uptime-strip"
"""Where the uptime strip goes among the parts."""


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "—"


def source_parts(
    source: Source, health: SourceHealth | None, days: Sequence[Day], today: date
) -> list[Part]:
    """The source as labelled blocks of text (the strip's place marked by :data:`STRIP`)."""
    state = source_state(source, health, utcnow())
    parts: list[Part] = [
        ("detail-title", Content(clean_line(source.label, 300))),
        (
            "detail-meta",
            Content(
                clean_line(
                    f"{state} · id {source.id} · provider {provider_text(source)} · "
                    f"platform {source.platform or '—'} · polled every {source.every} s",
                    400,
                )
            ),
        ),
        ("detail-section", Content("URL")),
        (
            "detail-meta",
            link_text(source.url)
            if source.url.startswith("http")
            else Content(clean_line(source.url, 300)),
        ),
        ("detail-section", Content("Last error")),
        ("update", Content(clean_line(health.error, 2000) if health and health.error else "none")),
    ]
    conditions = probe_conditions(source)
    if conditions:
        parts.append(("detail-section", Content("Probe conditions")))
        parts.append(("detail-meta", Content("\n".join(conditions))))
    parts += [
        ("detail-section", Content("Components")),
        ("detail-meta", _components(health)),
        ("detail-section", Content("Health")),
        ("detail-meta", Content(_health_line(health))),
        ("detail-section", Content(f"Uptime, last {len(days)} days: {uptime_text(days)}")),
        (STRIP, Content("")),
        ("detail-meta", legend()),
        ("detail-section", Content(f"The last {min(HISTORY_DAYS, len(days))} days")),
        ("detail-meta", Content("\n".join(_history_lines(days, today)))),
    ]
    return parts


def _health_line(health: SourceHealth | None) -> str:
    if health is None or health.last_poll is None:
        return "not polled yet"
    lines = [
        f"last poll {_when(health.last_poll)} · last success {_when(health.last_ok)}",
        f"next poll {_when(health.next_poll)}",
        f"HTTP {health.http_status or '—'} · "
        + (f"latency {health.latency_ms:.0f} ms" if health.latency_ms is not None else "latency —"),
        f"{health.consecutive_failures} failures and {health.consecutive_successes} successes "
        "in a row",
    ]
    if health.latencies:
        recent = ", ".join(f"{ms:.0f}" for ms in health.latencies[-10:])
        lines.append(f"recent latencies (ms, newest last): {recent}")
    if health.note:
        lines.append(f"note: {health.note}")
    if health.description:
        lines.append(f"the page says: {health.description}")
    return "\n".join(clean_line(line, 300) for line in lines)


def _history_lines(days: Sequence[Day], today: date) -> list[str]:
    """Newest first: ``2026-12-01  48 polls, 2 failed (95.8%)``."""
    lines = []
    for back, (polls, failures) in enumerate(reversed(days[-HISTORY_DAYS:])):
        day = (today - timedelta(days=back)).isoformat()
        if polls:
            counted = "1 poll" if polls == 1 else f"{polls} polls"
            lines.append(
                f"{day}  {counted}, {failures} failed ({uptime_text([(polls, failures)])})"
            )
        else:
            lines.append(f"{day}  not polled")
    return lines


def _components(health: SourceHealth | None) -> Content:
    if health is None or not health.components:
        return Content("none reported by this source")
    parts: list[str | tuple[str, str]] = []
    for name, state in health.components:
        glyph, words, style = component_words(state)
        parts += [(glyph, style), f" {clean_line(name, 80)}: {words}\n"]
    return Content.assemble(*parts).rstrip()


class SourceDetailScreen(DetailScreen, inherit_bindings=False):
    """A source's page (no notes: notes attach to its platform, incidents and events)."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("q", "app.pop_screen", "Back", show=False),
        Binding("j,down", "scroll(1)", "Scroll", show=False),
        Binding("k,up", "scroll(-1)", "Scroll", show=False),
        *PAGE_BINDINGS,
    ]

    def __init__(self, source: Source, health: SourceHealth | None, days: Sequence[Day]) -> None:
        self.source = source
        self.days = tuple(days)
        parts = source_parts(source, health, self.days, utcnow().date())
        super().__init__("Source", parts, ("platform", source.platform))

    def action_scroll(self, delta: int) -> None:
        # immediate: deferred scrolls start from where the last one began (keys get lost)
        body = self.query_one("#detail-body", VerticalScroll)
        body.scroll_relative(y=delta, animate=False, immediate=True)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-body"):
            for classes, content in self.parts:
                if classes == STRIP:
                    yield UptimeStrip(self.days, id="source-uptime")
                else:
                    yield Static(content, classes=classes, markup=False)
        yield KeysFooter()
