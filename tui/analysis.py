"""How often a platform breaks, and for how long: pure functions over incidents.

This answers the question the dashboard exists for — did things get worse after a change? —
without touching the store or Textual, so the figures are the same in the Stats screen, in the
CLI and in tests.

Conventions every figure here follows:

* An incident belongs to the period (week, month, comparison window) in which it *started*,
  with its whole duration, even when it ends in a later period.
* An open incident lasts up to ``now``, which is always a parameter (never the clock), so a
  figure can be recomputed and tested.
* ``downtime_seconds`` is the *union* of the incidents' intervals: wall time during which at
  least one incident was open. Two overlapping one-hour incidents make one hour of downtime,
  not two. ``downtime_sum_seconds`` is the plain sum of durations (incident-hours), kept
  alongside because it is what "total outage time" means in many reports.
* MTTR (mean time to resolve) is the mean duration of the *resolved* incidents only; it is
  ``None`` when none is resolved, since an open incident has no repair time yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from .domain import Incident
from .text import clean_line

Period = Literal["week", "month"]

BLOCKS = " ▏▎▍▌▋▊▉█"
"""Eighths of a character cell, so bars keep their proportions at any width."""

MARKER = "▲"


@dataclass(frozen=True)
class Summary:
    """Count, downtime (union and sum) and MTTR of a set of incidents."""

    count: int
    downtime_seconds: float
    downtime_sum_seconds: float
    mttr_seconds: float | None
    resolved: int


@dataclass(frozen=True)
class Bucket:
    """One week or month of incidents, ``start`` inclusive and ``end`` exclusive."""

    start: datetime
    end: datetime
    count: int
    downtime_seconds: float
    mttr_seconds: float | None
    downtime_sum_seconds: float = 0.0

    @property
    def label(self) -> str:
        return self.start.date().isoformat()


@dataclass(frozen=True)
class WindowStats:
    """The incidents that started in ``[start, end)``, summarised."""

    start: datetime
    end: datetime
    count: int
    downtime_seconds: float
    downtime_sum_seconds: float
    mttr_seconds: float | None

    @property
    def days(self) -> float:
        return (self.end - self.start).total_seconds() / 86400


@dataclass(frozen=True)
class Comparison:
    """Equal windows before and after a change, and after/before ratios.

    A ratio is ``None`` when the "before" figure is zero (or absent) and so cannot divide.
    ``truncated`` is true when the "after" window would have reached past ``now``: both windows
    are then shortened to the same ``window_days`` so the comparison stays fair.
    """

    change_moment: datetime
    before: WindowStats
    after: WindowStats
    ratio_count: float | None
    ratio_downtime: float | None
    ratio_mttr: float | None
    window_days: float
    requested_window_days: float
    truncated: bool


def _aware(moment: datetime | date) -> datetime:
    if isinstance(moment, datetime):
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


def _end_of(incident: Incident, now: datetime) -> datetime:
    end = incident.resolved_at or now
    return max(end, incident.started_at)


def union_seconds(intervals: Iterable[tuple[datetime, datetime]]) -> float:
    """Seconds covered by at least one interval (overlaps counted once)."""
    total = 0.0
    current_start: datetime | None = None
    current_end: datetime | None = None
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if current_end is None or start > current_end:
            if current_start is not None and current_end is not None:
                total += (current_end - current_start).total_seconds()
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_start is not None and current_end is not None:
        total += (current_end - current_start).total_seconds()
    return total


def summarize(incidents: Iterable[Incident], now: datetime) -> Summary:
    """Count, union and summed downtime, and MTTR of ``incidents`` (open ones last to ``now``)."""
    now = _aware(now)
    items = list(incidents)
    intervals = [(i.started_at, _end_of(i, now)) for i in items]
    durations = [(end - start).total_seconds() for start, end in intervals]
    resolved = [
        (_end_of(i, now) - i.started_at).total_seconds() for i in items if i.resolved_at is not None
    ]
    return Summary(
        count=len(items),
        downtime_seconds=union_seconds(intervals),
        downtime_sum_seconds=float(sum(durations)),
        mttr_seconds=sum(resolved) / len(resolved) if resolved else None,
        resolved=len(resolved),
    )


def period_start(moment: datetime, period: Period) -> datetime:
    """The start of the week (Monday 00:00 UTC) or month that contains ``moment``."""
    moment = _aware(moment).astimezone(UTC)
    day = moment.date()
    if period == "week":
        day = day - timedelta(days=day.weekday())
    elif period == "month":
        day = day.replace(day=1)
    else:
        raise ValueError(f"period must be 'week' or 'month', not {period!r}")
    return _aware(day)


def next_period(start: datetime, period: Period) -> datetime:
    if period == "week":
        return start + timedelta(days=7)
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    return start.replace(year=year, month=month, day=1)


def incident_counts(
    incidents: Iterable[Incident],
    period: Period = "week",
    start: datetime | date | None = None,
    end: datetime | date | None = None,
    now: datetime | None = None,
) -> list[Bucket]:
    """Incidents per week or month, bucketed by start, with downtime and MTTR per bucket.

    Every period from ``start`` to ``end`` (inclusive of the periods that contain them) gets a
    bucket, empty ones included, so a chart shows quiet weeks as quiet. Without ``start`` or
    ``end`` the range is that of the incidents' starts. ``now`` (default: the latest start or
    end seen) is where open incidents stop counting.
    """
    items = sorted(incidents, key=lambda i: i.started_at)
    if now is None:
        moments = [i.started_at for i in items] + [i.resolved_at for i in items if i.resolved_at]
        now = max(moments) if moments else datetime.now(UTC)
    now = _aware(now)
    if not items and (start is None or end is None):
        return []
    first = period_start(_aware(start) if start is not None else items[0].started_at, period)
    last_moment = _aware(end) if end is not None else items[-1].started_at
    buckets: list[Bucket] = []
    cursor = first
    by_bucket: dict[datetime, list[Incident]] = {}
    for incident in items:
        by_bucket.setdefault(period_start(incident.started_at, period), []).append(incident)
    while cursor <= last_moment:
        try:
            following = next_period(cursor, period)
        except (OverflowError, ValueError):  # the last period a date holds (year 9999)
            following = datetime.max.replace(tzinfo=UTC)
        summary = summarize(by_bucket.get(cursor, ()), now)
        buckets.append(
            Bucket(
                start=cursor,
                end=following,
                count=summary.count,
                downtime_seconds=summary.downtime_seconds,
                mttr_seconds=summary.mttr_seconds,
                downtime_sum_seconds=summary.downtime_sum_seconds,
            )
        )
        if following <= cursor:
            break
        cursor = following
    return buckets


def window_stats(
    incidents: Iterable[Incident], start: datetime, end: datetime, now: datetime
) -> WindowStats:
    """Summary of the incidents that started in ``[start, end)``."""
    chosen = [i for i in incidents if start <= i.started_at < end]
    summary = summarize(chosen, now)
    return WindowStats(
        start=start,
        end=end,
        count=summary.count,
        downtime_seconds=summary.downtime_seconds,
        downtime_sum_seconds=summary.downtime_sum_seconds,
        mttr_seconds=summary.mttr_seconds,
    )


def _ratio(after: float | None, before: float | None) -> float | None:
    if after is None or not before:
        return None
    return after / before


def compare_around(
    change_moment: datetime | date,
    incidents: Iterable[Incident],
    window_days: float = 90,
    now: datetime | None = None,
) -> Comparison:
    """Compare the ``window_days`` before a change with the same length after it.

    When the "after" window would end in the future, both windows are cut to ``now - change``
    so that they stay equally long (``truncated`` says so). A change in the future gives two
    empty windows of length zero rather than an error.
    """
    change = _aware(change_moment)
    now = _aware(now) if now is not None else datetime.now(UTC)
    requested = timedelta(days=window_days)
    # Cut to the time elapsed since the change, and to what a date can hold (a hand-edited
    # change on 0001-01-01 or 9999-12-31 has no 90 days on one side).
    length = min(
        requested,
        max(timedelta(0), now - change),
        change - datetime.min.replace(tzinfo=UTC),
        datetime.max.replace(tzinfo=UTC) - change,
    )
    truncated = length < requested
    items = list(incidents)
    before = window_stats(items, change - length, change, now)
    after = window_stats(items, change, change + length, now)
    return Comparison(
        change_moment=change,
        before=before,
        after=after,
        ratio_count=_ratio(after.count, before.count),
        ratio_downtime=_ratio(after.downtime_seconds, before.downtime_seconds),
        ratio_mttr=_ratio(after.mttr_seconds, before.mttr_seconds),
        window_days=length.total_seconds() / 86400,
        requested_window_days=float(window_days),
        truncated=truncated,
    )


def _bar(value: float, maximum: float, cells: int) -> str:
    if maximum <= 0 or value <= 0 or cells <= 0:
        return ""
    eighths = round(value / maximum * cells * 8)
    eighths = max(eighths, 1)
    full, rest = divmod(eighths, 8)
    return "█" * full + (BLOCKS[rest] if rest else "")


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _value_text(bucket: Bucket, value: str) -> str:
    if value == "downtime":
        return f"{bucket.downtime_seconds / 3600:.1f}h"
    return str(bucket.count)


QUIET_STRETCH = 6
"""Empty periods in a row from which a chart shows one line for them all."""


def _quiet_stretches(
    figures: Sequence[float], marked: Mapping[int, object]
) -> dict[int, int | None]:
    """Runs of at least :data:`QUIET_STRETCH` empty, unmarked buckets: each run's first index
    maps to its last, the others to ``None`` (drawn by the first)."""
    found: dict[int, int | None] = {}
    index = 0
    while index < len(figures):
        end = index
        while end < len(figures) and not figures[end] and end not in marked:
            end += 1
        if end - index >= QUIET_STRETCH:
            found.update(dict.fromkeys(range(index + 1, end)))
            found[index] = end - 1
        index = max(end, index + 1)
    return found


def _stretch_line(stretch: Sequence[Bucket], label_width: int) -> str:
    """``      ⋮    │ 171 weeks without incidents (2019-03-04 to 2022-06-20)``."""
    days = (stretch[0].end - stretch[0].start).days
    unit = "week" if days <= 7 else "month"
    span = f"{stretch[0].label} to {stretch[-1].label}"
    return f"{'⋮':^{label_width}} │ {len(stretch)} {unit}s without incidents ({span})"


def bar_chart(
    buckets: Sequence[Bucket],
    width: int = 80,
    markers: Sequence[tuple[datetime | date, str]] = (),
    value: Literal["count", "downtime"] = "count",
) -> list[str]:
    """A plain-text horizontal bar chart, one line per bucket, with changes marked.

    Each line reads ``2023-03-06 │████▌ 5``: the period's first day, the bar, the figure.
    A change is drawn as a line under the bucket it falls in, ``▲ 2022-10-27 Acquisition…``,
    so the chart stays readable without colour and in a plain text file. A long run of empty
    periods is one line (``⋮ │ 171 weeks without incidents``): one incident far from the rest
    must not stretch the chart over years of nothing. No line is longer than ``width``.
    """
    if not buckets:
        return ["(no incidents)"]
    figures = [
        b.downtime_seconds / 3600 if value == "downtime" else float(b.count) for b in buckets
    ]
    texts = [_value_text(b, value) for b in buckets]
    label_width = max(len(b.label) for b in buckets)
    figure_width = max(len(t) for t in texts)
    cells = max(1, width - label_width - 2 - 1 - figure_width)
    maximum = max(figures)
    placed: dict[int, list[tuple[datetime, str]]] = {}
    for moment, label in markers:
        when = _aware(moment)
        for index, bucket in enumerate(buckets):
            if bucket.start <= when < bucket.end:
                placed.setdefault(index, []).append((when, label))
                break
    lines = []
    quiet = _quiet_stretches(figures, placed)
    for index, bucket in enumerate(buckets):
        if index in quiet:
            last = quiet[index]
            if last is not None:  # the first bucket of a stretch stands for all of it
                lines.append(_fit(_stretch_line(buckets[index : last + 1], label_width), width))
            continue
        bar = _bar(figures[index], maximum, cells)
        line = f"{bucket.label:<{label_width}} │{bar:<{cells}} {texts[index]:>{figure_width}}"
        lines.append(line.rstrip()[:width])
        for when, label in sorted(placed.get(index, ())):
            text = f"{' ' * label_width} {MARKER} {when.date().isoformat()} {clean_line(label)}"
            lines.append(_fit(text, width))
    return lines
