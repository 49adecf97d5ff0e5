"""What every subcommand shares: finding and opening the store, printing errors."""

from __future__ import annotations

import argparse
import atexit
import shutil
import sys
from pathlib import Path

from ..store import Store, StoreError, default_store_path


class CommandError(Exception):
    """A failure to report as one clear line on stderr with a non-zero exit status."""


def store_path(args: argparse.Namespace) -> Path:
    """``--db`` wins over ``$WHALEWATCH_DB``, which wins over the user data dir."""
    explicit = getattr(args, "db", None)
    return Path(explicit).expanduser() if explicit else default_store_path()


DEMO_WRITES_REFUSED = (
    "--demo is a throwaway copy of the bundled demo, deleted when the command ends: what this "
    "command writes would be lost. Leave out --demo to use your store (or --db PATH)."
)


def open_store(args: argparse.Namespace, *, writes: bool = False) -> Store:
    """Open the store a subcommand works on, reporting recoveries on stderr.

    With the global ``--demo`` that is a fresh copy of the bundled demo (as for the
    dashboard), removed when the command ends; a command that ``writes`` is refused there,
    since its change would vanish with the copy. ``--demo`` is never silently ignored.
    """
    if getattr(args, "demo", False):
        if writes:
            raise CommandError(DEMO_WRITES_REFUSED)
        return _demo_store()
    try:
        store = Store.open(store_path(args))
    except StoreError as error:
        raise CommandError(str(error)) from error
    for message in store.status.messages:
        print(f"whalewatch: {message}", file=sys.stderr)
    return store


def fail(message: str, status: int = 1) -> int:
    print(f"whalewatch: {message}", file=sys.stderr)
    return status


def _demo_store() -> Store:
    from ..demo.dataset import make_demo_store

    root = make_demo_store()
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return Store.open(root / "store")
