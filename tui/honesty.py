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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from .analysis import Period, next_period, period_start
from .domain import Incident, Source, utcnow
from .kinds import kind_named


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


def _figures(
    platform: str,
    seen: list[Incident],
    page: list[Incident],
    own_page: list[Incident],
    every_outage: list[Incident],
    now: datetime,
) -> PlatformHonesty:
    """The figures of ``seen`` (outages) and ``own_page`` (the page's incidents to judge)."""
    admissions = [admission(o, page, now) for o in seen]
    lags = [_minutes(a.lag) for a in admissions if a.lag is not None]
    unseen = [i for i in own_page if not any(overlaps(i, o, now) for o in every_outage)]
    return PlatformHonesty(
        platform=platform,
        outages=len(seen),
        admitted=len(lags),
        median_lag_min=statistics.median(lags) if lags else None,
        worst_lag_min=max(lags) if lags else None,
        unseen_by_probes=len(unseen),
    )


def _judged_page(
    page: list[Incident], platform: str, since: Mapping[str, datetime] | None
) -> list[Incident]:
    """The platform's page incidents a probe could have seen (from when one watched)."""
    first = since.get(platform) if since is not None else None
    return [
        i
        for i in page
        if i.platform == platform
        and i.impact != "maintenance"
        and (first is None or i.started_at >= first)
    ]


def platform_honesty(
    outages: Iterable[Incident],
    page: Iterable[Incident],
    start: datetime | None = None,
    end: datetime | None = None,
    now: datetime | None = None,
    since: Mapping[str, datetime] | None = None,
) -> list[PlatformHonesty]:
    """Per platform (that has probe outages in the period), the page's honesty figures.

    ``since`` gives, per platform, when a probe began watching it (:func:`probes_since`):
    the page's incidents before then are nobody's to have seen, and are not counted.
    """
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
        own_page = [i for i in _judged_page(page_list, platform, since) if in_period(i)]
        figures.append(_figures(platform, seen, page_list, own_page, seen, now))
    return figures


@dataclass(frozen=True)
class PeriodHonesty:
    """One platform's figures over one week or month (by when the outages began)."""

    start: datetime
    period: Period
    figures: PlatformHonesty

    @property
    def label(self) -> str:
        return self.start.strftime("%Y-%m-%d" if self.period == "week" else "%Y-%m")

    def to_dict(self) -> dict[str, object]:
        return {"period": self.label, **self.figures.to_dict()}


def honesty_per_period(
    outages: Iterable[Incident],
    page: Iterable[Incident],
    period: Period = "month",
    now: datetime | None = None,
    since: Mapping[str, datetime] | None = None,
) -> list[PeriodHonesty]:
    """Per platform with probe outages, per period that has an outage or a page incident
    no probe saw: the figures, each outage and page incident in the period it began.

    A page incident is "seen" when it overlaps any of the platform's outages, in whichever
    period that began; the lag of an outage counts in the outage's period.
    """
    now = now or utcnow()
    page_list = list(page)
    outage_list = list(outages)
    rows = []
    for platform in sorted({o.platform for o in outage_list}):
        every_outage = [o for o in outage_list if o.platform == platform]
        judged = _judged_page(page_list, platform, since)
        starts = {period_start(i.started_at, period) for i in (*every_outage, *judged)}
        for first in sorted(starts):
            following = next_period(first, period)
            seen = [o for o in every_outage if first <= o.started_at < following]
            own_page = [i for i in judged if first <= i.started_at < following]
            figures = _figures(platform, seen, page_list, own_page, every_outage, now)
            if figures.outages or figures.unseen_by_probes:
                rows.append(PeriodHonesty(first, period, figures))
    return rows


def probes_since(sources: Iterable[Source], outages: Iterable[Incident]) -> dict[str, datetime]:
    """Per platform, when a probe began watching it: its probes' earliest ``created_at`` or
    outage (an imported history may hold outages from before the source was added here)."""
    found: dict[str, datetime] = {}
    moments = [(s.platform, s.created_at) for s in sources if s.created_at is not None]
    moments += [(o.platform, o.started_at) for o in outages]
    for platform, moment in moments:
        if platform and moment is not None and (platform not in found or moment < found[platform]):
            found[platform] = moment
    return found


def split_incidents(
    incidents: Iterable[Incident], sources: Iterable[Source]
) -> tuple[list[Incident], list[Incident], list[Source]]:
    """The probes' outages, the status pages' incidents, and the probe sources.

    By the kind of each incident's source: a probe (the kind every unrecognised URL becomes)
    sees outages; a status page kind admits them. Other kinds' incidents are neither.
    """
    sources = list(sources)
    kinds = {source.id: kind_named(source.kind) for source in sources}
    probes = [s for s in sources if (k := kinds.get(s.id)) is not None and k.fallback]
    outages, page = [], []
    for incident in incidents:
        kind = kinds.get(incident.source_id)
        if kind is None:
            continue
        if kind.fallback:
            outages.append(incident)
        elif kind.is_status_page:
            page.append(incident)
    return outages, page, probes
