"""Getting the chronicle out: JSON backup, CSV table, Markdown article, iCalendar file.

All functions are pure (domain objects in, text out) and every text field passes through
:func:`clean_text` first, so no terminal control sequence from a remote feed can reach a file,
a spreadsheet or a calendar.

Formats:

* **JSON** (:func:`export_json`) is the complete backup: ``{"format": "whalewatch",
  "version": 1, "platforms": [...], "sources": [...], "events": [...], "incidents": [...],
  "notes": [...]}``, each item as its ``to_dict()``. :mod:`tui.importer` reads it back.
* **CSV** (:func:`export_csv`) is a flat table of events and incidents, one per row, with
  this header (also accepted by the importer)::

      kind,id,date,time,end,platform,category,title,status,impact,url,description,change

  ``kind``        ``event`` or ``incident``
  ``id``          the event number, or the incident key ``source_id:external_id``
  ``date``        ``YYYY-MM-DD`` (UTC): the event's day, the incident's start
  ``time``        ``HH:MM`` (UTC), empty for an event without time
  ``end``         incident only: when it was resolved, ISO-8601 UTC, empty while open
  ``platform``    the platform's name
  ``category``    event only: one of :data:`tui.domain.EVENT_CATEGORIES`
  ``title``       the event's or incident's title
  ``status``      incident only: ``investigating`` … ``resolved``
  ``impact``      incident only: ``none``, ``minor``, ``major``, ``critical``, ``maintenance``
  ``url``         a link to the source of the fact or to the incident page
  ``description`` the event's description, or the incident's latest update text
  ``change``      event only: ``yes`` when analysis compares before/after it, else ``no``

  Each cell is one line (line breaks in a description become spaces). The CSV keeps
  minutes, not seconds, and not the incidents' update history: use JSON to move a store.
* **Markdown** (:func:`chronicle_markdown`) is the chronicle month by month, ready to paste
  into an article: a title naming the platform(s) and the span, the export date, a legend of
  the marks used (confidence levels, *key change*, *Illustrative*), every note as its own
  quote (notes on a platform under ``## Notes``).
* **iCalendar** (:func:`export_ics`) follows RFC 5545: CRLF line ends, lines folded at 75
  octets, TEXT values escaped, a stable ``UID`` per item, and all-day entries for events
  without a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ..domain import Platform, Source
from .chronicle_head import long_date
from .common import CSV_COLUMNS, FORMAT_NAME, FORMAT_VERSION, MONTHS, Selection, clean, select
from .ics import export_ics, fold_line, ics_escape
from .json_csv import export_csv, export_json
from .markdown import chronicle_markdown

__all__ = [
    "CSV_COLUMNS",
    "EXPORT_FORMATS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MONTHS",
    "Selection",
    "chronicle_markdown",
    "clean",
    "export_csv",
    "export_ics",
    "export_json",
    "fold_line",
    "ics_escape",
    "long_date",
    "render",
    "select",
]


EXPORT_FORMATS: dict[str, str] = {
    "json": "complete backup (platforms, sources, events, incidents, notes)",
    "csv": "one row per event or incident",
    "md": "Markdown chronicle, month by month",
    "ics": "iCalendar file for a calendar application",
}


def render(
    fmt: str,
    selection: Selection,
    sources: Sequence[Source] = (),
    platforms: Sequence[Platform] = (),
    now: datetime | None = None,
) -> str:
    """One export format over a selection (what ``whalewatch export`` writes)."""
    if fmt == "json":
        return export_json(
            selection.events, selection.incidents, selection.notes, sources, platforms, now
        )
    if fmt == "csv":
        return export_csv(selection.events, selection.incidents)
    if fmt == "md":
        return chronicle_markdown(selection.events, selection.incidents, selection.notes, now=now)
    if fmt == "ics":
        return export_ics(selection.events, selection.incidents, stamp=now, now=now)
    raise ValueError(f"unknown export format {fmt!r} (expected one of {', '.join(EXPORT_FORMATS)})")
