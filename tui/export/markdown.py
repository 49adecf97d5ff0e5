"""The Markdown chronicle: events and incidents month by month, with the notes beside them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime

from ..domain import Event, Incident, Note, format_duration, utcnow
from ..text import clean_line
from .chronicle_head import chronicle_title, exported_line, legend, long_date
from .common import MONTHS, clean, hhmm, is_illustrative, latest_body

NOTE_HEADING_SHIFT = 3
"""How many levels a note's own headings go down: the document uses ``#`` and ``##`` and
puts its entries in list items, so a note's ``# Outline`` becomes ``####``, never a title."""

_HEADING = re.compile(r"^(#{1,6})(?=\s|$)")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def demoted_headings(text: str, shift: int = NOTE_HEADING_SHIFT) -> list[str]:
    """``text``'s lines with each ATX heading ``shift`` levels lower (at most ``######``).

    Lines inside fenced code blocks are left alone (a ``# comment`` there is code), and so
    is a ``#tag`` at the start of a line: a heading needs a space after its ``#``s.
    """
    lines = []
    fenced = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + shift), line)
        lines.append(line)
    return lines


def quoted_note(note: Note, indent: str = "  ") -> list[str]:
    """One note as its own blockquote (``indent`` puts it inside a list item)."""
    lines = demoted_headings(clean(note.text).strip())
    return [f"{indent}> {line}" if line.strip() else f"{indent}>" for line in lines]


def quoted_notes(notes: list[Note], indent: str = "  ") -> list[str]:
    """Each note its own blockquote: a blank line between two, or they read as one."""
    lines: list[str] = []
    for note in notes:
        lines += ["", *quoted_note(note, indent)]
    return lines


def quoted_diff(event: Event) -> list[str]:
    """A detected change's diff as a fenced ``diff`` block inside the event's list item."""
    from ..pagewatch.diff import PageDiff  # with the first diff: the CLI's start imports us

    diff = PageDiff.from_dict(event.diff)
    if diff.is_empty:
        return []
    new = f"version {event.version}" if event.version else "new"
    block = diff.markdown("previous version", new)
    return ["", *(f"  {line}" for line in block.rstrip("\n").split("\n")), ""]


def _event_lines(event: Event, notes: list[Note]) -> list[str]:
    when = long_date(event.day) + (f", {event.time} UTC" if event.time else "")
    detail = clean_line(event.category)
    if event.confidence:
        detail += f"; confidence {clean_line(event.confidence)}"
    head = f"- **{when}** — {clean_line(event.title)} ({detail})"
    if event.is_change:
        head += " — *key change*"
    lines = [head]
    if event.description:
        lines.append("  " + clean_line(event.description))
    if event.url:
        lines.append(f"  Source: <{clean_line(event.url)}>")
    if event.diff:
        lines += quoted_diff(event)
    return lines + quoted_notes(notes)


def _incident_lines(incident: Incident, notes: list[Note], now: datetime) -> list[str]:
    start = incident.started_at.astimezone(UTC)
    duration = format_duration(incident.duration_seconds(now))
    state = "" if incident.resolved_at else ", still open"
    head = (
        f"- **{long_date(start.date())}, {hhmm(start)} UTC** — Incident: "
        f"{clean_line(incident.title)} — {duration}{state}, impact "
        f"{clean_line(incident.impact)}"
    )
    if is_illustrative(incident):
        head += " — ***Illustrative***"
    lines = [head]
    body = latest_body(incident)
    if body:
        lines.append("  " + clean_line(body))
    if incident.url:
        lines.append(f"  Source: <{clean_line(incident.url)}>")
    return lines + quoted_notes(notes)


def _notes_section(notes: list[Note]) -> list[str]:
    """``## Notes``: the notes on a platform under its name, then the standalone ones."""
    on_platform: dict[str, list[Note]] = {}
    standalone = []
    for note in notes:
        if note.target_kind == "platform":
            on_platform.setdefault(note.target_id, []).append(note)
        elif not note.target_kind:
            standalone.append(note)
    if not on_platform and not standalone:
        return []
    out = ["", "## Notes"]
    for platform in sorted(on_platform, key=str.casefold):
        out += ["", f"### On {clean_line(platform)}"]
        out += quoted_notes(on_platform[platform], indent="")
    if standalone:
        if on_platform:
            out += ["", "### Other notes"]
        out += quoted_notes(standalone, indent="")
    return out


def chronicle_markdown(
    events: Iterable[Event],
    incidents: Iterable[Incident],
    notes: Iterable[Note] = (),
    title: str = "Chronicle",
    now: datetime | None = None,
) -> str:
    """The chronicle month by month (``## March 2023``), oldest first, ready for an article.

    It opens with a title naming the platform(s) and the span of time, the export's date and
    a legend of the marks it uses. Each event reads ``- **6 March 2023** — Title (category;
    confidence high)``; each incident adds its start time, duration and impact, and
    ***Illustrative*** when it was invented for the demo. Attached notes follow as their own
    quotes (their headings demoted) and source links as ``Source:`` lines; a detected page
    change quotes its diff in a fenced ``diff`` block. Notes on a platform and standalone
    notes close the document under ``## Notes``.
    """
    now = now or utcnow()
    event_list, incident_list = list(events), list(incidents)
    note_list = sorted(notes, key=lambda n: n.id)
    by_target: dict[tuple[str, str], list[Note]] = {}
    for note in note_list:
        by_target.setdefault((note.target_kind, note.target_id), []).append(note)
    entries: list[tuple[datetime, int, list[str]]] = []
    for event in event_list:
        attached = by_target.get(("event", str(event.id)), [])
        entries.append((event.moment, 0, _event_lines(event, attached)))
    for incident in incident_list:
        attached = by_target.get(("incident", incident.id), [])
        start = incident.started_at.astimezone(UTC)
        entries.append((start, 1, _incident_lines(incident, attached, now)))
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    platforms = [event.platform for event in event_list]
    platforms += [incident.platform for incident in incident_list]
    platforms += [n.target_id for n in note_list if n.target_kind == "platform"]
    days: list[date] = [moment.date() for moment, _, _ in entries]
    marks = legend(event_list, illustrative=any(map(is_illustrative, incident_list)))
    out = [chronicle_title(title, platforms, days), "", exported_line(now)]
    if marks:
        out += ["", *marks]
    current_month: tuple[int, int] | None = None
    for moment, _, lines in entries:
        month = (moment.year, moment.month)
        if month != current_month:
            out += ["", f"## {MONTHS[moment.month - 1]} {moment.year}", ""]
            current_month = month
        out += lines
    out += _notes_section(note_list)
    return "\n".join(out).rstrip("\n") + "\n"
