"""Keys typed ahead of a text field's opening are the field's, in the order typed.

Textual sends a key to the widget that has the focus when the key arrives, lets it bubble
from there to the app, and looks its binding up only then, from the widget focused *then*.
Typed in one burst (over a slow SSH link a word arrives in one read; a paste), the keys
behind the one that opens a field (``/`` for a search, ``g`` for a date) all went to the pane
before the field was open, and came back to the app as the pane's keys: ``/tweet`` opened
the Stats screen (``t``), ``/jk`` moved the timeline's cursor and left the search empty, and
the Enter of ``g2023-03⏎`` submitted the date field before its digits were in it.

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
"""Keys remembered: a key the focused widget takes (a letter in a field) never comes back to
the app, and is forgotten once this many have arrived after it."""


class KeysInFlight(Generic[Key, Target]):
    """Where each key was sent as it arrived, until it comes back (or is forgotten)."""

    def __init__(self) -> None:
        self._sent: OrderedDict[int, tuple[Key, Target | None]] = OrderedDict()

    def sent(self, key: Key, target: Target | None) -> None:
        # The key itself is kept with its target: its id is not reused while it is here.
        self._sent[id(key)] = (key, target)
        if len(self._sent) > REMEMBERED:
            self._sent.popitem(last=False)

    def typed_before(self, key: Key, field: Target) -> bool:
        """True if ``key``, back at the app, went to another widget than ``field``."""
        found = self._sent.pop(id(key), None)
        return found is not None and found[0] is key and found[1] is not field
