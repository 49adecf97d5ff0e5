"""The rules every layer shares: vocabularies, times, durations and polling intervals.

The CLI, the forms, the importer, the feeds and the screens all call these, so that a time of
day, a duration or an interval means the same everywhere (``7:05`` is accepted by each or by
none). Nothing here imports Textual or TinyDB.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

# --- vocabularies -------------------------------------------------------------------------

INCIDENT_STATUSES = ("investigating", "identified", "monitoring", "resolved", "postmortem")
"""Statuspage's incident lifecycle; ``resolved`` and ``postmortem`` mean the incident is over."""

CLOSED_STATUSES = frozenset({"resolved", "postmortem", "completed"})

IMPACTS = ("none", "minor", "major", "critical", "maintenance")

MIN_INTERVAL_SECONDS = 15
"""No source is polled more often than this (a kind with its own fixed interval aside)."""

DEFAULT_INTERVAL_SECONDS = 60

DEFAULT_KEEP_VERSIONS = 50
"""Versions of a watched page's text kept per source unless the source says otherwise."""

EVENT_CATEGORIES = (
    "outage",
    "api",
    "policy",
    "moderation",
    "business",
    "staff",
    "product",
    "other",
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing: `source list` needs none
if TYPE_CHECKING:
    from typing import Literal

    TargetKind = Literal["incident", "event", "platform", ""]
TARGET_KINDS = ("incident", "event", "platform")


# --- time helpers -------------------------------------------------------------------------


def utcnow() -> datetime:
    """Now, as an aware UTC datetime (the only kind the domain uses)."""
    return datetime.now(UTC)


def to_iso(moment: datetime | None) -> str | None:
    """An aware datetime as an ISO-8601 UTC string (``...Z``); naive values are taken as UTC.

    The last time written is remembered by identity: a merge stamps every incident and
    update it keeps with one ``now`` (three times an incident; 30,000 on a first poll of
    2,000 pages), and ``isoformat`` is most of the cost of writing a record.
    """
    global _LAST_ISO
    if moment is None:
        return None
    last = _LAST_ISO
    if last[0] is moment:
        return last[1]
    tzinfo = moment.tzinfo
    if tzinfo is UTC:  # every time parsed or made here: nothing to convert
        text = moment.isoformat().replace("+00:00", "Z")
    elif tzinfo is None:
        text = moment.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")
    else:
        text = moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    _LAST_ISO = (moment, text)  # one assignment: another thread sees the old pair or this one
    return text


_LAST_ISO: tuple[datetime | None, str | None] = (None, None)


def parse_iso(text: str | datetime | None) -> datetime | None:
    """Parse an ISO-8601 timestamp into an aware UTC datetime; ``None`` for empty input.

    Raises ``ValueError`` on text that is not a timestamp, so callers decide what bad input
    means. Stored times are already UTC strings, so the common case is one C-level parse
    (this runs ~10 times per stored incident when the history loads).
    """
    if not text:
        return None
    if type(text) is str:
        try:
            moment = _fromisoformat(text)
        except ValueError:
            moment = _fromisoformat(text.strip())
    elif isinstance(text, datetime):
        moment = text
    else:
        moment = _fromisoformat(str(text).strip())
    tzinfo = moment.tzinfo
    if tzinfo is UTC:
        return moment
    if tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


_fromisoformat = datetime.fromisoformat


def parse_day(text: str) -> date:
    """Parse ``YYYY-MM-DD`` into a date, raising ``ValueError`` with a readable message."""
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError) as error:
        raise ValueError(f"not a date (expected YYYY-MM-DD): {text!r}") from error


_TIME_OF_DAY = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def parse_time_of_day(text: str) -> str:
    """``HH:MM`` (24-hour, UTC) from what a user typed, ``""`` for no time.

    The one rule for the CLI, the event form and the importer: one or two digits for the
    hour (``7:05`` is ``07:05``), two for the minutes. Raises ``ValueError`` saying so.
    """
    text = str(text or "").strip()
    if not text:
        return ""
    match = _TIME_OF_DAY.fullmatch(text)
    if match is None:
        raise ValueError(f"not a time (expected HH:MM, 24-hour UTC): {text!r}")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def format_duration(seconds: float | None, *, compact: bool = False) -> str:
    """How long something lasted, to the nearest minute, in one of two spellings.

    ``4 h 55 min``, ``12 min``, ``2 d 3 h`` as a reader says it (exports, Stats); with
    ``compact``, ``4h 55m``, ``12m``, ``2d 3h`` for list rows. Both round the same way, so
    an incident lasts as long in the app as in its export. ``None`` (no end known) is
    ``n/a``, or nothing when compact.
    """
    if seconds is None:
        return "" if compact else "n/a"
    days, minutes = divmod(int(round(max(0.0, seconds) / 60)), 1440)
    hours, minutes = divmod(minutes, 60)
    if compact:
        if days:
            return f"{days}d {hours}h"
        return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m"
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"


# --- polling interval ---------------------------------------------------------------------


def checked_interval(seconds: int | str) -> int:
    """``seconds`` as a source's poll interval, or ``ValueError`` saying why not.

    The one place the minimum is enforced for what a user types (``source add --every``, the
    add-source form); the message completes the field's name: "--every must be at least 15
    seconds".
    """
    try:
        value = int(str(seconds).strip())
    except ValueError:
        raise ValueError(f"must be whole seconds, at least {MIN_INTERVAL_SECONDS}") from None
    if value < MIN_INTERVAL_SECONDS:
        raise ValueError(f"must be at least {MIN_INTERVAL_SECONDS} seconds")
    return value


def poll_interval(every: int | None) -> int:
    """The interval a stored source is polled at: its own (default 60 s), never below the minimum.

    Stored sources are not re-validated (an old or imported one may say 5), so the poller clamps;
    one edited by hand may say anything (``"often"``): that is the default, not a traceback.
    """
    try:
        seconds = int(every or DEFAULT_INTERVAL_SECONDS)
    except (TypeError, ValueError):
        seconds = DEFAULT_INTERVAL_SECONDS
    return max(MIN_INTERVAL_SECONDS, seconds)
