"""The keys a focused list may run where they arrive (see :mod:`tui.typeahead`).

The app runs one of these at once, without the key's trip up the DOM and back, only when no
key is on its way; the action is the list's own binding for the key, found here from the
same ``BINDINGS`` that Textual reads, so that the two cannot differ.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType

WALKING = ("up", "down", "j", "k", "pageup", "pagedown")
"""The keys held down to walk a list: the ones worth the shortcut."""


def arrival_keys(bindings: Iterable[BindingType], keys: Iterable[str] = WALKING) -> dict[str, str]:
    """Key -> action of ``bindings`` (a class's and its bases', base first) for ``keys``.

    A later binding of a key replaces an earlier one, as a subclass's does in Textual; a
    priority binding is left to Textual, which runs those before a key is sent anywhere.
    """
    wanted = set(keys)
    found: dict[str, str] = {}
    for binding in Binding.make_bindings(bindings):
        if binding.key in wanted:
            if binding.priority:
                found.pop(binding.key, None)
            else:
                found[binding.key] = binding.action
    return found
