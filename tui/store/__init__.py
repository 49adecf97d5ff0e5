"""The store: TinyDB lives only here. See :mod:`tui.store.store` for the layout on disk."""

from __future__ import annotations

from importlib import import_module

from .errors import StoreDamaged, StoreError, StoreTooNew, StoreUnreadable, StoreWriteError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (mypy reads it so)
if TYPE_CHECKING:
    from typing import Any

    from .events import EventMerge
    from .incident_merge import MergeResult
    from .location import default_store_path
    from .notes import NoteSave
    from .store import Store

__all__ = [
    "EventMerge",
    "MergeResult",
    "NoteSave",
    "Store",
    "StoreDamaged",
    "StoreError",
    "StoreTooNew",
    "StoreUnreadable",
    "StoreWriteError",
    "default_store_path",
]


_LAZY = {
    "EventMerge": ".events",
    "MergeResult": ".incident_merge",
    "NoteSave": ".notes",
    "Store": ".store",
    "default_store_path": ".location",
}
"""Loaded on first use: ``whalewatch source list`` reads no event, note or merge, and on a
store that needs no repair not even :class:`Store` (see :mod:`tui.store.clean_read`)."""


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
