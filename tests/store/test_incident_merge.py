"""The merge of polled incidents into stored ones, as a pure function: no disk, no store."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tui.domain import Incident, IncidentUpdate, parse_iso
from tui.store.incident_merge import MergeChanges, merge_polled
from tui.store.incidents import open_and_newest

T0 = parse_iso("2024-05-01T10:00:00Z")
NOW = parse_iso("2024-05-01T12:00:00Z")
LATER = parse_iso("2024-05-01T13:00:00Z")


def polled(number: int = 1, status: str = "investigating", *updates: IncidentUpdate) -> Incident:
    return Incident(
        source_id="s1",
        external_id=str(number),
        title=f"Incident {number}",
        status=status,
        impact="minor",
        started_at=T0 + timedelta(minutes=number),
        updates=updates or (IncidentUpdate(status=status, body="Looking", at=T0),),
    )


def merge(incoming: list[Incident], stored: list[Incident], now=NOW) -> MergeChanges:
    by_key = {incident.id: incident for incident in stored}
    return merge_polled(incoming, by_key.get, now)


def test_a_first_sighting_is_new_and_seen_now() -> None:
    changes = merge([polled()], [])
    [incident] = changes.new
    assert changes.added == {incident.id: incident}
    assert not changes.updated and not changes.changed and not changes.unchanged
    assert incident.first_seen_at == NOW and incident.updated_at == NOW
    assert [u.seen_at for u in incident.updates] == [NOW]


def test_the_same_payload_again_changes_nothing() -> None:
    stored = merge([polled()], []).new
    changes = merge([polled()], list(stored), now=LATER)
    assert not changes.new and not changes.changed
    assert not changes.added and not changes.updated
    assert changes.unchanged == stored
    assert changes.seen == {stored[0].id: stored[0]}


def test_a_new_update_is_appended_and_only_it_is_seen_later() -> None:
    [stored] = merge([polled()], []).new
    update = IncidentUpdate(status="identified", body="Found it", at=T0 + timedelta(minutes=30))
    incoming = polled(1, "identified", stored.updates[0], update)
    changes = merge([incoming], [stored], now=LATER)
    [changed] = changes.changed
    assert changes.updated == {changed.id: changed} and not changes.new
    assert [(u.body, u.seen_at) for u in changed.updates] == [("Looking", NOW), ("Found it", LATER)]
    assert changed.first_seen_at == NOW and changed.updated_at == LATER


def test_a_status_change_without_an_update_gets_one() -> None:
    [stored] = merge([polled()], []).new
    incoming = replace(polled(), status="resolved", resolved_at=LATER)
    [changed] = merge([incoming], [stored], now=LATER).changed
    assert changed.status == "resolved"
    assert changed.updates[-1] == IncidentUpdate(
        status="resolved", body="", at=LATER, seen_at=LATER
    )


def test_a_changed_field_alone_is_a_change() -> None:
    [stored] = merge([polled()], []).new
    changes = merge([replace(polled(), title="Renamed")], [stored], now=LATER)
    assert [i.title for i in changes.changed] == ["Renamed"]
    assert changes.changed[0].updates == stored.updates


def test_twice_in_one_payload_is_merged_into_the_first() -> None:
    update = IncidentUpdate(status="identified", body="Found it", at=T0 + timedelta(minutes=30))
    first, second = polled(), polled(1, "identified", polled().updates[0], update)
    changes = merge([first, second], [])
    assert [i.status for i in changes.new] == ["investigating"]  # as reported first
    [added] = changes.added.values()  # as written: both copies merged
    assert added.status == "identified" and len(added.updates) == 2
    assert changes.seen == {added.id: added}


def test_incidents_not_polled_are_left_alone() -> None:
    [stored] = merge([polled(1)], []).new
    changes = merge([polled(2)], [stored], now=LATER)
    assert set(changes.seen) == {polled(2).id}
    assert stored.id not in changes.updated


def test_open_and_newest_keeps_every_open_incident() -> None:
    closed = [replace(polled(n), status="resolved") for n in range(10)]
    still_open = [polled(n) for n in range(10, 13)]
    chosen = open_and_newest([*closed, *still_open], limit=5)
    assert chosen[:3] == sorted(still_open, key=lambda i: i.started_at, reverse=True)
    assert chosen[3:] == [closed[9], closed[8]]
    assert len(open_and_newest(still_open, limit=1)) == 3
