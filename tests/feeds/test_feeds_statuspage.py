"""Statuspage JSON: real captures parse, and every malformed shape is a FeedError."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.feeds.errors import FeedError
from tui.kinds.statuspage import (
    parse_incidents,
    parse_summary,
    statuspage_base,
    summary_url,
)

FIXTURES = Path("/work/shared/fixtures")


def test_major_outage_summary_from_github() -> None:
    body = (FIXTURES / "github-summary-major-outage-2020-04-02.json").read_bytes()
    summary = parse_summary(body, "s1", "GitHub")
    assert summary.page_name == "GitHub"
    assert summary.indicator == "major"
    assert summary.description == "Partial System Outage"
    states = {c.name: c.status for c in summary.components}
    assert states["Git Operations"] == "major_outage"
    assert states["GitHub Actions"] == "partial_outage"
    (incident,) = summary.incidents
    assert incident.id == "s1:80d0cs6kpsps"
    assert incident.status == "investigating" and incident.impact == "major"
    assert incident.is_open and incident.platform == "GitHub"
    assert incident.url == "http://stspg.io/n0wskg2n6bvy"
    assert [u.body for u in incident.updates] == [
        "We are investigating reports of degraded performance.",
        "We are investigating reports of service unavailability.",
    ]
    assert incident.started_at.isoformat().startswith("2020-04-02T20:20:54")


def test_operational_summary_has_no_incidents() -> None:
    body = (FIXTURES / "github-summary-operational-2019-12-30.json").read_bytes()
    summary = parse_summary(body, "s1")
    assert summary.indicator == "none"
    assert summary.description == "All Systems Operational"
    assert summary.incidents == () and summary.maintenances == ()


def incidents_doc(**overrides) -> dict:
    incident = {
        "id": "abc123",
        "name": "Elevated errors on API",
        "status": "resolved",
        "impact": "minor",
        "created_at": "2023-02-08T21:00:00.000Z",
        "resolved_at": "2023-02-08T23:30:00.000Z",
        "shortlink": "https://stspg.io/abc",
        "components": [{"name": "API"}],
        "incident_updates": [
            {
                "status": "resolved",
                "body": "Fixed.",
                "created_at": "2023-02-08T23:30:00.000Z",
                "display_at": "2023-02-08T23:30:00.000Z",
                "affected_components": [{"name": "Media"}],
            },
            {
                "status": "investigating",
                "body": "Looking into it.",
                "created_at": "2023-02-08T21:00:00.000Z",
                "display_at": "2023-02-08T21:00:00.000Z",
            },
        ],
    }
    incident.update(overrides)
    return {"page": {"name": "X"}, "incidents": [incident]}


def test_incidents_document_maps_resolved_incident() -> None:
    (incident,) = parse_incidents(json.dumps(incidents_doc()).encode(), "s2", "X/Twitter")
    assert incident.status == "resolved" and not incident.is_open
    assert incident.resolved_at.isoformat() == "2023-02-08T23:30:00+00:00"
    assert incident.components == ("API", "Media")
    assert [u.status for u in incident.updates] == ["investigating", "resolved"]


def test_hostile_strings_are_cleaned_and_markup_kept_literal() -> None:
    doc = incidents_doc(
        name="\x1b[2J[bold red]Outage[/]\u202e",
        shortlink="javascript:alert(1)",
    )
    doc["incidents"][0]["incident_updates"][0]["body"] = "\x9b31mred\x07 [link=x]y[/link]"
    (incident,) = parse_incidents(json.dumps(doc).encode(), "s2")
    stored = incident.title + "".join(u.body for u in incident.updates)
    assert not any(ch in stored for ch in ("\x1b", "\x9b", "\x07", "\u202e"))
    assert "[bold red]Outage[/]" in incident.title
    assert "[link=x]y[/link]" in incident.updates[-1].body
    assert incident.url == ""


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"page": {"name": "X"}, "status": {"indic', "truncated JSON"),
        (b"<!doctype html><html><body>Login</body></html>", "HTML"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"page": {}, "status": {}, "components": [' + b"9" * 5000 + b"]}", "malformed JSON"),
        (b"", "empty"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b'{"incidents": []}', "not a Statuspage summary"),
        (b'{"page": [], "status": {}}', "page is not a JSON object"),
        (b'{"page": {}, "status": {}, "incidents": {"id": 1}}', "incidents is not a list"),
        (b'{"page": {}, "status": {}, "incidents": [{"name": "no id"}]}', "without an id"),
    ],
)
def test_malformed_summaries_raise_feed_error(body: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason):
        parse_summary(body, "s1")


@pytest.mark.parametrize(
    ("created", "reason"),
    [("9999-99-99T00:00:00Z", "not a valid timestamp"), ("0001-01-01T00:00:00Z", "out of range")],
)
def test_bad_dates_raise_feed_error(created: str, reason: str) -> None:
    doc = incidents_doc(created_at=created)
    with pytest.raises(FeedError, match=reason):
        parse_incidents(json.dumps(doc).encode(), "s1")


def test_base_url_from_any_statuspage_url() -> None:
    assert statuspage_base("https://www.githubstatus.com/") == "https://www.githubstatus.com"
    assert (
        statuspage_base("https://www.githubstatus.com/api/v2/summary.json")
        == "https://www.githubstatus.com"
    )
    assert summary_url("https://x.example/") == "https://x.example/api/v2/summary.json"
