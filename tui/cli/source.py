"""``whalewatch source``: add, list, remove and try out the places incidents and changes come from."""

from __future__ import annotations

import argparse
import json
import sys

from ..domain import DEFAULT_KEEP_VERSIONS, EVENT_CATEGORIES, checked_interval, to_iso, utcnow
from .common import CommandError, LateOptionsParser, description, fail, open_store, store_path
from .control import checked_url, register_control
from .kind_names import AUTO, BUILTIN_KIND_LABELS, interval_of, kind_choices, kind_with_label
from .page_versions import register_versions

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (mypy reads it so)
if TYPE_CHECKING:  # the records and the HTTP stack load for the commands that use them
    from collections.abc import Mapping, Sequence
    from typing import Any

    from ..domain import Source, SourceHealth
    from ..kinds import SourceKind
    from ..store.clean_read import HealthRow, SourceRow


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "source",
        help="add, list, remove or test incident sources",
        description=description(__doc__),
    )
    commands = parser.add_subparsers(
        dest="source_command", metavar="ACTION", required=True, parser_class=LateOptionsParser
    )
    add = commands.add_parser(
        "add",
        help="add a Statuspage, RSS/Atom feed, HTTP probe, watched page or changelog",
        options=add_options,
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

    test = commands.add_parser(
        "test", help="fetch a URL once and show what would be stored", options=trial_options
    )
    test.set_defaults(func=run_test)

    register_versions(commands)
    register_control(commands)


def add_options(add: argparse.ArgumentParser) -> None:
    """``source add``'s options: added when it runs or shows its help, not for ``source list``."""
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


def trial_options(test: argparse.ArgumentParser) -> None:
    """``source test``'s options, added as :func:`add_options` are."""
    test.add_argument("url")
    test.add_argument("--kind", choices=kind_choices(), default=AUTO)
    test.add_argument("--json", action="store_true", help="one JSON object per incident per line")
    add_page_options(test)


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

    from ..domain import Source  # these, the kinds and text: for adding, not `list`
    from ..feeds.errors import FeedError
    from ..kinds import kind_named
    from ..kinds.conditions import ConditionError
    from ..kinds.presets import PRESETS, unique_presets  # X's page presets: only when adding
    from ..text import normalized_url
    from .source_trial import detect, trial_source

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
        detection = asyncio.run(detect(url))
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
    label = kind_with_label(source.kind)
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


def _health_text(health: SourceHealth | HealthRow | None) -> str:
    if health is None or health.last_poll is None:
        return "never polled"
    note = f" ({health.note})" if health.note else ""
    if health.error:
        return f"FAILING: {health.error}{note}"
    return f"ok at {to_iso(health.last_ok)}{note}"


def run_list(args: argparse.Namespace) -> int:
    if not args.json and not getattr(args, "demo", False):
        rows = _clean_rows(args)
        if rows is not None:
            _print_list(*rows)
            return 0
    store = open_store(args)
    health = store.health()
    sources = store.sources()
    if not args.json:
        _print_list(sources, health)
        return 0
    for source in sources:
        entry = health.get(source.id)
        data = source.to_dict()
        data["health"] = entry.to_dict() if entry else None
        print(json.dumps(data, ensure_ascii=False))
    return 0


def _clean_rows(args: argparse.Namespace) -> tuple[list[SourceRow], dict[str, HealthRow]] | None:
    """The sources as rows, read without opening the store, when it has nothing to repair.

    ``source list`` from cron then loads neither the store nor the records (see
    :mod:`tui.store.clean_read`); a source of a kind not built in is listed from the store
    (the kind may count its interval from any field).
    """
    from ..store.clean_read import clean_source_rows

    rows = clean_source_rows(store_path(args))
    if rows is None or any(row.kind not in BUILTIN_KIND_LABELS for row in rows[0]):
        return None
    return rows


def _print_list(
    sources: Sequence[Source] | Sequence[SourceRow],
    health: Mapping[str, SourceHealth] | Mapping[str, HealthRow],
) -> None:
    for source in sources:
        paused = " (paused)" if source.paused else ""
        platform = f" [{source.platform}]" if source.platform else ""
        print(
            f"{source.id:<5} {kind_with_label(source.kind):<10} {source.url}{platform}{paused} "
            f"every {interval_of(source)} s - {_health_text(health.get(source.id))}"
        )


def run_remove(args: argparse.Namespace) -> int:
    store = open_store(args, writes=True)
    removed = store.remove_source(args.id)
    if removed is None:
        return fail(f"no source with id {args.id!r}")
    print(f"removed {removed.id}: {removed.url} (its incidents stay in the history)")
    return 0


def run_test(args: argparse.Namespace) -> int:
    from .source_trial import run_test as run_trial  # the trial's code: for `source test` only

    return run_trial(args)
