"""A Statuspage whose ``incidents.json`` cannot be used says so on the source.

The summary lists only open incidents; how the others ended comes from ``incidents.json``.
When that document was over the size cap (100,000 incidents, ~250 MB), failed or did not
parse, the poll still reported "ok" and nothing said that the history was missing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from tui.domain import Source, SourceHealth
from tui.feeds.http import MAX_BYTES
from tui.kinds.statuspage import STATUSPAGE

SUMMARY = {
    "page": {"id": "p", "name": "Big", "url": "http://x"},
    "components": [],
    "incidents": [],
    "status": {"indicator": "none", "description": "All Systems Operational"},
}


def _over_the_cap() -> Iterator[bytes]:
    yield b'{"incidents": ['
    chunk = b'{"id": "i", "name": "x", "incident_updates": []},' * 1000
    for _ in range(MAX_BYTES // len(chunk) + 2):
        yield chunk


@pytest.mark.parametrize(
    "history, said",
    [
        ("over the cap", "larger than"),
        ("an error", "500"),
        ("not JSON", "incidents.json"),
    ],
)
async def test_an_unusable_history_is_named_on_the_source(server, client, history, said) -> None:
    server.routes["/api/v2/summary.json"] = server.Reply(body=json.dumps(SUMMARY).encode())
    server.routes["/api/v2/incidents.json"] = {
        "over the cap": server.Reply(body=_over_the_cap),
        "an error": server.Reply(500, b"oops"),
        "not JSON": server.Reply(body=b"<html>maintenance</html>"),
    }[history]
    source = Source(id="s", url=server.base + "/", kind="statuspage")
    result = await STATUSPAGE.poll(client, source, SourceHealth(source_id="s"), datetime.now(UTC))
    assert result.ok
    assert "incidents.json" in result.health.note and said in result.health.note
    assert "resolved" in result.health.note


async def test_a_good_history_leaves_no_note(server, client) -> None:
    server.routes["/api/v2/summary.json"] = server.Reply(body=json.dumps(SUMMARY).encode())
    server.routes["/api/v2/incidents.json"] = server.Reply(body=b'{"incidents": []}')
    source = Source(id="s", url=server.base + "/", kind="statuspage")
    stale = SourceHealth(source_id="s", note="incidents.json not read (old)")
    result = await STATUSPAGE.poll(client, source, stale, datetime.now(UTC))
    assert result.health.note == ""
