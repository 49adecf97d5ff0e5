"""Better Stack (Better Uptime) status pages, read from their ``/index.json`` (JSON:API).

The document is one ``status_page`` resource whose ``aggregate_state`` is the page's state,
with everything else ``included``: the page's resources (monitors, with a state each), its
status reports (incidents and maintenances) and their status updates.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from ..domain import Incident, IncidentUpdate, Source, utcnow
from ..feeds.errors import FeedError
from .payload import MAX_ITEMS, as_object, body, line, moment, objects, text, word
from .provider import JsonProviderKind, Reading, make_incident, page_base
from .table import register

STATES = {
    "operational": "none",
    "degraded": "minor",
    "downtime": "major",
    "maintenance": "maintenance",
}


def _included(data: dict[str, Any], kind: str) -> list[tuple[str, dict[str, Any]]]:
    """``(id, attributes)`` of each included resource of JSON:API type ``kind``."""
    found = []
    for item in objects(data.get("included"), "included", limit=MAX_ITEMS * 10):
        attributes = item.get("attributes")
        if item.get("type") == kind and isinstance(attributes, dict):
            found.append((text(item.get("id"), 100), attributes))
    return found


def _report(
    report_id: str,
    attributes: dict[str, Any],
    updates: list[IncidentUpdate],
    names: dict[str, str],
    source: Source,
    now: datetime,
) -> Incident:
    what = f"status report {report_id}"
    started = moment(attributes.get("starts_at"), f"{what}: starts_at", required=True)
    assert started is not None
    ended = moment(attributes.get("ends_at"), f"{what}: ends_at")
    maintenance = word(attributes.get("report_type")) == "maintenance"
    state = word(attributes.get("aggregate_state"))
    if maintenance:
        impact = "maintenance"
        status = "completed" if ended and ended <= now else "in_progress"
        status = "scheduled" if started > now else status
    else:
        impact = STATES.get(state, "minor") if state != "resolved" else "minor"
        status = "resolved" if (ended and ended <= now) or state == "resolved" else "investigating"
    affected = objects(attributes.get("affected_resources"), f"{what}: affected_resources")
    components = tuple(
        dict.fromkeys(
            names[key]
            for resource in affected
            if (key := text(resource.get("status_page_resource_id"), 100)) in names
        )
    )
    return make_incident(
        source,
        report_id,
        line(attributes.get("title")),
        status,
        impact,
        started,
        resolved_at=ended if status in ("resolved", "completed") else None,
        url=f"{page_base(source.url)}/incident/{report_id}" if report_id.isalnum() else "",
        components=components,
        updates=tuple(replace(update, status=update.status or status) for update in updates),
    )


class BetterStackKind(JsonProviderKind):
    """A Better Stack status page: ``/index.json``, a JSON:API document."""

    name = "betterstack"
    label = "Better Stack"
    detect_order = 12

    def api_url(self, url: str) -> str:
        return page_base(url) + "/index.json"

    def looks_like(self, data: Any) -> bool:
        page = data.get("data") if isinstance(data, dict) else None
        return isinstance(page, dict) and page.get("type") == "status_page"

    def read(self, data: Any, source: Source) -> Reading:
        data = as_object(data, "document")
        page = as_object(data.get("data"), "data")
        if page.get("type") != "status_page":
            raise FeedError("not a Better Stack status page (no 'status_page' data)")
        attributes = as_object(page.get("attributes"), "status page attributes")
        resources = _included(data, "status_page_resource")
        names = {key: text(res.get("public_name"), 120) or key for key, res in resources}
        states = tuple((names[key], word(res.get("status"), "unknown")) for key, res in resources)
        updates: dict[str, list[IncidentUpdate]] = {}
        for key, update in _included(data, "status_update"):
            at = moment(update.get("published_at"), f"status update {key}: published_at")
            report = text(update.get("status_report_id"), 100)
            if at is not None and report:
                message = body(update.get("message"))
                updates.setdefault(report, []).append(IncidentUpdate("", message, at))
        now = utcnow()
        incidents = [
            _report(key, report, updates.get(key, []), names, source, now)
            for key, report in _included(data, "status_report")
        ]
        state = word(attributes.get("aggregate_state"))
        return Reading(
            incidents=tuple(incidents),
            indicator=STATES.get(state, ""),
            description=state,
            page_name=text(attributes.get("company_name"), 120),
            components=states,
        )


BETTER_STACK = register(BetterStackKind())
