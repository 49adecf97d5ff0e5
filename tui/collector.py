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
The rules live here, one place, so the moments and their costs can be read together.
"""

from __future__ import annotations

import gc


def hold_until_first_frame() -> None:
    """Start-up: freeze what exists (modules, the store, the first screen's data) and keep
    the collector off until :func:`resume` (about 20-30 ms and 15-40 ms of a 0.35 s start)."""
    gc.freeze()
    gc.disable()


def resume() -> None:
    """The first frame is up: the collector runs again."""
    gc.enable()


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
