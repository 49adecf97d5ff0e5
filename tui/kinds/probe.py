"""HTTP probes: whalewatch's own view of whether a platform answers.

A status page says what the platform admits; a probe says what users get. One failure is
noise, so an incident opens only after ``fail_threshold`` consecutive failures and closes after
``recover_threshold`` consecutive successes. A probe failing while the platform's status page
says "All Systems Operational" marks its incident ``unacknowledged``: the story this dashboard
exists to tell.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

import httpx

from ..domain import Incident, IncidentUpdate, Source, SourceHealth, to_iso
from ..feeds.http import FetchResult, fetch, status_phrase
from ..text import clean_line
from .base import CycleContext, PollingRules, PollResult, SourceKind, failed_health
from .conditions import ConditionError, json_check_failure, resolved_headers, status_ranges
from .table import register

LATENCY_HISTORY = 60
PROBE_PREFIX = "probe-"


@dataclass(frozen=True)
class ProbeOutcome:
    """One probe's verdict: ``ok`` and, when not, why in plain words."""

    ok: bool
    reason: str
    status: int | None
    latency_ms: float | None


def status_matcher(spec: str) -> list[tuple[int, int]]:
    """The expected ranges; a spec stored before it was checked falls back to 2xx/3xx."""
    try:
        return status_ranges(spec)
    except ConditionError:
        return [(200, 399)]


def status_expected(status: int, spec: str) -> bool:
    return any(low <= status <= high for low, high in status_matcher(spec))


