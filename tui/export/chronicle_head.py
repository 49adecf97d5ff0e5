"""The Markdown chronicle's opening: what it covers, when it was exported, how to read it.

A journalist handed the file must be able to publish from it without asking: the title says
which platform(s) and which span of time, the next lines when it was exported and that times
are UTC, and a legend says what each confidence level, *key change* and *Illustrative*
mean — only for the marks the document actually uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from ..domain import Event
from ..text import clean_line
from .common import MONTHS

CONFIDENCE_LEVELS: dict[str, str] = {
    "seed": "stated in the source article the chronicle started from",
    "high": "widely reported, the date well established",
    "medium": "the day may be off by one, or a detail is less certain",
}
"""What an event's ``confidence`` says, strongest first (the demo's facts use these)."""


def long_date(day: date) -> str:
    """``6 March 2023``: how an article writes a date."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def date_range(days: Iterable[date]) -> str:
    """``27 October 2022 – 31 July 2023`` (one day once); ``''`` when there is none."""
    ordered = sorted(days)
    if not ordered:
        return ""
    first, last = ordered[0], ordered[-1]
    return long_date(first) if first == last else f"{long_date(first)} – {long_date(last)}"


def joined(names: list[str]) -> str:
    """``X/Twitter``, ``X/Twitter and GitHub``, ``A, B and C``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def chronicle_title(title: str, platforms: Iterable[str], days: Iterable[date]) -> str:
    """``# Chronicle: X/Twitter, 27 October 2022 – 31 July 2023``."""
    names = sorted({clean_line(name) for name in platforms if name}, key=str.casefold)
    heading = clean_line(title) or "Chronicle"
    if names:
        heading += f": {joined(names)}"
    span = date_range(days)
    return f"# {heading}, {span}" if span else f"# {heading}"


def exported_line(now: datetime) -> str:
    moment = now.astimezone(UTC)
    return (
        f"Exported from whalewatch on {long_date(moment.date())} at {moment:%H:%M} UTC. "
        "All times are UTC."
    )


def legend(events: list[Event], *, illustrative: bool) -> list[str]:
    """The marks this chronicle uses, explained, as a list (empty when it uses none)."""
    lines = []
    used = {event.confidence for event in events if event.confidence}
    known = [level for level in CONFIDENCE_LEVELS if level in used]
    others = sorted(used - set(CONFIDENCE_LEVELS))
    if known or others:
        meanings = [f"*{level}*: {CONFIDENCE_LEVELS[level]}" for level in known]
        meanings += [f"*{clean_line(level)}*" for level in others]
        lines.append(f"- **Confidence** of an event — {'; '.join(meanings)}.")
    if any(event.is_change for event in events):
        lines.append(
            "- ***key change***: an event the statistics compare before and after "
            "(incident rate, downtime)."
        )
    if illustrative:
        lines.append(
            "- ***Illustrative***: an incident invented for the demo, shaped like the real "
            "record; not a fact to publish."
        )
    return lines
