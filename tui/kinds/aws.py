"""The AWS Health Dashboard: its public current-events JSON, and the RSS feed for the past.

``health.aws.amazon.com/public/currentevents`` lists what is going on now (served as
UTF-16 with a byte-order mark); the older ``status.aws.amazon.com/data.json`` has the same
events as ``{"current": [...], "archive": [...]}``. An event has a service, a summary (its
title, ``[RESOLVED] …`` once over), a Unix ``date``, a ``status`` (0 fine, 1 informational,
2 degraded, 3 disrupted) and an HTML description or an ``event_log``.
"""

from __future__ import annotations

import codecs
import hashlib
from typing import Any

from ..domain import Incident, IncidentUpdate, Source
from ..feeds.errors import FeedError
from .feed import parse_feed
from .payload import as_list, body, line, load_json, moment, objects, text
from .provider import JsonProviderKind, Reading, make_incident, page_base
from .table import register

CURRENT_PATH = "/public/currentevents"
IMPACTS = {"0": "none", "1": "minor", "2": "minor", "3": "major"}


def decode_json(raw: bytes) -> Any:
    """AWS's JSON, which may be UTF-16 with a byte-order mark."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return load_json(raw.decode("utf-16"))
        except UnicodeDecodeError:
            raise FeedError("not UTF-16 text despite its byte-order mark") from None
    return load_json(raw)


def _event(raw: dict[str, Any], source: Source) -> Incident:
    service = text(raw.get("service"), 120)
    when = moment(raw.get("date"), f"event of {service or 'AWS'}: date", required=True, epoch=True)
    assert when is not None
    title = line(raw.get("summary"))
    resolved = title.upper().startswith("[RESOLVED]")
    status = "resolved" if resolved else "investigating"
    updates = []
    for entry in objects(raw.get("event_log"), "event_log"):
        at = moment(entry.get("timestamp"), "event_log timestamp", epoch=True)
        if at is not None:
            updates.append(IncidentUpdate(status, body(entry.get("message")), at))
    if not updates and body(raw.get("description")):
        updates.append(IncidentUpdate(status, body(raw.get("description")), when))
    digest = hashlib.sha256(f"{service}|{raw.get('date')}".encode("utf-8", "replace"))
    impact = IMPACTS.get(text(raw.get("status"), 4), "minor")
    return make_incident(
        source,
        f"{service}-{digest.hexdigest()[:12]}",
        title,
        status,
        impact,
        when,
        resolved_at=max(u.at for u in updates) if resolved and updates else None,
        components=(text(raw.get("service_name"), 120),) if raw.get("service_name") else (),
        updates=tuple(updates),
    )


class AwsHealthKind(JsonProviderKind):
    """The AWS Health Dashboard's public events (and its RSS feed)."""

    name = "aws"
    label = "AWS Health Dashboard"
    detect_order = 18

    def api_url(self, url: str) -> str:
        if url.strip().rstrip("/").endswith(("/data.json", CURRENT_PATH)):
            return url.strip()
        return page_base(url) + CURRENT_PATH

    def history_url(self, url: str) -> str | None:
        return page_base(url) + "/rss/all.rss"

    def decode(self, body: bytes) -> Any:
        return decode_json(body)

    def looks_like(self, data: Any) -> bool:
        if isinstance(data, dict):
            return "current" in data and "archive" in data
        return bool(
            isinstance(data, list) and data and isinstance(data[0], dict) and "service" in data[0]
        )

    def read(self, data: Any, source: Source) -> Reading:
        if isinstance(data, dict):
            if "current" not in data:
                raise FeedError("not AWS's data.json (no 'current')")
            events = as_list(data.get("current"), "current") + as_list(
                data.get("archive"), "archive"
            )
        else:
            events = as_list(data, "current events")
        return Reading(
            incidents=tuple(_event(raw, source) for raw in objects(events, "events")),
            page_name="AWS",
        )

    def read_history(self, body: bytes, source: Source) -> tuple[Incident, ...]:
        return parse_feed(body, source.id, source.platform).incidents


AWS_HEALTH = register(AwsHealthKind())
