"""cState status pages (a Hugo theme), read from ``/index.json`` and ``/issues/index.json``.

cState writes its JSON with Go templates: ``createdAt`` is Go's ``time.String()``
(``2021-06-14 12:00:00 +0000 UTC``, not RFC 3339) and an issue without ``resolvedWhen``
has ``resolvedAt`` set to the literal ``<no value>``. ``/index.json`` lists each system
with its unresolved issues; ``/issues/index.json`` lists every issue, the past included.
"""

from __future__ import annotations

from typing import Any

from ..domain import Incident, IncidentUpdate, Source
from ..feeds.errors import FeedError
from .payload import as_list, as_object, line, link, load_json, objects, text, word
from .provider import JsonProviderKind, Reading, make_incident, page_base
from .stamps import go_time
from .table import register

SEVERITIES = {"notice": "minor", "disrupted": "major", "down": "critical"}
SUMMARY_STATES = {"ok": "none", **SEVERITIES}


def _issue(raw: dict[str, Any], source: Source) -> Incident:
    permalink = link(raw.get("permalink"))
    external_id = text(raw.get("filename"), 200) or permalink
    title = line(raw.get("title"))
    created = go_time(raw.get("createdAt"))
    if created is None:
        raise FeedError(f"issue {title or external_id!r}: createdAt is not a time")
    resolved = raw.get("resolved") is True
    # resolvedAt may be "<no value>" (never set): then the last change is when it ended.
    resolved_at = go_time(raw.get("resolvedAt")) or go_time(raw.get("lastMod")) or created
    status = "resolved" if resolved else "investigating"
    affected = [
        text(name, 120)
        for name in as_list(raw.get("affected"), "affected")
        if isinstance(name, str)
    ]
    summary = f"Affected: {', '.join(affected)}." if affected else ""
    updates = [IncidentUpdate("investigating", summary or title, created)]
    if resolved:
        updates.append(IncidentUpdate("resolved", "Resolved.", max(resolved_at, created)))
    return make_incident(
        source,
        external_id,
        title,
        status,
        SEVERITIES.get(word(raw.get("severity")), "minor"),
        created,
        resolved_at=max(resolved_at, created) if resolved else None,
        url=permalink,
        components=tuple(dict.fromkeys(a for a in affected if a)),
        updates=tuple(updates),
    )


class CStateKind(JsonProviderKind):
    """A cState page: ``/index.json`` now, ``/issues/index.json`` for the past."""

    name = "cstate"
    label = "cState"
    detect_order = 13

    def api_url(self, url: str) -> str:
        return page_base(url) + "/index.json"

    def history_url(self, url: str) -> str | None:
        return page_base(url) + "/issues/index.json"

    def looks_like(self, data: Any) -> bool:
        return isinstance(data, dict) and "cStateVersion" in data and "systems" in data

    def read(self, data: Any, source: Source) -> Reading:
        data = as_object(data, "index")
        if "systems" not in data or "summaryStatus" not in data:
            raise FeedError("not a cState index (no 'systems' and 'summaryStatus')")
        incidents: dict[str, Incident] = {}
        systems = objects(data.get("systems"), "systems")
        states = tuple(
            (text(s.get("name"), 120), word(s.get("status"), "unknown"))
            for s in systems
            if text(s.get("name"), 120)
        )
        for system in systems:
            for raw in objects(system.get("unresolvedIssues"), "unresolvedIssues"):
                incident = _issue(raw, source)
                incidents.setdefault(incident.external_id, incident)
        state = word(data.get("summaryStatus"))
        return Reading(
            incidents=tuple(incidents.values()),
            indicator=SUMMARY_STATES.get(state, ""),
            description=state,
            page_name=text(data.get("title"), 120),
            components=states,
        )

    def read_history(self, body: bytes, source: Source) -> tuple[Incident, ...]:
        pages = as_object(load_json(body), "issues index").get("pages")
        return tuple(
            _issue(raw, source) for raw in objects(pages, "pages") if raw.get("is") == "issue"
        )


CSTATE = register(CStateKind())
