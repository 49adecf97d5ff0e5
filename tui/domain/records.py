"""The records every layer passes around: platforms, sources, health, incidents, events, notes.

Nothing here imports Textual or TinyDB. Times are timezone-aware UTC ``datetime`` values in
memory and ISO-8601 UTC strings on disk (``to_dict``/``from_dict``), so a store written on one
machine reads the same on another.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, date, datetime
from typing import Any

from .values import (
    CLOSED_STATUSES,
    DEFAULT_KEEP_VERSIONS,
    TARGET_KINDS,
    parse_day,
    parse_iso,
    to_iso,
    utcnow,
)

_HEADING_MARK = re.compile(r"^#{1,6}(?=\s|$)")
_TAG_RE = re.compile(r"(?<![\w#&])#([A-Za-z][\w-]{0,63})")

# --- domain types -------------------------------------------------------------------------


_FIELD_NAMES: dict[type, frozenset[str]] = {}


def _field_names(cls: type) -> frozenset[str]:
    """A record class's field names, looked up once (``from_dict`` runs per stored document)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = frozenset(f.name for f in fields(cls))
    return names


@dataclass(frozen=True, slots=True)
class Platform:
    """A watched platform (``X/Twitter``, ``GitHub``…); sources, events and notes refer to it by name."""

    name: str
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Platform:
        return cls(name=str(data["name"]), description=str(data.get("description", "")))


@dataclass(frozen=True, slots=True)
class Source:
    """Where incidents come from: a status page, a feed, a probe… (``kind`` names one of the kinds).

    This is the user's configuration (precious). What polling learns about the source
    (last status, errors, ETag…) is :class:`SourceHealth`, kept apart because it is rebuildable.
    """

    id: str
    url: str
    kind: str
    platform: str = ""
    name: str = ""
    every: int = 60
    paused: bool = False
    # probe settings (ignored by other kinds)
    method: str = "GET"
    expect_status: str = "2xx,3xx"
    timeout: float = 10.0
    latency_limit_ms: int | None = None
    body_contains: str | None = None
    fail_threshold: int = 2
    recover_threshold: int = 2
    body_excludes: str | None = None
    """Text whose presence fails the probe ("Your current API plan does not include …")."""
    json_check: str | None = None
    """``PATH == VALUE`` or ``PATH contains VALUE`` on the JSON body (``data.status == ok``)."""
    headers: str = ""
    """Request headers, ``Name: value`` a line; a secret is a ``$VARIABLE`` read at poll time."""
    cert_expiry_days: int | None = None
    """Fail when the server's TLS certificate expires within this many days."""
    created_at: datetime | None = None
    # watched page and changelog settings (ignored by other kinds)
    category: str = ""
    """The category of the events a page or changelog source records (``''``: the kind's own)."""
    select: tuple[str, ...] = ()
    """CSS selectors of the part of a page that matters (``--select``)."""
    remove: tuple[str, ...] = ()
    """CSS selectors of noise cut out of a page first (``--remove``)."""
    ignore: tuple[str, ...] = ()
    """Regular expressions of text lines a page's comparison leaves out (``--ignore``)."""
    keep_versions: int = DEFAULT_KEEP_VERSIONS
    """How many versions of a page's text are kept (the oldest go first)."""

    @property
    def label(self) -> str:
        return self.name or self.url

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["created_at"] = to_iso(self.created_at)
        for key in _SOURCE_LISTS:
            data[key] = list(data[key])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        known = _field_names(cls)
        values = {key: value for key, value in data.items() if key in known}
        values["created_at"] = parse_iso(values.get("created_at"))
        values["id"] = str(values["id"])
        for key in _SOURCE_LISTS:
            if key in values:
                values[key] = tuple(str(item) for item in values[key] or ())
        return cls(**values)


