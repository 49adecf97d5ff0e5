"""The first screen reads only the newest documents of a month (``newest_documents``), and
picks from them exactly what it picks from every incident of the month."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from tui.domain import Incident, parse_iso
from tui.store.incidents import newest_documents, open_and_newest

BASE = parse_iso("2024-03-01T00:00:00Z")
STATUSES = ["resolved", "postmortem", "investigating", "identified", "monitoring", "completed"]

incidents = st.lists(
    st.tuples(
        st.integers(0, 40),  # minutes after the month's start: many share a minute
        st.sampled_from(STATUSES),
        st.booleans(),  # a resolution time recorded
    ),
    max_size=60,
)


TEMPLATE = Incident("s1", "0", "incident", "resolved", "minor", BASE)


def month(entries) -> dict[str, dict]:
    """A month file's documents, as the store writes them (by TinyDB id)."""
    docs = {}
    for number, (minutes, status, resolved) in enumerate(entries):
        start = BASE + timedelta(minutes=minutes)
        end = start + timedelta(hours=1) if resolved else None
        incident = replace(TEMPLATE, external_id=str(number), status=status, started_at=start)
        docs[str(number + 1)] = replace(incident, resolved_at=end).to_dict()
    return docs


def keys(incidents_: list[Incident]) -> list[str]:
    return [incident.external_id for incident in incidents_]


@given(incidents, st.integers(1, 30))
def test_the_first_screen_picks_the_same_from_the_newest_documents(entries, limit) -> None:
    docs = month(entries)
    every = [Incident.from_dict(doc) for doc in docs.values()]
    chosen = newest_documents(docs, limit)
    assert set(chosen) <= set(docs) and list(chosen) == [key for key in docs if key in chosen]
    picked = [Incident.from_dict(doc) for doc in chosen.values()]
    assert keys(open_and_newest(picked, limit)) == keys(open_and_newest(every, limit))


def test_a_document_whose_time_cannot_be_read_is_kept_for_the_reader_to_judge() -> None:
    docs = month([(minute, "resolved", True) for minute in range(10)])
    docs["bad"] = dict(docs["1"], started_at="not a time")
    docs["odd"] = ["not", "a", "document"]
    chosen = newest_documents(docs, 3)
    assert "bad" in chosen and "odd" in chosen
    assert [key for key in chosen if key not in ("bad", "odd")] == ["8", "9", "10"]
