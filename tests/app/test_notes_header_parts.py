"""The notes header is drawn as two widgets that read as one line (a move resends the title
only): cut anywhere, the two parts are the header, and the first never grows past its cells."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.geometry import Region

from tests.app.conftest import settle
from tui.widgets.notes import (
    HEADER_LEAD,
    NotesSubject,
    SubjectName,
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
        header = demo_app.screen.query_one("#notes-subject", NotesSubject)
        subject = demo_app.screen.query_one("#notes")
        lead, name = header.query(SubjectName)
        for text in SUBJECTS[:4]:
            subject.subject = text
            await pilot.pause()
            assert lead.region.right == name.region.x  # side by side, no gap between them
            shown = "".join(
                part.render_lines(Region(0, 0, part.size.width, 1))[0].text for part in (lead, name)
            )
            assert shown.startswith(notes_header(text)), (text, shown)
            assert header.text == notes_header(text)
