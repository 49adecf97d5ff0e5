"""Where the user's store is when no ``--db`` says: a module apart, for commands that need the
path before (or without) loading :mod:`.store`."""

from __future__ import annotations

import os
from pathlib import Path


def default_store_path() -> Path:
    """``$WHALEWATCH_DB`` if set, else the platform's user data dir (via platformdirs)."""
    env = os.environ.get("WHALEWATCH_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("whalewatch", appauthor=False)) / "store"
