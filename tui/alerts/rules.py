"""What is worth an alert: one set of rules for the dashboard and for the poller.

The poller tells :func:`alerts_for_cycle` what one cycle changed (a :class:`CycleChanges`);
the rules turn it into :class:`~tui.alerts.alert.Alert` values with stable keys. Each
destination then keeps what its :class:`AlertRules` accept (kinds, minimum impact, platforms,
source kinds), and a burst is folded into one alert per destination by :func:`coalesce`.

History is never news. Incidents from a source's first successful poll (its ids are in
``CycleChanges.first_polls``, see :func:`first_polls`) make no alert, and neither does an
import: the importer writes the store directly and does not call these rules, and later polls
find the imported incidents already known. A resolution counts only when this cycle saw the
incident close for the first time, so a postmortem added to a long-closed incident is quiet.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from ..domain import CLOSED_STATUSES, Event, Incident, Source, SourceHealth, to_iso
from .alert import ALERT_KINDS, TEST_KIND, Alert

IMPACT_RANKS = {"none": 0, "minor": 1, "major": 2, "critical": 3}
"""Incident impacts in order; ``maintenance`` is planned work, ranked with ``none``."""

MIN_IMPACTS = tuple(IMPACT_RANKS)
DEFAULT_MIN_IMPACT = "minor"
UNKNOWN_IMPACT_RANK = IMPACT_RANKS["minor"]
"""A provider's own word for impact: something is broken, how badly nobody said."""

IMPACT_FILTERED_KINDS = frozenset({"new", "resolved", "unacknowledged"})
"""The kinds about an incident, which ``min_impact`` applies to."""

BURST_LIMIT = 5
"""More alerts of one kind than this for one destination in one cycle become one alert."""

FAILING_AFTER = 2
"""Consecutive failed polls before a source that was answering counts as failing: one timeout
is noise (the same default as a probe's ``fail_threshold``)."""

QUIET_FAILING_KINDS = frozenset({"probe"})
"""Source kinds whose failing *is* the outage: their incident says it, not a failing alert."""


def impact_rank(impact: str) -> int:
    if impact == "maintenance":
        return IMPACT_RANKS["none"]
    return IMPACT_RANKS.get(impact, UNKNOWN_IMPACT_RANK)


def _names(values: Iterable[str]) -> frozenset[str]:
    return frozenset(value.strip().casefold() for value in values if value.strip())


