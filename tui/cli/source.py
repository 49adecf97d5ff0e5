"""``whalewatch source``: add, list, remove and try out the places incidents come from."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import dataclass, field
from typing import Any

from ..domain import Incident, Source, SourceHealth, checked_interval, to_iso, utcnow
from ..feeds.detect import Detection, detect_source
from ..feeds.errors import FeedError
from ..feeds.http import FetchResult, make_client
from ..feeds.poller import interval_of
from ..kinds import NoCycle, SourceKind, addable_kind_names, kind_label, kind_named
from ..kinds.conditions import ConditionError, header_lines, parse_check
from ..kinds.presets import PRESETS
from ..text import safe_url
from .common import CommandError, fail, open_store

AUTO = "auto"


def kind_choices() -> tuple[str, ...]:
    """What ``--kind`` accepts: ``auto`` and every kind the registry offers for adding."""
    return (AUTO, *addable_kind_names())


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "source", help="add, list, remove or test incident sources", description=__doc__
    )
    commands = parser.add_subparsers(dest="source_command", metavar="ACTION", required=True)

    add = commands.add_parser("add", help="add a Statuspage, RSS/Atom feed or HTTP probe")
    add.add_argument("url", nargs="?", help="the page, feed or URL to probe")
    add.add_argument("--preset", help="a ready-made source (see `whalewatch source presets`)")
    add.add_argument("--kind", choices=kind_choices(), default=AUTO)
    add.add_argument("--platform", default="", help="the platform it reports on, e.g. GitHub")
    add.add_argument("--every", type=int, default=60, metavar="SECONDS", help="poll interval")
    add.add_argument("--name", default="", help="a short label")
    probe = add.add_argument_group("probe checks (for --kind probe, or a URL added as a probe)")
    probe.add_argument("--method", default="GET", choices=("GET", "HEAD"))
    probe.add_argument("--expect-status", default="2xx,3xx", metavar="CODES")
    probe.add_argument("--latency-limit", type=int, metavar="MS", help="fail when slower")
    probe.add_argument("--body-contains", metavar="TEXT", help="fail unless the body has it")
    probe.add_argument("--body-excludes", metavar="TEXT", help="fail when the body has it")
    probe.add_argument("--json-check", metavar="'PATH == VALUE'", help="or 'PATH contains VALUE'")
    probe.add_argument("--cert-expiry", type=int, metavar="DAYS", help="fail when it is nearer")
    probe.add_argument(
        "--header",
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help="a request header; write a secret as $VARIABLE (read when polling, never stored)",
    )
    add.set_defaults(func=run_add)

    presets = commands.add_parser("presets", help="list the ready-made sources")
    presets.set_defaults(func=run_presets)

    listing = commands.add_parser("list", help="list sources and their health")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.set_defaults(func=run_list)

    remove = commands.add_parser("remove", help="remove a source (its incidents stay)")
    remove.add_argument("id")
    remove.set_defaults(func=run_remove)

    test = commands.add_parser("test", help="fetch a URL once and show what would be stored")
    test.add_argument("url")
    test.add_argument("--kind", choices=kind_choices(), default=AUTO)
    test.add_argument("--json", action="store_true", help="one JSON object per incident per line")
    test.set_defaults(func=run_test)


def run(args: argparse.Namespace) -> int:
    return int(args.func(args))


# --- add / presets / list / remove ---------------------------------------------------------


def _checked_url(url: str) -> str:
    if not safe_url(url):
        raise CommandError(f"not an http(s) URL: {url!r}")
    return url.strip()


def run_add(args: argparse.Namespace) -> int:
    if args.preset:
        preset = PRESETS.get(args.preset.lower())
        if preset is None:
            names = ", ".join(sorted(PRESETS))
            return fail(f"no preset named {args.preset!r} (try one of: {names})")
        url, kind = preset.url, preset.kind
        platform = args.platform or preset.platform
        name = args.name or preset.platform
    elif args.url:
        url, kind, platform, name = _checked_url(args.url), args.kind, args.platform, args.name
    else:
        return fail("give a URL or --preset NAME")
    try:
        every = checked_interval(args.every)
        checks = probe_checks(args)
    except ValueError as error:
        return fail(str(error) if isinstance(error, ConditionError) else f"--every {error}")
    if kind == AUTO:
        detection = asyncio.run(_detect(url))
        if detection.unreachable:
            reason = detection.result.error
            return fail(f"cannot reach {url}: {reason} (pass --kind to add it anyway)")
        kind, url = detection.kind.name, detection.url or url
        if not detection.recognised:
            print(f"no status format found at {url} — added as an {detection.kind.label}")
    store = open_store(args)
    for existing in store.sources():
        if existing.url.rstrip("/") == url.rstrip("/") and existing.kind == kind:
            return fail(f"{url} is already watched as {existing.id}")
    source = store.save_source(
        Source(
            id="",
            url=url,
            kind=kind,
            platform=platform,
            name=name,
            every=every,
            created_at=utcnow(),
            **checks,
        )
    )
    where = f" for {source.platform}" if source.platform else ""
    label = _label(source.kind)
    print(f"added {source.id}: {label} {source.url}{where}, every {source.every} s")
    return 0


def probe_checks(args: argparse.Namespace) -> dict[str, Any]:
    """The probe settings of ``source add``'s flags, checked (a literal secret is refused)."""
    headers = "\n".join(getattr(args, "header", []) or [])
    header_lines(headers)
    if getattr(args, "json_check", None):
        parse_check(args.json_check)
    return {
        "method": getattr(args, "method", "GET"),
        "expect_status": getattr(args, "expect_status", "2xx,3xx"),
        "latency_limit_ms": getattr(args, "latency_limit", None),
        "body_contains": getattr(args, "body_contains", None),
        "body_excludes": getattr(args, "body_excludes", None),
        "json_check": getattr(args, "json_check", None),
        "headers": headers,
        "cert_expiry_days": getattr(args, "cert_expiry", None),
    }


