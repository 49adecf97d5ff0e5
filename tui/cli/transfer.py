"""``whalewatch export`` and ``whalewatch import``: the store in and out of files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..domain import parse_day
from ..text import counted
from .common import fail, open_store

USAGE_ERROR = 2
LISTED_PROBLEMS = 20
"""How many of a refused import's problems are listed; the rest are counted."""


def register(subparsers: argparse._SubParsersAction) -> None:
    from ..export import EXPORT_FORMATS

    export = subparsers.add_parser(
        "export",
        help="write events, incidents and notes as json, csv, md or ics",
        description="Export the store. "
        + "; ".join(f"{name}: {what}" for name, what in EXPORT_FORMATS.items())
        + ".",
    )
    export.add_argument("--format", required=True, choices=tuple(EXPORT_FORMATS))
    export.add_argument("--from", dest="start", metavar="DATE", help="first day (YYYY-MM-DD)")
    export.add_argument("--to", dest="end", metavar="DATE", help="last day, inclusive")
    export.add_argument("--platform", metavar="NAME", help="only this platform")
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (private, 0600, replaced atomically) instead of standard output",
    )
    export.set_defaults(func=run_export)

    importing = subparsers.add_parser(
        "import",
        help="import a json or csv export (all rows or none; never twice)",
        description="Import a file written by `whalewatch export --format json|csv`. Every "
        "row is checked first: if any is bad, nothing is imported. Items already in the "
        "store are skipped.",
    )
    importing.add_argument("file", metavar="FILE")
    importing.set_defaults(func=run_import)


def run_export(args: argparse.Namespace) -> int:
    from ..domain import utcnow
    from ..export import render, select
    from ..store.atomic import atomic_write_bytes

    try:
        start = parse_day(args.start) if args.start else None
        end = parse_day(args.end) if args.end else None
    except ValueError as error:
        return fail(f"export: {error}", USAGE_ERROR)
    if start and end and start > end:
        return fail("export: --from is after --to", USAGE_ERROR)
    store = open_store(args)
    selection = select(
        store.events(), store.iter_incidents(), store.notes(), start, end, args.platform
    )
    sources = store.sources()
    platforms = store.platforms()
    if args.platform:
        wanted = args.platform.casefold()
        sources = [s for s in sources if s.platform.casefold() == wanted]
        platforms = [p for p in platforms if p.name.casefold() == wanted]
    text = render(args.format, selection, sources, platforms, now=utcnow())
    if not args.output:
        sys.stdout.write(text)
        return 0
    path = Path(args.output).expanduser()
    try:
        atomic_write_bytes(path, text.encode("utf-8"))
    except OSError as error:
        return fail(f"export: cannot write {path}: {error.strerror or error}")
    counts = ", ".join(
        counted(len(items), noun)
        for items, noun in (
            (selection.events, "event"),
            (selection.incidents, "incident"),
            (selection.notes, "note"),
        )
    )
    print(f"wrote {path} ({counts})", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from ..importer import import_file
    from ..text import clean_line

    path = Path(args.file).expanduser()
    if not path.is_file():
        what = "not a regular file" if path.exists() else "no such file"  # a directory, a FIFO
        return fail(f"import: {what}: {path}")
    report = import_file(open_store(args, writes=True), path)
    if not report.ok:
        problems = counted(len(report.errors), "problem")
        print(f"whalewatch: import: nothing imported from {path} ({problems}):", file=sys.stderr)
        for error in report.errors[:LISTED_PROBLEMS]:
            print(f"  {clean_line(error)}", file=sys.stderr)
        if len(report.errors) > LISTED_PROBLEMS:  # a screenful: the first ones show the pattern
            print(f"  … and {len(report.errors) - LISTED_PROBLEMS} more", file=sys.stderr)
        return 1
    print(report.summary())
    return 0
