"""``whalewatch source versions`` and ``source diff``: a watched page's kept versions.

Every distinct text a page source read is kept under ``<store>/pages/`` (see
:mod:`tui.pagewatch.versions`), so a change noticed late can still be read: ``versions``
lists them, ``diff`` compares any two (default: the last two). To a terminal the diff is in
colour (red removed, green added, with ``-``/``+`` signs); to a pipe or a file it is a plain
unified diff that ``patch`` and ``git apply`` read.
"""

from __future__ import annotations

import argparse
import sys

from .common import fail, open_store

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (mypy reads it so)
if TYPE_CHECKING:  # the page parsers load for these commands only (every start builds the parser)
    from ..pagewatch.versions import VersionInfo, VersionStore
    from ..store import Store


def register_versions(commands: argparse._SubParsersAction) -> None:
    versions = commands.add_parser("versions", help="list the kept versions of a watched page")
    versions.add_argument("source", help="the source id (see `whalewatch source list`)")
    versions.set_defaults(func=run_versions)

    diff = commands.add_parser(
        "diff", help="show what changed between two versions of a watched page"
    )
    diff.add_argument("source", help="the source id")
    diff.add_argument("old", nargs="?", type=int, help="the older version (default: next to last)")
    diff.add_argument("new", nargs="?", type=int, help="the newer version (default: the last)")
    diff.set_defaults(func=run_diff)


def _versions_of(store: Store, source_id: str) -> VersionStore | None:
    from ..pagewatch.versions import VersionStore

    source = store.source(source_id)
    if source is None:
        return None
    return VersionStore(store.pages, keep=source.keep_versions)


def version_label(version: VersionInfo | None, number: int) -> str:
    """``v3 2026-12-01 09:10 UTC``: a version as the diff's header names it."""
    if version is None:
        return f"v{number}"
    return f"v{version.number} {version.fetched_at:%Y-%m-%d %H:%M} UTC"


def run_versions(args: argparse.Namespace) -> int:
    store = open_store(args)
    versions = _versions_of(store, args.source)
    if versions is None:
        return fail(f"no source with id {args.source!r}")
    listing = versions.list(args.source)
    if not listing.versions:
        print(f"{args.source}: no versions kept yet (a page source keeps one per change)")
    for version in listing.versions:
        print(
            f"v{version.number:<5} {version.fetched_at:%Y-%m-%d %H:%M:%S} UTC  "
            f"{version.size:>9,} bytes  sha256 {version.sha256[:12]}"
        )
    for name in listing.damaged:
        print(f"damaged, skipped: {name}", file=sys.stderr)
    return 0


def run_diff(args: argparse.Namespace) -> int:
    if (args.old is None) != (args.new is None):
        return fail("give two versions (V1 V2) or none for the last two")
    store = open_store(args)
    versions = _versions_of(store, args.source)
    if versions is None:
        return fail(f"no source with id {args.source!r}")
    from ..pagewatch.versions import VersionError

    listing = versions.list(args.source)
    try:
        diff = versions.diff(args.source, args.old, args.new)
    except VersionError as error:
        return fail(f"{args.source}: {error}")
    old = args.old if args.old is not None else listing.versions[-2].number
    new = args.new if args.new is not None else listing.versions[-1].number
    old_label = version_label(listing.get(old), old)
    new_label = version_label(listing.get(new), new)
    from rich.console import Console  # only for a diff (every start builds this parser)

    from ..pagewatch.render import diff_text

    console = Console(highlight=False, soft_wrap=True)
    if not console.is_terminal:
        sys.stdout.write(diff.unified(old_label, new_label) or "")
        return 0
    console.print(diff_text(diff, f"{args.source}: {old_label} → {new_label}"))
    return 0
