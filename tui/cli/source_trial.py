"""``whalewatch source test``: fetch a URL once and show what would be stored (nothing is).

``source add`` reads a page or changelog the same way before adding it (:func:`trial_source`).
A module apart from :mod:`.source` so that ``source list`` does not load it: a trial's result
is a dataclass, and importing ``dataclasses`` (with :mod:`inspect`) costs about a fifth of
what starting Python does, which a cron job's ``source list`` no longer pays.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..domain import Source, to_iso
from .common import CommandError, fail
from .control import checked_url
from .kind_names import AUTO, kind_with_label

if TYPE_CHECKING:
    from ..domain import Incident
    from ..feeds.detect import Detection
    from ..feeds.http import FetchResult
    from ..kinds import SourceKind


async def detect(url: str) -> Detection:
    """What ``url`` is (a Statuspage, a feed…), read once with the shared HTTP client."""
    from ..feeds.detect import detect_source
    from ..feeds.http import make_client

    async with make_client() as client:
        return await detect_source(client, url)


@dataclass
class TrialResult:
    kind: str
    incidents: list[Incident]
    note: str = ""
    warnings: list[str] = field(default_factory=list)


async def trial(url: str, kind_name: str, options: Source | None = None) -> TrialResult:
    """Poll ``url`` once as ``kind_name`` (or as detected), storing nothing.

    ``options`` carries a page's selectors. Raises CommandError with a plain reason when it
    cannot be read; a payload the kind refuses raises its FeedError.
    """
    from ..kinds import kind_named

    kind: SourceKind | None
    unrecognised: list[str] = []
    if kind_name == AUTO:
        detection = await detect(url)
        if detection.unreachable:
            raise CommandError(f"{url}: {detection.result.error}")
        kind, url = detection.kind, detection.url or url
        if not detection.recognised:
            unrecognised.append(f"no status format found at {url} — tested as an {kind.label}")
    else:
        kind = kind_named(kind_name)
    if kind is None:
        raise CommandError(f"unknown source kind {kind_name!r}")
    base = options or Source(id="test", url=url, kind=kind.name)
    result = await trial_source(replace(base, id="test", url=url, kind=kind.name), kind)
    return replace(result, warnings=unrecognised + list(result.warnings))


async def trial_source(source: Source, kind: SourceKind) -> TrialResult:
    """Poll ``source`` once outside any store (nothing kept); CommandError when it fails."""
    from ..feeds.trial import trial_poll

    polled = await trial_poll(source, kind)
    if polled.health.error:
        raise CommandError(f"{kind.poll_url(source.url)}: {polled.health.error}")
    return TrialResult(kind.name, list(polled.incidents), polled.note, _warnings(polled.fetched))


def _warnings(result: FetchResult | None) -> list[str]:
    if result is None:
        return []
    warnings = []
    if result.downgraded:
        warnings.append(f"warning: redirected from https to plain http ({result.final_url})")
    from ..pagewatch.check import other_host

    host = other_host(result.url, result.final_url)
    if host:
        warnings.append(f"warning: redirected to another host, {host} ({result.final_url})")
    return warnings


def incident_json(incident: Incident) -> dict:
    return {
        "id": incident.external_id,
        "title": incident.title,
        "status": incident.status,
        "impact": incident.impact,
        "started_at": to_iso(incident.started_at),
        "resolved_at": to_iso(incident.resolved_at),
        "url": incident.url,
        "components": list(incident.components),
        "updates": [
            {"status": u.status, "body": u.body, "at": to_iso(u.at)} for u in incident.updates
        ],
    }


def run_test(args: argparse.Namespace) -> int:
    import asyncio  # 30 ms: for the commands that fetch

    from ..feeds.errors import FeedError
    from ..text import counted

    url = checked_url(args.url)
    options = Source(
        id="test",
        url=url,
        kind=args.kind,
        category=args.category or "",
        select=tuple(args.select),
        remove=tuple(args.remove),
        ignore=tuple(args.ignore),
    )
    try:
        outcome = asyncio.run(trial(url, args.kind, options))
    except FeedError as error:
        return fail(f"{url}: {error}")
    incidents = sorted(outcome.incidents, key=lambda i: i.started_at, reverse=True)
    for warning in outcome.warnings:
        print(f"whalewatch: {warning}", file=sys.stderr)
    if args.json:
        for incident in incidents:
            print(json.dumps(incident_json(incident), ensure_ascii=False))
        return 0
    print(f"kind: {kind_with_label(outcome.kind)}")
    if outcome.note:
        print(outcome.note)
    print(f"{counted(len(incidents), 'incident')} (nothing was stored)")
    for incident in incidents:
        state = "open" if incident.is_open else "closed"
        print(
            f"  {to_iso(incident.started_at)}  {incident.status:<13} {incident.impact:<11} "
            f"{state:<6} {incident.title}"
        )
    sys.stdout.flush()
    return 0
