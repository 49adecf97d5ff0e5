"""``whalewatch notify``: where alerts go when something breaks (webhooks, Apprise, commands).

A plain http(s) URL receives one JSON POST per alert (fields: kind, platform, title, status,
impact, url, started_at, incident_id, event_id, source_id, count, key). Any other URL goes
to Apprise (ntfy://, slack://, mailto://, tgram://… - install with pip install -e ".[notify]").
--exec runs a command with the alert's JSON on standard input. `whalewatch poll` sends the
alerts; targets and their tokens are kept in the user config file, readable by you only.
"""

from __future__ import annotations

import argparse
import json
import uuid
from dataclasses import replace

from ..alerts.alert import ALERT_KINDS, TEST_KIND, Alert
from ..alerts.config import (
    TERMINAL_MODES,
    AlertConfig,
    AlertConfigError,
    Target,
    alerts_path,
    load_alert_config,
    save_alert_config,
)
from ..alerts.ledger import Ledger, TargetState
from ..alerts.rules import MIN_IMPACTS, AlertRules, parse_kinds
from ..domain import to_iso, utcnow
from .common import CommandError, description, fail, store_path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "notify",
        help="add, list, remove or test alert targets (webhooks, Apprise, commands)",
        description=description(__doc__),
    )
    commands = parser.add_subparsers(dest="notify_command", metavar="ACTION", required=True)

    add = commands.add_parser("add", help="send alerts to a URL or a command")
    add.add_argument("url", nargs="?", help="a webhook (http/https) or an Apprise URL")
    add.add_argument("--exec", dest="command", metavar="COMMAND", help="run COMMAND instead")
    _rule_options(add, ",".join(ALERT_KINDS), "minor")
    add.add_argument("--id", default="", help="a name for the target (default n1, n2…)")
    add.set_defaults(func=run_add)

    here = commands.add_parser(
        "dashboard",
        help="show or change the dashboard's own notifications (terminal, toasts)",
    )
    _rule_options(here, None, None)
    here.add_argument(
        "--terminal",
        choices=TERMINAL_MODES,
        help="how the terminal is told: auto (from $TERM_PROGRAM and friends), a sequence "
        "(osc9, osc777, osc99), bell, or off",
    )
    here.set_defaults(func=run_dashboard_rules)

    listing = commands.add_parser("list", help="list targets (secrets masked) and their state")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.set_defaults(func=run_list)

    remove = commands.add_parser("remove", help="stop sending alerts to a target")
    remove.add_argument("id")
    remove.set_defaults(func=run_remove)

    test = commands.add_parser("test", help="send a test alert now to one or every target")
    test.add_argument("id", nargs="?")
    test.set_defaults(func=run_test)


def _rule_options(
    parser: argparse.ArgumentParser, kinds: str | None, min_impact: str | None
) -> None:
    """``--on``, ``--min-impact``, ``--platform``, ``--source-kind`` (``None``: keep as is)."""
    kept = " (default: unchanged)" if kinds is None else f" (default: {kinds})"
    parser.add_argument(
        "--on", default=kinds, metavar="KINDS", help=f"which alerts, comma-separated{kept}"
    )
    parser.add_argument(
        "--min-impact",
        choices=MIN_IMPACTS,
        default=min_impact,
        help="the least impact an incident needs (none includes maintenance)",
    )
    parser.add_argument(
        "--platform",
        action="append",
        default=None,
        metavar="NAME",
        help="only alerts about this platform (repeat for several; '' for all)",
    )
    parser.add_argument(
        "--source-kind",
        action="append",
        default=None,
        metavar="KIND",
        help="only alerts from sources of this kind, e.g. statuspage (repeat for several)",
    )


def _rules_from(args: argparse.Namespace, base: AlertRules) -> AlertRules:
    """``base`` with what the options say changed (``ValueError`` for a bad kind)."""
    return AlertRules(
        kinds=parse_kinds(args.on) if args.on is not None else base.kinds,
        min_impact=args.min_impact or base.min_impact,
        platforms=frozenset(args.platform) if args.platform is not None else base.platforms,
        source_kinds=(
            frozenset(args.source_kind) if args.source_kind is not None else base.source_kinds
        ),
    )


def _load() -> AlertConfig:
    try:
        return load_alert_config()
    except AlertConfigError as error:
        raise CommandError(str(error)) from error


def _save(config: AlertConfig) -> None:
    try:
        save_alert_config(config)
    except AlertConfigError as error:
        raise CommandError(str(error)) from error


def _ledger(args: argparse.Namespace) -> Ledger:
    return Ledger(store_path(args))


