"""Google Cloud's status dashboard, read from ``status.cloud.google.com/incidents.json``.

One list of every incident of the last year: ``begin``/``end`` (no ``end`` while open), the
title in ``external_desc``, a ``severity`` (low, medium, high), the affected products and
every update (``when``, ``text``, ``status``: AVAILABLE, SERVICE_INFORMATION,
SERVICE_DISRUPTION, SERVICE_OUTAGE).
"""

from __future__ import annotations

from typing import Any

from ..domain import Incident, IncidentUpdate, Source
from ..feeds.errors import FeedError
from .payload import as_list, body, line, moment, objects, text, word
from .provider import JsonProviderKind, Reading, make_incident, page_base
from .table import register

SEVERITIES = {"low": "minor", "medium": "major", "high": "critical"}
UPDATE_STATUSES = {"available": "resolved"}


def _incident(raw: dict[str, Any], source: Source) -> Incident:
    external_id = text(raw.get("id"), 60)
    what = f"incident {external_id}"
    begin = moment(raw.get("begin"), f"{what}: begin", required=True)
    assert begin is not None
    end = moment(raw.get("end"), f"{what}: end")
    status = "resolved" if end else "investigating"
    updates = []
    for update in objects(raw.get("updates"), f"{what}: updates"):
        at = moment(update.get("when") or update.get("created"), f"{what}: update when")
        if at is not None:
            state = UPDATE_STATUSES.get(word(update.get("status")), "investigating")
            updates.append(IncidentUpdate(state, body(update.get("text")), at))
    products = objects(raw.get("affected_products"), f"{what}: affected_products")
    uri = text(raw.get("uri"), 200)
    return make_incident(
        source,
        external_id,
        line(raw.get("external_desc")),
        status,
        SEVERITIES.get(word(raw.get("severity")), "minor"),
        begin,
        resolved_at=end,
        url=f"{page_base(source.url)}/{uri}" if uri and uri.isascii() and " " not in uri else "",
        components=tuple(dict.fromkeys(text(p.get("title"), 120) for p in products)),
        updates=tuple(updates),
    )


class GoogleCloudKind(JsonProviderKind):
    """status.cloud.google.com: its ``incidents.json``."""

    name = "gcloud"
    label = "Google Cloud status"
    detect_order = 17

    def api_url(self, url: str) -> str:
        return page_base(url) + "/incidents.json"

    def looks_like(self, data: Any) -> bool:
        if not isinstance(data, list) or not data or not isinstance(data[0], dict):
            return False
        return "external_desc" in data[0] and "begin" in data[0]

    def read(self, data: Any, source: Source) -> Reading:
        items = as_list(data, "incidents document")
        if items and not self.looks_like(items):
            raise FeedError("not Google Cloud's incidents.json (no 'external_desc' and 'begin')")
        incidents = tuple(_incident(raw, source) for raw in objects(items, "incidents"))
        return Reading(incidents=incidents, page_name="Google Cloud")


GOOGLE_CLOUD = register(GoogleCloudKind())
