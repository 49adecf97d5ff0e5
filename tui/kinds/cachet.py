"""Cachet status pages (self-hosted), read from ``/api/v1/incidents`` and its components.

Cachet numbers its states: an incident is 0 scheduled, 1 investigating, 2 identified,
3 watching, 4 fixed; a component 1 operational, 2 performance issues, 3 partial outage,
4 major outage. Its times carry no zone (``2015-08-01 12:00:00``): read as UTC.
"""

from __future__ import annotations

from typing import Any

from ..domain import Incident, IncidentUpdate, Source
from ..feeds.errors import FeedError
from .payload import as_object, body, line, link, moment, objects, text
from .provider import JsonProviderKind, Reading, make_incident, page_base
from .table import register

INCIDENT_STATUSES = {0: "scheduled", 1: "investigating", 2: "identified", 3: "monitoring"}
INCIDENT_STATUSES[4] = "resolved"
COMPONENT_IMPACTS = {1: "none", 2: "minor", 3: "major", 4: "critical"}
API = "/api/v1"


def _number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value) < 6:
        return int(value)
    return None


def _incident(raw: dict[str, Any], source: Source) -> Incident:
    external_id = text(raw.get("id"), 40)
    what = f"incident {external_id}"
    code = _number(raw.get("status"))
    status = INCIDENT_STATUSES.get(code if code is not None else 1, "investigating")
    at = moment(raw.get("occurred_at"), f"{what}: occurred_at") or moment(
        raw.get("scheduled_at") if code == 0 else raw.get("created_at"),
        f"{what}: created_at",
        required=True,
    )
    assert at is not None
    updated = moment(raw.get("updated_at"), f"{what}: updated_at") or at
    message = body(raw.get("message"))
    updates = [IncidentUpdate(status, message or line(raw.get("name")), at)]
    return make_incident(
        source,
        external_id,
        line(raw.get("name")),
        status,
        "maintenance" if code == 0 else "minor",
        at,
        resolved_at=updated if status == "resolved" else None,
        url=link(raw.get("permalink")),
        updates=tuple(updates),
    )


class CachetKind(JsonProviderKind):
    """A Cachet page: its v1 API's incidents (and components, for the page's state)."""

    name = "cachet"
    label = "Cachet"
    detect_order = 14

    def api_url(self, url: str) -> str:
        return page_base(url) + API + "/incidents"

    def looks_like(self, data: Any) -> bool:
        if not isinstance(data, dict) or not isinstance(data.get("meta"), dict):
            return False
        items = data.get("data")
        if not isinstance(items, list):
            return False
        first = items[0] if items else {}
        return isinstance(first, dict) and ("human_status" in first or not items)

    def read(self, data: Any, source: Source) -> Reading:
        data = as_object(data, "document")
        if "data" not in data:
            raise FeedError("not a Cachet incidents document (no 'data')")
        incidents = tuple(_incident(raw, source) for raw in objects(data.get("data"), "data"))
        return Reading(incidents=incidents)


CACHET = register(CachetKind())
