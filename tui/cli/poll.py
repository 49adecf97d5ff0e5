"""``whalewatch poll``: poll the store's sources without the dashboard (cron, servers).

Alerts go out from here: after each cycle, what it is worth telling is sent to the targets
added with ``whalewatch notify add`` (``--once`` waits for those sends before exiting).
"""

from __future__ import annotations

import argparse
import sys

from .common import description, open_store

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (mypy reads it so)
if TYPE_CHECKING:  # the HTTP stack, the kinds and asyncio load once there is something to poll
    from ..feeds.poller import PollReport
    from ..store import Store

LOCK_RETRY_SECONDS = 5.0
EXIT_LOCKED = 75


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "poll",
        help="poll sources in the foreground (or once, for cron)",
        description=description(__doc__),
    )
    parser.add_argument(
        "--once",
        action="store_true",
        help="poll every source once and exit: 0 when every source answered, 1 otherwise",
    )
    parser.set_defaults(func=run)


def print_report(report: PollReport, verbose: bool) -> None:
    from ..offline_state import OFFLINE

    if report.offline:
        print(f"whalewatch: {OFFLINE}: sources without an answer opened nothing", file=sys.stderr)
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


def _say(message: str) -> None:
    print(f"whalewatch: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    store = open_store(args, writes=True)
    if args.once:
        return _once(store)
    import asyncio

    return asyncio.run(_loop(store))


def _once(store: Store) -> int:
    """One cycle, from cron: a store another process polls, or one without sources, is left
    before the HTTP stack and the kinds load (half a second of a cron job's minute)."""
    if not store.poller_lock.try_acquire():
        print(f"whalewatch: {store.poller_lock.refusal}; not polling", file=sys.stderr)
        return EXIT_LOCKED
    try:
        if not store.sources():
            print("no sources (add one with `whalewatch source add URL`)")
            return 0
        import asyncio

        return asyncio.run(_poll_once(store))
    finally:
        store.poller_lock.release()


async def _poll_once(store: Store) -> int:
    from ..alerts.cycle import PollAlerts
    from ..feeds.http import make_client

    alerting = PollAlerts(store, on_problem=_say)
    async with make_client() as client:
        report = (await alerting.poll(client, force=True)).report
        print_report(report, verbose=True)
        await alerting.finish()
    return 0 if report.all_ok else 1


async def _loop(store: Store) -> int:
    import asyncio
    import signal

    from ..alerts.cycle import PollAlerts
    from ..feeds.http import make_client
    from ..feeds.poller import Poller

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    try:
        loop.add_signal_handler(signal.SIGTERM, stop.set)
    except (NotImplementedError, RuntimeError):
        pass
    told = False
    while not store.poller_lock.try_acquire():
        if store.poller_lock.unusable:
            print(f"whalewatch: {store.poller_lock.refusal}; not polling", file=sys.stderr)
            return EXIT_LOCKED
        if not told:
            print(
                f"whalewatch: {store.poller_lock.refusal}; waiting for it to stop", file=sys.stderr
            )
            told = True
        try:
            await asyncio.wait_for(stop.wait(), timeout=LOCK_RETRY_SECONDS)
            return 0
        except TimeoutError:
            continue
    print(f"polling {len(store.sources())} sources (Ctrl+C to stop)", file=sys.stderr)
    alerting = PollAlerts(store, on_problem=_say)
    try:
        async with make_client() as client:
            poller = Poller(
                store,
                client,
                on_report=lambda report: print_report(report, False),
                on_error=lambda error: _say(str(error)),
                run_cycle=alerting.poll_report,
            )
            try:
                await poller.run(stop)
            finally:
                await alerting.close()
    finally:
        store.poller_lock.release()
    return 0
