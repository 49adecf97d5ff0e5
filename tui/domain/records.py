"""The records of what is watched: platforms, sources and their health.

Incidents are in :mod:`.incidents`, events and notes in :mod:`.entries`: each module's
dataclasses cost about a millisecond apiece to build at import, and ``whalewatch source list``
needs only these.

Nothing here imports Textual or TinyDB. Times are timezone-aware UTC ``datetime`` values in
memory and ISO-8601 UTC strings on disk (``to_dict``/``from_dict``), so a store written on one
machine reads the same on another.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from .record_fields import known_fields, record_field_order
from .values import DEFAULT_KEEP_VERSIONS, parse_iso, to_iso, utcnow

# --- domain types -------------------------------------------------------------------------


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
        values = known_fields(cls, data)
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
        # field by field: asdict deep-copies every value (a tenth of a steady poll's CPU)
        data = {name: getattr(self, name) for name in record_field_order(SourceHealth)}
        data["kind_state"] = json_copy(self.kind_state)
        for key in ("last_poll", "last_ok", "next_poll"):
            data[key] = to_iso(getattr(self, key))
        data["latencies"] = list(self.latencies)
        data["components"] = [list(pair) for pair in self.components]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceHealth:
        values = known_fields(cls, data)
        for key in ("last_poll", "last_ok", "next_poll"):
            values[key] = parse_iso(values.get(key))
        values["latencies"] = tuple(values.get("latencies") or ())
        values["components"] = tuple(
            (str(pair[0]), str(pair[1]))
            for pair in values.get("components") or ()
            if isinstance(pair, list | tuple) and len(pair) == 2
        )
        return cls(**values)


def json_copy(value: Any) -> Any:
    """A copy of plain JSON data (dicts, lists, tuples of them; anything else is kept as it
    is), so the document written does not share a dict with the record it came from.

    What ``copy.deepcopy`` gives for such data at a fraction of its cost (no memo of every
    object seen: JSON holds no cycles); the health of 2,000 sources is written every cycle.
    """
    if isinstance(value, dict):
        return {key: json_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_copy(item) for item in value]
    if isinstance(value, tuple):
        return tuple(json_copy(item) for item in value)
    return value


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
