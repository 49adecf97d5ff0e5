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
    assert list(rows.item_rows) == list(grouped.item_rows)


def test_when_every_item_matches_the_grouping_is_reused() -> None:
    items = [item(n, START + timedelta(hours=5 * n), ["outage"]) for n in range(50)]
    unfiltered = group_rows(items, True)
    visible, rows = search_rows(items, search_columns(items), "out", True, unfiltered)
    assert rows is unfiltered and list(visible) == items


typing = st.lists(
    st.one_of(
        st.tuples(st.just("type"), st.sampled_from("aeilnogstu ")),
        st.tuples(st.just("erase"), st.just("")),
        st.tuples(st.just("insert"), st.sampled_from("aeilnogstu")),
    ),
    min_size=1,
    max_size=12,
)


@given(history, typing, st.booleans())
def test_a_search_typed_letter_by_letter_finds_what_a_fresh_search_does(
    entries, keys, newest_first
) -> None:
    """The columns narrow each letter's search to the last one's matches and keep the last
    grouping: typed, erased or inserted in the middle, a search shows what it would have
    shown typed at once into a fresh search."""
    moments = sorted(START + timedelta(hours=h) for h, _ in entries)
    items = [
        item(n, m, words) for n, (m, (_, words)) in enumerate(zip(moments, entries, strict=True))
    ]
    columns = search_columns(items)
    unfiltered = group_rows(items, newest_first)
    text = ""
    for action, letter in keys:
        if action == "type":
            text += letter
        elif action == "erase":
            text = text[:-1]
        else:
            text = text[: len(text) // 2] + letter + text[len(text) // 2 :]
        if not text:
            continue
        visible, rows = search_rows(items, columns, text, newest_first, unfiltered)
        fresh, fresh_rows = search_rows(items, search_columns(items), text, newest_first)
        assert list(visible) == list(fresh) == apply_filter(items, TimelineFilter(text=text))
        assert lines(rows) == lines(fresh_rows)
        assert list(rows.item_rows) == list(fresh_rows.item_rows)


def test_a_letter_that_leaves_the_same_matches_reuses_their_grouping() -> None:
    items = [
        item(n, START + timedelta(hours=5 * n), ["outage" if n % 2 else "slow"]) for n in range(40)
    ]
    columns = search_columns(items)
    first = search_rows(items, columns, "out", True)
    assert search_rows(items, columns, "outa", True)[1] is first[1]
    assert search_rows(items, columns, "outa", False)[1] is not first[1]
