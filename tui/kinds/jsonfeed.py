"""JSON Feed (jsonfeed.org, versions 1 and 1.1): a feed of incidents, in JSON.

Read like an RSS/Atom feed: one incident per item, resolved when its title or text says so.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..domain import Incident, IncidentUpdate, Source, utcnow
from ..feeds.errors import FeedError
from .feed import entry_impact, said_resolved
from .payload import as_object, body, line, link, objects, text
from .provider import JsonProviderKind, Reading, make_incident
from .stamps import lenient_time
from .table import register

VERSION_PREFIX = "https://jsonfeed.org/version/"


def _item(raw: dict[str, Any], source: Source) -> Incident:
    title = line(raw.get("title")) or line(raw.get("summary"))
    url = link(raw.get("url"))
    external_id = text(raw.get("id"), 300) or url
    # RFC 3339 by the spec; real feeds write RFC 822 too. A date not read is no date.
    published = lenient_time(raw.get("date_published"))
    modified = lenient_time(raw.get("date_modified"))
    started = published or modified or utcnow()
    content = body(raw.get("content_html")) or body(raw.get("content_text"))
    content = content or body(raw.get("summary"))
    if not external_id:
        digest = hashlib.sha256(f"{title}|{started.isoformat()}".encode("utf-8", "replace"))
        external_id = "item-" + digest.hexdigest()[:16]
    status = "resolved" if said_resolved(title, content) else "investigating"
    last = modified or started
    return make_incident(
        source,
        external_id,
        title or "(untitled item)",
        status,
        entry_impact(title, ()),
        started,
        resolved_at=last if status == "resolved" else None,
        url=url,
        updates=(IncidentUpdate(status, content, last),),
    )


class JsonFeedKind(JsonProviderKind):
    """A JSON Feed of incidents (the URL is the feed itself)."""

    name = "jsonfeed"
    label = "JSON Feed"
    detect_order = 21
    is_status_page = False

    def api_url(self, url: str) -> str:
        return url.strip()

    def looks_like(self, data: Any) -> bool:
        version = data.get("version") if isinstance(data, dict) else None
        return isinstance(version, str) and version.startswith(VERSION_PREFIX)

    def read(self, data: Any, source: Source) -> Reading:
        data = as_object(data, "feed")
        if not self.looks_like(data):
            raise FeedError("not a JSON Feed (no jsonfeed.org 'version')")
        incidents: dict[str, Incident] = {}
        for raw in objects(data.get("items"), "items"):
            incident = _item(raw, source)
            incidents.setdefault(incident.external_id, incident)
        return Reading(incidents=tuple(incidents.values()), page_name=text(data.get("title"), 200))


JSON_FEED = register(JsonFeedKind())
