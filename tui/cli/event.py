"""``whalewatch event add|list``: record a platform's changes from a script or a shell."""

from __future__ import annotations

import argparse
import json
import sys

from ..domain import EVENT_CATEGORIES, Event, parse_day, parse_time_of_day
from .common import fail, open_store

USAGE_ERROR = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "event",
        help="add or list dated events (a layoff, an API price change, a policy)",
        description="Add or list the dated events of the timeline.",
    )
    actions = parser.add_subparsers(dest="event_command", metavar="ACTION")
    parser.set_defaults(func=lambda args: _missing_action(parser))

    add = actions.add_parser("add", help="add one event and say what was added")
    add.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the day (UTC)")
    add.add_argument("--title", required=True, metavar="TEXT", help="what happened")
    add.add_argument(
        "--category",
        required=True,
        metavar="CAT",
        help=f"one of: {', '.join(EVENT_CATEGORIES)}",
    )
    add.add_argument("--platform", default="", metavar="NAME", help="e.g. X/Twitter")
    add.add_argument("--url", default="", help="a link to a source for the fact")
    add.add_argument("--time", default="", metavar="HH:MM", help="the hour, UTC, if it matters")
    add.add_argument("--description", default="", metavar="TEXT")
    add.add_argument("--json", action="store_true", help="print the added event as JSON")
    add.add_argument(
        "--change",
        action="store_true",
        help="a key change: the stats compare incidents before and after it",
    )
    add.set_defaults(func=run_add)

    listing = actions.add_parser("list", help="list events, oldest first")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    listing.add_argument("--platform", metavar="NAME", help="only this platform")
    listing.add_argument("--category", metavar="CAT", help="only this category")
    listing.set_defaults(func=run_list)


def _missing_action(parser: argparse.ArgumentParser) -> int:
    parser.print_usage(sys.stderr)
    return fail("event: choose an action: add or list", USAGE_ERROR)


def validate(args: argparse.Namespace) -> tuple[Event | None, str]:
    """The event described by ``event add`` arguments, or ``(None, reason)``."""
    try:
        day = parse_day(args.date)
    except ValueError as error:
        return None, f"--date: {error}"
    title = args.title.strip()
    if not title:
        return None, "--title: the title is empty"
    if args.category not in EVENT_CATEGORIES:
        return None, (
            f"--category: unknown category {args.category!r} "
            f"(choose one of: {', '.join(EVENT_CATEGORIES)})"
        )
    try:
        time = parse_time_of_day(args.time)
    except ValueError as error:
        return None, f"--time: {error}"
    event = Event(
        id=0,
        day=day,
        title=title,
        category=args.category,
        platform=args.platform.strip(),
        time=time,
        url=args.url.strip(),
        description=args.description,
        is_change=args.change,
    )
    return event, ""


def run_add(args: argparse.Namespace) -> int:
    event, problem = validate(args)
    if event is None:
        return fail(f"event add: {problem}", USAGE_ERROR)
    from ..text import clean_line, clean_multiline  # not tui.export's: it loads every format

    event = Event(
        id=0,
        day=event.day,
        title=clean_line(event.title),
        category=event.category,
        platform=clean_line(event.platform),
        time=event.time,
        url=clean_line(event.url),
        description=clean_multiline(event.description),
        is_change=event.is_change,
    )
    saved = open_store(args, writes=True).add_event(event)
    if args.json:
        print(json.dumps(saved.to_dict(), ensure_ascii=True, indent=2))
        return 0
    print(f"Added event #{saved.id}: {_event_line(saved)}")
    return 0


def _event_line(event: Event) -> str:
    """``2023-03-06 09:05  outage  API outage  [X/Twitter] *`` (``*``: a change)."""
    from ..text import clean_line

    when = event.day.isoformat() + (f" {event.time}" if event.time else "")
    mark = " *" if event.is_change else ""
    platform = f"  [{clean_line(event.platform)}]" if event.platform else ""
    return f"{when:<16} {event.category:<10} {clean_line(event.title)}{platform}{mark}"


def run_list(args: argparse.Namespace) -> int:
    if args.category and args.category not in EVENT_CATEGORIES:
        return fail(
            f"event list: unknown category {args.category!r} "
            f"(choose one of: {', '.join(EVENT_CATEGORIES)})",
            USAGE_ERROR,
        )
    events = open_store(args).events()
    if args.platform:
        events = [e for e in events if e.platform.casefold() == args.platform.casefold()]
    if args.category:
        events = [e for e in events if e.category == args.category]
    if args.json:
        print(json.dumps([e.to_dict() for e in events], ensure_ascii=True, indent=2))
        return 0
    for event in events:
        print(f"{event.id:>5}  {_event_line(event)}")
    return 0
