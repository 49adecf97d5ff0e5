"""Each source's uptime by day: how many polls it had and how many failed (``uptime.json``).

The Sources screen draws the last :data:`SHOWN_DAYS` days as a strip of daily cells, as a
Statuspage draws its bars; this keeps what the strip needs and no more. One document per
source holds ``{"YYYY-MM-DD": [polls, failures]}``; every write drops the days older than
:data:`KEEP_DAYS` (and a source's document once it has no day left, so a removed source
fades out), so the file stays bounded however long whalewatch runs — about 100 small pairs a
source. It is rebuilt by polling (not precious): a damaged file is moved aside and started
afresh rather than stopping a poll cycle.

A cycle that found the network down ("offline — cannot tell", see :mod:`tui.feeds.offline`)
says nothing about the platform, so its polls are not counted at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from ..domain import utcnow
from .datafile import DataFile
from .errors import StoreDamaged, StoreError

if TYPE_CHECKING:  # a listing of notes or events builds no source record
    from ..domain import SourceHealth

KEEP_DAYS = 100
"""Days kept per source (the strip shows :data:`SHOWN_DAYS`; the rest is a margin)."""
SHOWN_DAYS = 90
"""Days the uptime strip shows, as Statuspage's bars do."""
OFFLINE_MARK = "offline — cannot tell"
"""How an offline cycle's health error starts (the text of ``tui.feeds.offline.OFFLINE``)."""
TABLE = "days"


class DayTally(NamedTuple):
    """One source's polls on one UTC day, and how many of them failed."""

    day: date
    polls: int = 0
    failures: int = 0

    @property
    def uptime(self) -> float | None:
        """The share of polls that succeeded (``None``: no poll that day)."""
        return None if self.polls <= 0 else (self.polls - self.failures) / self.polls


def counted(entry: SourceHealth) -> bool:
    """Whether a poll's health says something about the source (not an offline cycle)."""
    return entry.last_poll is not None and not entry.error.startswith(OFFLINE_MARK)


def _pair(value: Any) -> tuple[int, int] | None:
    """A stored ``[polls, failures]``, or ``None`` when it is not one (hand-edited, damaged)."""
    if not isinstance(value, list) or len(value) != 2:
        return None
    polls, failures = value
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in value):
        return None
    return polls, min(failures, polls)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _kept(days: Mapping[str, Any], first: date, last: date) -> dict[str, list[int]]:
    """The well-formed days from ``first`` to ``last``, at most :data:`KEEP_DAYS` of them."""
    kept: dict[str, list[int]] = {}
    for text in sorted(days, reverse=True):
        day, pair = _day(text), _pair(days[text])
        if day is not None and pair is not None and first <= day <= last:
            kept[day.isoformat()] = list(pair)
        if len(kept) >= KEEP_DAYS:
            break
    return dict(sorted(kept.items()))


class UptimeLog:
    """The per-day tally of every source's polls, bounded to :data:`KEEP_DAYS` days."""

    def __init__(self, file: DataFile) -> None:
        self.file = file

    def record(self, entries: Iterable[SourceHealth], now: datetime | None = None) -> None:
        """Count one poll per entry (a failure when it has an error), in one write.

        A damaged file is moved aside and the tally starts again: the uptime strip is worth
        less than the poll cycle that called this.
        """
        polls = [entry for entry in entries if counted(entry)]
        if not polls:
            return
        today = (now or utcnow()).date()
        try:
            self._write(polls, today)
        except StoreDamaged:
            self.file.recover()
            self._write(polls, today)

    def _write(self, polls: list[SourceHealth], today: date) -> None:
        first = today - timedelta(days=KEEP_DAYS - 1)
        with self.file.transaction() as db:
            table = db.table(TABLE)
            docs = table.documents()
            by_source = {str(doc.get("source_id")): int(i) for i, doc in docs.items()}
            tallies = {
                source_id: dict(days)
                if isinstance(days := docs[str(doc_id)].get("days"), dict)
                else {}
                for source_id, doc_id in by_source.items()
            }
            for entry in polls:
                assert entry.last_poll is not None  # counted() said so
                day = min(entry.last_poll.date(), today).isoformat()
                days = tallies.setdefault(entry.source_id, {})
                pair = _pair(days.get(day)) or (0, 0)
                days[day] = [pair[0] + 1, pair[1] + (1 if entry.error else 0)]
            added, changed, gone = [], {}, []
            for source_id, days in tallies.items():
                # later days are kept (a clock set back must not wipe the tally); the count is
                # bounded all the same
                kept = _kept(days, first, date.max)
                doc_id = by_source.get(source_id)
                if doc_id is None:
                    added.append({"source_id": source_id, "days": kept})
                elif not kept:
                    gone.append(doc_id)
                elif kept != docs[str(doc_id)].get("days"):
                    changed[doc_id] = {"days": kept}
            table.update_each(changed)  # one pass each: 2,000 sources polled in one cycle
            if added:
                table.insert_multiple(added)
            if gone:
                table.remove(doc_ids=gone)

    def days(
        self, count: int = SHOWN_DAYS, now: datetime | None = None
    ) -> dict[str, list[DayTally]]:
        """Each source's last ``count`` days, oldest first, today last (days unpolled: 0 polls).

        An unreadable file reads as no tally (the strip then shows no data), never an error.
        """
        today = (now or utcnow()).date()
        first = today - timedelta(days=count - 1)
        try:
            docs = self.file.table(TABLE)
        except StoreError:
            return {}
        found: dict[str, list[DayTally]] = {}
        for doc in docs.values():
            stored = doc.get("days")
            if not isinstance(stored, dict):
                continue
            kept = _kept(stored, first, today)
            found[str(doc.get("source_id"))] = [
                DayTally(day, *(kept.get(day.isoformat()) or (0, 0)))
                for day in (first + timedelta(days=n) for n in range(count))
            ]
        return found
