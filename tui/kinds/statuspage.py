"""Reading Atlassian Statuspage v2 JSON (``summary.json`` and ``incidents.json``).

Most platforms publish their status with Statuspage, and its JSON API is the richest source
there is: the overall indicator, the components and every update of every incident. The
parsers accept only the documented shapes; anything else is a :class:`FeedError` with a
reason, never a crash, and every string is cleaned on the way in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from ..domain import Incident, IncidentUpdate, Source, SourceHealth
from ..feeds.errors import FeedError
from ..feeds.http import FetchResult, fetch
from ..text import safe_url
from .base import PollResult, SourceKind, failed_poll, ok_health, unchanged_poll
from .payload import as_list as _list
from .payload import as_object as _obj
from .payload import body as _body
from .payload import line as _line
from .payload import load_json, maybe_json
from .payload import moment as _time
from .payload import text as _text
from .payload import word as _word
from .table import register

SUMMARY_PATH = "/api/v2/summary.json"
INCIDENTS_PATH = "/api/v2/incidents.json"
INDICATORS = ("none", "minor", "major", "critical", "maintenance")


@dataclass(frozen=True)
class ComponentStatus:
    name: str
    status: str


@dataclass(frozen=True)
class StatuspageSummary:
    """What ``summary.json`` says: the page, its overall state and what is going on now."""

    page_name: str
    page_url: str
    indicator: str
    description: str
    components: tuple[ComponentStatus, ...]
    incidents: tuple[Incident, ...]
    maintenances: tuple[Incident, ...]
    updated_at: str = ""
    """``page.updated_at`` as the page writes it: when anything on the page last changed."""

    @property
    def active_maintenances(self) -> tuple[Incident, ...]:
        """Maintenances under way or finished (scheduled ones are not incidents yet)."""
        return tuple(m for m in self.maintenances if m.status != "scheduled")


@lru_cache(maxsize=8192)
def statuspage_base(url: str) -> str:
    """The page's base URL, whether given as the page or as one of its API URLs.

    Worked out once per URL: each poll asks for it twice, and a poller has thousands.
    """
    parts = urlsplit(url.strip())
    path = parts.path
    marker = path.find("/api/v2/")
    if marker >= 0:
        path = path[:marker]
    path = path.rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def summary_url(url: str) -> str:
    return statuspage_base(url) + SUMMARY_PATH


def incidents_url(url: str) -> str:
    return statuspage_base(url) + INCIDENTS_PATH


def parse_incident(
    data: Any, source_id: str, platform: str = "", maintenance: bool = False
) -> Incident:
    """One Statuspage incident (or scheduled maintenance) as a domain :class:`Incident`."""
    data = _obj(data, "incident")
    external_id = _text(data.get("id"), 100).strip()
    if not external_id:
        raise FeedError("incident without an id")
    what = f"incident {external_id}"
    created = _time(data.get("created_at"), f"{what}: created_at", required=True)
    assert created is not None
    started = created
    if maintenance:
        started = _time(data.get("scheduled_for"), f"{what}: scheduled_for") or created
    status = _word(data.get("status"), "investigating")
    impact = "maintenance" if maintenance else _word(data.get("impact"), "none")
    resolved_at = _time(data.get("resolved_at"), f"{what}: resolved_at")
    components = []
    for component in _list(data.get("components"), f"{what}: components"):
        if isinstance(component, dict):
            name = _text(component.get("name"), 120)
            if name and name not in components:
                components.append(name)
    updates = []
    for raw in _list(data.get("incident_updates"), f"{what}: incident_updates"):
        update = _obj(raw, f"{what}: update")
        at = _time(update.get("display_at"), f"{what}: update display_at") or _time(
            update.get("created_at"), f"{what}: update created_at", required=True
        )
        assert at is not None
        body = update.get("body")
        updates.append(
            IncidentUpdate(
                status=_word(update.get("status"), status),
                body=_body(body),
                at=at,
            )
        )
        for affected in _list(update.get("affected_components"), f"{what}: affected_components"):
            if isinstance(affected, dict):
                name = _text(affected.get("name"), 120)
                if name and name not in components:
                    components.append(name)
    updates.sort(key=lambda u: u.at)
    if resolved_at is None and status in ("resolved", "postmortem", "completed"):
        resolved_at = updates[-1].at if updates else created
    url = safe_url(data.get("shortlink") or "") if isinstance(data.get("shortlink"), str) else ""
    return Incident(
        source_id=source_id,
        external_id=external_id,
        title=_line(data.get("name")) or "(untitled incident)",
        status=status,
        impact=impact,
        started_at=started,
        platform=platform,
        resolved_at=resolved_at,
        url=url,
        components=tuple(components),
        updates=tuple(updates),
    )


def parse_summary(body: bytes | str, source_id: str, platform: str = "") -> StatuspageSummary:
    """Parse ``/api/v2/summary.json``."""
    data = _obj(load_json(body), "summary")
    if "page" not in data or "status" not in data:
        raise FeedError("not a Statuspage summary (no 'page' and 'status')")
    page = _obj(data["page"], "page")
    status = _obj(data["status"], "status")
    indicator = _word(status.get("indicator"), "")
    if indicator not in INDICATORS:
        indicator = ""
    components = tuple(
        ComponentStatus(_text(c.get("name"), 120), _word(c.get("status"), "unknown"))
        for c in _list(data.get("components"), "components")
        if isinstance(c, dict) and not c.get("group")
    )
    incidents = tuple(
        parse_incident(item, source_id, platform)
        for item in _list(data.get("incidents"), "incidents")
    )
    maintenances = tuple(
        parse_incident(item, source_id, platform, maintenance=True)
        for item in _list(data.get("scheduled_maintenances"), "scheduled_maintenances")
    )
    page_url = page.get("url")
    return StatuspageSummary(
        page_name=_text(page.get("name"), 120),
        page_url=safe_url(page_url) if isinstance(page_url, str) else "",
        indicator=indicator,
        description=_text(status.get("description"), 200),
        components=components,
        incidents=incidents,
        maintenances=maintenances,
        updated_at=_text(page.get("updated_at"), 64).strip(),
    )


def parse_incidents(body: bytes | str, source_id: str, platform: str = "") -> list[Incident]:
    """Parse ``/api/v2/incidents.json`` (the latest incidents, resolved ones included)."""
    data = _obj(load_json(body), "incidents document")
    if "incidents" not in data:
        raise FeedError("not a Statuspage incidents document (no 'incidents')")
    return [
        parse_incident(item, source_id, platform) for item in _list(data["incidents"], "incidents")
    ]


def looks_like_summary(body: bytes) -> bool:
    """True when ``body`` is JSON with Statuspage's ``page`` and ``status`` objects."""
    data = maybe_json(body)
    return (
        isinstance(data, dict)
        and isinstance(data.get("page"), dict)
        and isinstance(data.get("status"), dict)
    )


