"""``whalewatch doctor``: check the store and say what is wrong, without changing anything."""

from __future__ import annotations

import argparse
import json

from ..store.doctor import check_store, has_problem
from .common import store_path

PROBLEM = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "doctor",
        help="check the store: files, schema, locks, backups, permissions, leftovers",
        description="Check the store without changing it: every file is readable and of a "
        "known schema, who polls, the backups, permissions, and files left by interrupted "
        "writes or past recoveries. Exits with status 1 when there is a problem "
        "(a warning or an error).",
    )
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = store_path(args)
    findings = check_store(root)
    problems = [f for f in findings if f.is_problem]
    if args.json:
        report = {
            "store": str(root),
            "ok": not problems,
            "findings": [f.to_dict() for f in findings],
        }
        print(json.dumps(report, ensure_ascii=True, indent=2))
    else:
        print(f"store: {root}")
        for finding in findings:
            print(f"  {finding.level:<8} {finding.file}: {finding.message}")
        if problems:
            count = len(problems)
            print(f"{count} problem{'s' if count != 1 else ''} found")
        else:
            print("no problems found")
    return PROBLEM if has_problem(findings) else 0
