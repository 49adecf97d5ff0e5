"""How honest is the status page: when it admitted the outages your probes saw — pure.

For every outage a probe saw (a probe incident), the same platform's status page "admitted"
it when it first published an incident overlapping it (the page incident's own start, as the
page states it). The lag is from the probe's first failure to that moment; a page incident
already open when the probe began failing admitted it with no lag. Per platform and period:
the outages probes saw, how many the page admitted, the median and worst lag, and the page's
incidents no probe saw.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from .domain import Incident, utcnow


@dataclass(frozen=True)
class Admission:
    """One probe outage and when the status page admitted it (``None``: never)."""

    outage: Incident
    admitted_at: datetime | None
    page_incident: Incident | None

    @property
    def lag(self) -> timedelta | None:
        if self.admitted_at is None:
            return None
        return max(timedelta(0), self.admitted_at - self.outage.started_at)

    def sentence(self) -> str:
        """``seen by your probe at 17:02; admitted by the status page at 17:41 (39 min later)``."""
        seen = f"seen by your probe at {self.outage.started_at:%H:%M}"
        if self.admitted_at is None or self.lag is None:
            if self.outage.is_open:
                return f"{seen}; not admitted by the status page yet"
            return f"{seen}; never admitted by the status page"
        minutes = round(self.lag.total_seconds() / 60)
        later = "at once" if minutes == 0 else f"{minutes} min later"
        return f"{seen}; admitted by the status page at {self.admitted_at:%H:%M} ({later})"


@dataclass(frozen=True)
class PlatformHonesty:
    """The figures of one platform over one period."""

    platform: str
    outages: int
    admitted: int
    median_lag_min: float | None
    worst_lag_min: float | None
    unseen_by_probes: int

    def to_dict(self) -> dict[str, object]:
        return {
            "platform": self.platform,
            "outages_seen_by_probes": self.outages,
            "admitted_by_the_page": self.admitted,
            "median_lag_minutes": self.median_lag_min,
            "worst_lag_minutes": self.worst_lag_min,
            "page_incidents_no_probe_saw": self.unseen_by_probes,
        }


def _end(incident: Incident, now: datetime) -> datetime:
    return incident.resolved_at or now


def overlaps(a: Incident, b: Incident, now: datetime) -> bool:
    return a.started_at <= _end(b, now) and b.started_at <= _end(a, now)


def admission(outage: Incident, page: Iterable[Incident], now: datetime | None = None) -> Admission:
    """When the platform's page first admitted ``outage`` (its incidents: ``page``)."""
    now = now or utcnow()
    candidates = [
        incident
        for incident in page
        if incident.platform == outage.platform
        and incident.impact != "maintenance"
        and overlaps(incident, outage, now)
    ]
    if not candidates:
        return Admission(outage, None, None)
    first = min(candidates, key=lambda incident: incident.started_at)
    return Admission(outage, first.started_at, first)


def _minutes(lag: timedelta) -> float:
    return round(lag.total_seconds() / 60, 1)


def platform_honesty(
    outages: Iterable[Incident],
    page: Iterable[Incident],
    start: datetime | None = None,
    end: datetime | None = None,
    now: datetime | None = None,
) -> list[PlatformHonesty]:
    """Per platform (that has probe outages in the period), the page's honesty figures."""
    now = now or utcnow()
    page_list = list(page)

    def in_period(incident: Incident) -> bool:
        return (start is None or _end(incident, now) >= start) and (
            end is None or incident.started_at <= end
        )

    probe_list = [o for o in outages if in_period(o)]
    figures = []
    for platform in sorted({o.platform for o in probe_list}):
        seen = [o for o in probe_list if o.platform == platform]
        admissions = [admission(o, page_list, now) for o in seen]
        lags = [_minutes(a.lag) for a in admissions if a.lag is not None]
        own_page = [
            i
            for i in page_list
            if i.platform == platform and i.impact != "maintenance" and in_period(i)
        ]
        unseen = [i for i in own_page if not any(overlaps(i, o, now) for o in seen)]
        figures.append(
            PlatformHonesty(
                platform=platform,
                outages=len(seen),
                admitted=len(lags),
                median_lag_min=statistics.median(lags) if lags else None,
                worst_lag_min=max(lags) if lags else None,
                unseen_by_probes=len(unseen),
            )
        )
    return figures
