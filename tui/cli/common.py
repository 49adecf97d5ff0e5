"""What every subcommand shares: finding and opening the store, printing errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..store import Store, StoreError, default_store_path


class CommandError(Exception):
    """A failure to report as one clear line on stderr with a non-zero exit status."""


def store_path(args: argparse.Namespace) -> Path:
    """``--db`` wins over ``$WHALEWATCH_DB``, which wins over the user data dir."""
    explicit = getattr(args, "db", None)
    return Path(explicit).expanduser() if explicit else default_store_path()


def open_store(args: argparse.Namespace) -> Store:
    """Open the user's store for a subcommand, reporting recoveries on stderr."""
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
