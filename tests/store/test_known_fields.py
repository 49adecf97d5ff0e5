"""A stored record with a field this version does not know (written by a newer whalewatch, or
edited by hand) is read without it; a record of known fields is read whole. One rule,
``known_fields``, for every record kind that keeps only its own fields."""

from __future__ import annotations

from datetime import date

import pytest

from tui.domain import Event, Note, Platform, Source, SourceHealth
from tui.domain.record_fields import known_fields

RECORDS = [
    Event(7, date(2023, 3, 6), "API outage", category="outage", time="17:45"),
    Note(3, "# Links broken\n#outage", target_kind="event", target_id="7", revision=2),
    Platform("Twitter", "https://twitter.com"),
    Source(id="s1", url="https://status.example.test", kind="statuspage"),
    SourceHealth("s1", consecutive_failures=2, error="timed out"),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_a_newer_versions_field_is_left_out_and_the_rest_read(record) -> None:
    stored = record.to_dict()
    assert type(record).from_dict(stored) == record
    newer = {**stored, "added_in_a_later_version": {"nested": [1, 2]}}
    assert type(record).from_dict(newer) == record


def test_the_copy_is_the_records_own() -> None:
    stored = {"id": 1, "day": "2023-03-06", "title": "x"}
    values = known_fields(Event, stored)
    assert values == stored and values is not stored
    values["day"] = date(2023, 3, 6)
    assert stored["day"] == "2023-03-06"
    assert known_fields(Event, {"title": "x", "colour": "red"}) == {"title": "x"}


def test_what_is_not_a_mapping_is_refused_as_before() -> None:
    with pytest.raises(AttributeError):
        known_fields(Event, ["id", "day"])  # type: ignore[arg-type]
