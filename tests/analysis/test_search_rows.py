"""A search typed into the timeline: ``search_rows`` over the search columns finds and groups
exactly what filtering item by item and grouping the matches does, on any history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tui.chronicle import (
    TimelineFilter,
    TimelineItem,
    apply_filter,
    group_rows,
    search_columns,
    search_rows,
)

START = datetime(2022, 10, 1, tzinfo=UTC)
WORDS = ["outage", "login", "api", "payments", "slow"]


def item(n: int, moment: datetime, words: list[str]) -> TimelineItem:
    title = " ".join(words) or "nothing"
    return TimelineItem(
        kind="event",
        ref=str(n),
        moment=moment,
        has_time=True,
        title=title,
        category="api",
        platform="X",
        haystack=title.lower(),
    )


def lines(rows) -> list[tuple]:
    return [(row.kind, row.label, row.item) for row in rows]


history = st.lists(
    st.tuples(st.integers(0, 24 * 90), st.lists(st.sampled_from(WORDS), max_size=3)),
    max_size=60,
)


@given(history, st.sampled_from([*WORDS, "o", "LOGIN", "a", "zzz"]), st.booleans())
def test_search_rows_are_the_filtered_grouping(entries, text, newest_first) -> None:
    moments = sorted(START + timedelta(hours=h) for h, _ in entries)
    items = [
        item(n, m, words) for n, (m, (_, words)) in enumerate(zip(moments, entries, strict=True))
    ]
    visible, rows = search_rows(items, search_columns(items), text, newest_first)
    expected = apply_filter(items, TimelineFilter(text=text))
    assert list(visible) == expected
    grouped = group_rows(expected, newest_first)
    assert lines(rows) == lines(grouped)
    assert list(rows.items) == list(grouped.items)
    assert rows.item_rows == grouped.item_rows


def test_when_every_item_matches_the_grouping_is_reused() -> None:
    items = [item(n, START + timedelta(hours=5 * n), ["outage"]) for n in range(50)]
    unfiltered = group_rows(items, True)
    visible, rows = search_rows(items, search_columns(items), "out", True, unfiltered)
    assert rows is unfiltered and list(visible) == items
