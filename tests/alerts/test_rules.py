"""What is worth an alert: the pure rules, without a disk or a network."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from tui.alerts.alert import Alert
from tui.alerts.rules import (
    AlertRules,
    CycleChanges,
    alerts_for_cycle,
    coalesce,
    first_polls,
    for_destination,
    parse_kinds,
    select,
    started_failing,
)
from tui.domain import Event, IncidentUpdate, Source, SourceHealth

from .conftest import T0, incident

SOURCES = {
    "s1": Source(id="s1", url="https://status.example", kind="statuspage", platform="GitHub"),
    "p1": Source(id="p1", url="https://example.com", kind="probe", platform="GitHub"),
}
LATER = T0 + timedelta(minutes=5)


def test_new_incident_and_its_resolution_make_one_alert_each_with_stable_keys():
    opened = alerts_for_cycle(CycleChanges(T0, new=[incident("a")], sources=SOURCES))
    assert [(a.kind, a.key, a.source_kind) for a in opened] == [("new", "new:s1:a", "statuspage")]
    closed = incident("a", status="resolved", seen=LATER)
    resolved = alerts_for_cycle(CycleChanges(LATER, changed=[closed], sources=SOURCES))
    assert [(a.kind, a.key) for a in resolved] == [("resolved", "resolved:s1:a")]
    again = alerts_for_cycle(CycleChanges(LATER, changed=[closed], sources=SOURCES))
    assert again == resolved  # the same happening, the same key
    # The caller's clock does not have to be the merge's: the merge's own stamps decide.
    late_clock = CycleChanges(LATER + timedelta(seconds=40), changed=[closed], sources=SOURCES)
    assert alerts_for_cycle(late_clock) == resolved


def test_a_status_change_that_is_not_a_resolution_is_quiet():
    changed = incident("a", status="identified")
    assert alerts_for_cycle(CycleChanges(LATER, changed=[changed])) == []


def test_a_postmortem_on_an_incident_closed_long_ago_is_quiet():
    old = incident("a", status="resolved", seen=T0)
    late = IncidentUpdate("postmortem", "What happened.", LATER, seen_at=LATER)
    postmortem = replace(old, status="postmortem", updates=(*old.updates, late), updated_at=LATER)
    assert alerts_for_cycle(CycleChanges(LATER, changed=[postmortem])) == []


def test_first_poll_of_a_source_is_history():
    previous = {"s1": SourceHealth("s1")}
    current = [SourceHealth("s1", last_poll=T0, last_ok=T0), SourceHealth("s2", last_poll=T0)]
    assert first_polls(previous, current) == frozenset({"s1"})
    changes = CycleChanges(T0, new=[incident("a"), incident("b", source="s3")], first_polls={"s1"})
    assert [a.key for a in alerts_for_cycle(changes)] == ["new:s3:b"]


def test_a_probe_outage_the_page_does_not_admit():
    probe = incident("probe-1", source="p1", unacknowledged=True)
    alerts = alerts_for_cycle(CycleChanges(T0, new=[probe], sources=SOURCES))
    assert [(a.kind, a.source_kind) for a in alerts] == [("unacknowledged", "probe")]
    # Later the flag turns on for an already open probe incident: one alert, same key.
    again = alerts_for_cycle(CycleChanges(LATER, changed=[probe], sources=SOURCES))
    assert [a.key for a in again] == [alerts[0].key]


def test_a_source_that_starts_failing_after_two_failed_polls_but_not_a_probe():
    ok = SourceHealth("s1", last_poll=T0, last_ok=T0)
    once = SourceHealth("s1", last_poll=LATER, last_ok=T0, error="HTTP 500", consecutive_failures=1)
    twice = SourceHealth(
        "s1", last_poll=LATER, last_ok=T0, error="HTTP 500", consecutive_failures=2
    )
    assert started_failing({"s1": ok}, [once], SOURCES) == []
    assert started_failing({"s1": once}, [twice], SOURCES) == [twice]
    assert started_failing({"s1": twice}, [twice], SOURCES) == []  # still failing: no repeat
    never_ok = SourceHealth("s1", last_poll=LATER, error="DNS", consecutive_failures=2)
    assert started_failing({}, [never_ok], SOURCES) == []
    probe = SourceHealth("p1", last_poll=LATER, last_ok=T0, error="down", consecutive_failures=2)
    assert started_failing({}, [probe], SOURCES) == []
    alerts = alerts_for_cycle(CycleChanges(LATER, failing=[twice], sources=SOURCES))
    assert [(a.kind, a.platform, a.title) for a in alerts] == [
        ("failing", "GitHub", "https://status.example: HTTP 500")
    ]


def test_detected_changes_arrive_as_events_and_typed_events_are_skipped():
    detected = Event(
        id=7, day=date(2026, 12, 1), title="API pricing page changed", platform="X", detected=True
    )
    alerts = alerts_for_cycle(CycleChanges(T0, detected=[detected]))
    assert [(a.kind, a.key, a.event_id) for a in alerts] == [("change", "change:7", 7)]
    typed = Event(id=8, day=date(2026, 12, 1), title="typed by the user", detected=False)
    assert alerts_for_cycle(CycleChanges(T0, detected=[typed])) == []


@pytest.mark.parametrize(
    ("impact", "minimum", "passes"),
    [
        ("minor", "minor", True),
        ("none", "minor", False),
        ("critical", "major", True),
        ("minor", "major", False),
        ("maintenance", "minor", False),
        ("maintenance", "none", True),
        ("elevated", "minor", True),  # a provider's own word: ranked as minor
        ("elevated", "major", False),
    ],
)
def test_minimum_impact(impact, minimum, passes):
    alert = alerts_for_cycle(CycleChanges(T0, new=[incident("a", impact=impact)]))[0]
    assert AlertRules(min_impact=minimum).accepts(alert) is passes


def test_kind_platform_and_source_kind_filters():
    alerts = alerts_for_cycle(
        CycleChanges(
            T0,
            new=[incident("a"), incident("b", platform="X/Twitter"), incident("c", source="p1")],
            sources=SOURCES,
        )
    )
    assert [a.key for a in select(alerts, AlertRules(platforms=frozenset({"github"})))] == [
        "new:s1:a",
        "new:p1:c",
    ]
    statuspages = AlertRules(source_kinds=frozenset({"statuspage"}))
    assert [a.key for a in select(alerts, statuspages)] == ["new:s1:a", "new:s1:b"]
    assert select(alerts, AlertRules(kinds=frozenset({"resolved"}))) == []
    with pytest.raises(ValueError, match="unknown alert kind 'bogus'"):
        parse_kinds("new,bogus")
    with pytest.raises(ValueError, match="unknown impact"):
        AlertRules(min_impact="huge")


def test_a_burst_becomes_one_alert_that_says_how_many_with_a_stable_key():
    alerts = alerts_for_cycle(CycleChanges(T0, new=[incident(str(n)) for n in range(50)]))
    burst = coalesce(alerts)
    assert len(burst) == 1
    assert burst[0].count == 50 and len(burst[0].members) == 50
    assert burst[0].headline == "50 new incidents · GitHub"
    assert coalesce(list(reversed(alerts)))[0].key == burst[0].key
    assert coalesce(alerts[:5]) == alerts[:5]  # a handful stays as it is
    majors = for_destination(alerts, AlertRules(min_impact="major"))
    assert [a.count for a in majors] == [50]
    assert for_destination(alerts, AlertRules(min_impact="critical")) == []


def test_rules_and_alerts_round_trip():
    rules = AlertRules(kinds=frozenset({"new"}), min_impact="major", platforms=frozenset({"X"}))
    assert AlertRules.from_dict(rules.to_dict()) == rules
    alert = alerts_for_cycle(CycleChanges(T0, new=[incident("a")], sources=SOURCES))[0]
    assert Alert.from_dict(alert.to_dict()) == alert
