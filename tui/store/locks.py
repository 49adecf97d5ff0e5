"""Inter-process locks on sidecar files.

The data files are replaced on every write, so their inode changes and a lock on them would
guard nothing; locks live on sidecar files that are never replaced. ``flock`` locks are
released by the kernel when their holder dies, which is what lets a second session take over
polling from one that was killed.

In a store the user cannot write to (a read-only directory or file system), an existing lock
file is opened read-only: ``flock`` works on such descriptors, so the store can still be read
and every write then fails with :class:`~tui.store.errors.StoreWriteError`.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .atomic import read_regular_file
from .errors import StoreError

_READ_ONLY_ERRORS = (errno.EACCES, errno.EPERM, errno.EROFS)


def _open_lock_file(path: Path, create: bool = True) -> int:
    """A descriptor on ``path`` to ``flock``: read-write when possible, else read-only."""
    try:
        return os.open(path, os.O_RDWR | (os.O_CREAT if create else 0), 0o600)
    except OSError as error:
        if error.errno not in _READ_ONLY_ERRORS:
            raise
        first = error
    try:
        return os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise first from None  # no lock file on a read-only store: say "read-only", not ENOENT


def lock_file_problem(path: Path, error: OSError | None = None) -> str:
    """What is wrong with a lock file, in words: a directory in its place, or the OS's reason."""
    try:
        if path.is_dir():
            return "it is a directory, not a lock file (remove it; whalewatch recreates it)"
        if path.exists() and not path.is_file():
            return "it is not a regular file (remove it; whalewatch recreates it)"
    except OSError:
        pass
    return (error.strerror or str(error)) if error else "it cannot be opened"


def _locked_elsewhere(path: Path, mode: int) -> bool:
    """Probe a lock without creating or writing the file: take ``mode`` non-blocking and drop it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO here must not block doctor
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False  # not a lock file at all: doctor names it
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing releases a lock taken above
    return False


class FileLock:
    """An exclusive, re-entrant (per process) ``flock`` on a sidecar file.

    ``on_acquire`` runs each time the lock is taken (not when re-entered), before the block:
    the store uses it to finish a multi-file write that a killed holder left committed but
    not yet in place, so nothing under the lock ever sees it half done.
    """

    def __init__(self, path: Path, on_acquire: Callable[[], object] | None = None) -> None:
        self.path = path
        self.on_acquire = on_acquire
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock for the duration of the block (blocking until it is free)."""
        with self._thread_lock:
            if self._depth == 0:
                try:
                    fd = _open_lock_file(self.path)
                except OSError as error:
                    raise StoreError(
                        f"{self.path}: cannot open the store's lock file "
                        f"({error.strerror or error})"
                    ) from error
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                except BaseException:
                    os.close(fd)
                    raise
                self._fd = fd
                if self.on_acquire is not None:
                    try:
                        self.on_acquire()
                    except BaseException:
                        self._release()
                        raise
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._release()

    def _release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def is_held_elsewhere(self) -> bool:
        """True when another process (or another lock object) holds the lock right now."""
        return self._fd is None and _locked_elsewhere(self.path, fcntl.LOCK_SH)


class PollerLock:
    """Held for as long as this process is the one that polls the store's sources.

    The holder writes its pid into the lock file (for ``whalewatch doctor``) and clears it on
    release; a pid left by a holder that was killed is ignored, because the lock itself (not
    the file's content) says whether anyone holds it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self.refusal = ""
        """Why the last :meth:`try_acquire` did not take the lock, in words ('' if it did)."""
        self.unusable = False
        """The last :meth:`try_acquire` could not even open the lock file: waiting is no use."""

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; never blocks. Returns whether this process holds it.

        Returns ``False`` too when the lock file cannot be opened at all (a read-only store
        without one, a directory in its place): nobody can poll into such a store.
        :attr:`refusal` then says which of the two it was, so no one is told "another
        process is polling" when the truth is that nobody can.
        """
        if self._fd is not None:
            return True
        try:
            fd = _open_lock_file(self.path)
        except OSError as error:
            self.refusal = f"cannot open {self.path}: {lock_file_problem(self.path, error)}"
            self.unusable = True
            return False
        self.unusable = False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            pid = self.holder_pid()
            who = f"process {pid}" if pid else "another process"
            self.refusal = f"{who} is already polling this store"
            return False
        self.refusal = ""
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass  # a read-only lock file: the lock still works, only the pid is not shown
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            try:
                os.ftruncate(self._fd, 0)
            except OSError:
                pass
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def holder_pid(self) -> int | None:
        """The pid of the process holding the lock now (``None`` when nobody holds it)."""
        if self._fd is None and not self.is_held_elsewhere():
            return None
        try:
            text = read_regular_file(self.path).decode(errors="replace").strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def is_held_elsewhere(self) -> bool:
        """True when another process holds the poller lock right now.

        The test takes and drops a lock on a read-only descriptor: it never creates the lock
        file or writes to it, so ``whalewatch doctor`` can ask without changing anything.
        """
        return self._fd is None and _locked_elsewhere(self.path, fcntl.LOCK_EX)
