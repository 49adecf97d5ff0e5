"""The header line: what needs the user first, then how the sources are, then the platforms.

It is one line with no clock, so an idle dashboard writes nothing to the terminal. What
matters comes first (open incidents, unacknowledged outages, offline, failing sources);
when the line is too long, words are shortened before anything is dropped, the platforms'
names are cut with an ellipsis, and a part is dropped whole — never cut mid-number.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

from ..offline_state import OFFLINE, is_offline, network_state
from ..snapshot import SourceSummary, StoreSnapshot
from .text import clean_line

WIDE_SEPARATOR = "  ·  "
NARROW_SEPARATOR = " · "
MIN_PLATFORMS = 8
"""The fewest cells the platforms' names are cut to (with an ellipsis) before they go."""


def brand(term: str | None = None) -> str:
    """The header's name: with the whale, except on the Linux console, which has no emoji."""
    term = os.environ.get("TERM", "") if term is None else term
    return "whalewatch" if term == "linux" else "🐋 whalewatch"


def _s(count: int) -> str:
    return "" if count == 1 else "s"


class HeaderPart(NamedTuple):
    """One part of the header in its spellings, longest first, each whole words and numbers."""

    variants: tuple[str, ...]
    style: str = ""
    keep: int = 0
    """How long it stays: the lowest is shortened, then dropped, first."""
    joined: bool = False
    """Follows the previous part after a space, not a separator (the DEMO badge)."""
    spare: bool = False
    """Shortened before the platforms' names are cut (the name "whalewatch" itself)."""


def header_parts(snapshot: StoreSnapshot, demo: bool = False) -> list[HeaderPart]:
    """The header's parts in the order shown, the platforms' names (the elastic part) last."""
    summary = snapshot.source_summary()
    name = brand()
    parts = [HeaderPart((name, name.split()[0]), "bold", keep=40, spare=True)]
    if demo:
        parts.append(HeaderPart((" DEMO ",), "reverse", keep=100, joined=True))
    open_count = len(snapshot.open_incidents)
    if open_count:
        parts.append(
            HeaderPart(
                (f"{open_count} open incident{_s(open_count)}", f"{open_count} open"),
                "bold $text-error",
                keep=90,
            )
        )
    if summary.unacknowledged:
        n = summary.unacknowledged
        parts.append(
            HeaderPart(
                (f"⚠ {n} UNACKNOWLEDGED outage{_s(n)}", f"⚠ {n} unacknowledged", f"⚠ {n} unacked"),
                "bold $text-warning",
                keep=85,
            )
        )
    network = network_state(snapshot.sources, snapshot.health)
    if network.offline:
        parts.append(
            HeaderPart((network.describe(), OFFLINE, "offline"), "bold $text-warning", keep=80)
        )
    # A source that could not be judged while offline is not counted as failing.
    cannot_tell = sum(1 for s in snapshot.sources if is_offline(snapshot.health.get(s.id)))
    failing = max(0, summary.failing - cannot_tell) if network.offline else summary.failing
    if failing:
        parts.append(
            HeaderPart(
                (f"{failing} source{_s(failing)} failing", f"{failing} failing"), "$text-error", 75
            )
        )
    parts.append(HeaderPart(_sources_variants(summary), keep=30))
    return parts


def _sources_variants(summary: SourceSummary) -> tuple[str, ...]:
    """``4 sources, 2 ok, 1 stale`` down to ``4 src``: the counts, fewer of them each time."""
    if not summary.total:
        return ("no sources",)
    rest = [
        (summary.stale, "stale", "stale"),
        (summary.paused, "paused", "paused"),
        (summary.pending, "not polled yet", "new"),
    ]
    long = [f"{summary.total} source{_s(summary.total)}", f"{summary.ok} ok"]
    short = [f"{summary.total} src", f"{summary.ok} ok"]
    for count, word, brief in rest:
        if count:
            long.append(f"{count} {word}")
            short.append(f"{count} {brief}")
    return (", ".join(long), ", ".join(short), ", ".join(short[:2]), short[0])


def platforms_text(snapshot: StoreSnapshot) -> str:
    names = snapshot.platform_names
    return clean_line(", ".join(names), 200) if names else "no platform yet"


