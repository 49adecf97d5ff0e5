"""The store: TinyDB lives only here. See :mod:`tui.store.store` for the layout on disk."""

from .errors import StoreDamaged, StoreError, StoreTooNew, StoreUnreadable, StoreWriteError
from .store import MergeResult, NoteSave, Store, default_store_path

__all__ = [
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
