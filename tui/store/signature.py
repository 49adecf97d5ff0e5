"""A file's stat signature, and when it can be trusted to tell two versions apart.

Every atomic rewrite of a store file changes its inode, mtime or size, so a signature that
is unchanged says the file is unchanged, with one exception: a file system's coarse
timestamps and inode reuse can make two versions written in quick succession look alike.
So a signature only counts once its mtime is safely in the past (git's "racily clean" rule).
The store's read cache and the first-screen copy both follow this one rule.
"""

from __future__ import annotations

from pathlib import Path

Signature = tuple[int, int, int]
"""Inode, mtime in nanoseconds and size of one file."""

RACY_NANOSECONDS = 2_000_000_000
"""How far in the past a file's mtime must be before its signature is trusted."""


def stat_signature(path: Path) -> Signature | None:
    """The signature of ``path`` now (``None``: absent or not readable)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def settled(signature: Signature, at_ns: int) -> bool:
    """True when a file with ``signature`` was already safely old at time ``at_ns``."""
    return at_ns - signature[1] > RACY_NANOSECONDS