# --- when incidents.json is worth asking for ---------------------------------------------------

STATE_KEY = "statuspage"
"""Where a Statuspage source keeps its :class:`HistoryState` in ``SourceHealth.kind_state``."""


@dataclass(frozen=True)
class HistoryState:
    """What the last polls learnt that says whether ``incidents.json`` can have changed."""

    updated_at: str = ""
    """The summary's ``page.updated_at`` at the last poll that read a changed summary."""
    open_ids: tuple[str, ...] = ()
    """The unresolved incidents that summary listed."""
    etag: str = ""
    last_modified: str = ""
    """The validators of the last ``incidents.json`` read in full."""
    complete: bool = False
    """The history was read (or answered 304) after the summary it follows."""

    @classmethod
    def of(cls, health: SourceHealth) -> HistoryState:
        raw = (health.kind_state or {}).get(STATE_KEY)
        if not isinstance(raw, dict):
            return cls()
        ids = raw.get("open_ids")
        return cls(
            updated_at=str(raw.get("updated_at") or ""),
            open_ids=tuple(str(i) for i in ids) if isinstance(ids, list) else (),
            etag=str(raw.get("etag") or ""),
            last_modified=str(raw.get("last_modified") or ""),
            complete=raw.get("complete") is True and isinstance(ids, list),
        )

    def after(self, summary: StatuspageSummary) -> HistoryState:
        return replace(
            self,
            updated_at=summary.updated_at,
            open_ids=tuple(i.external_id for i in summary.incidents),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "updated_at": self.updated_at,
            "open_ids": list(self.open_ids),
            "etag": self.etag,
            "last_modified": self.last_modified,
            "complete": self.complete,
        }