def run_add(args: argparse.Namespace) -> int:
    # The targets' module loads the HTTP stack (httpx): for adding and sending, not listing.
    from ..alerts.targets import TargetError, check_command, check_url

    if bool(args.url) == bool(args.command):
        return fail("give either a URL or --exec COMMAND")
    try:
        rules = _rules_from(args, AlertRules())
        url = "" if args.command else check_url(args.url)
        command = check_command(args.command) if args.command else ()
        target = Target(args.id, url, command, rules, created_at=utcnow())
        config = _load().with_target(target)
    except (TargetError, ValueError) as error:
        return fail(str(error))
    _save(config)
    added = config.targets[-1]
    print(f"added {added.id}: {added.kind} {added.shown} ({_rules_text(added.rules)})")
    return 0


def _rules_text(rules: AlertRules) -> str:
    parts = [",".join(kind for kind in ALERT_KINDS if kind in rules.kinds)]
    parts.append(f"impact >= {rules.min_impact}")
    if rules.platforms:
        parts.append("platform " + ",".join(sorted(rules.platforms)))
    if rules.source_kinds:
        parts.append("sources " + ",".join(sorted(rules.source_kinds)))
    return "; ".join(parts)


def _state_text(state: TargetState) -> str:
    if state.failing:
        retry = f", next try {to_iso(state.next_attempt)}" if state.next_attempt else ""
        return f"FAILING ({state.failures}x): {state.last_error}{retry}; {state.pending} queued"
    if state.last_ok is not None:
        return f"ok at {to_iso(state.last_ok)}, {state.sent} sent, {state.pending} queued"
    return f"nothing sent yet, {state.pending} queued"


def run_list(args: argparse.Namespace) -> int:
    config = _load()
    states = _ledger(args).states()
    if not config.targets and not args.json:
        print(f"no alert targets (add one with `whalewatch notify add URL`); file: {alerts_path()}")
    for target in config.targets:
        state = states.get(target.id) or TargetState(target.id)
        if args.json:
            data = {
                "id": target.id,
                "kind": target.kind,
                "target": target.shown,
                "rules": target.rules.to_dict(),
                "failing": state.failing,
                "failures": state.failures,
                "last_error": state.last_error,
                "next_attempt": to_iso(state.next_attempt),
                "last_ok": to_iso(state.last_ok),
                "pending": state.pending,
                "sent": state.sent,
            }
            print(json.dumps(data, ensure_ascii=False))
        else:
            print(f"{target.id:<5} {target.kind:<8} {target.shown}")
            print(f"      {_rules_text(target.rules)} - {_state_text(state)}")
    return 0


def run_dashboard_rules(args: argparse.Namespace) -> int:
    config = _load()
    try:
        rules = _rules_from(args, config.rules)
    except ValueError as error:
        return fail(str(error))
    changed = replace(config, rules=rules, terminal=args.terminal or config.terminal)
    if changed != config:
        _save(changed)
    print(f"dashboard: {_rules_text(changed.rules)}; terminal {changed.terminal}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    config = _load()
    target = config.target(args.id)
    if target is None:
        return fail(f"no alert target {args.id!r} (see `whalewatch notify list`)")
    _save(config.without_target(args.id))
    _ledger(args).forget(args.id)
    print(f"removed {target.id}: {target.kind} {target.shown}")
    return 0


def test_alert() -> Alert:
    return Alert(
        kind=TEST_KIND,
        key=f"test:{uuid.uuid4().hex[:12]}",
        title="whalewatch test alert: if you read this, alerts reach you",
        status="test",
        started_at=utcnow(),
    )


async def _send_all(targets: list[Target], alert: Alert) -> list[str]:
    import asyncio

    from ..alerts.targets import send_alert
    from ..feeds.http import make_client

    async with make_client() as client:
        return list(await asyncio.gather(*(send_alert(t, alert, client) for t in targets)))


def run_test(args: argparse.Namespace) -> int:
    config = _load()
    if args.id:
        target = config.target(args.id)
        if target is None:
            return fail(f"no alert target {args.id!r} (see `whalewatch notify list`)")
        targets = [target]
    else:
        targets = list(config.targets)
    if not targets:
        return fail("no alert targets (add one with `whalewatch notify add URL`)")
    import asyncio

    errors = asyncio.run(_send_all(targets, test_alert()))
    for target, error in zip(targets, errors, strict=True):
        verdict = f"FAILED {error}" if error else "ok"
        print(f"{target.id:<5} {target.kind:<8} {target.shown} - {verdict}")
    return 1 if any(errors) else 0
