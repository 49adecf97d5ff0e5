"""Source kinds: one module per kind, each registering itself in :mod:`.registry`.

- :mod:`.base` is the interface (``SourceKind``, ``PollResult``, ``PollingRules``,
  ``CycleContext``) and the health transitions fetching kinds share
- :mod:`.table` is the table kinds register in (``register``); :mod:`.registry` reads it
  (``kind_named``, ``all_kinds`` …)
- :mod:`.statuspage`, :mod:`.feed`, :mod:`.probe`, :mod:`.page` and :mod:`.changelog` are
  the built-in kinds
- :mod:`.presets` lists ready-made sources for the platforms people watch

A new kind is a module here that ends with ``register(MyKind())``, plus its name in the
import line of ``registry._load_builtins`` (built-in kinds load with the first read of the table,
so importing this package is cheap). Kinds outside this package (the demo's)
register themselves the same way.
"""

from __future__ import annotations

from .base import (
    NO_STORE,
    CycleContext,
    NoCycle,
    PollContext,
    PollingRules,
    PollResult,
    SourceKind,
)
from .registry import (
    addable_kind_names,
    all_kinds,
    detectable_kinds,
    fallback_kind,
    kind_label,
    kind_named,
)
from .table import register, unregister

__all__ = [
    "NO_STORE",
    "CycleContext",
    "NoCycle",
    "PollContext",
    "PollResult",
    "PollingRules",
    "SourceKind",
    "addable_kind_names",
    "all_kinds",
    "detectable_kinds",
    "fallback_kind",
    "kind_label",
    "kind_named",
    "register",
    "unregister",
]