def history_needed(known: HistoryState, summary: StatuspageSummary) -> bool:
    """Whether ``incidents.json`` can say something that the summary just read does not.

    The summary carries every unresolved incident with all its updates; the history adds how
    the others ended. So it is read when it was not read in full last time; when an incident
    open at the last poll has left the summary (resolved: its last updates are only in the
    history); and when the page changed since (``page.updated_at``, which moves with every
    incident update: an incident opened and resolved between two polls, or a postmortem on a
    resolved one, shows there and nowhere else). A page without ``updated_at`` is always read.
    Even then the request is conditional (the history's own ETag), so an unchanged history
    costs a 304.
    """
    if not known.complete or not summary.updated_at or summary.updated_at != known.updated_at:
        return True
    current = {incident.external_id for incident in summary.incidents}
    return not set(known.open_ids) <= current


# --- the kind ----------------------------------------------------------------------------------


class StatuspageKind(SourceKind):
    """An Atlassian Statuspage site, read through its v2 JSON API."""

    name = "statuspage"
    label = "Atlassian Statuspage"
    detect_order = 10
    is_status_page = True

    def extra_url(self, url: str) -> str | None:
        return None if url.rstrip("/").endswith(SUMMARY_PATH) else summary_url(url)

    def recognises(self, url: str, first: FetchResult, extra: FetchResult | None) -> bool:
        if extra is not None and extra.ok and looks_like_summary(extra.body):
            return True
        is_summary = url.rstrip("/").endswith(SUMMARY_PATH)
        return is_summary and first.ok and looks_like_summary(first.body)

    def poll_url(self, url: str) -> str:
        return summary_url(url)

    async def poll(
        self, client: httpx.AsyncClient, source: Source, health: SourceHealth, now: datetime
    ) -> PollResult:
        result = await fetch(
            client, summary_url(source.url), etag=health.etag, last_modified=health.last_modified
        )
        if result.error:
            return failed_poll(source, health, now, result)
        if result.not_modified:
            return unchanged_poll(source, health, now, result)
        summary = parse_summary(result.body, source.id, source.platform)
        incidents: dict[str, Incident] = {i.external_id: i for i in summary.incidents}
        for maintenance in summary.active_maintenances:
            incidents[maintenance.external_id] = maintenance
        known = HistoryState.of(health)
        state = known.after(summary)
        unread = ""
        if history_needed(known, summary):
            history, unread, state = await _read_history(client, source, known, state)
            for incident in history:
                incidents[incident.external_id] = incident
        # the summary alone is still a good answer, but the source says what it lacks
        missing = (
            f"incidents.json not read ({unread}): resolved incidents missing" if unread else ""
        )
        new_health = ok_health(
            health,
            now,
            result,
            note=missing,
            indicator=summary.indicator,
            description=summary.description,
            components=tuple((c.name, c.status) for c in summary.components if c.name)[:200],
            kind_state={**(health.kind_state or {}), STATE_KEY: state.to_dict()},
        )
        note = f"{summary.page_name}: {summary.description} (indicator {summary.indicator})"
        return PollResult(
            source, new_health, incidents=tuple(incidents.values()), note=note, fetched=result
        )


async def _read_history(
    client: httpx.AsyncClient, source: Source, known: HistoryState, state: HistoryState
) -> tuple[list[Incident], str, HistoryState]:
    """``incidents.json``, asked for only if changed: its incidents, why it could not be
    used (``''``: it could), and the state to keep (validators only of a document read)."""
    history = await fetch(
        client, incidents_url(source.url), etag=known.etag, last_modified=known.last_modified
    )
    if history.error:
        return [], history.error, replace(state, complete=False)
    if history.not_modified:
        return [], "", replace(state, complete=True)
    try:
        incidents = parse_incidents(history.body, source.id, source.platform)
    except FeedError as error:
        return [], str(error), replace(state, etag="", last_modified="", complete=False)
    done = replace(state, etag=history.etag, last_modified=history.last_modified, complete=True)
    return incidents, "", done


STATUSPAGE = register(StatuspageKind())
