"""The Stats screen: did things get worse after a change, and how honest is each status page?

Incidents per week or month as a bar chart with the marked changes drawn on it, a compact
table of count, downtime and MTTR per period, equal windows before and after a chosen
change told in plain words, and per platform and period what the probes saw and when the
status page admitted it. Every figure comes from :mod:`tui.analysis` and :mod:`tui.honesty`;
this module only lays them out. It reads the snapshot it is given (and the app's newer ones), never the store.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..analysis import Bucket, Comparison, Period, bar_chart, compare_around, incident_counts
from ..chronicle import format_duration
from ..domain import Event, Incident, utcnow
from ..honesty import (
    PeriodHonesty,
    PlatformHonesty,
    honesty_per_period,
    platform_honesty,
    probes_since,
    split_incidents,
)
from ..snapshot import StoreSnapshot
from ..widgets.keys_footer import KeysFooter
from ..widgets.text import clean_line
from .page_keys import PageKeysScreen

if TYPE_CHECKING:
    from textual import getters

    from ..app import WhalewatchApp

WINDOWS = (7, 14, 30, 60, 90, 180, 365)
"""The comparison windows `+` and `-` step through, in days."""

DEFAULT_WINDOW = 90
STATS_KEYS = "   keys: p period · [ ] change · + − window"


def change_events(events: tuple[Event, ...] | list[Event]) -> list[Event]:
    """The events marked as changes, oldest first."""
    return sorted((e for e in events if e.is_change), key=lambda e: (e.moment, e.id))


def default_change(changes: list[Event]) -> int:
    """Index of the acquisition when there is one, else of the latest change (-1: none)."""
    for index, event in enumerate(changes):
        if "acqui" in event.title.lower():
            return index
    return len(changes) - 1


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    return format_duration(seconds) or "0m"


def ratio_text(after: float | None, before: float | None, ratio: float | None) -> str:
    if ratio is not None:
        return f"{ratio:.1f}×"
    if not after and not before:
        return "no change"
    if after is None or before is None:
        return "no ratio"
    return "none before"


def days_text(days: float) -> str:
    return f"{days:.0f}" if abs(days - round(days)) < 0.05 else f"{days:.1f}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def comparison_sentences(change: Event, comparison: Comparison, platform: str = "") -> list[str]:
    """The before/after figures in plain words, one sentence per line."""
    before, after = comparison.before, comparison.after
    days = days_text(comparison.window_days)
    title = clean_line(change.title, 120)
    count = ratio_text(after.count, before.count, comparison.ratio_count)
    downtime = ratio_text(
        after.downtime_seconds, before.downtime_seconds, comparison.ratio_downtime
    )
    mttr = ratio_text(after.mttr_seconds, before.mttr_seconds, comparison.ratio_mttr)
    span = " → ".join(
        moment.date().isoformat() for moment in (before.start, comparison.change_moment, after.end)
    )
    lines = [
        f"After “{title}” ({change.day.isoformat()}): "
        f"{plural(after.count, 'incident')} vs {before.count} in the {days} days before "
        f"({count}); downtime {duration_text(after.downtime_seconds)} vs "
        f"{duration_text(before.downtime_seconds)} ({downtime}); "
        f"MTTR {duration_text(after.mttr_seconds)} vs {duration_text(before.mttr_seconds)} "
        f"({mttr}).",
        f"Windows: {span}, {days} days each"
        + (f"; incidents of {clean_line(platform, 60)} only." if platform else "."),
    ]
    if comparison.truncated:
        lines.append(
            f"The {days_text(comparison.requested_window_days)}-day window would reach past "
            f"now, so both windows are cut to {days} days to stay equal."
        )
    return lines


def period_table(buckets: list[Bucket], period: Period) -> list[str]:
    """Count, downtime and MTTR per period with incidents, then a total line."""
    width = 10 if period == "week" else 7
    header = f"{'Period':<{width}}  {'Incidents':>9}  {'Downtime':>9}  {'MTTR':>9}"
    lines = [header, "─" * len(header)]
    for bucket in buckets:
        if not bucket.count:
            continue
        label = bucket.label if period == "week" else bucket.label[:7]
        lines.append(
            f"{label:<{width}}  {bucket.count:>9}  {duration_text(bucket.downtime_seconds):>9}"
            f"  {duration_text(bucket.mttr_seconds):>9}"
        )
    total = sum(b.count for b in buckets)
    downtime = sum(b.downtime_seconds for b in buckets)
    lines.append("─" * len(header))
    lines.append(f"{'Total':<{width}}  {total:>9}  {duration_text(downtime):>9}")
    empty = sum(1 for b in buckets if not b.count)
    if empty:
        lines.append(f"({plural(empty, period)} without incidents not listed)")
    return lines


NO_PROBE = (
    "No probe watches a platform yet. Add one (whalewatch source add URL --kind probe, or a "
    "on the Sources screen) to see when a status page admits the outages the probe sees."
)


def lag_text(minutes: float | None) -> str:
    """``12 min``, ``2h 05m`` past an hour, ``—`` when nothing was admitted."""
    if minutes is None:
        return "—"
    return f"{minutes:.0f} min" if minutes < 60 else duration_text(minutes * 60)


def honesty_row(label: str, f: PlatformHonesty, width: int) -> str:
    return (
        f"{label:<{width}} {f.outages:>9} {f.admitted:>8} {lag_text(f.median_lag_min):>7} "
        f"{lag_text(f.worst_lag_min):>7} {f.unseen_by_probes:>9}"
    )


def honesty_lines(
    totals: list[PlatformHonesty], rows: list[PeriodHonesty], period: Period
) -> list[str]:
    """Per platform: a sentence, then its figures per period and in all (55 columns wide)."""
    if not totals:
        return [NO_PROBE]
    width = 10 if period == "week" else 7
    header = (
        f"{'Period':<{width}} {'Probe saw':>9} {'Admitted':>8} {'Median':>7} {'Worst':>7} "
        f"{'Page only':>9}"
    )
    lines: list[str] = []
    for total in totals:
        name = clean_line(total.platform or "(no platform)", 60)
        lag = ""
        if total.median_lag_min is not None:
            lag = (
                f", {lag_text(total.median_lag_min)} after the probe in the median "
                f"({lag_text(total.worst_lag_min)} at worst)"
            )
        lines += [
            f"{name}: your probes saw {plural(total.outages, 'outage')}; the status page "
            f"admitted {total.admitted}{lag}; {plural(total.unseen_by_probes, 'page incident')} "
            "no probe saw.",
            header,
            "─" * len(header),
        ]
        lines += [
            honesty_row(row.label, row.figures, width)
            for row in rows
            if row.figures.platform == total.platform
        ]
        lines += ["─" * len(header), honesty_row("All", total, width), ""]
    return lines[:-1]


class StatsScreen(PageKeysScreen):
    """Incidents per period and before/after a change; scrollable, readable at 80x24."""

    PAGE_BODY = "#stats-body"

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        # q goes back here, as on Help: quitting the whole app is the main screen's q.
        Binding("q", "app.pop_screen", "Back", show=False),
        Binding("p", "toggle_period", "Period"),
        Binding("w", "set_period('week')", "Per week", show=False),
        Binding("m", "set_period('month')", "Per month", show=False),
        Binding("left_square_bracket", "cycle_change(-1)", "Prev change"),
        Binding("right_square_bracket", "cycle_change(1)", "Next change", show=False),
        Binding("plus,equals_sign", "window(1)", "Window", key_display="+/−"),
        Binding("minus", "window(-1)", "Window −", show=False),
        Binding("j,down", "scroll(1)", "Scroll", show=False),
        Binding("k,up", "scroll(-1)", "Scroll", show=False),
    ]

    if TYPE_CHECKING:  # as Textual types MessagePump.app; at run time its own property
        app = getters.app(WhalewatchApp)

    def __init__(self, snapshot: StoreSnapshot, now: datetime | None = None) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.now = now
        self.period: Period = "month"
        self.window_days = DEFAULT_WINDOW
        self.changes = change_events(snapshot.events)
        self.change_index = default_change(self.changes)

    def compose(self) -> ComposeResult:
        yield Static(id="stats-header", markup=False)
        with VerticalScroll(id="stats-body"):
            yield Static(id="stats-compare", markup=False)
            yield Static(id="stats-chart-title", classes="stats-section", markup=False)
            yield Static(id="stats-chart", markup=False)
            yield Static(Content("Per period"), classes="stats-section", markup=False)
            yield Static(id="stats-table", markup=False)
            yield Static(id="stats-honesty-title", classes="stats-section", markup=False)
            yield Static(id="stats-honesty", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#stats-body").border_title = "Stats"
        self.query_one("#stats-body").focus()
        if self.snapshot is self.app.snapshot:
            # Given the app's own snapshot: keep up with it (the full history arrives later).
            self.watch(self.app, "snapshot", self.show_snapshot, init=False)
        self.render_stats()

    def on_resize(self) -> None:
        self.render_stats()

    # --- data -------------------------------------------------------------------------------

    @property
    def change(self) -> Event | None:
        if 0 <= self.change_index < len(self.changes):
            return self.changes[self.change_index]
        return None

    def show_snapshot(self, snapshot: StoreSnapshot) -> None:
        """Show ``snapshot``, keeping the chosen change when it is still there."""
        chosen = self.change.id if self.change else None
        self.snapshot = snapshot
        self.changes = change_events(snapshot.events)
        ids = [e.id for e in self.changes]
        self.change_index = ids.index(chosen) if chosen in ids else default_change(self.changes)
        self.render_stats()

    def _incidents_for(self, change: Event | None) -> tuple[list[Incident], str]:
        """The chosen change's platform's incidents when it names one that has any, else all."""
        incidents = list(self.snapshot.incidents)
        if change is not None and change.platform:
            same = [i for i in incidents if i.platform == change.platform]
            if same and len(same) < len(incidents):
                return same, change.platform
        return incidents, ""

    # --- rendering --------------------------------------------------------------------------

    def render_stats(self) -> None:
        if not self.is_mounted:
            return
        now = self.now or utcnow()
        change = self.change
        incidents, platform = self._incidents_for(change)
        self._render_header(incidents, platform)
        self._render_comparison(change, incidents, platform, now)
        self._render_chart(incidents, now)
        self._render_honesty(now)

    def _render_header(self, incidents: list[Incident], platform: str) -> None:
        parts = [
            f"per {self.period}",
            f"window {self.window_days} days",
            f"{plural(len(incidents), 'incident')}"
            + (f" of {clean_line(platform, 40)}" if platform else ""),
        ]
        if self.changes:
            parts.append(f"change {self.change_index + 1} of {len(self.changes)}")
        summary = " · ".join(parts)
        header = self.query_one("#stats-header", Static)
        width = header.size.width or self.size.width
        # The keys go whole or not at all (the footer has them too): never a dangling "keys:".
        text = Content(summary)
        if not width or len(summary) + len(STATS_KEYS) <= width:
            text = Content.assemble(summary, (STATS_KEYS, "italic"))
        if not self.snapshot.full_history:
            text = text + Content.styled(
                "\n⚠ Only the most recent incidents are loaded yet: older history is not counted.",
                "$warning",
            )
        header.update(text)

    def _render_comparison(
        self, change: Event | None, incidents: list[Incident], platform: str, now: datetime
    ) -> None:
        widget = self.query_one("#stats-compare", Static)
        if change is None:
            widget.update(
                Content(
                    "No event is marked as a change. Edit an event (e on the timeline) and tick "
                    "“Mark as a change” to compare the incidents before and after it."
                )
            )
            return
        comparison = compare_around(change.moment, incidents, self.window_days, now)
        first, *rest = comparison_sentences(change, comparison, platform)
        widget.update(
            Content.assemble(
                (first, "bold"), *(Content("\n" + line).stylize("dim") for line in rest)
            )
        )

    def _render_chart(self, incidents: list[Incident], now: datetime) -> None:
        self.query_one("#stats-chart-title", Static).update(
            Content(f"Incidents per {self.period} (▲ marks a change)")
        )
        markers = [(e.moment, e.title) for e in self.changes]
        buckets: list[Bucket] = []
        if incidents:
            starts = [i.started_at for i in incidents]
            # A change up to a year before the first incident widens the chart to show it;
            # one further off, or still to come, is not drawn (a hand-edited 9999-12-31
            # asked for 415,000 weeks of buckets, and a year past what a date holds).
            earliest = min(starts) - timedelta(days=365)
            starts += [moment for moment, _ in markers if earliest <= moment <= now]
            buckets = incident_counts(
                incidents, self.period, start=min(starts), end=max(starts), now=now
            )
        width = max(30, self.size.width - 6)
        lines = bar_chart(buckets, width=width, markers=markers)
        self.query_one("#stats-chart", Static).update(Content("\n".join(lines)))
        table = period_table(buckets, self.period) if buckets else ["(no incidents)"]
        self.query_one("#stats-table", Static).update(Content("\n".join(table)))

    def _render_honesty(self, now: datetime) -> None:
        self.query_one("#stats-honesty-title", Static).update(
            Content(f"How honest the status pages are, per {self.period}")
        )
        outages, page, probes = split_incidents(self.snapshot.incidents, self.snapshot.sources)
        since = probes_since(probes, outages)
        totals = platform_honesty(outages, page, now=now, since=since)
        rows = honesty_per_period(outages, page, self.period, now=now, since=since)
        text = "\n".join(honesty_lines(totals, rows, self.period))
        self.query_one("#stats-honesty", Static).update(Content(text))

    # --- actions ----------------------------------------------------------------------------

    def action_toggle_period(self) -> None:
        self.action_set_period("week" if self.period == "month" else "month")

    def action_set_period(self, period: str) -> None:
        self.period = "week" if period == "week" else "month"
        self.render_stats()

    def action_cycle_change(self, step: int) -> None:
        if not self.changes:
            self.notify("No event is marked as a change.", severity="warning")
            return
        self.change_index = (self.change_index + step) % len(self.changes)
        self.render_stats()

    def action_window(self, step: int) -> None:
        index = WINDOWS.index(self.window_days) if self.window_days in WINDOWS else 4
        index = max(0, min(len(WINDOWS) - 1, index + step))
        self.window_days = WINDOWS[index]
        self.render_stats()

    def action_scroll(self, delta: int) -> None:
        self.query_one("#stats-body", VerticalScroll).scroll_relative(
            y=delta, animate=False, immediate=True
        )
