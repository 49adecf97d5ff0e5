"""The Markdown chronicle: events and incidents month by month, with the notes beside them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from ..domain import Event, Incident, Note, format_duration, utcnow
from ..text import clean_line
from .common import MONTHS, clean, hhmm, latest_body

# --- Markdown chronicle ------------------------------------------------------------------


def long_date(day: date) -> str:
    """``6 March 2023``: how an article writes a date."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _duration(seconds: float) -> str:
    return format_duration(seconds)


def _quote_note(note: Note) -> list[str]:
    lines = clean(note.text).strip().split("\n")
    return ["  > " + line if line.strip() else "  >" for line in lines]


def quoted_diff(event: Event) -> list[str]:
    """A detected change's diff as a fenced ``diff`` block inside the event's list item."""
    from ..pagewatch.diff import PageDiff  # with the first diff: the CLI's start imports us

    diff = PageDiff.from_dict(event.diff)
    if diff.is_empty:
        return []
    new = f"version {event.version}" if event.version else "new"
    block = diff.markdown("previous version", new)
    return ["", *(f"  {line}" for line in block.rstrip("\n").split("\n")), ""]


def chronicle_markdown(
    events: Iterable[Event],
    incidents: Iterable[Incident],
    notes: Iterable[Note] = (),
    title: str = "Chronicle",
    now: datetime | None = None,
) -> str:
    """The chronicle month by month (``## March 2023``), oldest first, ready for an article.

    Each event reads ``- **6 March 2023** — Title (category)``; each incident adds its start
    time, duration and impact. Attached notes follow as quotes and source links as ``Source:``
    lines; a detected page change quotes its diff in a fenced ``diff`` block; standalone
    notes close the document under ``## Notes``.
    """
    now = now or utcnow()
    note_list = list(notes)
    by_target: dict[tuple[str, str], list[Note]] = {}
    for note in sorted(note_list, key=lambda n: n.id):
        by_target.setdefault((note.target_kind, note.target_id), []).append(note)
    entries: list[tuple[datetime, int, list[str]]] = []
    for event in events:
        when = long_date(event.day) + (f", {event.time} UTC" if event.time else "")
        head = f"- **{when}** — {clean_line(event.title)} ({clean_line(event.category)})"
        if event.is_change:
            head += " — *key change*"
        lines = [head]
        if event.description:
            lines.append("  " + clean_line(event.description))
        if event.url:
            lines.append(f"  Source: <{clean_line(event.url)}>")
        if event.diff:
            lines += quoted_diff(event)
        for note in by_target.get(("event", str(event.id)), []):
            lines += _quote_note(note)
        entries.append((event.moment, 0, lines))
    for incident in incidents:
        start = incident.started_at.astimezone(UTC)
        duration = _duration(incident.duration_seconds(now))
        state = "" if incident.resolved_at else ", still open"
        head = (
            f"- **{long_date(start.date())}, {hhmm(start)} UTC** — Incident: "
            f"{clean_line(incident.title)} — {duration}{state}, impact "
            f"{clean_line(incident.impact)}"
        )
        lines = [head]
        body = latest_body(incident)
        if body:
            lines.append("  " + clean_line(body))
        if incident.url:
            lines.append(f"  Source: <{clean_line(incident.url)}>")
        for note in by_target.get(("incident", incident.id), []):
            lines += _quote_note(note)
        entries.append((start, 1, lines))
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    out = [f"# {clean_line(title)}", ""]
    current_month: tuple[int, int] | None = None
    for moment, _, lines in entries:
        month = (moment.year, moment.month)
        if month != current_month:
            if current_month is not None:
                out.append("")
            out += [f"## {MONTHS[moment.month - 1]} {moment.year}", ""]
            current_month = month
        out += lines
    standalone = [n for n in note_list if not n.target_kind]
    if standalone:
        out += ["", "## Notes", ""]
        for note in sorted(standalone, key=lambda n: n.id):
            out += [line[2:] if line.startswith("  ") else line for line in _quote_note(note)]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
