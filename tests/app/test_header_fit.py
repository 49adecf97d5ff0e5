"""The header puts what matters first and fits the terminal (issue 16 item 2, issue 14 §3).

Open incidents, failing sources and "offline" come before the source counts and the platform
names; a narrow terminal shortens words, then drops whole parts — never a number cut in two.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.app.conftest import settle
from tui.app import WhalewatchApp
from tui.domain import Incident, Source, SourceHealth, utcnow
from tui.offline_state import OFFLINE
from tui.store import Store
from tui.widgets.status_line import StatusLine, fit_header, header_parts, platforms_text

PLATFORMS = ("X/Twitter", "GitHub", "Slack", "OpenAI")


def four_sources(tmp_path: Path, offline: bool = False) -> Store:
    """Four sources: 2 ok, 1 failing with 2 open incidents, 1 stale — or all offline."""
    store = Store.open(tmp_path / "store")
    now = utcnow()
    sources = [
        store.save_source(Source(id="", url=f"https://h{n}.example/", kind="probe", platform=p))
        for n, p in enumerate(PLATFORMS)
    ]
    if offline:
        error = f"{OFFLINE} (host not found (DNS lookup failed))"
        store.save_health(
            SourceHealth(s.id, last_poll=now, last_ok=now - timedelta(minutes=9), error=error)
            for s in sources
        )
        return store
    store.save_health(
        [
            SourceHealth(sources[0].id, last_poll=now, last_ok=now),
            SourceHealth(sources[1].id, last_poll=now, last_ok=now),
            SourceHealth(sources[2].id, last_poll=now, error="HTTP 503 Service Unavailable"),
            SourceHealth(sources[3].id, last_poll=now - timedelta(hours=3)),
        ]
    )
    store.merge_incidents(
        [
            Incident(
                source_id=sources[2].id,
                external_id=f"probe-{n}",
                title=f"Probe failing {n}",
                status="investigating",
                impact="major",
                started_at=now - timedelta(minutes=n + 1),
                platform="Slack",
            )
            for n in range(2)
        ],
        now,
    )
    return store


async def header_at(store: Store, width: int, demo: bool = False) -> str:
    app = WhalewatchApp(store, poll=False, demo=demo)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        line = app.screen.query_one(StatusLine)
        text = str(line.render())
        assert cell_len(text) <= line.size.width, text  # nothing left for the terminal to cut
        return text


NUMBER_CUT = re.compile(r"\d…|…\d")


@pytest.mark.parametrize("width", [60, 80, 120])
async def test_what_matters_comes_first_and_whole(tmp_path: Path, width: int) -> None:
    text = await header_at(four_sources(tmp_path), width)
    opened, failing = (
        re.search(r"2 open( incidents)?", text),
        re.search(r"1 (source )?failing", text),
    )
    assert opened and failing, text
    assert opened.start() < failing.start()
    assert not NUMBER_CUT.search(text)
    assert re.search(r"4 (sources|src)", text)
    if width == 120:
        assert "2 open incidents" in text and "1 source failing" in text
        assert "4 sources, 2 ok, 1 stale" in text
        assert text.endswith("GitHub, OpenAI, Slack, X/Twitter")
    if width == 60:
        assert "X/Twitter" not in text  # the names give way before any count


@pytest.mark.parametrize("width", [60, 80, 120])
async def test_offline_is_in_the_header_before_the_counts(tmp_path: Path, width: int) -> None:
    text = await header_at(four_sources(tmp_path, offline=True), width)
    assert "offline" in text
    assert text.index("offline") < text.index("4 ")
    assert "failing" not in text  # sources that could not be judged are not "failing"
    if width == 120:
        assert f"{OFFLINE} (last answer " in text


@pytest.mark.parametrize("width", [60, 80])
async def test_the_demo_badge_and_counts_survive_a_narrow_demo(tmp_path: Path, width: int) -> None:
    from tui.demo.dataset import load_demo

    store = Store.open(tmp_path / "store")
    load_demo(store)
    text = await header_at(store, width, demo=True)
    assert " DEMO " in text and re.search(r"3 (sources|src)", text), text
    assert not NUMBER_CUT.search(text)


def test_words_are_shortened_before_a_part_is_dropped() -> None:
    from tui.snapshot import StoreSnapshot

    now = utcnow()
    sources = tuple(
        Source(id=f"s{n}", url=f"https://h{n}.example/", kind="probe", platform=p)
        for n, p in enumerate(PLATFORMS)
    )
    health = {
        "s0": SourceHealth("s0", last_poll=now, last_ok=now),
        "s1": SourceHealth("s1", last_poll=now, error="HTTP 500"),
    }
    snapshot = StoreSnapshot(sources=sources, health=health)
    parts, names = header_parts(snapshot), platforms_text(snapshot)
    widths = {}
    for width in range(10, 130):
        plain = fit_header(parts, names, width).content().plain
        assert cell_len(plain) <= width and not NUMBER_CUT.search(plain)
        widths[width] = plain
    assert "1 source failing" in widths[60]
    assert widths[30].count("1 failing") == 1  # shortened, still there
    assert "failing" in widths[14]  # the most important part goes last


async def test_the_sources_screen_says_offline_at_the_top(tmp_path: Path) -> None:
    from tui.screens.sources import SourcesScreen

    app = WhalewatchApp(four_sources(tmp_path, offline=True), poll=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen)
        summary = str(app.screen.query_one("#sources-summary").render())
        assert summary.startswith("4 sources") and f"{OFFLINE} (last answer " in summary


def test_the_name_gives_way_before_the_platforms_are_cut() -> None:
    from tui.snapshot import StoreSnapshot

    sources = (Source(id="s1", url="https://h.example/", kind="probe", platform="X/Twitter"),)
    snapshot = StoreSnapshot(sources=sources)
    parts, names = header_parts(snapshot), platforms_text(snapshot)
    full = fit_header(parts, names, 0).content().plain
    narrow = full.replace("  ·  ", " · ")  # the first move
    plain = fit_header(parts, names, cell_len(narrow) - 2).content().plain
    assert plain.endswith(" · X/Twitter") and "whalewatch" not in plain