def judge(source: Source, result: FetchResult, result_time: datetime | None = None) -> ProbeOutcome:
    """Did the probe pass: an expected status, fast enough, with the expected text?"""
    needs_body = bool(source.body_contains or source.body_excludes or source.json_check)
    oversized = result.error.startswith("response larger than") and not needs_body
    if oversized and result.status is not None:
        # A big page is still an answer; only the body check needs the body.
        result = replace(result, error="")
    if result.status is None or (result.error and not result.error.startswith("HTTP ")):
        return ProbeOutcome(False, result.error or "no response", result.status, None)
    status = result.status
    latency = result.elapsed_ms
    if not status_expected(status, source.expect_status):
        return ProbeOutcome(False, status_phrase(status), status, latency)
    if source.latency_limit_ms and latency is not None and latency > source.latency_limit_ms:
        reason = f"slow: {latency:.0f} ms (limit {source.latency_limit_ms} ms)"
        return ProbeOutcome(False, reason, status, latency)
    if source.body_contains:
        text = result.body.decode("utf-8", "replace")
        if source.body_contains not in text:
            return ProbeOutcome(False, "expected text not found in the response", status, latency)
    expires = result.cert_expires_at
    if source.cert_expiry_days is not None and expires is not None:
        left = expires - (result_time or datetime.now(UTC))
        if left.total_seconds() < source.cert_expiry_days * 86400:
            days = max(0, int(left.total_seconds() // 86400))
            reason = f"TLS certificate expires in {days} days ({expires:%Y-%m-%d})"
            return ProbeOutcome(False, reason, status, latency)
    if source.body_excludes and source.body_excludes in result.body.decode("utf-8", "replace"):
        reason = f"the response contains {clean_line(source.body_excludes, 80)!r}"
        return ProbeOutcome(False, reason, status, latency)
    if source.json_check:
        try:
            failure = json_check_failure(result.body, source.json_check)
        except ConditionError as error:
            failure = str(error)
        if failure:
            return ProbeOutcome(False, clean_line(failure, 200), status, latency)
    return ProbeOutcome(True, "", status, latency)


def short_reason(outcome: ProbeOutcome) -> str:
    """What goes in the incident title's parentheses."""
    if outcome.status is not None and outcome.reason.startswith("HTTP "):
        return f"HTTP {outcome.status}"
    return outcome.reason


def advance(
    source: Source,
    health: SourceHealth,
    outcome: ProbeOutcome,
    now: datetime,
    open_incident: Incident | None,
    page_indicator: str = "",
) -> tuple[SourceHealth, Incident | None]:
    """The probe's new health and the incident to merge (opened, kept or resolved), if any.

    ``page_indicator`` is the last Statuspage indicator of the same platform ('' if unknown).
    """
    latencies = health.latencies
    if outcome.latency_ms is not None:
        latencies = (*latencies, round(outcome.latency_ms, 1))[-LATENCY_HISTORY:]
    if outcome.ok:
        successes, failures = health.consecutive_successes + 1, 0
    else:
        successes, failures = 0, health.consecutive_failures + 1
    new_health = replace(
        health,
        last_poll=now,
        last_ok=now if outcome.ok else health.last_ok,
        http_status=outcome.status,
        latency_ms=outcome.latency_ms,
        error="" if outcome.ok else outcome.reason,
        consecutive_failures=failures,
        consecutive_successes=successes,
        latencies=latencies,
    )
    unacknowledged = page_indicator == "none"
    fail_threshold = max(1, source.fail_threshold)
    recover_threshold = max(1, source.recover_threshold)
    if not outcome.ok:
        if open_incident is not None:
            if unacknowledged and not open_incident.unacknowledged:
                return new_health, replace(open_incident, unacknowledged=True)
            return new_health, None
        if failures < fail_threshold:
            return new_health, None
        title = f"Probe failing: {source.url} ({short_reason(outcome)})"
        body = f"{failures} failed checks in a row: {outcome.reason}."
        if unacknowledged:
            body += " The platform's status page says all systems are operational."
        incident = Incident(
            source_id=source.id,
            external_id=PROBE_PREFIX + (to_iso(now) or ""),
            title=title[:300],
            status="investigating",
            impact="major",
            started_at=now,
            platform=source.platform,
            url="",
            updates=(IncidentUpdate(status="investigating", body=body, at=now),),
            unacknowledged=unacknowledged,
        )
        return new_health, incident
    if open_incident is not None and successes >= recover_threshold:
        latency = f", {outcome.latency_ms:.0f} ms" if outcome.latency_ms is not None else ""
        body = f"{successes} successful checks in a row (HTTP {outcome.status}{latency})."
        resolved = replace(
            open_incident,
            status="resolved",
            resolved_at=now,
            updates=(
                *open_incident.updates,
                IncidentUpdate(status="resolved", body=body, at=now),
            ),
        )
        return new_health, resolved
    return new_health, None


# --- the kind ----------------------------------------------------------------------------------


class ProbeKind(SourceKind):
    """An HTTP check of a URL; what any reachable URL no other kind recognises becomes.

    Polling only fetches and judges; whether that opens, keeps or resolves an incident needs
    the source's open probe incident and the platform's status-page indicator, which
    :meth:`conclude` reads once every fetch of the cycle is done. A probe never backs off:
    a failing platform is exactly when it must keep looking.
    """

    name = "probe"
    label = "HTTP probe"
    fallback = True
    rules = PollingRules(backs_off=False)

    async def poll(
        self, client: httpx.AsyncClient, source: Source, health: SourceHealth, now: datetime
    ) -> PollResult:
        try:
            headers = resolved_headers(source.headers)
        except ConditionError as error:
            # A missing variable is this machine's setup, not an outage: no request, no incident.
            return PollResult(source, failed_health(health, now, str(error), None))
        result = await fetch(
            client,
            source.url,
            method=source.method or "GET",
            deadline=max(0.5, float(source.timeout or 10.0)),
            extra_headers=headers,
        )
        outcome = judge(source, result, now)
        note = ""
        if outcome.ok:
            latency = f"{outcome.latency_ms:.0f} ms" if outcome.latency_ms is not None else "?"
            note = f"probe ok: HTTP {outcome.status} in {latency}"
        return PollResult(
            source,
            health,
            retry_after=result.retry_after,
            note=note,
            fetched=result,
            pending=ProbeVerdict(outcome, now),
        )

    def conclude(self, polled: PollResult, cycle: CycleContext) -> PollResult:
        verdict = polled.pending
        if not isinstance(verdict, ProbeVerdict):
            return polled
        source = polled.source
        health, incident = advance(
            source,
            polled.health,
            verdict.outcome,
            verdict.at,
            cycle.open_incident(f"{source.id}:{PROBE_PREFIX}"),
            cycle.page_indicator(source.platform),
        )
        incidents = (incident,) if incident is not None else ()
        return replace(polled, health=health, incidents=incidents, pending=None)


@dataclass(frozen=True)
class ProbeVerdict:
    """What :meth:`ProbeKind.poll` hands to :meth:`ProbeKind.conclude`."""

    outcome: ProbeOutcome
    at: datetime


PROBE = register(ProbeKind())
