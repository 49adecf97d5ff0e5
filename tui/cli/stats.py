"""``whalewatch stats``: how honest each platform's status page is, from the store.

For every outage a probe saw: did the platform's status page admit it, and how long after
the probe's first failure (see :mod:`tui.honesty`). ``--json`` prints one object.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, time, timedelta

from ..domain import Incident, parse_day
from ..honesty import platform_honesty
from ..kinds import kind_named
from .common import description, fail, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="how honest each status page is: outages probes saw, admitted, the lag",
        description=description(__doc__),
    )
    parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day (UTC)")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day (UTC)")
    parser.add_argument("--platform", default="", help="one platform only")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.set_defaults(func=run)


def _day(text: str | None, end: bool = False) -> datetime | None:
    if not text:
        return None
    day = parse_day(text)
    moment = datetime.combine(day, time(0), UTC)
    return moment + timedelta(days=1) if end else moment


def split(incidents: list[Incident], kinds: dict[str, str]) -> tuple[list, list]:
    """The probes' outages and the status pages' incidents (by the kind of their source)."""
    outages, page = [], []
    for incident in incidents:
        kind = kind_named(kinds.get(incident.source_id, ""))
        if kind is None:
            continue
        if kind.fallback:
            outages.append(incident)
        elif kind.is_status_page:
            page.append(incident)
    return outages, page


def run(args: argparse.Namespace) -> int:
    try:
        start, end = _day(args.start), _day(args.end, end=True)
    except ValueError as error:
        return fail(f"--from/--to: {error}")
    store = open_store(args)
    kinds = {source.id: source.kind for source in store.sources()}
    outages, page = split(store.incidents(), kinds)
    figures = platform_honesty(outages, page, start, end)
    if args.platform:
        figures = [f for f in figures if f.platform == args.platform]
    if args.json:
        period = {"from": args.start, "to": args.end}
        print(json.dumps({"period": period, "platforms": [f.to_dict() for f in figures]}))
        return 0
    if not figures:
        print("no outage seen by a probe in this period")
    for f in figures:
        lag = "—" if f.median_lag_min is None else f"{f.median_lag_min:g} min median"
        worst = "" if f.worst_lag_min is None else f", {f.worst_lag_min:g} min at worst"
        print(
            f"{f.platform or '(no platform)'}: {f.outages} outages seen by probes, "
            f"{f.admitted} admitted by the page ({lag}{worst}); "
            f"{f.unseen_by_probes} page incidents no probe saw"
        )
    return 0