_SOURCE_LISTS = ("select", "remove", "ignore")


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """What the poller last learnt about one source; shown on the Sources screen and the header."""

    source_id: str
    last_poll: datetime | None = None
    last_ok: datetime | None = None
    http_status: int | None = None
    latency_ms: float | None = None
    error: str = ""
    next_poll: datetime | None = None
    consecutive_failures: int = 0
    consecutive_successes: int = 0
    etag: str = ""
    last_modified: str = ""
    indicator: str = ""
    """Statuspage overall indicator (none, minor, major, critical) or '' when unknown."""
    description: str = ""
    """Statuspage overall description, e.g. 'All Systems Operational'."""
    latencies: tuple[float, ...] = ()
    """Recent probe latencies in milliseconds, newest last (bounded by the poller)."""
    kind_state: dict[str, Any] | None = field(default=None, hash=False)
    """What a kind remembers between polls in plain JSON (a page's digest and noise, a
    changelog's entry hashes); ``None`` for kinds that remember nothing."""
    note: str = ""
    """One line the kind says about the source besides an error ("noisy since …",
    "redirected to HOST"), shown on the Sources screen."""
    components: tuple[tuple[str, str], ...] = ()
    """The page's components and their current state (``("API", "partial_outage")``)."""

    def component_state(self, name: str) -> str:
        """The current state of component ``name`` on this page, or ``''``."""
        return next((state for known, state in self.components if known == name), "")

    @property
    def ok(self) -> bool:
        return self.last_poll is not None and not self.error

    def is_stale(self, every: int, now: datetime | None = None) -> bool:
        """True when the source has not answered for twice its interval."""
        now = now or utcnow()
        reference = self.last_ok or None
        if reference is None:
            return self.last_poll is not None
        return (now - reference).total_seconds() > 2 * every

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("last_poll", "last_ok", "next_poll"):
            data[key] = to_iso(getattr(self, key))
        data["latencies"] = list(self.latencies)
        data["components"] = [list(pair) for pair in self.components]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceHealth:
        known = _field_names(cls)
        values = {key: value for key, value in data.items() if key in known}
        for key in ("last_poll", "last_ok", "next_poll"):
            values[key] = parse_iso(values.get(key))
        values["latencies"] = tuple(values.get("latencies") or ())
        values["components"] = tuple(
            (str(pair[0]), str(pair[1]))
            for pair in values.get("components") or ()
            if isinstance(pair, list | tuple) and len(pair) == 2
        )
        return cls(**values)


@dataclass(frozen=True, slots=True)
class IncidentUpdate:
    """One status update of an incident, as published (``at``) and as first seen by whalewatch."""

    status: str
    body: str
    at: datetime
    seen_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "body": self.body,
            "at": to_iso(self.at),
            "seen_at": to_iso(self.seen_at),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IncidentUpdate:
        return cls(
            status=str(data.get("status", "")),
            body=str(data.get("body", "")),
            at=parse_iso(data["at"]) or utcnow(),
            seen_at=parse_iso(data.get("seen_at")),
        )


@dataclass(frozen=True, slots=True)
class Incident:
    """Something broken on a platform, identified by ``(source_id, external_id)``.

    ``id`` is the stable key ``"{source_id}:{external_id}"`` used everywhere else (notes attach
    to it, the CLI prints it). Re-polls update an incident in place and append only new updates.
    """

    source_id: str
    external_id: str
    title: str
    status: str
    impact: str
    started_at: datetime
    platform: str = ""
    resolved_at: datetime | None = None
    url: str = ""
    components: tuple[str, ...] = ()
    updates: tuple[IncidentUpdate, ...] = ()
    first_seen_at: datetime | None = None
    updated_at: datetime | None = None
    unacknowledged: bool = False
    """A probe saw this outage while the platform's status page said all was well."""

    @property
    def id(self) -> str:
        return incident_key(self.source_id, self.external_id)

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES and self.resolved_at is None

    def duration_seconds(self, now: datetime | None = None) -> float:
        """How long it lasted; an open incident counts up to ``now``."""
        end = self.resolved_at or (now or utcnow())
        return max(0.0, (end - self.started_at).total_seconds())

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.id,
            "source_id": self.source_id,
            "external_id": self.external_id,
            "title": self.title,
            "status": self.status,
            "impact": self.impact,
            "started_at": to_iso(self.started_at),
            "platform": self.platform,
            "resolved_at": to_iso(self.resolved_at),
            "url": self.url,
            "components": list(self.components),
            "updates": [update.to_dict() for update in self.updates],
            "first_seen_at": to_iso(self.first_seen_at),
            "updated_at": to_iso(self.updated_at),
            "unacknowledged": self.unacknowledged,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Incident:
        return cls(
            source_id=str(data["source_id"]),
            external_id=str(data["external_id"]),
            title=str(data.get("title", "")),
            status=str(data.get("status", "investigating")),
            impact=str(data.get("impact", "none")),
            started_at=parse_iso(data["started_at"]) or utcnow(),
            platform=str(data.get("platform", "")),
            resolved_at=parse_iso(data.get("resolved_at")),
            url=str(data.get("url", "")),
            components=tuple(data.get("components") or ()),
            updates=tuple(IncidentUpdate.from_dict(u) for u in data.get("updates") or ()),
            first_seen_at=parse_iso(data.get("first_seen_at")),
            updated_at=parse_iso(data.get("updated_at")),
            unacknowledged=bool(data.get("unacknowledged", False)),
        )


def incident_key(source_id: str, external_id: str) -> str:
    """The stable identity of an incident across polls."""
    return f"{source_id}:{external_id}"


