"""The store's exceptions: each carries a message meant for the user, naming the file at fault."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """A store problem with a message meant for the user."""


class StoreDamaged(StoreError):
    """A store file that cannot be read as what it should be; it is never overwritten."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreTooNew(StoreDamaged):
    """A file written by a newer whalewatch; opening it read-write could lose its data."""


class StoreUnreadable(StoreError):
    """A file the operating system will not let us read (permissions, I/O error, a directory).

    Unlike damage, this is not repaired by restoring a backup: the file may be perfectly good,
    so it is left exactly where it is and the user is told what to fix.
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: cannot be read ({reason})")
        self.path = path
        self.reason = reason


class StoreWriteError(StoreError):
    """A write that failed (full disk, quota, read-only directory); the old file is intact."""
