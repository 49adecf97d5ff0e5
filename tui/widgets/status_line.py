"""The header line: which platforms are watched and how their sources are doing.

It is one line with no clock, so an idle dashboard writes nothing to the terminal.
"""

from __future__ import annotations

import os

from textual.content import Content
from textual.widgets import Static

from ..snapshot import StoreSnapshot
from .text import clean_line


def brand(term: str | None = None) -> str:
    """The header's name: with the whale, except on the Linux console, which has no emoji."""
    term = os.environ.get("TERM", "") if term is None else term
    return "whalewatch" if term == "linux" else "🐋 whalewatch"


class StatusLine(Static):
    """``whalewatch · X/Twitter, GitHub · 3 sources, 2 ok, 1 failing · ⚠ 1 unacknowledged``."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content("whalewatch"), id=id, markup=False)

    def show(self, snapshot: StoreSnapshot, demo: bool = False) -> None:
        summary = snapshot.source_summary()
        names = snapshot.platform_names
        platforms = clean_line(", ".join(names), 80) if names else "no platform yet"
        parts: list[tuple[str, str] | str] = [(brand(), "bold")]
        if demo:
            # First, so that it is never cut off on a narrow terminal.
            parts += [" ", (" DEMO ", "reverse")]
        parts += [
            ("  ·  ", "$text-muted"),
            (platforms, "bold $accent"),
            ("  ·  ", "$text-muted"),
            (summary.describe(), "$error" if summary.failing else ""),
        ]
        open_count = len(snapshot.open_incidents)
        if open_count:
            parts += [("  ·  ", "$text-muted"), (f"{open_count} open incident(s)", "bold $error")]
        if summary.unacknowledged:
            parts += [
                ("  ·  ", "$text-muted"),
                (f"⚠ {summary.unacknowledged} UNACKNOWLEDGED outage(s)", "bold $warning"),
            ]
        self.update(Content.assemble(*parts))
