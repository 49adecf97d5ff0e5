"""Merging what a poll saw into the stored incidents: pure functions, no disk.

A source reports its incidents as they stand now; the store keeps each incident's whole
story. Merging goes by identity (the incident's key): an incident seen for the first time is
kept with the moment whalewatch first saw it and each of its updates; one seen before gains
only the updates it did not have (a status change with no update of its own gets one), and
records when whalewatch first saw each. Re-merging the same payload changes nothing, and an
incident missing from a poll is left as it is (an unreachable source never resolves anything).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from ..domain import Incident, IncidentUpdate


@dataclass(frozen=True)
class MergeResult:
    """What one merge of polled incidents changed: shown as toasts and unread marks."""

    new: tuple[Incident, ...] = ()
    changed: tuple[Incident, ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.new or self.changed)


@dataclass(frozen=True)
class MergeChanges:
    """What merging one batch of polled incidents into the stored ones changes.

    ``added`` and ``updated`` are what to write (by key, as each finally stands); ``new`` and
    ``changed`` what to tell the user, in the order the poll reported them; ``seen`` holds
    every polled incident as it now stands, written or not (the index of open incidents
    follows it).
    """

    added: dict[str, Incident] = field(default_factory=dict)
    updated: dict[str, Incident] = field(default_factory=dict)
    seen: dict[str, Incident] = field(default_factory=dict)
    new: tuple[Incident, ...] = ()
    changed: tuple[Incident, ...] = ()

    @property
    def unchanged(self) -> tuple[Incident, ...]:
        """The polled incidents that were stored already and bring nothing new."""
        return tuple(
            i for key, i in self.seen.items() if key not in self.added and key not in self.updated
        )


def merge_polled(
    polled: Iterable[Incident], stored: Callable[[str], Incident | None], now: datetime
) -> MergeChanges:
    """Merge ``polled`` into the incidents ``stored`` finds by key (``None``: not stored).

    An incident twice in one payload is merged into its first copy.
    """
    added: dict[str, Incident] = {}
    updated: dict[str, Incident] = {}
    seen: dict[str, Incident] = {}
    new: list[Incident] = []
    changed: list[Incident] = []
    for incoming in polled:
        key = incoming.id
        if key in added:
            merged = merge_one(added[key], incoming, now)
            if merged is None:
                merged = added[key]
            else:
                added[key] = merged
        else:
            existing = updated.get(key) or stored(key)
            if existing is None:
                merged = added[key] = first_sighting(incoming, now)
                new.append(merged)
            else:
                merged = merge_one(existing, incoming, now)
                if merged is None:
                    merged = existing
                else:
                    updated[key] = merged
                    changed.append(merged)
        seen[key] = merged
    return MergeChanges(added, updated, seen, tuple(new), tuple(changed))


def first_sighting(incident: Incident, now: datetime) -> Incident:
    """An incident as kept when first seen: it and each of its updates seen ``now``."""
    updates = tuple(
        u if u.seen_at else replace(u, seen_at=now)
        for u in sorted(incident.updates, key=lambda u: u.at)
    )
    return replace(
        incident,
        updates=updates,
        first_seen_at=incident.first_seen_at or now,
        updated_at=now,
    )


def merge_one(existing: Incident, incoming: Incident, now: datetime) -> Incident | None:
    """The merged incident, or ``None`` when the incoming version changes nothing."""
    known = {_update_identity(u) for u in existing.updates}
    added = [
        replace(u, seen_at=u.seen_at or now)
        for u in incoming.updates
        if _update_identity(u) not in known
    ]
    status_changed = incoming.status != existing.status
    if status_changed and not any(u.status == incoming.status for u in added):
        added.append(IncidentUpdate(status=incoming.status, body="", at=now, seen_at=now))
    fields_changed = (
        status_changed
        or incoming.title != existing.title
        or incoming.impact != existing.impact
        or incoming.resolved_at != existing.resolved_at
        or incoming.url != existing.url
        or tuple(incoming.components) != tuple(existing.components)
        or incoming.unacknowledged != existing.unacknowledged
        or incoming.platform != existing.platform
    )
    if not added and not fields_changed:
        return None
    updates = tuple(sorted((*existing.updates, *added), key=lambda u: u.at))
    return replace(
        incoming,
        updates=updates,
        first_seen_at=existing.first_seen_at or now,
        updated_at=now,
    )


def _update_identity(update: IncidentUpdate) -> tuple[str, str, str]:
    return (update.status, update.at.isoformat(), update.body)
