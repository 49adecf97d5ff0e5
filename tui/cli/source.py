"""``whalewatch source``: add, list, remove and try out the places incidents and changes come from."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..domain import (
    DEFAULT_KEEP_VERSIONS,
    EVENT_CATEGORIES,
    Source,
    SourceHealth,
    checked_interval,
    to_iso,
    utcnow,
)
from .common import CommandError, description, fail, open_store
from .control import checked_url, register_control
from .kind_names import addable_kind_names, interval_of, kind_label
from .page_versions import register_versions

if TYPE_CHECKING:  # the HTTP stack loads for the commands that fetch, not for `source list`
    from ..domain import Incident
    from ..feeds.detect import Detection
    from ..feeds.http import FetchResult
    from ..kinds import SourceKind

AUTO = "auto"


def kind_choices() -> tuple[str, ...]:
    """What ``--kind`` accepts: ``auto`` and every kind the registry offers for adding."""
    return (AUTO, *addable_kind_names())


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "source",
        help="add, list, remove or test incident sources",
        description=description(__doc__),
    )
    commands = parser.add_subparsers(dest="source_command", metavar="ACTION", required=True)

    add = commands.add_parser(
        "add", help="add a Statuspage, RSS/Atom feed, HTTP probe, watched page or changelog"
    )
    add.add_argument("url", nargs="?", help="the page, feed or URL to probe")
    add.add_argument("--preset", help="a ready-made source (see `whalewatch source presets`)")
    add.add_argument("--kind", choices=kind_choices(), default=AUTO)
    add.add_argument("--platform", default="", help="the platform it reports on, e.g. GitHub")
    add.add_argument("--every", type=int, default=60, metavar="SECONDS", help="poll interval")
    add.add_argument("--name", default="", help="a short label")
    add_page_options(add)
    add.add_argument(
        "--no-check",
        action="store_true",
        help="page/changelog: add without reading it once first (offline, or a page not up yet)",
    )
    add.add_argument(
        "--keep-versions",
        type=int,
        default=DEFAULT_KEEP_VERSIONS,
        metavar="N",
        help=f"page: how many versions of its text to keep (default {DEFAULT_KEEP_VERSIONS})",
    )
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
    add_page_options(test)
    test.set_defaults(func=run_test)

    register_versions(commands)
    register_control(commands)


def add_page_options(parser: argparse.ArgumentParser) -> None:
    """The options of watched pages and changelogs (``--kind page``/``--kind changelog``)."""
    parser.add_argument(
        "--category",
        choices=EVENT_CATEGORIES,
        help="page/changelog: the category of the events it records (page: policy, changelog: api)",
    )
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="CSS",
        help="page: watch only the elements this CSS selector matches (repeatable)",
    )
    parser.add_argument(
        "--remove",
        action="append",
        default=[],
        metavar="CSS",
        help="page: cut out the elements this CSS selector matches first (repeatable)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="REGEX",
        help="page: leave out text lines this regular expression finds (timestamps; repeatable)",
    )


def run(args: argparse.Namespace) -> int:
    return int(args.func(args))


# --- add / presets / list / remove ---------------------------------------------------------


def run_add(args: argparse.Namespace) -> int:
    import asyncio  # 30 ms: for the commands that fetch, not for `source list`

    from ..feeds.errors import FeedError  # these, the kinds and text: for adding, not `list`
    from ..kinds import kind_named
    from ..kinds.conditions import ConditionError
    from ..kinds.presets import PRESETS, unique_presets  # X's page presets: only when adding
    from ..text import normalized_url

    category, select, remove = args.category or "", tuple(args.select), tuple(args.remove)
    if args.preset:
        preset = PRESETS.get(args.preset.lower())
        if preset is None:
            names = ", ".join(key for key, _ in unique_presets())
            return fail(f"no preset named {args.preset!r} (try one of: {names})")
        url, kind = preset.url, preset.kind
        platform = args.platform or preset.platform
        name = args.name or preset.title
        category = category or preset.category
        select, remove = select or preset.select, remove or preset.remove
    elif args.url:
        url, kind, platform, name = checked_url(args.url), args.kind, args.platform, args.name
    else:
        return fail("give a URL or --preset NAME")
    try:
        every = checked_interval(args.every)
        checks = probe_checks(args)
    except ValueError as error:
        return fail(str(error) if isinstance(error, ConditionError) else f"--every {error}")
    if args.keep_versions < 1:
        return fail("--keep-versions must be at least 1")
    if kind == AUTO:
        if select or remove or args.ignore or category:
            return fail("--select, --remove, --ignore and --category need --kind page or changelog")
        detection = asyncio.run(_detect(url))
        if detection.unreachable:
            reason = detection.result.error
            return fail(f"cannot reach {url}: {reason} (pass --kind to add it anyway)")
        kind, url = detection.kind.name, detection.url or url
        if not detection.recognised:
            print(f"no status format found at {url} — added as an {detection.kind.label}")
    chosen = kind_named(kind)
    if chosen is None:
        return fail(f"unknown source kind {kind!r}")
    source = Source(
        id="",
        url=url,
        kind=kind,
        platform=platform,
        name=name,
        every=every,
        created_at=utcnow(),
        category=category or chosen.default_category,
        select=select,
        remove=remove,
        ignore=tuple(args.ignore),
        keep_versions=args.keep_versions,
        **checks,
    )
    unread = unread_options(source, chosen)
    if unread:
        return fail(f"{', '.join(unread)}: not read by {kind} sources")
    store = open_store(args, writes=True)
    for existing in store.sources():
        if normalized_url(existing.url).rstrip("/") == url.rstrip("/") and existing.kind == kind:
            return fail(f"{url} is already watched as {existing.id}")
    if chosen.checked_on_add and not args.no_check:
        try:
            outcome = asyncio.run(trial_source(source, chosen))
        except (CommandError, FeedError) as error:
            return fail(f"not added: {error} (--no-check adds it without reading it)")
        for warning in outcome.warnings:
            print(f"whalewatch: {warning}", file=sys.stderr)
    source = store.save_source(source)
    where = f" for {source.platform}" if source.platform else ""
    label = _label(source.kind)
    print(f"added {source.id}: {label} {source.url}{where}, every {source.every} s")
    return 0


def unread_options(source: Source, kind: SourceKind) -> list[str]:
    """The page options given to a source whose kind does not read them, as ``--flags``."""
    given = {
        "category": source.category and source.category != kind.default_category,
        "select": source.select,
        "remove": source.remove,
        "ignore": source.ignore,
        "keep_versions": source.keep_versions != DEFAULT_KEEP_VERSIONS,
    }
    return [
        "--" + option.replace("_", "-")
        for option, value in given.items()
        if value and option not in kind.options
    ]


def probe_checks(args: argparse.Namespace) -> dict[str, Any]:
    """The probe settings of ``source add``'s flags, checked (a literal secret is refused)."""
    from ..kinds.conditions import header_lines, parse_check, status_ranges

    headers = "\n".join(getattr(args, "header", []) or [])
    header_lines(headers)
    if getattr(args, "json_check", None):
        parse_check(args.json_check)
    status_ranges(getattr(args, "expect_status", "2xx,3xx"))
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
    from ..feeds.detect import detect_source
    from ..feeds.http import make_client

    async with make_client() as client:
        return await detect_source(client, url)


