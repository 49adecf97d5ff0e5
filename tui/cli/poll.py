"""``whalewatch poll``: poll the store's sources without the dashboard (cron, servers)."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from ..feeds.http import make_client
from ..feeds.poller import Poller, PollReport, poll_once
from ..store import Store
from .common import open_store

LOCK_RETRY_SECONDS = 5.0
EXIT_LOCKED = 75


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "poll",
        help="poll sources in the foreground (or once, for cron)",
        description=__doc__,
    )
    parser.add_argument(
        "--once",
        action="store_true",
        help="poll every source once and exit: 0 when every source answered, 1 otherwise",
    )
    parser.set_defaults(func=run)


def print_report(report: PollReport, verbose: bool) -> None:
    if verbose:
        for outcome in report.outcomes:
            print(outcome.summary)
    for incident in report.merge.new:
        print(f"new      {incident.id}  {incident.status:<13} {incident.title}")
    for incident in report.merge.changed:
        print(f"changed  {incident.id}  {incident.status:<13} {incident.title}")
    for event in report.events:
        print(f"event    {event.id}  {event.day.isoformat()}  {event.title}")
    for event in report.updated_events:
        print(f"updated  {event.id}  {event.day.isoformat()}  {event.title}")
    if not verbose:
        for outcome in report.outcomes:
            if not outcome.ok:
                print(outcome.summary, file=sys.stderr)
    sys.stdout.flush()


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    if args.once:
        return asyncio.run(_once(store))
    return asyncio.run(_loop(store))


async def _once(store: Store) -> int:
    if not store.poller_lock.try_acquire():
        pid = store.poller_lock.holder_pid()
        who = f"process {pid}" if pid else "another process"
        print(f"whalewatch: {who} is already polling this store; not polling", file=sys.stderr)
        return EXIT_LOCKED
    try:
        if not store.sources():
            print("no sources (add one with `whalewatch source add URL`)")
            return 0
        async with make_client() as client:
            report = await poll_once(store, client, force=True)
        print_report(report, verbose=True)
        return 0 if report.all_ok else 1
    finally:
        store.poller_lock.release()


async def _loop(store: Store) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    try:
        loop.add_signal_handler(signal.SIGTERM, stop.set)
    except (NotImplementedError, RuntimeError):
        pass
    told = False
    while not store.poller_lock.try_acquire():
        if not told:
            pid = store.poller_lock.holder_pid()
            who = f"process {pid}" if pid else "another process"
            print(
                f"whalewatch: {who} is polling this store; waiting for it to stop", file=sys.stderr
            )
            told = True
        try:
            await asyncio.wait_for(stop.wait(), timeout=LOCK_RETRY_SECONDS)
            return 0
        except TimeoutError:
            continue
    print(f"polling {len(store.sources())} sources (Ctrl+C to stop)", file=sys.stderr)
    try:
        poller = Poller(
            store,
            on_report=lambda report: print_report(report, False),
            on_error=lambda error: print(f"whalewatch: {error}", file=sys.stderr),
        )
        await poller.run(stop)
    finally:
        store.poller_lock.release()
    return 0
