"""The Markdown chronicle as a journalist reads it: parsed as Markdown, not grepped as text.

What a reader must be able to rely on before publishing from the file: the title says which
platform(s) and which span of time, the export date and the meaning of the marks are given,
invented demo incidents say so in the text, every note written is there, each in its own
quote, and a note's headings never become the document's headings.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tui.__main__ import main
from tui.chronicle import format_duration as app_duration
from tui.demo.dataset import load_demo
from tui.demo.incidents import ILLUSTRATIVE
from tui.domain import Event, Incident, IncidentUpdate, Note
from tui.export import chronicle_markdown
from tui.store import Store

NOW = datetime(2023, 8, 1, 9, 30, tzinfo=UTC)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


ACQUISITION = Event(
    1, date(2022, 10, 27), "Acquisition closes", "business", "X/Twitter", confidence="high"
)
TIERS = Event(2, date(2023, 3, 29), "API tiers", "api", "X/Twitter", confidence="medium")
GITHUB = Event(3, date(2023, 3, 1), "A GitHub thing", "other", "GitHub", is_change=True)


def resolved(
    external_id: str, title: str, start: datetime, minutes: float, *bodies: str
) -> Incident:
    """A resolved X/Twitter incident; each body an update, the first at its start."""
    end = start + timedelta(minutes=minutes)
    moments = [start if n == 0 else end for n in range(len(bodies))]
    return Incident(
        source_id="demo",
        external_id=external_id,
        title=title,
        status="resolved",
        impact="minor",
        started_at=start,
        platform="X/Twitter",
        resolved_at=end,
        updates=tuple(
            IncidentUpdate("investigating", body, moment)
            for body, moment in zip(bodies, moments, strict=True)
        ),
    )


OUTAGE = resolved("march6", "API outage", at(2023, 3, 6, 16, 25), 280, "All good again.")
INVENTED = resolved(
    "invented",
    "Search returns errors",
    at(2022, 8, 17, 9, 30),
    35,
    f"{ILLUSTRATIVE} (invented): errors.",
    "This incident has been resolved.",
)
NOTES = [
    Note(
        1,
        "# Timeline of the outage\n\nLinks broke first.\n## Then\nTweetDeck.",
        "incident",
        OUTAGE.id,
    ),
    Note(2, "A second look: #outage #api\n\n```sh\n# not a heading\n```", "incident", OUTAGE.id),
    Note(3, "# About X\n\nThe platform since the takeover.", "platform", "X/Twitter"),
    Note(4, "Outline of the article", created_at=NOW),
]


def parse(text: str) -> list[Token]:
    return MarkdownIt("commonmark").parse(text)


def headings(tokens: list[Token]) -> list[tuple[str, str]]:
    """Every heading as (tag, text), in order."""
    found = []
    for n, token in enumerate(tokens):
        if token.type == "heading_open":
            found.append((token.tag, tokens[n + 1].content))
    return found


def blockquotes(tokens: list[Token]) -> list[str]:
    """The text of each top-level-or-nested blockquote that is not inside another one."""
    quotes, depth, current = [], 0, []
    for token in tokens:
        if token.type == "blockquote_open":
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
            if depth == 0:
                quotes.append(" ".join(current))
                current = []
        elif depth and token.type == "inline":
            current.append(token.content)
    return quotes


def test_the_title_names_the_platforms_and_the_span_then_the_export_date() -> None:
    text = chronicle_markdown([ACQUISITION, TIERS, GITHUB], [OUTAGE], now=NOW)
    lines = text.splitlines()
    assert lines[0] == "# Chronicle: GitHub and X/Twitter, 27 October 2022 – 29 March 2023"
    assert "Exported from whalewatch on 1 August 2023 at 09:30 UTC. All times are UTC." in lines
    assert [tag for tag, _ in headings(parse(text))].count("h1") == 1
    one_day = chronicle_markdown([], [OUTAGE], now=NOW).splitlines()[0]
    assert one_day == "# Chronicle: X/Twitter, 6 March 2023"


def test_the_legend_explains_the_marks_used_and_only_those() -> None:
    text = chronicle_markdown([ACQUISITION, TIERS, GITHUB], [OUTAGE, INVENTED], now=NOW)
    legend = text.split("\n## ")[0]
    assert "*high*: widely reported" in legend and "*medium*: the day may be off" in legend
    assert "*seed*" not in legend  # no event of this selection has it
    assert "***key change***" in legend and "***Illustrative***" in legend
    assert "(business; confidence high)" in text and "(api; confidence medium)" in text
    plain = chronicle_markdown([Event(9, date(2023, 1, 2), "Plain", "other")], [], now=NOW)
    assert "Confidence" not in plain and "key change" not in plain and "Illustrative" not in plain


def test_an_invented_incident_is_marked_in_its_own_line() -> None:
    text = chronicle_markdown([], [OUTAGE, INVENTED], now=NOW)
    invented = next(line for line in text.splitlines() if "Search returns errors" in line)
    assert invented.endswith("— ***Illustrative***")
    real = next(line for line in text.splitlines() if "API outage" in line)
    assert "Illustrative" not in real


def test_every_illustrative_demo_incident_and_no_other_is_marked(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "db")
    load_demo(store, now=NOW)
    incidents = list(store.iter_incidents())
    invented = {
        i.title
        for i in incidents
        if min(i.updates, key=lambda u: u.at).body.startswith(ILLUSTRATIVE)
    }
    assert invented  # the demo has some, and the seed's outages besides
    text = chronicle_markdown([], incidents, now=NOW)
    marked = {
        re.sub(r" — .*", "", line.split("Incident: ", 1)[1])
        for line in text.splitlines()
        if "Incident: " in line and line.endswith("***Illustrative***")
    }
    assert marked == invented
    assert len(marked) < len(incidents)


def test_each_note_is_its_own_quote_and_its_headings_stay_below_the_documents() -> None:
    text = chronicle_markdown([], [OUTAGE], NOTES, now=NOW)
    tokens = parse(text)
    quotes = blockquotes(tokens)
    assert len(quotes) == 4  # four notes, four quotes: none merged into another
    assert quotes[0].startswith("Timeline of the outage")
    assert quotes[1].startswith("A second look: #outage #api")
    # The document's outline: its title, the months and Notes; a note's headings under them.
    outline = headings(tokens)
    assert [h for h in outline if h[0] in ("h1", "h2")] == [
        ("h1", "Chronicle: X/Twitter, 6 March 2023"),
        ("h2", "March 2023"),
        ("h2", "Notes"),
    ]
    assert ("h4", "Timeline of the outage") in outline and ("h5", "Then") in outline
    assert ("h4", "About X") in outline
    assert "not a heading" not in [content for _, content in outline]  # code stays code
    assert "  > #### Timeline of the outage" in text.splitlines()


def test_notes_on_a_platform_are_exported_with_the_rest() -> None:
    text = chronicle_markdown([], [OUTAGE], NOTES, now=NOW)
    notes = text.split("\n## Notes\n")[1]
    assert "### On X/Twitter" in notes and "> The platform since the takeover." in notes
    assert notes.index("### On X/Twitter") < notes.index("### Other notes")
    assert text.rstrip().endswith("> Outline of the article")


def test_export_writes_as_many_notes_as_it_says(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "db")
    store = Store.open(tmp_path / "db")
    store.merge_incidents([OUTAGE], now=NOW)
    for note in NOTES[:3]:
        store.add_note(note.text, note.target_kind, note.target_id)
    out = tmp_path / "chronicle.md"
    assert main(["--db", db, "export", "--format", "md", "-o", str(out)]) == 0
    assert "3 notes" in capsys.readouterr().err
    assert len(blockquotes(parse(out.read_text(encoding="utf-8")))) == 3


def test_durations_are_the_apps() -> None:
    for seconds in (50, 89, 90, 150, 3599, 3630, 4 * 3600 + 40 * 60 + 29, 2 * 86400 + 3700):
        incident = resolved(str(seconds), "Replay", at(2023, 3, 6, 10), seconds / 60)
        exported = chronicle_markdown([], [incident], now=NOW).split("Incident: Replay — ")[1]
        compact = app_duration(incident.duration_seconds(NOW))  # as the feed and timeline show it
        spelled = compact.replace("d", " d").replace("h", " h").replace("m", " min")
        spelled = re.sub(r" 0(\d) min", r" \1 min", spelled).replace(" 0 min", "").strip()
        assert exported.startswith(f"{spelled},"), (seconds, compact, exported)
