"""The parts of the Sources screen around its table: each platform's components, and the
selected source's uptime strip with what it checks.

They take plain values (the screen computes them from its sources, their health and the
uptime tally) and sanitised text; they read nothing themselves.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from .uptime_strip import Day, UptimeStrip, uptime_text

MAX_PLATFORM_LINES = 3
"""Component lines shown above the table; more platforms are counted on the last line."""


class PlatformComponents(Static):
    """One line per platform: its components and their current state (trouble first)."""

    DEFAULT_CSS = """
    PlatformComponents {
        height: auto;
        max-height: 3;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def show(self, lines: Sequence[Content]) -> None:
        """Show these lines (none: the widget hides)."""
        shown = list(lines[:MAX_PLATFORM_LINES])
        if len(lines) > MAX_PLATFORM_LINES:
            more = len(lines) - MAX_PLATFORM_LINES + 1
            shown[-1] = Content(f"… and {more} more platforms: Enter on a source shows its own")
        self.update(Content("\n").join(shown))
        self.display = bool(shown)


class SelectedSource(Vertical):
    """Under the table: the selected source in a line, and its last 90 days as daily cells."""

    DEFAULT_CSS = """
    SelectedSource {
        height: auto;
        padding: 0 1;
        border-top: solid $panel-lighten-2;
        border-title-color: $text-muted;
        border-title-align: right;
    }
    SelectedSource #selected-line, SelectedSource #selected-checks {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="selected-line", markup=False)
        yield UptimeStrip(id="selected-uptime")
        yield Static(id="selected-checks", markup=False)

    def show(self, label: str, provider: str, days: Sequence[Day], checks: str, hint: str) -> None:
        """``label``: the source (sanitised); ``provider``: what it is read as; ``checks``: its conditions in words, or ''.

        ``hint`` goes on the top border: the key to the detail, the columns left out.
        """
        shown = uptime_text(days)
        uptime = (
            f"no polls in {len(days)} days"
            if shown == "—"
            else f"uptime {shown} ({len(days)} days)"
        )
        line = Content.assemble((label, "bold"), f" · {uptime} · {provider}")
        self.border_title = hint
        self.query_one("#selected-line", Static).update(line)
        self.query_one(UptimeStrip).show(days)
        checks_line = self.query_one("#selected-checks", Static)
        checks_line.update(Content(f"Checks: {checks}") if checks else Content(""))
        checks_line.display = bool(checks)
