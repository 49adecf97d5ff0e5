"""The plain-text bar chart: readable at 80 columns, without colour, with changes marked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tui.analysis import Bucket, bar_chart


def week(day: date, count: int, hours: float = 0.0) -> Bucket:
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return Bucket(start, start + timedelta(days=7), count, hours * 3600, None)


BUCKETS = [
    week(date(2022, 10, 17), 1),
    week(date(2022, 10, 24), 2),
    week(date(2022, 10, 31), 4),
    week(date(2022, 11, 7), 0),
]


def test_each_period_is_a_labelled_line_with_its_count() -> None:
    lines = bar_chart(BUCKETS, width=80)
    assert len(lines) == 4
    assert [line[:10] for line in lines] == ["2022-10-17", "2022-10-24", "2022-10-31", "2022-11-07"]
    assert [line.split()[-1] for line in lines] == ["1", "2", "4", "0"]
    assert all(len(line) <= 80 for line in lines)


def test_bars_are_proportional_to_the_counts() -> None:
    lines = bar_chart(BUCKETS, width=80)
    bars = [line.count("█") for line in lines]
    # 80 columns - 10 (label) - 2 (" │") - 1 (space) - 1 (figure) = 66 cells for the largest.
    assert bars == [16, 33, 66, 0]


def test_a_change_is_marked_under_the_week_it_falls_in_with_its_label() -> None:
    lines = bar_chart(BUCKETS, width=80, markers=[(date(2022, 10, 27), "Acquisition closes")])
    assert lines[1].startswith("2022-10-24")
    assert "▲ 2022-10-27 Acquisition closes" in lines[2]
    assert lines[3].startswith("2022-10-31")


def test_long_marker_labels_are_cut_to_the_width_and_cannot_inject_escapes() -> None:
    label = "\x1b[2J" + "A very long label " * 10
    lines = bar_chart(BUCKETS, width=60, markers=[(date(2022, 11, 8), label)])
    assert all(len(line) <= 60 for line in lines)
    assert lines[-1].endswith("…")
    assert "\x1b" not in "".join(lines)


def test_downtime_chart_shows_hours() -> None:
    buckets = [week(date(2023, 3, 6), 2, hours=6.0), week(date(2023, 3, 13), 1, hours=1.5)]
    lines = bar_chart(buckets, width=40, value="downtime")
    assert [line.split()[-1] for line in lines] == ["6.0h", "1.5h"]


def test_no_buckets_says_so() -> None:
    assert bar_chart([], width=80) == ["(no incidents)"]


def test_a_long_quiet_stretch_is_one_line() -> None:
    first = date(2019, 3, 4)
    buckets = [week(first, 2)]
    buckets += [week(first + timedelta(days=7 * n), 0) for n in range(1, 176)]
    buckets.append(week(first + timedelta(days=7 * 176), 1))
    lines = bar_chart(buckets, width=80)
    assert len(lines) == 3
    assert lines[1].split("│")[1].strip() == (
        "175 weeks without incidents (2019-03-11 to 2022-07-11)"
    )
    assert lines[2].startswith("2022-07-18") and all(len(line) <= 80 for line in lines)


def test_a_change_inside_a_quiet_stretch_keeps_its_week() -> None:
    first = date(2020, 1, 6)
    buckets = [week(first, 1)] + [week(first + timedelta(days=7 * n), 0) for n in range(1, 30)]
    buckets.append(week(first + timedelta(days=7 * 30), 3))
    lines = bar_chart(buckets, width=80, markers=[(first + timedelta(days=7 * 15 + 2), "Change")])
    text = "\n".join(lines)
    assert "14 weeks without incidents" in text and "▲ 2020-04-22 Change" in text
    assert len(lines) < 10
