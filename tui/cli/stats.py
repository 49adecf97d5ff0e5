"""``whalewatch stats``: how honest each platform's status page is, from the store.

For every outage a probe saw: did the platform's status page admit it, and how long after
the probe's first failure (see :mod:`tui.honesty`); per platform over the whole range, then
per month (or ``--period week``), as the Stats screen shows them. ``--json`` prints one object.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, time, timedelta

from ..analysis import next_period
from ..domain import parse_day
from ..honesty import (
    PlatformHonesty,
    honesty_per_period,
    platform_honesty,
    probes_since,
    split_incidents,
)
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
    parser.add_argument(
        "--period", choices=("month", "week"), default="month", help="the figures per period"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.set_defaults(func=run)


def _day(text: str | None, end: bool = False) -> datetime | None:
    if not text:
        return None
    day = parse_day(text)
    moment = datetime.combine(day, time(0), UTC)
    return moment + timedelta(days=1) if end else moment


def describe(f: PlatformHonesty) -> str:
    """One platform's figures in words, as the command prints them."""
    lag = "—" if f.median_lag_min is None else f"{f.median_lag_min:g} min median"
    worst = "" if f.worst_lag_min is None else f", {f.worst_lag_min:g} min at worst"
    return (
        f"{f.outages} outages seen by probes, {f.admitted} admitted by the page ({lag}{worst}); "
        f"{f.unseen_by_probes} page incidents no probe saw"
    )


def run(args: argparse.Namespace) -> int:
    try:
        start, end = _day(args.start), _day(args.end, end=True)
    except ValueError as error:
        return fail(f"--from/--to: {error}")
    store = open_store(args)
    outages, page, probes = split_incidents(store.incidents(), store.sources())
    since = probes_since(probes, outages)
    figures = platform_honesty(outages, page, start, end, since=since)
    rows = [
        row  # the periods that overlap --from/--to
        for row in honesty_per_period(outages, page, args.period, since=since)
        if (end is None or row.start < end)
        and (start is None or next_period(row.start, args.period) > start)
    ]
    if args.platform:
        figures = [f for f in figures if f.platform == args.platform]
        rows = [r for r in rows if r.figures.platform == args.platform]
    if args.json:
        period = {"from": args.start, "to": args.end}
        print(
            json.dumps(
                {
                    "period": period,
                    "platforms": [f.to_dict() for f in figures],
                    "per_period": {"period": args.period, "rows": [r.to_dict() for r in rows]},
                }
            )
        )
        return 0
    if not figures:
        print("no outage seen by a probe in this period")
    for f in figures:
        print(f"{f.platform or '(no platform)'}: {describe(f)}")
        for row in rows:
            if row.figures.platform == f.platform:
                print(f"  {row.label}: {describe(row.figures)}")
    return 0
