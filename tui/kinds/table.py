"""The table of source kinds itself: where a kind's module registers its kind.

Kept apart from :mod:`.registry`, which reads the table and imports the built-in kinds the
first time it is read: a kind's module imports this one, never the reader, so the built-ins
can load lazily without an import cycle.
"""

from __future__ import annotations

from typing import TypeVar

from .base import SourceKind

K = TypeVar("K", bound=SourceKind)

_KINDS: dict[str, SourceKind] = {}


def register(kind: K) -> K:
    """Add ``kind`` to the table (returns it, so a module can keep a name for it).

    Registering the same name again replaces the earlier kind only if it is of the same class
    (a module imported twice); a different kind under a taken name is a programming error.
    """
    existing = _KINDS.get(kind.name)
    if existing is not None and type(existing).__qualname__ != type(kind).__qualname__:
        raise ValueError(f"a source kind named {kind.name!r} is already registered")
    _KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Remove a kind (tests that register a throwaway kind clean up with this)."""
    _KINDS.pop(name, None)


def lookup(name: str) -> SourceKind | None:
    """The kind registered as ``name`` so far, or ``None``."""
    return _KINDS.get(name)


def registered() -> tuple[SourceKind, ...]:
    """The kinds registered so far, in the order they were registered."""
    return tuple(_KINDS.values())