@dataclass(frozen=True)
class AlertRules:
    """Which alerts one destination wants. Empty ``platforms``/``source_kinds`` mean all.

    ``min_impact`` applies to incident alerts; ``none`` lets everything through, planned
    maintenance included, which any higher minimum keeps out.
    """

    kinds: frozenset[str] = frozenset(ALERT_KINDS)
    min_impact: str = DEFAULT_MIN_IMPACT
    platforms: frozenset[str] = frozenset()
    source_kinds: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(ALERT_KINDS)
        if unknown:
            raise ValueError(
                f"unknown alert kind {sorted(unknown)[0]!r} (one of: {', '.join(ALERT_KINDS)})"
            )
        if self.min_impact not in IMPACT_RANKS:
            raise ValueError(
                f"unknown impact {self.min_impact!r} (one of: {', '.join(MIN_IMPACTS)})"
            )
        object.__setattr__(self, "platforms", _names(self.platforms))
        object.__setattr__(self, "source_kinds", _names(self.source_kinds))

    def accepts(self, alert: Alert) -> bool:
        if alert.kind == TEST_KIND:
            return True
        if alert.kind not in self.kinds:
            return False
        if self.platforms and alert.platform.casefold() not in self.platforms:
            return False
        if self.source_kinds and alert.source_kind.casefold() not in self.source_kinds:
            return False
        if alert.kind in IMPACT_FILTERED_KINDS:
            if alert.impact == "maintenance" and self.min_impact != "none":
                return False
            return impact_rank(alert.impact) >= IMPACT_RANKS[self.min_impact]
        return True

    def to_dict(self) -> dict[str, Any]:
        return {
            "kinds": [kind for kind in ALERT_KINDS if kind in self.kinds],
            "min_impact": self.min_impact,
            "platforms": sorted(self.platforms),
            "source_kinds": sorted(self.source_kinds),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AlertRules:
        kinds = data.get("kinds")
        return cls(
            kinds=frozenset(str(k) for k in kinds) if isinstance(kinds, list) else cls.kinds,
            min_impact=str(data.get("min_impact") or DEFAULT_MIN_IMPACT),
            platforms=frozenset(str(p) for p in data.get("platforms") or ()),
            source_kinds=frozenset(str(k) for k in data.get("source_kinds") or ()),
        )


def parse_kinds(text: str) -> frozenset[str]:
    """``"new,resolved"`` as a set of kinds; ``ValueError`` naming a word that is not one."""
    kinds = frozenset(part.strip().lower() for part in text.split(",") if part.strip())
    if not kinds:
        raise ValueError(f"no alert kinds given (one or more of: {', '.join(ALERT_KINDS)})")
    for kind in kinds:
        if kind not in ALERT_KINDS:
            raise ValueError(f"unknown alert kind {kind!r} (one of: {', '.join(ALERT_KINDS)})")
    return kinds


# --- what one cycle changed -----------------------------------------------------------------


class _MergeLike(Protocol):
    @property
    def new(self) -> Sequence[Incident]: ...
    @property
    def changed(self) -> Sequence[Incident]: ...


class PollReportLike(Protocol):
    """What :func:`CycleChanges.from_report` reads from the poller's ``PollReport``."""

    @property
    def merge(self) -> _MergeLike: ...
    @property
    def health(self) -> Sequence[SourceHealth]: ...


@dataclass(frozen=True)
class CycleChanges:
    """Everything one poll cycle changed that an alert may be about.

    ``now`` is the cycle's time (the ledger stamps queued alerts with it).
    ``detected`` are changes found on watched pages or changelogs, as events (an event whose
    ``detected`` attribute is false, e.g. one the user typed in, is skipped).
    """

    now: datetime
    new: Sequence[Incident] = ()
    changed: Sequence[Incident] = ()
    failing: Sequence[SourceHealth] = ()
    detected: Sequence[Event] = ()
    first_polls: frozenset[str] = frozenset()
    sources: Mapping[str, Source] = field(default_factory=dict)

    @classmethod
    def from_report(
        cls,
        report: PollReportLike,
        previous: Mapping[str, SourceHealth],
        sources: Mapping[str, Source],
        now: datetime,
        detected: Sequence[Event] = (),
    ) -> CycleChanges:
        """The changes in a ``PollReport``, given the source health read before the cycle."""
        return cls(
            now=now,
            new=report.merge.new,
            changed=report.merge.changed,
            failing=started_failing(previous, report.health, sources),
            detected=detected,
            first_polls=first_polls(previous, report.health),
            sources=sources,
        )


def first_polls(
    previous: Mapping[str, SourceHealth], current: Iterable[SourceHealth]
) -> frozenset[str]:
    """Sources that answered this cycle and never had before: what they returned is history."""
    firsts = set()
    for entry in current:
        before = previous.get(entry.source_id)
        if entry.last_ok is not None and (before is None or before.last_ok is None):
            firsts.add(entry.source_id)
    return frozenset(firsts)


def started_failing(
    previous: Mapping[str, SourceHealth],
    current: Iterable[SourceHealth],
    sources: Mapping[str, Source],
    quiet_kinds: frozenset[str] = QUIET_FAILING_KINDS,
) -> list[SourceHealth]:
    """Sources that answered once and have now failed :data:`FAILING_AFTER` times in a row."""
    failing = []
    for entry in current:
        source = sources.get(entry.source_id)
        if source is not None and source.kind in quiet_kinds:
            continue
        before = previous.get(entry.source_id)
        was = before.consecutive_failures if before is not None else 0
        if entry.last_ok is not None and entry.error and was < FAILING_AFTER:
            if entry.consecutive_failures >= FAILING_AFTER:
                failing.append(entry)
    return failing


# --- the rules ------------------------------------------------------------------------------


def _incident_alert(kind: str, incident: Incident, source: Source | None) -> Alert:
    return Alert(
        kind=kind,
        key=f"{kind}:{incident.id}",
        title=incident.title,
        platform=incident.platform or (source.platform if source else ""),
        status=incident.status,
        impact=incident.impact,
        url=incident.url,
        started_at=incident.started_at,
        incident_id=incident.id,
        source_id=incident.source_id,
        source_kind=source.kind if source else "",
    )


def closed_this_cycle(incident: Incident) -> bool:
    """The incident is over, and every update that says so was first seen by this merge.

    The merge stamps a changed incident's ``updated_at`` and its new updates' ``seen_at``
    with the same cycle time, so this needs no clock from the caller; a closing update seen
    in an earlier cycle (a postmortem after the resolution) means the news is old.
    """
    if incident.is_open or incident.updated_at is None:
        return False
    closing = [u for u in incident.updates if u.status in CLOSED_STATUSES]
    cycle = incident.updated_at
    return bool(closing) and all(u.seen_at is not None and u.seen_at >= cycle for u in closing)


def alerts_for_cycle(changes: CycleChanges) -> list[Alert]:
    """Every alert one cycle deserves, before any destination's filters; keys are stable."""
    alerts: list[Alert] = []
    quiet = changes.first_polls
    for incident in changes.new:
        if incident.source_id in quiet:
            continue
        source = changes.sources.get(incident.source_id)
        if not incident.is_open:
            continue  # first seen already over: history that arrived late
        kind = "unacknowledged" if incident.unacknowledged else "new"
        alerts.append(_incident_alert(kind, incident, source))
    for incident in changes.changed:
        if incident.source_id in quiet:
            continue
        source = changes.sources.get(incident.source_id)
        if closed_this_cycle(incident):
            alerts.append(_incident_alert("resolved", incident, source))
        elif incident.is_open and incident.unacknowledged:
            # The probe's page turned green while it still fails (the key makes it once).
            alerts.append(_incident_alert("unacknowledged", incident, source))
    for entry in changes.failing:
        source = changes.sources.get(entry.source_id)
        label = source.label if source else entry.source_id
        alerts.append(
            Alert(
                kind="failing",
                key=f"failing:{entry.source_id}:{to_iso(entry.last_ok)}",
                title=f"{label}: {entry.error}",
                platform=source.platform if source else "",
                status="failing",
                url=source.url if source else "",
                started_at=entry.last_poll,
                source_id=entry.source_id,
                source_kind=source.kind if source else "",
            )
        )
    for event in changes.detected:
        if getattr(event, "detected", True) is False:
            continue
        alerts.append(
            Alert(
                kind="change",
                key=f"change:{event.id}",
                title=event.title,
                platform=event.platform,
                status="detected",
                url=event.url,
                started_at=event.moment,
                event_id=event.id,
                source_id=str(getattr(event, "source_id", "") or ""),
                source_kind=str(getattr(event, "source_kind", "") or ""),
            )
        )
    return alerts


def select(alerts: Iterable[Alert], rules: AlertRules) -> list[Alert]:
    return [alert for alert in alerts if rules.accepts(alert)]


def for_destination(alerts: Iterable[Alert], rules: AlertRules) -> list[Alert]:
    """What one destination is told of a cycle: what its rules accept, bursts folded.

    The dashboard's path; for targets the ledger does the same after dropping what each
    target was already sent.
    """
    return coalesce(select(alerts, rules))


def coalesce(alerts: Sequence[Alert], limit: int = BURST_LIMIT) -> list[Alert]:
    """Fold more than ``limit`` alerts of one kind into one that says how many.

    The burst's key is derived from its members' keys, so retrying it keeps the same key.
    """
    by_kind: dict[str, list[Alert]] = {}
    for alert in alerts:
        by_kind.setdefault(alert.kind, []).append(alert)
    result: list[Alert] = []
    for kind, group in by_kind.items():
        if len(group) <= limit:
            result.extend(group)
            continue
        keys = tuple(sorted({key for alert in group for key in (alert.members or (alert.key,))}))
        digest = hashlib.sha256("\n".join(keys).encode()).hexdigest()[:20]
        platforms = sorted({alert.platform for alert in group if alert.platform})
        worst = max(group, key=lambda alert: impact_rank(alert.impact))
        starts = [alert.started_at for alert in group if alert.started_at is not None]
        sources = {alert.source_id for alert in group}
        kinds = {alert.source_kind for alert in group}
        shown = "; ".join(alert.title for alert in group[:3])
        more = f" and {len(group) - 3} more" if len(group) > 3 else ""
        result.append(
            Alert(
                kind=kind,
                key=f"burst:{kind}:{digest}",
                title=f"{shown}{more}",
                platform=platforms[0] if len(platforms) == 1 else "",
                status=group[0].status if len({a.status for a in group}) == 1 else "",
                impact=worst.impact,
                started_at=min(starts) if starts else None,
                source_id=sources.pop() if len(sources) == 1 else "",
                source_kind=kinds.pop() if len(kinds) == 1 else "",
                count=sum(alert.count for alert in group),
                members=keys,
            )
        )
    return result
