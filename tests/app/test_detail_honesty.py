"""The incident detail of a probe's outage says when the status page admitted it (§4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tui.domain import Incident, Source, SourceHealth
from tui.screens.detail import honesty_line, incident_parts
from tui.snapshot import StoreSnapshot

T = datetime(2023, 3, 6, 17, 2, tzinfo=UTC)
PAGE = Source(id="s1", url="https://api.twitterstat.us", kind="statuspage", platform="X")
PROBE = Source(id="s2", url="https://api.twitter.com/2/tweets", kind="probe", platform="X")


def incident(source: str, key: str, start: datetime) -> Incident:
    return Incident(source, key, key, "investigating", "major", start, platform="X")


def test_a_probe_outage_says_when_the_page_admitted_it() -> None:
    outage = incident("s2", "probe-1", T)
    snapshot = StoreSnapshot(
        sources=(PAGE, PROBE), incidents=(outage, incident("s1", "i1", T + timedelta(minutes=39)))
    )
    sentence = honesty_line(snapshot, outage, PROBE)
    assert sentence == (
        "seen by your probe at 17:02; admitted by the status page at 17:41 (39 min later)"
    )
    texts = [str(content) for _, content in incident_parts(outage, "probe", sentence)]
    assert sentence in texts


def test_a_page_incident_has_no_such_line() -> None:
    page_incident = incident("s1", "i1", T)
    snapshot = StoreSnapshot(sources=(PAGE, PROBE), incidents=(page_incident,))
    assert honesty_line(snapshot, page_incident, PAGE) == ""


def test_affected_components_show_their_state_now() -> None:
    affected = Incident(
        "s1", "i1", "API errors", "identified", "major", T, components=("API", "Web")
    )
    health = SourceHealth("s1", components=(("API", "partial_outage"), ("Web", "operational")))
    texts = [str(content) for _, content in incident_parts(affected, "page", "", health)]
    assert "API (partial outage now), Web (operational now)" in texts
    assert SourceHealth.from_dict(health.to_dict()) == health
