"""A record class's field names, looked up once: every record's ``from_dict`` keeps only those.

A module apart from :mod:`.records` so that events and notes (:mod:`.entries`) are read
without building the source records: ``whalewatch note list`` needs no :class:`Source`.
"""

from __future__ import annotations

from dataclasses import fields

_FIELD_NAMES: dict[type, frozenset[str]] = {}
_FIELD_ORDER: dict[type, tuple[str, ...]] = {}


def record_field_names(cls: type) -> frozenset[str]:
    """A record class's field names, looked up once (``from_dict`` runs per stored document)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = frozenset(f.name for f in fields(cls))
    return names


def record_field_order(cls: type) -> tuple[str, ...]:
    """A record class's field names in declaration order, looked up once (``to_dict`` runs
    per record written: the health of every source polled, every cycle)."""
    names = _FIELD_ORDER.get(cls)
    if names is None:
        names = _FIELD_ORDER[cls] = tuple(f.name for f in fields(cls))
    return names
