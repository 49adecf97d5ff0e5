"""Exports: what a user finds in the JSON, CSV, Markdown and iCalendar files."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime

import pytest

from tui.domain import Event, Incident, IncidentUpdate, Note, Platform, Source
from tui.export import (
    CSV_COLUMNS,
    FORMAT_VERSION,
    chronicle_markdown,
    export_csv,
    export_ics,
    export_json,
    select,
)

NOW = datetime(2023, 8, 1, tzinfo=UTC)
EVIL = "\x1b]8;;http://evil\x07click\x1b[2J\x9b31m\x07"
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


EVENTS = [
    Event(
        id=1,
        day=date(2022, 10, 27),
        title="Acquisition closes",
        category="business",
        platform="X/Twitter",
        url="https://en.wikipedia.org/wiki/Acquisition_of_Twitter_by_Elon_Musk",
        description="The deal closes, $44 billion.",
        is_change=True,
        confidence="high",
    ),
    Event(
        id=2,
        day=date(2023, 3, 29),
        title="New API tiers, Basic at $100; Enterprise",
        category="api",
        platform="X/Twitter",
        time="17:30",
    ),
    Event(id=3, day=date(2023, 3, 1), title="A GitHub thing", category="other", platform="GitHub"),
]
MARCH6 = Incident(
    source_id="demo",
    external_id="march6",
    title="API outage",
    status="resolved",
    impact="critical",
    started_at=at(2023, 3, 6, 16, 25),
    platform="X/Twitter",
    resolved_at=at(2023, 3, 6, 21, 5),
    url="https://status.example/1",
    components=("API",),
    updates=(
        IncidentUpdate("investigating", "Links broken.", at(2023, 3, 6, 16, 25)),
        IncidentUpdate("resolved", "All good again.", at(2023, 3, 6, 21, 5)),
    ),
)
OPEN = Incident(
    source_id="demo",
    external_id="open",
    title="Timelines slow",
    status="investigating",
    impact="minor",
    started_at=at(2023, 7, 31, 22, 0),
    platform="X/Twitter",
)
INCIDENTS = [MARCH6, OPEN]
NOTES = [
    Note(1, "Remember the *support* tweet.\n\n#outage", "incident", MARCH6.id, created_at=NOW),
    Note(2, "Half the staff gone a week later.", "event", "1", created_at=NOW),
    Note(3, "Outline of the article", created_at=NOW),
]


def test_json_round_trips_every_item_and_names_its_version() -> None:
    sources = [Source(id="demo", url="https://api.twitterstat.us", kind="statuspage")]
    platforms = [Platform("X/Twitter", "the bird")]
    text = export_json(EVENTS, INCIDENTS, NOTES, sources, platforms)
    data = json.loads(text)
    assert (data["format"], data["version"]) == ("whalewatch", FORMAT_VERSION)
    assert [Event.from_dict(e) for e in data["events"]] == sorted(EVENTS, key=lambda e: e.day)
    assert [Incident.from_dict(i) for i in data["incidents"]] == INCIDENTS
    assert [Note.from_dict(n) for n in data["notes"]] == NOTES
    assert [Source.from_dict(s) for s in data["sources"]] == sources
    assert [Platform.from_dict(p) for p in data["platforms"]] == platforms


def test_csv_has_the_documented_header_and_one_row_per_item_oldest_first() -> None:
    rows = list(csv.reader(io.StringIO(export_csv(EVENTS, INCIDENTS))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert ",".join(rows[0]) == (
        "kind,id,date,time,end,platform,category,title,status,impact,url,description,change"
    )
    assert [(r[0], r[1]) for r in rows[1:]] == [
        ("event", "1"),
        ("event", "3"),
        ("incident", "demo:march6"),
        ("event", "2"),
        ("incident", "demo:open"),
    ]
    march6 = dict(zip(CSV_COLUMNS, rows[3], strict=True))
    assert march6["date"] == "2023-03-06"
    assert march6["time"] == "16:25"
    assert march6["end"] == "2023-03-06T21:05:00Z"
    assert (march6["status"], march6["impact"]) == ("resolved", "critical")
    assert march6["description"] == "All good again."
    tiers = dict(zip(CSV_COLUMNS, rows[4], strict=True))
    assert tiers["title"] == "New API tiers, Basic at $100; Enterprise"
    assert (tiers["time"], tiers["change"]) == ("17:30", "no")
    assert rows[1][-1] == "yes"
    assert rows[5][4] == ""  # the open incident has no end


def test_markdown_chronicle_goes_month_by_month_with_durations_notes_and_links() -> None:
    text = chronicle_markdown(EVENTS, INCIDENTS, NOTES, title="Twitter", now=NOW)
    headings = re.findall(r"^## .*$", text, flags=re.M)
    assert headings == ["## October 2022", "## March 2023", "## July 2023", "## Notes"]
    march = text.split("## March 2023")[1].split("## July 2023")[0]
    lines = march.strip().splitlines()
    assert lines[0] == "- **1 March 2023** — A GitHub thing (other)"
    assert lines[1] == (
        "- **6 March 2023, 16:25 UTC** — Incident: API outage — 4 h 40 min, impact critical"
    )
    assert "  > Remember the *support* tweet." in lines
    assert "  Source: <https://status.example/1>" in lines
    assert (
        "- **29 March 2023, 17:30 UTC** — New API tiers, Basic at $100; Enterprise (api)" in lines
    )
    october = text.split("## October 2022")[1].split("## March 2023")[0]
    assert "  > Half the staff gone a week later." in october
    assert "Source: <https://en.wikipedia.org/wiki/Acquisition_of_Twitter_by_Elon_Musk>" in october
    assert "Timelines slow — 2 h, still open, impact minor" in text
    assert text.rstrip().endswith("> Outline of the article")


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_uses_crlf_and_folds_long_lines_at_75_octets_without_splitting_characters() -> None:
    long = Event(id=9, day=date(2023, 1, 12), title="Clients coupés — " * 12, category="api")
    text = export_ics([long], [], stamp=NOW, now=NOW)
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    assert any(line.startswith(" ") for line in physical)
    summary = next(line for line in unfold(text) if line.startswith("SUMMARY:"))
    assert summary == "SUMMARY:" + "Clients coupés — " * 12


def test_ics_escapes_text_and_makes_all_day_entries_for_events_without_time() -> None:
    event = Event(
        id=4,
        day=date(2023, 3, 29),
        title="Tiers, prices; and a \\ backslash",
        description="line one\nline two",
        category="api",
    )
    lines = unfold(export_ics([event, EVENTS[1]], [MARCH6], stamp=NOW, now=NOW))
    assert "SUMMARY:Tiers\\, prices\\; and a \\\\ backslash" in lines
    assert "DESCRIPTION:line one\\nline two" in lines
    assert "DTSTART;VALUE=DATE:20230329" in lines
    assert "DTEND;VALUE=DATE:20230330" in lines
    assert "DTSTART:20230329T173000Z" in lines  # the event with a time
    assert "DTSTART:20230306T162500Z" in lines and "DTEND:20230306T210500Z" in lines
    assert lines.count("BEGIN:VEVENT") == 3
    assert lines.count("DTSTAMP:20230801T000000Z") == 3


def test_ics_uids_are_stable_between_exports() -> None:
    def uids(stamp: datetime) -> list[str]:
        text = export_ics(EVENTS, INCIDENTS, stamp=stamp, now=stamp)
        return [line for line in unfold(text) if line.startswith("UID:")]

    first, second = uids(NOW), uids(at(2024, 1, 1))
    assert first == second
    assert "UID:incident-demo-march6@whalewatch" in first
    assert len(set(first)) == 5


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "ics"])
def test_no_control_character_reaches_any_export(fmt: str) -> None:
    event = Event(
        id=1,
        day=date(2023, 3, 6),
        title="Title " + EVIL,
        category="outage",
        platform="X" + EVIL,
        url="https://x.example/" + EVIL,
        description="Desc " + EVIL + "\nsecond line",
    )
    incident = Incident(
        source_id="s",
        external_id="e" + EVIL,
        title="Incident " + EVIL,
        status="resolved",
        impact="major",
        started_at=at(2023, 3, 6, 10),
        resolved_at=at(2023, 3, 6, 11),
        updates=(IncidentUpdate("resolved", "Body " + EVIL, at(2023, 3, 6, 11)),),
    )
    note = Note(1, "Note " + EVIL, "event", "1", created_at=NOW)
    source = Source(id="s", url="https://s.example", kind="feed", name="Src " + EVIL)
    output = {
        "json": lambda: export_json([event], [incident], [note], [source], []),
        "csv": lambda: export_csv([event], [incident]),
        "md": lambda: chronicle_markdown([event], [incident], [note], now=NOW),
        "ics": lambda: export_ics([event], [incident], stamp=NOW, now=NOW).replace("\r\n", "\n"),
    }[fmt]()
    assert "Title" in output and "Incident" in output
    assert CONTROL.search(output) is None
    if fmt == "json":
        # JSON would escape C0 characters as \u001b: the decoded text must be clean too.
        assert "\\u001b" not in output and "\\u0007" not in output


def test_select_keeps_the_range_inclusive_and_the_platform_case_insensitive() -> None:
    chosen = select(EVENTS, INCIDENTS, NOTES, date(2023, 3, 1), date(2023, 3, 29), "x/twitter")
    assert [e.id for e in chosen.events] == [2]
    assert [i.id for i in chosen.incidents] == ["demo:march6"]
    assert [n.id for n in chosen.notes] == [
        1
    ]  # its incident is kept; the standalone has no platform
    everything = select(EVENTS, INCIDENTS, NOTES)
    assert len(everything.events) == 3 and len(everything.notes) == 3
    github = select(EVENTS, INCIDENTS, NOTES, platform="GitHub")
    assert [e.id for e in github.events] == [3] and github.incidents == [] and github.notes == []
