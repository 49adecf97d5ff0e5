"""Grouping the chronicle into screen lines: headers where the day or month changes, items in order.

``group_rows`` stores only headers and line numbers and makes item lines on demand; these
tests compare it with the plain one-line-per-object grouping it replaced, on any history.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

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
