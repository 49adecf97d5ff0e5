"""Reading the table of source kinds: every reader of kinds asks here, no one else names them.

A kind's module registers an instance in :mod:`.table` when it is imported
(``register(StatuspageKind())``); this module reads that table.
The built-in kinds are imported the first time the table is read (:func:`_load_builtins`
lists them: a new built-in kind is its module plus its name there), so registering a kind —
the demo registers its own kind — costs nothing at start-up: the HTTP stack and the
parsers load with the first poll. A stored source whose kind is not registered in this
process is reported on that source ("unknown source kind …") by the poller, never a crash.
"""

from __future__ import annotations

from .base import SourceKind
from .table import lookup, registered


def _load_builtins() -> None:
    """Import the built-in kinds once; each module registers its own kind in the table."""
    global _builtins_loaded
    if not _builtins_loaded:
        from . import changelog, feed, page, probe, statuspage  # noqa: F401

        # isort: split
        # The providers' own JSON (issue 14), one module each.
        from . import (  # noqa: F401
            aws,
            betterstack,
            cachet,
            cstate,
            gcloud,
            incidentio,
            instatus,
            jsonfeed,
            slack,
            statusio,
        )

        _builtins_loaded = True


_builtins_loaded = False


def kind_named(name: str) -> SourceKind | None:
    """The registered kind called ``name``, or ``None``."""
    _load_builtins()
    return lookup(name)


def all_kinds() -> tuple[SourceKind, ...]:
    """Every registered kind, in the order they were registered."""
    _load_builtins()
    return registered()


def _detection_rank(kind: SourceKind) -> tuple[bool, bool, int]:
    """Auto-detected kinds in their order, then the fallback, then the by-name-only kinds."""
    return (kind.detect_order is None, not kind.fallback, kind.detect_order or 0)


def addable_kind_names() -> tuple[str, ...]:
    """The names ``source add --kind`` and the add-source form offer (besides ``auto``).

    In auto-detection's order, then the fallback kind, then the kinds only ever chosen by name;
    each :attr:`~.base.SourceKind.menu_group` after the one before (providers after the rest).
    """
    _load_builtins()
    addable = sorted(
        (kind for kind in registered() if kind.addable),
        key=lambda kind: (kind.menu_group, *_detection_rank(kind)),
    )
    return tuple(kind.name for kind in addable)


def detectable_kinds() -> tuple[SourceKind, ...]:
    """The kinds auto-detection tries, in their ``detect_order``."""
    _load_builtins()
    ordered = [kind for kind in registered() if kind.detect_order is not None]
    return tuple(sorted(ordered, key=_detection_rank))


def fallback_kind() -> SourceKind:
    """The kind a URL becomes when no kind recognises it."""
    _load_builtins()
    for kind in registered():
        if kind.fallback:
            return kind
    raise LookupError("no fallback source kind is registered")


def kind_label(name: str) -> str:
    """What a source's kind is called for people: its label (``incident.io``), else its name."""
    kind = kind_named(name)
    return kind.label if kind is not None else name
