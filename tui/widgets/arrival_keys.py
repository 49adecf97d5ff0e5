"""The keys a focused list may run where they arrive (see :mod:`tui.typeahead`).

The app runs one of these at once, without the key's trip up the DOM and back, only when no
key is on its way, and only for a widget whose class says ``RUNS_KEYS_ON_ARRIVAL``; the
action is the widget's own binding for the key, found here from the same ``BINDINGS`` that
Textual reads, so that the two cannot differ.
"""

from __future__ import annotations

from functools import cache

from textual.binding import Binding

WALKING = ("up", "down", "j", "k", "pageup", "pagedown")
"""The keys held down to walk a list: the ones worth the shortcut."""


@cache
def arrival_keys(cls: type) -> dict[str, str]:
    """Key -> action of ``cls``'s bindings for the walking keys, worked out once a class.

    The ``BINDINGS`` of the class and of its bases, base first, as Textual merges them: a
    later binding of a key replaces an earlier one, as a subclass's does; a priority
    binding is left to Textual, which runs those before a key is sent anywhere.
    """
    wanted = set(WALKING)
    bindings = [b for base in reversed(cls.__mro__) for b in vars(base).get("BINDINGS", ())]
    found: dict[str, str] = {}
    for binding in Binding.make_bindings(bindings):
        if binding.key in wanted:
            if binding.priority:
                found.pop(binding.key, None)
            else:
                found[binding.key] = binding.action
    return found
