"""The store: TinyDB lives only here. See :mod:`tui.store.store` for the layout on disk."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import StoreDamaged, StoreError, StoreTooNew, StoreUnreadable, StoreWriteError
from .store import Store, default_store_path

if TYPE_CHECKING:
    from .events import EventMerge
    from .incident_merge import MergeResult
    from .notes import NoteSave

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


_LAZY = {"EventMerge": ".events", "MergeResult": ".incident_merge", "NoteSave": ".notes"}
"""Loaded on first use: ``whalewatch source list`` reads no event, note or merge."""


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
