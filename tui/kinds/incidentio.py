"""incident.io status pages (OpenAI's among them), read through their own JSON.

An incident.io page serves a thin Statuspage-compatible ``/api/v2`` layer with no update
bodies; its own frontend reads ``/proxy/<host>``, which carries the ongoing incidents with
their updates, the components each one affects and how badly, and the scheduled maintenances.
That document is read first; the page's Atom feed (``/feed.atom``) fills in the past.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..domain import Incident, IncidentUpdate, Source
from ..feeds.errors import FeedError
from .feed import parse_feed
from .payload import as_object, body, line, moment, objects, text, word
from .provider import JsonProviderKind, Reading, make_incident, one_update, page_base
from .table import register

IMPACTS = {
    "operational": "none",
    "degraded_performance": "minor",
    "partial_outage": "major",
    "full_outage": "critical",
}
MAINTENANCE_STATUSES = {
    "maintenance_scheduled": "scheduled",
    "maintenance_in_progress": "in_progress",
    "maintenance_complete": "completed",
}


def component_names(summary: dict[str, Any]) -> dict[str, str]:
    """Component id → name, from the page's ``structure`` (groups and lone components)."""
    names: dict[str, str] = {}
    structure = summary.get("structure")
    items = structure.get("items") if isinstance(structure, dict) else None
    for item in objects(items, "structure items"):
        group = item.get("group")
        members = group.get("components") if isinstance(group, dict) else [item.get("component")]
        for component in objects(members, "components"):
            key = text(component.get("component_id") or component.get("id"), 100)
            if key:
                names[key] = text(component.get("name"), 120) or key
    return names


def _components(raw: dict[str, Any], names: dict[str, str]) -> tuple[str, ...]:
    found: list[str] = []
    for impact in objects(raw.get("component_impacts"), "component_impacts"):
        key = text(impact.get("component_id"), 100)
        name = names.get(key, key)
        if name and name not in found:
            found.append(name)
    for component in objects(raw.get("affected_components"), "affected_components"):
        name = text(component.get("name"), 120) or names.get(text(component.get("id"), 100), "")
        if name and name not in found:
            found.append(name)
    return tuple(found)


def _updates(raw: dict[str, Any], what: str, status: str) -> tuple[IncidentUpdate, ...]:
    updates = []
    for update in objects(raw.get("updates"), f"{what}: updates"):
        at = moment(update.get("published_at"), f"{what}: update published_at", required=True)
        assert at is not None
        message = update.get("message_string") or update.get("message")
        updates.append(
            IncidentUpdate(status=word(update.get("to_status"), status), body=body(message), at=at)
        )
    if updates:
        return tuple(updates)
    at = moment(raw.get("last_update_at"), f"{what}: last_update_at")
    return one_update(status, body(raw.get("last_update_message")), at)


def _incident(
    raw: dict[str, Any], source: Source, names: dict[str, str], maintenance: bool
) -> Incident:
    external_id = text(raw.get("id"), 100)
    what = f"incident {external_id}"
    raw_status = word(raw.get("status"), "investigating")
    if maintenance:
        status = MAINTENANCE_STATUSES.get(raw_status, raw_status)
        impact = "maintenance"
        started = moment(raw.get("starts_at"), f"{what}: starts_at") or moment(
            raw.get("published_at"), f"{what}: published_at", required=True
        )
    else:
        status = raw_status
        impact = IMPACTS.get(word(raw.get("current_worst_impact")), "minor")
        started = moment(raw.get("published_at"), f"{what}: published_at") or moment(
            raw.get("last_update_at"), f"{what}: last_update_at", required=True
        )
    assert started is not None
    return make_incident(
        source,
        external_id,
        line(raw.get("name")),
        status,
        impact,
        started,
        url=f"{page_base(source.url)}/incidents/{external_id}" if external_id.isalnum() else "",
        components=_components(raw, names),
        updates=_updates(raw, what, status),
    )


class IncidentIoKind(JsonProviderKind):
    """An incident.io status page: its ``/proxy/<host>`` JSON, then its Atom feed."""

    name = "incidentio"
    label = "incident.io"
    detect_order = 5  # before Statuspage: incident.io also answers /api/v2/summary.json

    def api_url(self, url: str) -> str:
        parts = urlsplit(url.strip())
        if "/proxy/" in parts.path:
            return url.strip()
        return f"{page_base(url)}/proxy/{parts.hostname or ''}"

    def history_url(self, url: str) -> str | None:
        return page_base(url) + "/feed.atom"

    def looks_like(self, data: Any) -> bool:
        summary = data.get("summary") if isinstance(data, dict) else None
        return isinstance(summary, dict) and "ongoing_incidents" in summary

    def read(self, data: Any, source: Source) -> Reading:
        summary = as_object(as_object(data, "document").get("summary"), "summary")
        if "ongoing_incidents" not in summary:
            raise FeedError("not an incident.io summary (no 'ongoing_incidents')")
        names = component_names(summary)
        incidents = [
            _incident(raw, source, names, maintenance=False)
            for raw in objects(summary.get("ongoing_incidents"), "ongoing_incidents")
        ]
        incidents += [
            _incident(raw, source, names, maintenance=True)
            for raw in objects(summary.get("scheduled_maintenances"), "scheduled_maintenances")
        ]
        affected = {
            text(c.get("component_id"), 100): word(c.get("status"), "operational")
            for c in objects(summary.get("affected_components"), "affected_components")
        }
        states = tuple((name, affected.get(key, "operational")) for key, name in names.items())
        open_now = [i for i in incidents if i.impact != "maintenance"]
        return Reading(
            incidents=tuple(incidents),
            description=f"{len(open_now)} ongoing" if open_now else "All systems operational",
            page_name=text(summary.get("name"), 120),
            components=states,
        )

    def read_history(self, body: bytes, source: Source) -> tuple[Incident, ...]:
        return parse_feed(body, source.id, source.platform).incidents


INCIDENT_IO = register(IncidentIoKind())
