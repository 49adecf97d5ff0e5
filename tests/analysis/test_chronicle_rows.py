"""Grouping the chronicle into screen lines: headers where the day or month changes, items in order.

``group_rows`` stores only headers and line numbers and makes item lines on demand; these
tests compare it with the plain one-line-per-object grouping it replaced, on any history.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.chronicle import TimelineItem, group_rows, nearest_item_row

START = datetime(2022, 10, 1, tzinfo=UTC)


def item(n: int, moment: datetime) -> TimelineItem:
    return TimelineItem(
        kind="event",
        ref=str(n),
        moment=moment,
        has_time=True,
        title=f"item {n}",
        category="api",
        platform="X",
    )


def naive_lines(items: list[TimelineItem], newest_first: bool) -> list[tuple]:
    """One line per header and item, built the obvious way."""
    lines: list[tuple] = []
    last_day = last_month = None
    for entry in reversed(items) if newest_first else items:
        day = entry.moment.date()
        if day != last_day:
            if (day.year, day.month) != last_month:
                lines.append(("month", day.strftime("%B %Y"), None))
                last_month = (day.year, day.month)
            lines.append(("day", day.strftime("%a %d %b %Y"), None))
            last_day = day
        lines.append(("item", "", entry))
    return lines


offsets = st.lists(st.integers(min_value=0, max_value=200 * 24 * 60), max_size=80)


@given(offsets, st.booleans())
def test_lines_match_the_plain_grouping(minutes: list[int], newest_first: bool) -> None:
    items = [item(n, START + timedelta(minutes=m)) for n, m in enumerate(sorted(minutes))]
    rows = group_rows(items, newest_first)
    expected = naive_lines(items, newest_first)
    assert len(rows) == len(expected)
    assert [(row.kind, row.label, row.item) for row in rows] == expected
    # item_rows[n] is the line of the n-th item in display order.
    assert [rows[line].item for line in rows.item_rows] == list(rows.items)
    assert list(rows.items) == (items[::-1] if newest_first else items)


def test_headers_are_dated_and_negative_indexes_work() -> None:
    items = [item(0, START), item(1, START + timedelta(days=40))]
    rows = group_rows(items, newest_first=True)
    first, second = rows[0], rows[1]
    assert (first.kind, first.label, first.day) == ("month", "November 2022", date(2022, 11, 1))
    assert (second.kind, second.day) == ("day", date(2022, 11, 10))
    assert rows[-1].item is items[0]
    assert nearest_item_row(rows, date(2022, 10, 15), newest_first=True) == 1


def test_an_empty_chronicle_has_no_lines() -> None:
    rows = group_rows([], newest_first=True)
    assert len(rows) == 0 and list(rows.item_rows) == [] and list(rows) == []


@given(offsets, st.booleans())
def test_item_lines_are_the_plain_line_numbers(minutes: list[int], newest_first: bool) -> None:
    """Kept per day, the item lines still answer as the list of every item's line would:
    by position (also negative, and sliced), in order, and 'first item on or below a line'
    as a bisection of that list."""
    items = [item(n, START + timedelta(minutes=m)) for n, m in enumerate(sorted(minutes))]
    rows = group_rows(items, newest_first)
    plain = [line for line, entry in enumerate(naive_lines(items, newest_first)) if entry[2]]
    lines = rows.item_rows
    assert len(lines) == len(plain)
    assert list(lines) == plain
    assert [lines[n] for n in range(len(plain))] == plain
    assert lines[1:4] == plain[1:4] and lines[::-1] == plain[::-1]
    if plain:
        assert lines[-1] == plain[-1]
    for line in range(-1, len(rows) + 2):
        assert lines.at_or_below(line) == bisect_left(plain, line)


def test_item_lines_refuse_positions_past_either_end() -> None:
    lines = group_rows([item(0, START), item(1, START)], newest_first=False).item_rows
    for position in (2, -3):
        with pytest.raises(IndexError):
            lines[position]


@given(offsets, st.dates(date(2022, 9, 1), date(2023, 6, 1)), st.booleans())
def test_nearest_item_row_is_the_first_item_on_the_far_side_of_the_date(
    minutes: list[int], target: date, newest_first: bool
) -> None:
    items = [item(n, START + timedelta(minutes=m)) for n, m in enumerate(sorted(minutes))]
    rows = group_rows(items, newest_first)
    days = [entry.moment.date() for entry in rows.items]
    wanted = [n for n, day in enumerate(days) if (day <= target if newest_first else day >= target)]
    expected = wanted[0] if wanted else max(0, len(days) - 1)
    assert nearest_item_row(rows, target, newest_first) == expected
