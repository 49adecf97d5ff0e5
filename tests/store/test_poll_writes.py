"""What a poll cycle writes, written in one pass each: the open index, health, times."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from tui.domain import Incident, SourceHealth, parse_iso, to_iso
from tui.store.store import Store

BASE = parse_iso("2024-05-30T12:00:00Z")


def incident(number: int, status: str = "investigating") -> Incident:
    start = BASE + timedelta(days=number % 4)  # two months: May and June
    return Incident(
        source_id=f"p{number}",
        external_id="i1",
        title=f"incident {number}",
        status=status,
        impact="minor",
        started_at=start,
        resolved_at=start + timedelta(hours=1) if status == "resolved" else None,
    )


def test_hundreds_of_incidents_opening_and_closing_at_once_keep_the_index(
    store_dir: Path,
) -> None:
    store = Store.open(store_dir)
    opened = [incident(n) for n in range(300)]
    store.merge_incidents(opened)
    assert store.open_incident_keys() == {
        i.id: f"{i.started_at.year}-{i.started_at.month:02d}" for i in opened
    }
    store.merge_incidents([incident(n, "resolved") for n in range(0, 300, 2)])
    assert sorted(store.open_incident_keys()) == sorted(i.id for i in opened[1::2])
    store.merge_incidents([incident(n) for n in range(300, 310)])  # ids never handed out twice
    assert len(store.open_incident_keys()) == 160
    with store.incident_index.transaction() as db:
        docs = db.table("open").documents()
    newcomers = [int(i) for i, doc in docs.items() if int(doc["key"].split(":")[0][1:]) >= 300]
    assert len(newcomers) == 10 and min(newcomers) > 300


def test_a_health_document_shares_nothing_with_its_record() -> None:
    state = {"statuspage": {"open_ids": ["a", "b"], "etag": '"x"', "nested": [{"n": 1}]}}
    health = SourceHealth("p1", kind_state=state, latencies=(1.0, 2.0))
    document = health.to_dict()
    assert document["kind_state"] == state
    document["kind_state"]["statuspage"]["open_ids"].append("c")
    document["kind_state"]["statuspage"]["nested"][0]["n"] = 2
    assert state == {"statuspage": {"open_ids": ["a", "b"], "etag": '"x"', "nested": [{"n": 1}]}}
    assert SourceHealth.from_dict(health.to_dict()) == health


def test_times_are_written_right_whichever_was_written_last() -> None:
    now = datetime(2024, 5, 1, 12, 30, 15, 250000, tzinfo=UTC)
    paris = datetime(2024, 5, 1, 14, 30, 15, tzinfo=timezone(timedelta(hours=2)))
    naive = datetime(2024, 5, 1, 12, 30, 15)
    for _ in range(2):  # the same objects again, in turn
        assert to_iso(now) == "2024-05-01T12:30:15.250000Z"
        assert to_iso(now) == "2024-05-01T12:30:15.250000Z"
        assert to_iso(paris) == "2024-05-01T12:30:15Z"
        assert to_iso(naive) == "2024-05-01T12:30:15Z"
        assert to_iso(None) is None


def test_times_written_from_many_threads_at_once_are_each_their_own() -> None:
    moments = [BASE + timedelta(seconds=n) for n in range(50)]
    expected = [m.isoformat().replace("+00:00", "Z") for m in moments]
    wrong: list[str] = []

    def write() -> None:
        for _ in range(200):
            for moment, text in zip(moments, expected, strict=True):
                if to_iso(moment) != text:
                    wrong.append(text)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