def run_presets(args: argparse.Namespace) -> int:
    from ..kinds.presets import unique_presets
    from ..text import clean_text

    for key, preset in unique_presets():
        print(f"{key:<26} {preset.platform:<11} {preset.kind:<11} {preset.url}")
        detail = f"{preset.title}; {preset.note}"
        if preset.select or preset.remove:
            detail += f"; --select {' '.join(preset.select) or '(whole page)'}"
            if preset.remove:
                detail += f" --remove {' '.join(preset.remove)}"
        print(f"{'':<26} {clean_text(detail, 400)}")
    return 0


def _health_text(health: SourceHealth | None) -> str:
    if health is None or health.last_poll is None:
        return "never polled"
    note = f" ({health.note})" if health.note else ""
    if health.error:
        return f"FAILING: {health.error}{note}"
    return f"ok at {to_iso(health.last_ok)}{note}"


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
    store = open_store(args, writes=True)
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


async def trial(url: str, kind_name: str, options: Source | None = None) -> TrialResult:
    """Poll ``url`` once as ``kind_name`` (or as detected), storing nothing.

    ``options`` carries a page's selectors. Raises CommandError with a plain reason when it
    cannot be read; a payload the kind refuses raises its FeedError.
    """
    from ..kinds import kind_named

    kind: SourceKind | None
    unrecognised: list[str] = []
    if kind_name == AUTO:
        detection = await _detect(url)
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
    import asyncio

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
    print(f"kind: {_label(outcome.kind)}")
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
