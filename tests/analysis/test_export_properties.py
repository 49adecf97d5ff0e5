"""Properties that must hold for any input: folding, escaping, CSV cells, downtime bounds."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tui.analysis import summarize
from tui.domain import Event, Incident
from tui.export import export_csv, fold_line
from tui.text import clean_line

BASE = datetime(2023, 1, 1, tzinfo=UTC)
printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp")), max_size=300
)


@given(printable)
def test_folded_lines_fit_75_octets_and_unfold_to_the_original(text: str) -> None:
    line = "SUMMARY:" + text
    folded = fold_line(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


@given(st.lists(printable.filter(lambda t: t.strip() == t and t), min_size=1, max_size=5))
def test_csv_cells_read_back_as_written(titles: list[str]) -> None:
    events = [Event(i + 1, date(2023, 1, 1), title, "other") for i, title in enumerate(titles)]
    rows = list(csv.reader(io.StringIO(export_csv(events, []))))
    # Cells come back exactly as sanitised (NFC, capped combining marks), commas and quotes too.
    assert [row[7] for row in rows[1:]] == [clean_line(title) for title in titles]


intervals = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, 5_000)), min_size=1, max_size=12
)


@given(intervals)
def test_union_downtime_lies_between_the_longest_incident_and_the_sum(spans) -> None:
    items = [
        Incident(
            source_id="s",
            external_id=str(index),
            title="t",
            status="resolved",
            impact="minor",
            started_at=BASE + timedelta(minutes=start),
            resolved_at=BASE + timedelta(minutes=start + length),
        )
        for index, (start, length) in enumerate(spans)
    ]
    summary = summarize(items, now=BASE + timedelta(days=30))
    longest = max(length for _, length in spans) * 60
    assert longest <= summary.downtime_seconds <= summary.downtime_sum_seconds
    first = min(start for start, _ in spans)
    last = max(start + length for start, length in spans)
    assert summary.downtime_seconds <= (last - first) * 60
