"""A record class's field names, looked up once: every record's ``from_dict`` keeps only those.

A module apart from :mod:`.records` so that events and notes (:mod:`.entries`) are read
without building the source records: ``whalewatch note list`` needs no :class:`Source`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from functools import cache
from typing import Any


@cache
def record_field_order(cls: type) -> tuple[str, ...]:
    """A record class's field names in declaration order, looked up once (``to_dict`` runs
    per record written: the health of every source polled, every cycle)."""
    return tuple(f.name for f in fields(cls))


@cache
def record_field_names(cls: type) -> frozenset[str]:
    """A record class's field names, looked up once (``from_dict`` runs per stored document)."""
    return frozenset(record_field_order(cls))


def known_fields(cls: type, data: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` without the keys ``cls`` has no field for (a newer version's field,
    a hand edit): what a record's ``from_dict`` builds from.

    Nearly every stored document has only known keys, and is then copied whole: one check
    and one copy, where filtering key by key cost ~1.8 µs of a 15-field event's ~9 µs read
    (the first screen reads 1,500 events and notes; the full read, every event).
    """
    known = record_field_names(cls)
    if known.issuperset(data.keys()):
        return dict(data)
    return {key: value for key, value in data.items() if key in known}