def _ellipsized(text: str, cells: int) -> str:
    if cell_len(text) <= cells:
        return text
    while text and cell_len(text) > cells - 1:
        text = text[:-1]
    return text.rstrip(" ,") + "…"


class FittedHeader(NamedTuple):
    """What fits: each part kept in its chosen spelling, the elastic text, the separator."""

    parts: list[tuple[HeaderPart, str]]
    elastic: str
    separator: str

    def content(self, elastic_style: str = "bold $accent") -> Content:
        pieces: list[tuple[str, str] | str] = []
        for position, (part, text) in enumerate(self.parts):
            if position:
                pieces.append(" " if part.joined else (self.separator, "$text-muted"))
            pieces.append((text, part.style))
        if self.elastic:
            pieces += [(self.separator, "$text-muted"), (self.elastic, elastic_style)]
        return Content.assemble(*pieces)


def fit_header(parts: Sequence[HeaderPart], elastic: str, width: int) -> FittedHeader:
    """The header that fits ``width`` cells (``0``: no limit, everything in full).

    Moves, in order, until the line fits ``width`` cells: narrower separators; the spare
    parts at their briefest; the elastic text cut with an ellipsis (to
    :data:`MIN_PLATFORMS` at least); the parts shortened to their briefest spelling, lowest
    ``keep`` first; then the elastic text dropped, then the parts dropped whole, lowest
    ``keep`` first.
    """
    step = [0] * len(parts)
    dropped = [False] * len(parts)
    separator = WIDE_SEPARATOR
    elastic_floor: int | None = None  # None: the whole text; 0: dropped

    def chosen() -> list[tuple[int, str]]:
        return [(i, p.variants[step[i]]) for i, p in enumerate(parts) if not dropped[i]]

    def fixed_width() -> int:
        cells = 0
        for position, (i, text) in enumerate(chosen()):
            gap = 0 if position == 0 else (1 if parts[i].joined else cell_len(separator))
            cells += gap + cell_len(text)
        return cells

    def elastic_room() -> int:
        return width - fixed_width() - cell_len(separator)

    def fits() -> bool:
        if elastic_floor == 0:
            return fixed_width() <= width
        need = cell_len(elastic) if elastic_floor is None else elastic_floor
        return elastic_room() >= need

    def moves() -> Iterator[None]:
        """Each step makes the line shorter; the caller stops at the first that fits."""
        nonlocal separator, elastic_floor
        separator = NARROW_SEPARATOR
        yield
        for i, part in enumerate(parts):
            if part.spare and len(part.variants) > 1:
                step[i] = len(part.variants) - 1
                yield
        elastic_floor = MIN_PLATFORMS
        yield
        order = sorted(range(len(parts)), key=lambda i: parts[i].keep)
        for i in order:
            while step[i] < len(parts[i].variants) - 1:
                step[i] += 1
                yield
        elastic_floor = 0
        yield
        for i in order[:-1] if len(order) > 1 else ():
            dropped[i] = True
            yield

    if width > 0 and not fits():
        for _ in moves():
            if fits():
                break
    kept = [(parts[i], text) for i, text in chosen()]
    if width <= 0 or elastic_floor is None:
        return FittedHeader(kept, elastic, separator)
    room = elastic_room() if elastic_floor else 0
    return FittedHeader(
        kept, _ellipsized(elastic, room) if room >= MIN_PLATFORMS else "", separator
    )


class StatusLine(Static):
    """``🐋 whalewatch · 1 open incident · 1 source failing · 3 sources, 2 ok · X/Twitter``."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content("whalewatch"), id=id, markup=False)
        self._shown: tuple[StoreSnapshot, bool] | None = None

    def show(self, snapshot: StoreSnapshot, demo: bool = False) -> None:
        self._shown = (snapshot, demo)
        self._render_header()

    def on_resize(self) -> None:
        self._render_header()

    def _render_header(self) -> None:
        if self._shown is None:
            return
        snapshot, demo = self._shown
        fitted = fit_header(header_parts(snapshot, demo), platforms_text(snapshot), self.size.width)
        self.update(fitted.content())
