"""The notes header is drawn as two widgets that read as one line (a move resends the title
only): cut anywhere, the two parts are the header, and the first never grows past its cells."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.geometry import Region

from tests.app.conftest import settle
from tui.widgets.notes import (
    HEADER_LEAD,
    NotesPane,
    SubjectPart,
    notes_header,
    notes_header_parts,
)

SUBJECTS = [
    "all notes",
    'matching "#api"',
    "incident: API outage",
    "event: Rebrand to X announced",
    "incident: 東京のサーバーが落ちた",  # wide characters across the cut
    "event: x",
]


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_parts_are_the_header(subject: str) -> None:
    lead, rest = notes_header_parts(subject)
    assert lead + rest == notes_header(subject)
    assert cell_len(lead) <= HEADER_LEAD
    assert not rest or cell_len(lead) >= HEADER_LEAD - 1  # cut only where the lead is full


async def test_the_header_reads_as_one_line_on_the_screen(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = demo_app.screen.query_one("#notes", NotesPane)
        lead, name = pane.query(SubjectPart)
        for text in SUBJECTS[:4]:
            pane.subject = text
            await pilot.pause()
            assert lead.region.right == name.region.x  # side by side, no gap between them
            assert lead.region.y == name.region.y
            shown = "".join(
                part.render_lines(Region(0, 0, part.outer_size.width, 1))[0].text
                for part in (lead, name)
            )
            assert shown.strip().startswith(notes_header(text)), (text, shown)
            assert pane.header_text == notes_header(text)
        pane.subject = "event: " + "a long title " * 10
        await pilot.pause()
        shown = name.render_lines(Region(0, 0, name.outer_size.width, 1))[0].text
        assert cell_len(shown) == name.outer_size.width and shown.rstrip().endswith("…"), shown


async def test_the_header_takes_the_new_colours_of_a_theme(demo_app) -> None:
    """A part keeps its resolved style between keys; a theme change still repaints it."""
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lead = demo_app.screen.query_one("#notes-subject-lead", SubjectPart)

        def colours() -> tuple[object, object]:
            (segment, *_) = lead.render_line(0)
            assert segment.style is not None
            return segment.style.color, segment.style.bgcolor

        before = colours()
        demo_app.theme = "textual-light" if demo_app.theme != "textual-light" else "nord"
        await settle(pilot)
        assert colours() != before
        assert colours() == (lead.rich_style.color, lead.rich_style.bgcolor)


async def test_a_part_is_one_run_of_its_style(demo_app) -> None:
    """Text and the blanks after it are one segment: a terminal is sent each segment with its
    own colour codes and a reset, so two of one style cost ~23 bytes on every cursor move."""
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = demo_app.screen.query_one("#notes", NotesPane)
        lead, name = pane.query(SubjectPart)
        for text in ("incident: x", "incident: 東京のサーバーが落ちた", "event: " + "long " * 30):
            pane.subject = text
            await pilot.pause()
            for part in (lead, name):
                segments = list(part.render_line(0))
                assert len(segments) == 1, (text, segments)
                assert part.render_line(0).cell_length == part.size.width
