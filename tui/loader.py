"""The store loader: reads the store in one thread at a time and posts what it read to the app.

A slow read must never overwrite the result of a newer one, so there is one loader thread at
a time; requests made while it reads are coalesced into one more read. The first frame shows
the first-screen copy the last run left, or else the recent data read before it; once it is
drawn the loader reads the whole history month by month, stopping early when the app quits.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from textual.app import App

from .first_screen import FirstScreenCache
from .memory import release_free_memory
from .messages import SnapshotLoaded, StoreChanged
from .snapshot import ReadCancelled, StoreSnapshot, read_snapshot
from .store import Store, StoreError

FULL_HISTORY_DELAY = 0.3
"""Seconds between showing the first screen and starting to read the whole history."""

SHOWN_WAIT = 0.1
"""Seconds between checks for quitting while the UI shows a read."""


class SnapshotLoader:
    """Reads ``store`` for ``app`` off the UI thread; each read arrives as ``SnapshotLoaded``."""

    def __init__(
        self,
        app: App[Any],
        store: Store,
        stop: threading.Event,
        read: Callable[..., StoreSnapshot] = read_snapshot,
        first_screen: FirstScreenCache | None = None,
    ) -> None:
        self.app = app
        self.store = store
        self.stop = stop
        self.cache = first_screen or FirstScreenCache(store.root)
        """The last run's copy of the first screen (read once, at the first use)."""
        self.read = read
        """How to read the store (``read_snapshot``; a test may hold it back)."""
        self._lock = threading.Lock()
        self._running = False
        self._wanted = False
        self._keys: set[str] = set()
        self._signature: tuple[Any, ...] | None = None
        self._repairs_told = 0
        self._repairs_lock = threading.Lock()
        self._first_screen_known = False

    # --- the first-screen cache (kept together: one place to change how it is used) -----------

    def first_screen(self) -> StoreSnapshot | None:
        """What the first frame shows: the last run's copy when it still holds, else a read.

        Without a copy (a first start, or the store changed) the bounded start-up read is
        done here, before the first frame, rather than in the loader thread after it: the
        screen is then laid out and painted once, with the data, not first as an empty
        store (which it is not) and again when the read arrives, both while the thread
        competes with the UI for the interpreter. ``None`` when the read fails, whatever the
        reason: the loader thread then reads the store again, with the app running, and says
        what is wrong there as it always did (a notice, never a traceback at start).
        """
        snapshot = self.cache.load(self.store)
        if snapshot is None:
            try:
                snapshot = self._read(full_history=False)
            except Exception:  # told by the loader thread's read (see the docstring)
                snapshot = None
        self._first_screen_known = snapshot is not None
        return snapshot

    def _read(self, full_history: bool) -> StoreSnapshot:
        reuse = None if full_history else self.cache.reusable(self.store)
        return self.read(self.store, full_history, self.stop.is_set, reuse)

    def _remember_first_screen(self, files: dict[str, Any], snapshot: StoreSnapshot) -> None:
        try:
            self.cache.save(self.store, files, snapshot)
        except OSError:
            pass  # only a start-up shortcut: the next start reads the store instead

    def report_repairs(self) -> None:
        """Tell the user what the store repaired or set aside since the last time (thread-safe).

        Opening the store repairs the small files; a damaged incident month is found only when
        a read reaches it, so every read may add one: each is told once, as a notice.
        """
        with self._repairs_lock:  # the UI thread (at mount) and the loader thread both call it
            messages = self.store.status.messages
            new, self._repairs_told = messages[self._repairs_told :], len(messages)
        for message in new:
            self.app.notify(
                message, title="Store repaired", severity="warning", timeout=15, markup=False
            )

    # --- requests (UI thread) ---------------------------------------------------------------

    def request(self, full_history: bool = True, new_keys: Iterable[str] = ()) -> None:
        """Ask for a fresh read; it runs after the one in progress, if any."""
        with self._lock:
            self._keys |= set(new_keys)
            self._wanted = True
            if self._running:
                return
            self._running = True
        self.app.run_worker(
            partial(self._run, first=not full_history),
            name="load",
            group="load",
            thread=True,
            exit_on_error=False,
        )

    def watch_for_changes(self) -> None:
        """Start a check for another session's writes (or our poller's)."""
        self.app.run_worker(
            self._check_signature,
            name="watch",
            group="watch",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    # --- the loader thread --------------------------------------------------------------------

    def _run(self, first: bool) -> None:
        try:
            if first:
                if not self._first_screen_known:
                    self._read_and_post(full_history=False, new_keys=set())
                # The first screen is up; let it draw, then read the whole history.
                time.sleep(FULL_HISTORY_DELAY)
            while not self.stop.is_set():
                with self._lock:
                    if not self._wanted:
                        self._running = False
                        return
                    self._wanted = False
                    keys, self._keys = self._keys, set()
                self._read_and_post(full_history=True, new_keys=keys)
        finally:
            with self._lock:
                self._running = False

    def _read_and_post(self, full_history: bool, new_keys: set[str]) -> None:
        try:
            files = self.store.file_signatures()
            signature = self.store.signature()
            snapshot = self._read(full_history)
        except ReadCancelled:
            return
        except StoreError as error:
            self.app.notify(str(error), severity="error", markup=False)
            return
        if self.stop.is_set():
            return
        self.report_repairs()
        self._signature = signature
        loaded = SnapshotLoaded(snapshot, frozenset(new_keys))
        self.app.post_message(loaded)
        # The UI thread is busy showing it: do not compete with it for the interpreter.
        while not loaded.shown.wait(SHOWN_WAIT):
            if self.stop.is_set() or not self.app.is_running:
                return
        if full_history:
            self._remember_first_screen(files, snapshot)
            release_free_memory()

    def _check_signature(self) -> None:
        try:
            signature = self.store.signature()
        except OSError:
            return
        if self._signature is not None and signature != self._signature:
            self.app.post_message(StoreChanged())
