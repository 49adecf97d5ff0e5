"""The timeline's items as columns: every field read back as given, filters and searches
over the columns equal to the same over item objects, summaries equal to the incidents."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tui.chronicle import (
    TimelineFilter,
    apply_filter,
    build_items,
    group_rows,
    search_columns,
    search_rows,
)
from tui.demo.synthetic import synthetic_events, synthetic_incidents
from tui.domain import Event
from tui.incident_view import IncidentView
from tui.item_table import ItemTable
from tui.packed import CHUNK, CodedStrings, PackedStrings

NOW = datetime(2030, 1, 1, tzinfo=UTC)


def history(incidents: int = 1_500, events: int = 150) -> list:
    return build_items(synthetic_events(events), synthetic_incidents(incidents), NOW)


texts = st.lists(st.text(max_size=30), max_size=CHUNK * 3 + 7)


@given(texts)
def test_packed_strings_give_back_every_string(strings: list[str]) -> None:
    packed = PackedStrings(strings)
    assert len(packed) == len(strings)
    assert list(packed) == strings == packed.unpacked()
    assert [packed[n] for n in range(len(strings))] == strings
    if strings:
        assert packed[-1] == strings[-1]


def test_packed_strings_keep_nul_and_lone_surrogates() -> None:
    strings = ["a\0b", "\ud800 lone", "", "é" * 600]
    assert list(PackedStrings(strings)) == strings


def test_packed_strings_are_smaller_than_the_strings() -> None:
    titles = [f"Elevated error rates on the API ({n % 40})" for n in range(10_000)]
    assert PackedStrings(titles).packed_size < sum(map(len, titles)) / 5


def test_coded_strings_grow_their_codes_when_the_words_do() -> None:
    words = [f"w{n}" for n in range(70_000)]
    coded = CodedStrings(words)
    assert list(coded) == words and coded.codes.typecode == "I"
    small = CodedStrings(["a", "b", "a"])
    assert small.codes.typecode == "B" and small.words == ("a", "b")
    assert small.code_of("b") == 1 and small.code_of("zzz") is None


def test_a_table_gives_back_every_item() -> None:
    items = history()
    table = ItemTable.from_items(items)
    assert len(table) == len(items)
    assert list(table) == items
    assert table[-1] == items[-1]
    assert list(table[::-1]) == items[::-1]


def test_merged_tables_are_in_time_order_and_count_open_incidents_to_now() -> None:
    items = history()
    halves = [ItemTable.from_items(items[1::2]), ItemTable.from_items(items[::2])]
    later = NOW + timedelta(days=3)
    merged = ItemTable.merged(halves, later)
    assert [i.ref for i in merged] == [i.ref for i in items]
    for old, new in zip(items, merged, strict=True):
        if old.kind == "incident" and old.resolved_at is None:
            assert new.duration_seconds == old.duration_seconds + 3 * 86_400
        else:
            assert new.duration_seconds == old.duration_seconds


FILTERS = [
    TimelineFilter(only="event"),
    TimelineFilter(only="incident", text="payments"),
    TimelineFilter(platform="x/twitter"),
    TimelineFilter(category="outage", start=date(2016, 1, 1), end=date(2017, 6, 30)),
    TimelineFilter(changes_only=True),
    TimelineFilter(detected_only=True),
    TimelineFilter(text="zzz-nothing"),
]


def test_filters_over_columns_equal_filters_over_items() -> None:
    items = history()
    view = ItemTable.from_items(items).view()
    for flt in FILTERS:
        assert list(apply_filter(view, flt)) == apply_filter(items, flt), flt


def test_a_search_over_columns_equals_one_over_items() -> None:
    items = history()
    view = ItemTable.from_items(items).view()
    for text in ("e", "payments", "Delays", "nothing at all"):
        for newest_first in (True, False):
            got, rows = search_rows(view, search_columns(view), text, newest_first)
            want, expected = search_rows(items, search_columns(items), text, newest_first)
            assert list(got) == list(want)
            assert list(rows.item_rows) == list(expected.item_rows)
            assert [r.label for r in rows] == [r.label for r in expected]
    grouped = group_rows(view, True)
    assert [r.item for r in grouped] == [r.item for r in group_rows(items, True)]


def test_a_time_is_found_in_a_view_as_in_its_items() -> None:
    """The cursor's item is found again after a search by its time, read from the column."""
    from bisect import bisect_left

    items = history()
    view = ItemTable.from_items(items).view()
    matches = search_rows(view, search_columns(view), "payments")[0]
    assert isinstance(matches, type(view)) and 0 < len(matches) < len(view)
    moments = [item.moment for item in matches]
    probes = [*moments[::7], moments[0] - timedelta(days=1), moments[-1] + timedelta(seconds=1)]
    for moment in probes:
        assert matches.first_at_or_after(moment) == bisect_left(moments, moment)
        assert view.first_at_or_after(moment) == bisect_left([i.moment for i in items], moment)


def test_incident_summaries_equal_the_incidents() -> None:
    incidents = list(synthetic_incidents(1_200))
    table = ItemTable.from_items(
        build_items([Event(id=1, day=date(2016, 1, 1), title="e")], incidents, NOW)
    )
    view = IncidentView.newest_first(table)
    newest_first = sorted(incidents, key=lambda i: i.started_at, reverse=True)
    assert len(view) == len(incidents)
    for summary, incident in zip(view, newest_first, strict=True):
        assert summary.id == incident.id
        assert (summary.title, summary.status, summary.impact, summary.platform) == (
            incident.title,
            incident.status,
            incident.impact,
            incident.platform,
        )
        assert (summary.started_at, summary.resolved_at) == (
            incident.started_at,
            incident.resolved_at,
        )
    assert view.open_ones() == tuple(i for i in view if i.is_open)
    for incident in incidents[::97]:
        found = view.find(incident.id)
        assert found is not None and found.id == incident.id
    assert view.find("nobody:nothing") is None
    source = incidents[0].source_id
    assert [i.id for i in view.from_sources([source])] == [
        i.id for i in newest_first if i.source_id == source
    ]
