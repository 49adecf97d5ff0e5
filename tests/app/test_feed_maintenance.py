"""Scheduled maintenance reads apart from outages in the incident feed (issue 14, §2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tui.domain import Incident
from tui.widgets.incident_feed import incident_prompt

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def row(impact: str, status: str, start: datetime) -> tuple[str, set[str]]:
    incident = Incident("s1", "x", "Database upgrade", status, impact, start)
    content = incident_prompt(incident, unread=False, now=NOW)
    return content.plain, {str(span.style) for span in content.spans}


def test_upcoming_maintenance_says_when_it_starts() -> None:
    text, styles = row("maintenance", "scheduled", NOW + timedelta(days=4, hours=-7))
    assert text.startswith("  ◇ ◷ SCHEDULED")
    assert "starts 12-05 02:00" in text
    assert "bold $primary" in styles and "bold $error" not in styles


def test_maintenance_in_progress_is_not_drawn_as_an_outage() -> None:
    text, styles = row("maintenance", "in_progress", NOW - timedelta(minutes=10))
    assert "◇ » IN PROGRESS" in text and "10m ago" in text
    assert "bold $error" not in styles
    _, outage_styles = row("major", "investigating", NOW - timedelta(minutes=10))
    assert "bold $error" in outage_styles
