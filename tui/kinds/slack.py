"""Slack's own status API: ``/api/v2.0.0/current`` and ``/api/v2.0.0/history``.

Both documented at docs.slack.dev ("Slack Status API"). ``current`` says ``ok`` or
``active`` with the active incidents; ``history`` is a list of past ones. An incident has a
``type`` (incident, notice, outage, maintenance), the ``services`` it touches and ``notes``,
its updates.
"""

from __future__ import annotations

from typing import Any

from ..domain import Incident, IncidentUpdate, Source
from ..feeds.errors import FeedError
from .payload import as_list, as_object, body, line, link, load_json, moment, objects, text, word
from .provider import JsonProviderKind, Reading, make_incident, page_base
from .table import register

API = "/api/v2.0.0"
TYPES = {"outage": "major", "incident": "minor", "notice": "none", "maintenance": "maintenance"}
STATUSES = {"active": "investigating", "ok": "resolved"}


def _incident(raw: dict[str, Any], source: Source) -> Incident:
    external_id = text(raw.get("id"), 40)
    what = f"incident {external_id}"
    created = moment(raw.get("date_created"), f"{what}: date_created", required=True)
    assert created is not None
    kind = word(raw.get("type"), "incident")
    raw_status = word(raw.get("status"), "active")
    status = STATUSES.get(raw_status, raw_status)
    if kind == "maintenance" and raw_status == "active":
        status = "in_progress"
    updates = [
        IncidentUpdate(
            status,
            body(note.get("body")),
            moment(note.get("date_created"), f"{what}: note date_created", required=True)
            or created,
        )
        for note in objects(raw.get("notes"), f"{what}: notes")
    ]
    services = as_list(raw.get("services"), f"{what}: services")
    updated = moment(raw.get("date_updated"), f"{what}: date_updated") or created
    return make_incident(
        source,
        external_id,
        line(raw.get("title")),
        status,
        TYPES.get(kind, "minor"),
        created,
        resolved_at=updated if status in ("resolved", "completed") else None,
        url=link(raw.get("url")),
        components=tuple(dict.fromkeys(text(s, 120) for s in services if isinstance(s, str))),
        updates=tuple(updates),
    )


class SlackKind(JsonProviderKind):
    """slack-status.com: the current incidents, then the history."""

    name = "slack"
    label = "Slack status API"
    detect_order = 16

    def api_url(self, url: str) -> str:
        return page_base(url) + API + "/current"

    def history_url(self, url: str) -> str | None:
        return page_base(url) + API + "/history"

    def looks_like(self, data: Any) -> bool:
        return isinstance(data, dict) and "active_incidents" in data and "status" in data

    def read(self, data: Any, source: Source) -> Reading:
        data = as_object(data, "current status")
        if "active_incidents" not in data:
            raise FeedError("not Slack's current status (no 'active_incidents')")
        incidents = tuple(
            _incident(raw, source) for raw in objects(data["active_incidents"], "active_incidents")
        )
        state = word(data.get("status"))
        return Reading(
            incidents=incidents,
            indicator="none" if state == "ok" and not incidents else "",
            description=state,
            page_name="Slack",
        )

    def read_history(self, body: bytes, source: Source) -> tuple[Incident, ...]:
        return tuple(_incident(raw, source) for raw in objects(load_json(body), "history"))


SLACK = register(SlackKind())
