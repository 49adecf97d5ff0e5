"""Reading the time stamps status pages write for people, with their time zones.

Statuspage's history feeds stamp each update ``Jan  1, 09:09 PST`` (no year, the page's own
zone); other pages write ``2026-03-01 14:05:00 +0100 CET``. A stamp read as UTC when it says
PST is eight hours wrong, so the zone is honoured: a name from :data:`ZONE_OFFSETS`, or a
numeric offset. A stamp without one is in the zone of the entry's own date (its
``pubDate``), which is what the page meant.
"""

from __future__ import annotations

import calendar
import email.utils
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo

ZONE_OFFSETS: dict[str, float] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "WEST": 1,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "IST": 5.5,
    "SGT": 8,
    "HKT": 8,
    "JST": 9,
    "KST": 9,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "HST": -10,
    "AKST": -9,
    "AKDT": -8,
    "PST": -8,
    "PDT": -7,
    "MST": -7,
    "MDT": -6,
    "CST": -6,
    "CDT": -5,
    "EST": -5,
    "EDT": -4,
}
"""Zone abbreviations pages use, in hours east of UTC (``IST`` is India's, ``CST`` America's)."""

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_DAY_STAMP = re.compile(
    r"(?P<mon>[A-Za-z]{3})[a-z]*\.?\s+(?P<day>\d{1,2})\s*,?\s*(?:(?P<year>\d{4})\s*,?\s*)?"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"
    r"\s*(?P<zone>(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?|[A-Z]{1,5}\b)?"
)
_OFFSET = re.compile(r"(?:UTC|GMT)?\s*(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?$")


def zone_of(word: str) -> tzinfo | None:
    """The zone a stamp names (``PST``, ``+0100``, ``UTC-08:00``), or ``None`` if unknown."""
    word = word.strip().upper()
    if word in ZONE_OFFSETS:
        return timezone(timedelta(hours=ZONE_OFFSETS[word]))
    match = _OFFSET.match(word)
    if match is None:
        return None
    hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
    if hours > 14 or minutes > 59:
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if match["sign"] == "-" else offset)


def zone_of_date(raw: object) -> tzinfo | None:
    """The zone of an entry's own date as the feed wrote it (RFC 822 or ISO 8601), if any."""
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 80:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        try:
            moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    return moment.tzinfo


def day_stamp(
    text: str, reference: datetime, default_zone: tzinfo | None = None
) -> datetime | None:
    """``Apr 2, 20:37 UTC`` as a UTC moment; without a year, the one nearest ``reference``.

    The stamp's own zone wins; without one (or with one not known), ``default_zone`` (the
    entry's date's zone), else UTC.
    """
    match = _DAY_STAMP.search(text)
    if not match:
        return None
    month = _MONTHS.get(match["mon"].lower())
    if not month:
        return None
    zone = zone_of(match["zone"] or "") or default_zone or UTC
    hour = int(match["hour"])
    ampm = (match["ampm"] or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    years = [int(match["year"])] if match["year"] else [reference.year + d for d in (-1, 0, 1)]
    candidates = []
    for year in years:
        try:
            local = datetime(year, month, int(match["day"]), hour, int(match["minute"]))
        except ValueError:
            continue
        candidates.append(local.replace(tzinfo=zone).astimezone(UTC))
    if not candidates:
        return None
    return min(candidates, key=lambda c: abs((c - reference).total_seconds()))


_GO_TIME = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[ T](?P<time>\d{2}:\d{2}:\d{2})(?P<fraction>\.\d+)?"
    r"\s*(?P<offset>[+-]\d{2}:?\d{2}|Z)?(?:\s+(?:[A-Za-z]{1,6}|[+-]\d{2,4}))?$"
)


def go_time(raw: object) -> datetime | None:
    """A time as Go's ``time.String()`` writes it (``2021-06-14 12:00:00 +0000 UTC``), or ISO.

    cState (a Hugo site) writes its ``createdAt`` that way; ``None`` for anything else,
    Hugo's ``<no value>`` included.
    """
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    match = _GO_TIME.match(raw.strip())
    if match is None:
        return None
    fraction = (match["fraction"] or "")[:7]  # Go writes nanoseconds, Python takes micro
    offset = match["offset"] or "+00:00"
    if offset == "Z":
        offset = "+00:00"
    elif ":" not in offset:
        offset = offset[:3] + ":" + offset[3:]
    try:
        moment = datetime.fromisoformat(f"{match['date']}T{match['time']}{fraction}{offset}")
    except ValueError:
        return None
    return moment.astimezone(UTC)


def lenient_time(raw: object) -> datetime | None:
    """An ISO 8601 or RFC 822 time (feeds that say they are one and write the other), as UTC."""
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 64:
        return None
    try:
        moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return (
        moment
        if datetime(1990, 1, 1, tzinfo=UTC) <= moment <= datetime(2200, 1, 1, tzinfo=UTC)
        else None
    )
