"""Instatus status pages: ``/summary.json`` for what is open now, the history feed for the rest.

Instatus publishes no incidents JSON: ``summary.json`` lists the active incidents and
maintenances (upper-case words: ``INVESTIGATING``, ``MAJOROUTAGE``, ``NOTSTARTEDYET``), and
its ``/history.rss`` feed carries every incident with its updates, the past included.
"""

from __future__ import annotations

from typing import Any

from ..domain import Incident, Source
from ..feeds.errors import FeedError
from .feed import parse_feed
from .payload import as_object, line, link, moment, objects, text, word
from .provider import JsonProviderKind, Reading, make_incident, page_base
from .table import register

PAGE_STATES = {"up": "none", "hasissues": "", "undermaintenance": "maintenance"}
IMPACTS = {
    "operational": "none",
    "degradedperformance": "minor",
    "minoroutage": "minor",
    "partialoutage": "major",
    "majoroutage": "critical",
}
MAINTENANCE_STATUSES = {
    "notstartedyet": "scheduled",
    "inprogress": "in_progress",
    "completed": "completed",
}


def _incident(raw: dict[str, Any], source: Source, maintenance: bool) -> Incident:
    external_id = text(raw.get("id"), 100)
    what = f"incident {external_id or '(no id)'}"
    status = word(raw.get("status"), "investigating")
    started = moment(raw.get("start" if maintenance else "started"), f"{what}: start")
    started = started or moment(raw.get("updatedAt"), f"{what}: updatedAt", required=True)
    assert started is not None
    if maintenance:
        status, impact = MAINTENANCE_STATUSES.get(status, status), "maintenance"
    else:
        impact = IMPACTS.get(word(raw.get("impact")), "minor")
    return make_incident(
        source,
        external_id or f"{text(raw.get('name'), 80)}@{started.isoformat()}",
        line(raw.get("name")),
        status,
        impact,
        started,
        url=link(raw.get("url")),
    )


class InstatusKind(JsonProviderKind):
    """An Instatus page: ``/summary.json`` now, ``/history.rss`` for updates and the past."""

    name = "instatus"
    label = "Instatus"
    detect_order = 11

    def api_url(self, url: str) -> str:
        return page_base(url) + "/summary.json"

    def history_url(self, url: str) -> str | None:
        return page_base(url) + "/history.rss"

    def looks_like(self, data: Any) -> bool:
        page = data.get("page") if isinstance(data, dict) else None
        return isinstance(page, dict) and "activeIncidents" in data and "status" in page

    def read(self, data: Any, source: Source) -> Reading:
        data = as_object(data, "summary")
        if "activeIncidents" not in data:
            raise FeedError("not an Instatus summary (no 'activeIncidents')")
        page = as_object(data.get("page"), "page")
        incidents = [
            _incident(raw, source, maintenance=False)
            for raw in objects(data.get("activeIncidents"), "activeIncidents")
        ]
        incidents += [
            _incident(raw, source, maintenance=True)
            for raw in objects(data.get("activeMaintenances"), "activeMaintenances")
        ]
        state = word(page.get("status"))
        return Reading(
            incidents=tuple(incidents),
            indicator=PAGE_STATES.get(state, ""),
            description=text(page.get("status"), 40),
            page_name=text(page.get("name"), 120),
        )

    def read_history(self, body: bytes, source: Source) -> tuple[Incident, ...]:
        return parse_feed(body, source.id, source.platform).incidents


INSTATUS = register(InstatusKind())
