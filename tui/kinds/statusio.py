"""Status.io pages, read from the public status API (``api.status.io/1.0/status/<page id>``).

A Status.io page's home URL does not name its API document: the page id (24 hex digits) is
in the page itself, in its links to the API or to its feeds (``/pages/<id>/rss``).
Detection reads it there and the source is stored as the API URL.

Status codes: 100 operational, 200 planned maintenance, 300 degraded performance, 400
partial disruption, 500 disruption, 600 security event. An incident's messages carry a
``state``: 100 investigating, 200 identified, 300 monitoring.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ..domain import Incident, IncidentUpdate, Source
from ..feeds.errors import FeedError
from ..feeds.http import FetchResult
from .payload import as_object, body, line, moment, objects, text
from .provider import JsonProviderKind, Reading, make_incident, worst_indicator
from .table import register

API_HOST = "api.status.io"
_API_PATH = re.compile(r"/1\.0/status/(?P<id>[0-9a-f]{24})/?$")
_API_LINK = re.compile(
    rb"(?P<base>https?://[A-Za-z0-9.:\-]{1,260})/1\.0/status/(?P<id>[0-9a-f]{24})"
)
_PAGE_LINK = re.compile(rb"/pages/(?:history/)?(?P<id>[0-9a-f]{24})\b")
STATUS_CODES = {100: "none", 200: "maintenance", 300: "minor", 400: "major", 500: "critical"}
STATUS_CODES[600] = "critical"
MESSAGE_STATES = {100: "investigating", 200: "identified", 300: "monitoring"}


def api_link(url: str, page: bytes) -> str:
    """The API URL a Status.io page's HTML names, on ``api.status.io`` or the page's host."""
    host = urlsplit(url).netloc
    for match in _API_LINK.finditer(page[:1_000_000]):
        base = match["base"].decode("ascii")
        if urlsplit(base).netloc in (API_HOST, host):
            return f"{base}/1.0/status/{match['id'].decode('ascii')}"
    found = _PAGE_LINK.search(page[:1_000_000])
    if found and b"status.io" in page[:1_000_000]:
        return f"https://{API_HOST}/1.0/status/{found['id'].decode('ascii')}"
    return ""


def _code(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _messages(raw: dict[str, Any], what: str, maintenance: bool) -> list[IncidentUpdate]:
    updates = []
    for message in objects(raw.get("messages"), f"{what}: messages"):
        at = moment(message.get("datetime"), f"{what}: message datetime", required=True)
        assert at is not None
        state = "in_progress" if maintenance else MESSAGE_STATES.get(_code(message.get("state")))
        updates.append(IncidentUpdate(state or "investigating", body(message.get("details")), at))
    return updates


def _event(raw: dict[str, Any], source: Source, maintenance: str = "") -> Incident:
    external_id = text(raw.get("_id") or raw.get("id"), 60)
    what = f"incident {external_id}"
    updates = _messages(raw, what, bool(maintenance))
    start_key = "datetime_planned_start" if maintenance else "datetime_open"
    started = moment(raw.get(start_key), f"{what}: {start_key}")
    started = started or (min(u.at for u in updates) if updates else None)
    if started is None:
        raise FeedError(f"{what}: {start_key} is missing")
    status = maintenance or (updates[-1].status if updates else "investigating")
    components = tuple(
        dict.fromkeys(
            text(c.get("name"), 120)
            for c in objects(raw.get("components_affected"), f"{what}: components_affected")
            if text(c.get("name"), 120)
        )
    )
    return make_incident(
        source,
        external_id,
        line(raw.get("name")),
        status,
        "maintenance" if maintenance else "minor",
        started,
        components=components,
        updates=tuple(updates),
    )


class StatusIoKind(JsonProviderKind):
    """A Status.io page: its public status API document."""

    name = "statusio"
    label = "Status.io"
    detect_order = 15

    def api_url(self, url: str) -> str:
        return url.strip()  # stored as the API URL (see source_url)

    def extra_url(self, url: str) -> str | None:
        return None

    def recognises(self, url: str, first: FetchResult, extra: FetchResult | None) -> bool:
        if not first.ok:
            return False
        if _API_PATH.search(urlsplit(url).path):
            return super().recognises(url, first, extra)
        return bool(api_link(url, first.body))

    def source_url(self, url: str, first: FetchResult) -> str:
        if _API_PATH.search(urlsplit(url).path):
            return url
        return api_link(url, first.body) or url

    def looks_like(self, data: Any) -> bool:
        result = data.get("result") if isinstance(data, dict) else None
        return isinstance(result, dict) and "status_overall" in result

    def read(self, data: Any, source: Source) -> Reading:
        result = as_object(as_object(data, "document").get("result"), "result")
        overall = as_object(result.get("status_overall"), "status_overall")
        incidents = [_event(raw, source) for raw in objects(result.get("incidents"), "incidents")]
        maintenance = result.get("maintenance")
        if isinstance(maintenance, dict):
            for key, status in (("active", "in_progress"), ("upcoming", "scheduled")):
                for raw in objects(maintenance.get(key), f"maintenance {key}"):
                    incidents.append(_event(raw, source, maintenance=status))
        indicator = STATUS_CODES.get(_code(overall.get("status_code")), "")
        states = tuple(
            (text(c.get("name"), 120), text(c.get("status"), 60) or "unknown")
            for c in objects(result.get("status"), "status")
            if text(c.get("name"), 120)
        )
        return Reading(
            incidents=tuple(incidents),
            indicator=indicator or worst_indicator(incidents),
            description=text(overall.get("status"), 80),
            components=states,
        )


STATUS_IO = register(StatusIoKind())
