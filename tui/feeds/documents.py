"""What every reader of a feed document shares: refusing entity declarations, reading dates.

The incident ``feed`` kind and the ``changelog`` kind both hand untrusted XML to feedparser;
both must refuse a document that declares entities (billion laughs) before it gets there,
and both read feedparser's ``time.struct_time`` dates into aware UTC datetimes, dropping the
implausible ones (a year 1900 or 9999 is a broken feed, not a date to sort by).
"""

from __future__ import annotations

import calendar
import codecs
import re
from datetime import UTC, datetime
from typing import Any

PLAUSIBLE = (datetime(1990, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC))
"""Dates outside this range are treated as absent."""

_ENTITY_DECLARATION = re.compile(rb"<!\s*ENTITY|<!DOCTYPE[^>\[]*\[", re.IGNORECASE)


_WIDE_ENCODINGS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
)


def byte_view(body: bytes) -> bytes:
    """``body`` as UTF-8 when it is UTF-16/32 (for the byte checks below), else itself."""
    for mark, encoding in _WIDE_ENCODINGS:
        if body.startswith(mark):
            return body.decode(encoding, "replace").encode("utf-8", "replace")
    return body


def declares_entities(body: bytes) -> bool:
    """Whether an XML document declares entities or an internal DTD subset (refuse it).

    Read through :func:`byte_view`, so a UTF-16/32 document cannot hide its declarations.
    """
    return bool(_ENTITY_DECLARATION.search(byte_view(body)))


def plausible(moment: datetime | None) -> datetime | None:
    """``moment`` if it lies in :data:`PLAUSIBLE`, else ``None``."""
    if moment is None or not PLAUSIBLE[0] <= moment <= PLAUSIBLE[1]:
        return None
    return moment


def struct_time_moment(parsed: Any) -> datetime | None:
    """A feedparser date (a UTC ``struct_time``) as an aware datetime, or ``None``."""
    if not parsed:
        return None
    try:
        moment = datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
    return plausible(moment)
