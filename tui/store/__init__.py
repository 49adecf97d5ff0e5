"""The store: TinyDB lives only here. See :mod:`tui.store.store` for the layout on disk."""

from .errors import StoreDamaged, StoreError, StoreTooNew, StoreUnreadable, StoreWriteError
from .events import EventMerge
from .incident_merge import MergeResult
from .notes import NoteSave
from .store import Store, default_store_path

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
