"""Incidents and their updates: what polling finds broken on a platform.

Nothing here imports Textual or TinyDB. See :mod:`.records` for why this is a module of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .values import CLOSED_STATUSES, parse_iso, to_iso, utcnow


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
            components=_components(data.get("components")),
            updates=tuple(IncidentUpdate.from_dict(u) for u in data.get("updates") or ()),
            first_seen_at=parse_iso(data.get("first_seen_at")),
            updated_at=parse_iso(data.get("updated_at")),
            unacknowledged=bool(data.get("unacknowledged", False)),
        )


def _components(value: Any) -> tuple[str, ...]:
    """A stored incident's components as text, as its other fields are read (``str``): a
    hand-edited ``"API"`` is one component, not three letters; a number raises."""
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(component) for component in value)


def incident_key(source_id: str, external_id: str) -> str:
    """The stable identity of an incident across polls."""
    return f"{source_id}:{external_id}"