@dataclass(frozen=True, slots=True)
class Event:
    """A dated change on a platform (a layoff, an API price, a policy), entered by the user
    or detected by a watched page or changelog (``detected``, with the page's ``diff``).

    ``is_change`` marks the events that analysis compares before/after (e.g. the acquisition).
    """

    id: int
    day: date
    title: str
    category: str = "other"
    platform: str = ""
    time: str = ""
    """Optional ``HH:MM`` (UTC) when the hour matters."""
    url: str = ""
    description: str = ""
    is_change: bool = False
    confidence: str = ""
    """How sure the chronicle is of this fact (``seed``, ``high``, ``medium``), when known."""
    detected: bool = False
    """Recorded by a watched page or changelog source, not typed in."""
    source_id: str = ""
    """The source that detected it (``''`` for typed events)."""
    diff: dict[str, Any] | None = field(default=None, hash=False)
    """A detected page change's diff (``PageDiff.to_dict()``), ``None`` for other events."""
    version: int | None = None
    """The page version the change produced, when it kept one."""
    key: str = ""
    """A detected event's stable identity (a changelog entry's key): merging an event with
    the same key updates it instead of adding another."""

    @property
    def moment(self) -> datetime:
        """The event as an aware datetime (midnight UTC when it has no time)."""
        hour, minute = 0, 0
        if self.time:
            try:
                hour, minute = (int(part) for part in self.time.split(":")[:2])
            except ValueError:
                hour, minute = 0, 0
        return datetime(self.day.year, self.day.month, self.day.day, hour, minute, tzinfo=UTC)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["day"] = self.day.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        known = _field_names(cls)
        values = {key: value for key, value in data.items() if key in known}
        values["day"] = parse_day(str(values["day"]))
        values["id"] = int(values.get("id", 0))
        return cls(**values)

    def with_id(self, new_id: int) -> Event:
        return replace(self, id=new_id)


@dataclass(frozen=True, slots=True)
class Note:
    """The user's own Markdown note, standalone or attached to an incident, event or platform.

    ``revision`` grows by one on each save; a save based on an older revision than the one on
    disk is a conflict, and the store keeps both texts rather than overwrite either.
    """

    id: int
    text: str
    target_kind: str = ""
    target_id: str = ""
    pinned: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = 0

    @property
    def tags(self) -> tuple[str, ...]:
        return note_tags(self.text)

    @property
    def title(self) -> str:
        """The first non-empty line, without Markdown heading marks."""
        for line in self.text.splitlines():
            # "# Heading" is a heading; "#outage #api" is tags, kept as written.
            stripped = _HEADING_MARK.sub("", line.strip()).strip()
            if stripped:
                return stripped
        return "(empty note)"

    @property
    def tags_beside_title(self) -> tuple[str, ...]:
        """The tags a list shows after the title: not those the title already shows."""
        shown = {word.lstrip("#").casefold() for word in self.title.split() if word.startswith("#")}
        return tuple(tag for tag in self.tags if tag.casefold() not in shown)

    @property
    def target(self) -> str:
        """``kind:id`` of what the note is attached to, or ``''`` when it stands alone."""
        return f"{self.target_kind}:{self.target_id}" if self.target_kind else ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["created_at"] = to_iso(self.created_at)
        data["updated_at"] = to_iso(self.updated_at)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Note:
        known = _field_names(cls)
        values = {key: value for key, value in data.items() if key in known}
        values["created_at"] = parse_iso(values.get("created_at"))
        values["updated_at"] = parse_iso(values.get("updated_at"))
        values["id"] = int(values.get("id", 0))
        return cls(**values)


def note_tags(text: str) -> tuple[str, ...]:
    """``#tags`` written in a note, lower-cased, in order of first appearance, without repeats."""
    seen: dict[str, None] = {}
    for match in _TAG_RE.finditer(text):
        seen.setdefault(match.group(1).lower(), None)
    return tuple(seen)


def parse_target(text: str) -> tuple[str, str]:
    """Parse ``incident:ID``, ``event:ID`` or ``platform:NAME`` into ``(kind, id)``."""
    kind, sep, ident = text.partition(":")
    if not sep or kind not in TARGET_KINDS or not ident:
        raise ValueError(f"expected incident:ID, event:ID or platform:NAME, got {text!r}")
    return kind, ident


def source_state(source: Source, health: SourceHealth | None, now: datetime) -> str:
    """ok, failing, stale, paused or not polled: what the Sources screen and the header say."""
    if source.paused:
        return "paused"
    if health is None or health.last_poll is None:
        return "not polled"
    if health.error:
        return "failing"
    if health.is_stale(source.every, now):
        return "stale"
    return "ok"
