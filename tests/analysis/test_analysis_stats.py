"""Incident rate, downtime and MTTR figures, checked against hand-computed values."""

from __future__ import annotations

from datetime import UTC, datetime

from tui.analysis import compare_around, incident_counts, summarize
from tui.domain import Incident, format_duration

HOUR = 3600.0


def at(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2023) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def incident(name: str, start: datetime, end: datetime | None) -> Incident:
    return Incident(
        source_id="s",
        external_id=name,
        title=name,
        status="resolved" if end else "investigating",
        impact="major",
        started_at=start,
        resolved_at=end,
    )


def test_overlapping_incidents_count_their_shared_time_once_in_downtime() -> None:
    # 16:00-21:00 and 20:00-22:00: the wall clock shows 16:00-22:00 down (6 h),
    # the incidents add up to 5 h + 2 h = 7 h, and the mean repair time is 3.5 h.
    items = [incident("a", at(3, 6, 16), at(3, 6, 21)), incident("b", at(3, 6, 20), at(3, 6, 22))]
    summary = summarize(items, now=at(4, 1))
    assert summary.count == 2
    assert summary.downtime_seconds == 6 * HOUR
    assert summary.downtime_sum_seconds == 7 * HOUR
    assert summary.mttr_seconds == 3.5 * HOUR


def test_an_incident_inside_another_adds_no_downtime() -> None:
    items = [incident("a", at(3, 6, 10), at(3, 6, 14)), incident("b", at(3, 6, 11), at(3, 6, 12))]
    summary = summarize(items, now=at(4, 1))
    assert summary.downtime_seconds == 4 * HOUR
    assert summary.downtime_sum_seconds == 5 * HOUR


def test_disjoint_and_touching_incidents_add_up() -> None:
    items = [
        incident("a", at(3, 6, 10), at(3, 6, 11)),
        incident("b", at(3, 6, 11), at(3, 6, 12)),  # starts as a ends
        incident("c", at(3, 7, 10), at(3, 7, 10, 30)),
    ]
    summary = summarize(items, now=at(4, 1))
    assert summary.downtime_seconds == 2.5 * HOUR
    assert summary.downtime_sum_seconds == 2.5 * HOUR


def test_open_incident_lasts_until_now_but_has_no_repair_time() -> None:
    items = [incident("open", at(3, 6, 10), None), incident("done", at(3, 6, 9), at(3, 6, 9, 30))]
    summary = summarize(items, now=at(3, 6, 12))
    assert summary.downtime_seconds == 2.5 * HOUR
    assert summary.mttr_seconds == 0.5 * HOUR
    only_open = summarize([items[0]], now=at(3, 6, 12))
    assert only_open.mttr_seconds is None
    assert only_open.downtime_seconds == 2 * HOUR


def test_weekly_buckets_start_on_monday_and_keep_quiet_weeks() -> None:
    items = [
        incident("sun", at(3, 12, 23), at(3, 13, 2)),  # Sunday: week of Mon 6 March, all 3 h
        incident("mon", at(3, 13, 8), at(3, 13, 9)),  # Monday 13 March
        incident("late", at(3, 29, 8), at(3, 29, 10)),  # Wednesday 29 March
    ]
    buckets = incident_counts(items, "week", now=at(4, 1))
    assert [b.label for b in buckets] == ["2023-03-06", "2023-03-13", "2023-03-20", "2023-03-27"]
    assert [b.count for b in buckets] == [1, 1, 0, 1]
    assert [b.downtime_seconds for b in buckets] == [3 * HOUR, HOUR, 0.0, 2 * HOUR]
    assert buckets[2].mttr_seconds is None


def test_monthly_buckets_cross_the_new_year_and_honour_the_requested_range() -> None:
    items = [
        incident("dec", at(12, 31, 22, year=2022), at(12, 31, 23, year=2022)),
        incident("jan1", at(1, 1, 1), at(1, 1, 3)),
        incident("jan2", at(1, 20, 1), at(1, 20, 2)),
    ]
    buckets = incident_counts(
        items, "month", start=datetime(2022, 11, 15, tzinfo=UTC), end=at(2, 3), now=at(3, 1)
    )
    assert [b.label for b in buckets] == ["2022-11-01", "2022-12-01", "2023-01-01", "2023-02-01"]
    assert [b.count for b in buckets] == [0, 1, 2, 0]
    assert buckets[2].mttr_seconds == 1.5 * HOUR
    assert buckets[1].end == buckets[2].start


def test_compare_around_uses_equal_windows_with_inclusive_starts() -> None:
    change = at(1, 1)
    items = [
        incident("too-early", datetime(2022, 12, 21, 23, tzinfo=UTC), None),
        incident(
            "b1", datetime(2022, 12, 22, 0, tzinfo=UTC), datetime(2022, 12, 22, 2, tzinfo=UTC)
        ),
        incident("b2", datetime(2022, 12, 31, 23, tzinfo=UTC), at(1, 1, 0)),
        incident("a1", at(1, 1, 0), at(1, 1, 1)),
        incident("a2", at(1, 5, 0), at(1, 5, 4)),
        incident("a3", at(1, 10, 23), at(1, 11, 0)),
        incident("too-late", at(1, 11, 0), at(1, 11, 1)),
    ]
    result = compare_around(change, items, window_days=10, now=at(6, 1))
    assert not result.truncated
    assert result.window_days == 10
    assert (result.before.count, result.after.count) == (2, 3)
    assert result.before.downtime_seconds == 3 * HOUR
    assert result.after.downtime_seconds == 6 * HOUR
    assert result.ratio_count == 1.5
    assert result.ratio_downtime == 2.0
    assert result.ratio_mttr == (6 / 3) / (3 / 2)


def test_compare_around_truncates_both_windows_when_after_reaches_now() -> None:
    change = at(1, 1)
    items = [
        incident(
            "long-before", datetime(2022, 12, 15, tzinfo=UTC), datetime(2022, 12, 15, 1, tzinfo=UTC)
        ),
        incident(
            "before", datetime(2022, 12, 25, tzinfo=UTC), datetime(2022, 12, 25, 1, tzinfo=UTC)
        ),
        incident("after", at(1, 3), None),
    ]
    result = compare_around(change, items, window_days=90, now=at(1, 11))
    assert result.truncated
    assert result.requested_window_days == 90
    assert result.window_days == 10
    assert result.before.start == datetime(2022, 12, 22, tzinfo=UTC)
    assert (result.before.count, result.after.count) == (1, 1)
    assert result.after.downtime_seconds == 8 * 24 * HOUR  # open from 3 Jan to now (11 Jan)
    assert result.ratio_mttr is None  # nothing resolved after


def test_ratios_are_none_when_nothing_happened_before() -> None:
    result = compare_around(at(1, 1), [incident("a", at(1, 2), at(1, 2, 1))], 30, now=at(6, 1))
    assert result.before.count == 0
    assert result.ratio_count is None
    assert result.ratio_downtime is None


def test_durations_read_like_prose() -> None:
    assert format_duration(4 * HOUR + 40 * 60) == "4 h 40 min"
    assert format_duration(12 * 60) == "12 min"
    assert format_duration(2 * 86400 + 3 * HOUR) == "2 d 3 h"
    assert format_duration(None) == "n/a"
