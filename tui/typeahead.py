"""Keys typed ahead of a text field's opening are the field's, in the order typed.

Textual sends a key to the widget that has the focus when the key arrives, lets it bubble
from there to the app, and looks its binding up only then, from the widget focused *then*.
Typed in one burst (over a slow SSH link a word arrives in one read; a paste), the keys
behind the one that opens a field (``/`` for a search, ``g`` for a date) all went to the pane
before the field was open, and came back to the app as the pane's keys: ``/tweet`` opened
the Stats screen (``t``), ``/jk`` moved the timeline's cursor and left the search empty, and
the Enter of ``g2023-03⏎`` submitted the date field before its digits were in it.

The same bookkeeping makes the common key cheap. With no key on its way, a focused list's
walking key (j, k, the arrows, the page keys) runs where it arrives (``WhalewatchApp.
_ran_on_arrival``): no key before it is left to overtake, which is all the trip up the DOM
and back guarantees, and the trip was about a tenth of the dashboard's CPU per cursor-down
under a terminal (A/B, 5 interleaved runs: 3.79 against 4.44 ms). A key that arrives while
another is on its way travels as Textual sends it.

:class:`KeysInFlight` remembers where the app sent each key as it arrived. A key that comes
back to the app from a widget other than the text field now focused was typed before the
field took the focus: it is sent on to the field, as a key typed there. The field must take
the focus at once for that (``Screen.set_focus``, not ``Widget.focus()``, which waits behind
the messages already queued). Pure bookkeeping: the app calls it (no Textual here).

The same holds for a screen opened by a key: the letters typed behind ``n`` are the note
editor's once it has the focus. Not covered: keys typed in the same burst *after* the Enter
that closes a field go into the field (it closes when the screen gets its ``Submitted``
message, which comes behind them).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

Key = TypeVar("Key")
Target = TypeVar("Target")

REMEMBERED = 64
"""Keys remembered on their way; past it the oldest are forgotten."""

FORGOTTEN_AFTER = 5.0
"""Seconds after which a key not back yet is taken as gone: a widget stopped it (a field
takes its letters, which are not recorded; nothing else here stops a key). A key's trip
takes a millisecond; a record left behind only delays the next shortcut (see ``idle``)."""


class KeysInFlight(Generic[Key, Target]):
    """Where each key was sent as it arrived (and when), until it comes back to the app.

    With no key on its way, a key that arrives can run at once where it is going (the
    focused list's own binding: :meth:`idle`): every key before it has been handled, so it
    cannot overtake one, which is all the trip to the app and back guarantees. That trip
    was about a tenth of the dashboard's CPU per cursor-down under a terminal.
    """

    def __init__(self) -> None:
        self._sent: OrderedDict[int, tuple[Key, Target | None, float]] = OrderedDict()

    def sent(self, key: Key, target: Target | None, at: float) -> None:
        # The key itself is kept with its target: its id is not reused while it is here.
        self._sent[id(key)] = (key, target, at)
        if len(self._sent) > REMEMBERED:
            self._sent.popitem(last=False)

    def returned(self, key: Key) -> tuple[bool, Target | None]:
        """``key`` is back at the app: whether it was on its way, and where it had gone."""
        found = self._sent.pop(id(key), None)
        if found is None or found[0] is not key:
            return False, None
        return True, found[1]

    def idle(self, at: float) -> bool:
        """True if no key sent before ``at`` is still on its way (forgetting the old ones)."""
        sent = self._sent
        while sent:
            _key, _target, when = next(iter(sent.values()))
            if when > at - FORGOTTEN_AFTER:
                return False
            sent.popitem(last=False)
        return True
