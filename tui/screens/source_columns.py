"""The Sources table's columns, chosen by the width there is: state and last error first.

An 80-column terminal cannot show a dozen columns; a table that lays them all out pushes
health off the right edge with no hint. So each column has a rank (what a user wants first
when room is short), the narrowest width at which it is still useful and the widest worth
giving it. :func:`choose_columns` keeps the best-ranked columns that fit, widens them towards
their contents, and says how many were left out (the screen says so; the source's detail
screen shows everything). A cell wider than its column ends in ``…`` (never cut silently).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text

from ..domain import Source, SourceHealth, source_state
from ..kinds import kind_label, kind_named
from ..widgets.text import clean_line
from ..widgets.uptime_strip import Day, uptime_text
from .source_facts import conditions_text

CELL_PADDING = 2
"""What DataTable adds around each cell (one space either side)."""
SCROLLBAR = 2


@dataclass(frozen=True)
class Column:
    """One column of the Sources table."""

    key: str
    title: str
    least: int
    """Narrower than this, the column says too little to be worth showing."""
    fair: int
    """The width it is given first, when there is room (widened later if room is left)."""
    most: int
    """Wider than this is wasted even when a cell is longer (it ends in … instead)."""
    rank: int
    """Lower ranks are kept first when the width is short."""
    whole: bool = False
    """Shown whole or not at all: an ID cut to ``dem…`` names none of the sources."""

    def narrowest(self, natural: int) -> int:
        """The least width it may have, for contents ``natural`` cells wide."""
        return min(self.most, max(self.least, natural)) if self.whole else self.least


COLUMNS = (  # in the order they are shown, left to right: key, title, least, fair, most, rank
    Column("id", "ID", 4, 14, 24, 3, whole=True),
    Column("state", "State", 10, 10, 10, 0),
    Column("label", "Name / URL", 12, 22, 48, 2),
    Column("uptime", "Up 90d", 6, 6, 6, 4),
    Column("error", "Last error", 14, 26, 80, 1),
    Column("kind", "Provider", 8, 12, 20, 6),
    Column("platform", "Platform", 8, 10, 16, 7),
    Column("last_poll", "Last poll", 9, 16, 16, 5),
    Column("http", "HTTP", 4, 4, 4, 8),
    Column("latency", "Latency", 7, 7, 9, 9),
    Column("checks", "Checks", 10, 20, 50, 11),
    Column("changes", "Changes", 10, 20, 50, 10),
    Column("next_poll", "Next poll", 9, 16, 16, 12),
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


def source_cells(
    source: Source, health: SourceHealth | None, now: datetime, days: Iterable[Day] = ()
) -> dict[str, Text]:
    """Every column's cell for one source; every string is sanitised and becomes a Text."""
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
        "uptime": uptime_text(tuple(days)),
        "last_poll": _time(health.last_poll if health else None, now),
        "http": str(health.http_status) if health and health.http_status else "—",
        "latency": latency or "—",
        "checks": conditions_text(source) or "—",
        "changes": _changes(source, health),
        "error": error_text(health),
        "next_poll": "—" if source.paused else _time(health.next_poll if health else None, now),
    }
    row = {key: Text(text, no_wrap=True, overflow="ellipsis") for key, text in cells.items()}
    row["state"].stylize(STATE_STYLES.get(state, ""))
    if health is not None and health.error:
        row["error"].stylize("red")
    if cells["changes"].startswith("NOISY"):
        row["changes"].stylize("bold", 0, len("NOISY"))
    return row


def _changes(source: Source, health: SourceHealth | None) -> str:
    """What the kind remembers (a page: "NOISY · 5 versions · changed …"), else a dash."""
    kind = kind_named(source.kind)
    summary = kind.state_summary(health) if kind is not None and health is not None else ""
    return clean_line(summary, 80) or "—"


def error_text(health: SourceHealth | None) -> str:
    """The last error, and the kind's note beside it (noisy since…, redirected to…)."""
    if health is None:
        return ""
    parts = [part for part in (health.error, health.note) if part]
    return clean_line(" · ".join(parts), 200)


def natural_widths(rows: Iterable[Mapping[str, Text]]) -> dict[str, int]:
    """The width each column's title and longest cell ask for."""
    widths = {column.key: len(column.title) for column in COLUMNS}
    for row in rows:
        for key, cell in row.items():
            widths[key] = max(widths.get(key, 0), cell.cell_len)
    return widths


def choose_columns(width: int, natural: Mapping[str, int]) -> list[tuple[Column, int]]:
    """The columns that fit in ``width`` cells, best-ranked first in, with their widths.

    In rank order, each column gets its fair width (no more than its contents need) when
    that fits, else its least; then what is left widens the kept columns, best rank first,
    towards their contents (up to ``most``).
    """
    room = width - SCROLLBAR
    ranked = sorted(COLUMNS, key=lambda c: c.rank)
    chosen: dict[str, int] = {}
    for column in ranked:
        least = column.narrowest(natural.get(column.key, 0))
        fair = max(least, min(column.fair, natural.get(column.key, 0)))
        for candidate in (fair, least):
            if candidate + CELL_PADDING <= room:
                chosen[column.key] = candidate
                room -= candidate + CELL_PADDING
                break
    for column in ranked:
        if column.key in chosen:
            wanted = min(column.most, natural.get(column.key, 0))
            extra = max(0, min(room, wanted - chosen[column.key]))
            chosen[column.key] += extra
            room -= extra
    return [(column, chosen[column.key]) for column in COLUMNS if column.key in chosen]
