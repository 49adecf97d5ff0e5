"""When the cyclic garbage collector runs, and what it is kept from walking.

The dashboard holds a long history (110,000 items, the screen's widgets, a search's texts)
that lives for as long as it is shown. Each full collection walks every object it tracks,
so on a history that size a collection in the middle of a keystroke cost 5-25 ms, the
walk through objects scattered in memory being mostly cache misses. What is long-lived is
therefore frozen (``gc.freeze``: moved where no collection looks; still freed as usual
when its last reference goes) at three moments: when the app is built, when the full
history is shown, and when a search opens. The collector is kept off until the first
frame, which builds thousands of short-lived objects.

Frozen objects that later become garbage in a reference cycle are never collected, so
each freeze is preceded by a collection where it can be afforded (not during start-up).
The collector is also kept off while a poll cycle runs (:func:`paused`): a first cycle
makes 10,000 incidents at once, and the full collections their making triggered walked
everything each time (~0.25 s of a 4.5 s cycle). It runs again as the cycle ends. Whether
it runs is decided in one place (:func:`_apply`), from the start-up hold and the pauses.

The rules live here, one place, so the moments and their costs can be read together.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_held = False
"""Start-up: off until the first frame."""
_pauses = 0
"""Poll cycles running now (the dashboard's worker and a write's own poll may overlap)."""


def _apply() -> None:
    """The collector runs unless start-up holds it or a cycle pauses it (under ``_lock``)."""
    if _held or _pauses:
        gc.disable()
    else:
        gc.enable()


def hold_until_first_frame() -> None:
    """Start-up: freeze what exists (modules, the store, the first screen's data) and keep
    the collector off until :func:`resume` (about 20-30 ms and 15-40 ms of a 0.35 s start)."""
    global _held
    gc.freeze()
    with _lock:
        _held = True
        _apply()


def resume() -> None:
    """The first frame is up: the collector runs again (unless a cycle pauses it)."""
    global _held
    with _lock:
        _held = False
        _apply()


@contextmanager
def paused() -> Iterator[None]:
    """No collection while the block runs (a poll cycle), in any thread; as it was after."""
    global _pauses
    with _lock:
        _pauses += 1
        _apply()
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            _apply()


def keep_history() -> None:
    """The full history is shown: it lives as long as the screen, out of the collector's
    walks. No collection first: this is still part of the start."""
    gc.freeze()


def keep_search() -> None:
    """A search opened with its texts unpacked (110,000 strings): collect, then freeze.

    Done as ``/`` opens the field (~10 ms beside the ~45 ms of unpacking), so that the
    keystrokes after it meet collections of only what they make themselves.
    """
    gc.collect()
    gc.freeze()
