"""What the glyphs of the feed, the timeline and the notes mean, read from the glyph tables.

Help shows it in full and the command palette's "Legend" entry shows it in a notification.
It is built from the tables the rows are drawn from, so a glyph added there is explained
here without anyone remembering to.
"""

from __future__ import annotations

from ..chronicle import CATEGORY_GLYPHS, DETECTED_GLYPH, IMPACT_GLYPHS
from .incident_feed import STATUS_GLYPHS

UNREAD_GLYPH = "●"
CHANGE_GLYPH = "▶"
PINNED_GLYPH = "📌"
UNACKNOWLEDGED_GLYPH = "⚠"


def _by_glyph(table: dict[str, str]) -> list[tuple[str, str]]:
    """(glyph, the names that share it) in the table's order: ``✔ resolved, completed``."""
    names: dict[str, list[str]] = {}
    for name, glyph in table.items():
        names.setdefault(glyph, []).append(name.replace("_", " "))
    return [(glyph, ", ".join(shared)) for glyph, shared in names.items()]


def glyph_legend() -> list[tuple[str, list[tuple[str, str]]]]:
    """(where, [(glyph, meaning)]) for every glyph the dashboard draws."""
    return [
        (
            "Incidents: first the unread mark",
            [(UNREAD_GLYPH, "unread: new or changed since you last selected it")],
        ),
        (
            "Incidents: then the impact (filled = worse; the timeline shows it too)",
            [*_by_glyph(IMPACT_GLYPHS), ("?", "impact not known")],
        ),
        (
            "Incidents: then the status",
            [
                *_by_glyph(STATUS_GLYPHS),
                (
                    f"{UNACKNOWLEDGED_GLYPH} UNACKNOWLEDGED",
                    "a probe saw the outage while the status page said all was well",
                ),
            ],
        ),
        (
            "Timeline events: the category",
            [
                *_by_glyph(CATEGORY_GLYPHS),
                (DETECTED_GLYPH, "detected: recorded by a watched page or changelog"),
                (CHANGE_GLYPH, "a change (before the time): Stats compares before and after it"),
            ],
        ),
        ("Notes", [(PINNED_GLYPH, "pinned")]),
    ]


def legend_lines() -> list[str]:
    """The legend as plain lines (a glyph, then its meaning), one section after another."""
    lines: list[str] = []
    for section, glyphs in glyph_legend():
        lines.append(section)
        lines.extend(f"  {glyph}  {meaning}" for glyph, meaning in glyphs)
    return lines


def short_legend() -> str:
    """One line per section, for a notification: ``◆ critical  ▲ major  …``."""
    return "\n".join(
        "  ".join(f"{glyph} {meaning.split(':')[0]}" for glyph, meaning in glyphs)
        for _, glyphs in glyph_legend()
    )
