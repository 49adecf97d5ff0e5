"""Crash-safe file replacement, which every write of the store goes through.

TinyDB's stock ``JSONStorage`` rewrites its file in place and keeps a long-lived handle, so a
killed writer leaves a truncated file and a second process writes into an unlinked inode.
Here every write goes to a temporary file in the same directory, is fsynced, atomically
``os.replace``-d over the old file, and the directory is fsynced: at any instant the path
holds either the old or the new complete version. Nothing keeps a handle between calls.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing: a read needs none
if TYPE_CHECKING:
    from typing import Any

TEMP_PREFIX = ".whalewatch-tmp-"
FILE_MODE = 0o600


def fsync_directory(directory: Path) -> None:
    """Make a rename inside ``directory`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` atomically and durably, creating it 0600.

    On any failure (full disk, quota, read-only directory) the previous file is untouched, the
    temporary file is removed and the ``OSError`` propagates for the caller to report.
    """
    directory = path.parent
    temp = write_temp_file(directory, payload)
    try:
        os.replace(temp, path)
    except BaseException:
        _unlink_quietly(temp)
        raise
    fsync_directory(directory)


def write_temp_file(directory: Path, payload: bytes, prefix: str = TEMP_PREFIX) -> Path:
    """A new 0600 file in ``directory`` holding ``payload``, fsynced (removed on failure)."""
    import tempfile  # with shutil and random, 2 ms a read of the store need not pay

    fd, temp_name = tempfile.mkstemp(prefix=prefix, suffix=".json", dir=directory)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        if fd >= 0:
            os.close(fd)
        _unlink_quietly(Path(temp_name))
        raise
    return Path(temp_name)


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def remove_orphaned_temp_files(directory: Path) -> list[Path]:
    """Delete temporary files left by a writer that was killed between create and replace."""
    removed: list[Path] = []
    if not directory.is_dir():
        return removed
    for candidate in directory.glob(f"{TEMP_PREFIX}*"):
        try:
            candidate.unlink()
            removed.append(candidate)
        except OSError:
            pass
    return removed


def dump_json(data: Any) -> bytes:
    """The one serialisation of store files: compact UTF-8 JSON, keys in insertion order.

    Text that cannot be UTF-8 (a lone surrogate, from a terminal that sent invalid bytes) is
    written as ``\\uXXXX`` escapes instead, which read back to the very same string.
    """
    try:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def read_regular_file(path: Path) -> bytes:
    """The bytes of ``path``, refusing anything but a regular file without ever blocking.

    A FIFO (or a device) in place of a store file would make a plain ``open`` wait forever
    for a writer; opened non-blocking it is seen for what it is and refused with an
    ``OSError`` saying so. Missing files raise ``FileNotFoundError`` as usual.
    """
    return read_regular_file_and_stat(path)[0]


def read_regular_file_and_stat(path: Path) -> tuple[bytes, os.stat_result]:
    """:func:`read_regular_file`, with the ``fstat`` of exactly the bytes read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file", str(path))
        chunks = []
        while chunk := os.read(fd, max(info.st_size, 65536)):
            chunks.append(chunk)
        return b"".join(chunks), info
    finally:
        os.close(fd)
