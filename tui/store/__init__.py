"""The store: TinyDB lives only here. See :mod:`tui.store.store` for the layout on disk."""

from .datafile import StoreDamaged, StoreError, StoreTooNew, StoreWriteError
from .store import MergeResult, NoteSave, Store, default_store_path

__all__ = [
    "MergeResult",
    "NoteSave",
    "Store",
    "StoreDamaged",
    "StoreError",
    "StoreTooNew",
    "StoreWriteError",
    "default_store_path",
]
