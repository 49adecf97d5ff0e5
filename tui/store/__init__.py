"""The store: TinyDB lives only here. See :mod:`tui.store.store` for the layout on disk."""

from typing import TYPE_CHECKING, Any

from .errors import StoreDamaged, StoreError, StoreTooNew, StoreUnreadable, StoreWriteError
from .events import EventMerge
from .notes import NoteSave
from .store import Store, default_store_path

if TYPE_CHECKING:
    from .incident_merge import MergeResult

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


def __getattr__(name: str) -> Any:
    """``MergeResult`` on first use: the merge code is a poll's, and ``source list`` skips it."""
    if name == "MergeResult":
        from .incident_merge import MergeResult

        return MergeResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
