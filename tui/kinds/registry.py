"""The one table of source kinds: every reader of kinds asks it, no one else names them.

A kind's module registers an instance when it is imported (``register(StatuspageKind())``).
The built-in kinds are imported the first time the table is read (:func:`_load_builtins`
lists them: a new built-in kind is its module plus its name there), so registering a kind —
the demo registers its own kind — costs nothing at start-up: the HTTP stack and the
parsers load with the first poll. A stored source whose kind is not registered in this
process is reported on that source ("unknown source kind …") by the poller, never a crash.
"""

from __future__ import annotations

from typing import TypeVar

from .base import SourceKind

K = TypeVar("K", bound=SourceKind)

_KINDS: dict[str, SourceKind] = {}
_builtins_loaded = False


def _load_builtins() -> None:
    """Import the built-in kinds once; each module registers its own kind."""
    global _builtins_loaded
    if not _builtins_loaded:
        from . import feed, probe, statuspage  # noqa: F401

        _builtins_loaded = True


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


def kind_named(name: str) -> SourceKind | None:
    """The registered kind called ``name``, or ``None``."""
    _load_builtins()
    return _KINDS.get(name)


def all_kinds() -> tuple[SourceKind, ...]:
    """Every registered kind, in the order they were registered."""
    _load_builtins()
    return tuple(_KINDS.values())


def _detection_rank(kind: SourceKind) -> tuple[bool, int]:
    return (kind.detect_order is None, kind.detect_order or 0)


def addable_kind_names() -> tuple[str, ...]:
    """The names ``source add --kind`` and the add-source form offer (besides ``auto``).

    In auto-detection's order, then the kinds that are only ever chosen by name.
    """
    _load_builtins()
    addable = sorted((kind for kind in _KINDS.values() if kind.addable), key=_detection_rank)
    return tuple(kind.name for kind in addable)


def detectable_kinds() -> tuple[SourceKind, ...]:
    """The kinds auto-detection tries, in their ``detect_order``."""
    _load_builtins()
    ordered = [kind for kind in _KINDS.values() if kind.detect_order is not None]
    return tuple(sorted(ordered, key=_detection_rank))


def fallback_kind() -> SourceKind:
    """The kind a URL becomes when no kind recognises it."""
    _load_builtins()
    for kind in _KINDS.values():
        if kind.fallback:
            return kind
    raise LookupError("no fallback source kind is registered")