def _label(kind_name: str) -> str:
    """The kind's name and the provider it is: ``incidentio (incident.io)``."""
    label = kind_label(kind_name)
    return kind_name if label == kind_name else f"{kind_name} ({label})"


async def _detect(url: str) -> Detection:
    async with make_client() as client:
        return await detect_source(client, url)


def run_presets(args: argparse.Namespace) -> int:
    seen = set()
    for key, preset in PRESETS.items():
        if id(preset) in seen:
            continue
        seen.add(id(preset))
        print(f"{key:<11} {preset.platform:<11} {preset.kind:<11} {preset.url}")
    return 0


def _health_text(health: SourceHealth | None) -> str:
    if health is None or health.last_poll is None:
        return "never polled"
    if health.error:
        return f"FAILING: {health.error}"
    return f"ok at {to_iso(health.last_ok)}"


def run_list(args: argparse.Namespace) -> int:
    store = open_store(args)
    health = store.health()
    for source in store.sources():
        entry = health.get(source.id)
        if args.json:
            data = source.to_dict()
            data["health"] = entry.to_dict() if entry else None
            print(json.dumps(data, ensure_ascii=False))
        else:
            paused = " (paused)" if source.paused else ""
            platform = f" [{source.platform}]" if source.platform else ""
            print(
                f"{source.id:<5} {_label(source.kind):<10} {source.url}{platform}{paused} "
                f"every {interval_of(source)} s - {_health_text(entry)}"
            )
    return 0


def run_remove(args: argparse.Namespace) -> int:
    store = open_store(args)
    removed = store.remove_source(args.id)
    if removed is None:
        return fail(f"no source with id {args.id!r}")
    print(f"removed {removed.id}: {removed.url} (its incidents stay in the history)")
    return 0


# --- test ----------------------------------------------------------------------------------


@dataclass
class TrialResult:
    kind: str
    incidents: list[Incident]
    note: str = ""
    warnings: list[str] = field(default_factory=list)


async def trial(url: str, kind_name: str) -> TrialResult:
    """Poll ``url`` once as ``kind_name`` (or as detected), storing nothing.

    Raises CommandError with a plain reason when it cannot be read; a payload the kind refuses
    raises its FeedError.
    """
    unrecognised = []
    async with make_client() as client:
        kind: SourceKind | None
        if kind_name == AUTO:
            detection = await detect_source(client, url)
            if detection.unreachable:
                raise CommandError(f"{url}: {detection.result.error}")
            kind, url = detection.kind, detection.url or url
            if not detection.recognised:
                unrecognised.append(f"no status format found at {url} — tested as an {kind.label}")
        else:
            kind = kind_named(kind_name)
        if kind is None:
            raise CommandError(f"unknown source kind {kind_name!r}")
        source = Source(id="test", url=url, kind=kind.name)
        polled = await kind.poll(client, source, SourceHealth(source.id), utcnow())
    polled = kind.conclude(polled, NoCycle())
    if polled.health.error:
        raise CommandError(f"{kind.poll_url(url)}: {polled.health.error}")
    warnings = unrecognised + _warnings(polled.fetched)
    return TrialResult(kind.name, list(polled.incidents), polled.note, warnings)


def _warnings(result: FetchResult | None) -> list[str]:
    if result is not None and result.downgraded:
        return [f"warning: redirected from https to plain http ({result.final_url})"]
    return []


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
    url = _checked_url(args.url)
    try:
        outcome = asyncio.run(trial(url, args.kind))
    except FeedError as error:
        return fail(f"{url}: {error}")
    incidents = sorted(outcome.incidents, key=lambda i: i.started_at, reverse=True)
    for warning in outcome.warnings:
        print(f"whalewatch: {warning}", file=sys.stderr)
    if args.json:
        for incident in incidents:
            print(json.dumps(incident_json(incident), ensure_ascii=False))
        return 0
    print(f"kind: {_label(outcome.kind)}")
    if outcome.note:
        print(outcome.note)
    print(f"{len(incidents)} incidents (nothing was stored)")
    for incident in incidents:
        state = "open" if incident.is_open else "closed"
        print(
            f"  {to_iso(incident.started_at)}  {incident.status:<13} {incident.impact:<11} "
            f"{state:<6} {incident.title}"
        )
    sys.stdout.flush()
    return 0
