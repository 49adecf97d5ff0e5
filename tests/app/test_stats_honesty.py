"""The Stats screen's honesty figures per platform and period, the same as ``stats --json``;
a far-away incident does not stretch the weekly chart; the header never ends in "keys:"."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.app.conftest import wait_for
from tui.__main__ import main
from tui.app import WhalewatchApp
from tui.domain import Event, Incident, Source
from tui.screens.stats import StatsScreen
from tui.snapshot import StoreSnapshot
from tui.store import Store

NOW = datetime(2023, 8, 1, 12, 0, tzinfo=UTC)
T = datetime(2023, 3, 6, 17, 2, tzinfo=UTC)


def incident(source: str, key: str, start: datetime, minutes: int) -> Incident:
    return Incident(
        source_id=source,
        external_id=key,
        title=key,
        status="resolved",
        impact="major",
        started_at=start,
        resolved_at=start + timedelta(minutes=minutes),
        platform="GitHub",
    )


def honest_store(root: Path) -> Store:
    """A page and a probe of GitHub: two outages in March (39 and 5 minutes late), one in
    April never admitted, and one page incident in April no probe saw."""
    store = Store.open(root)
    for url, kind, days in (
        ("https://www.githubstatus.com", "statuspage", 30),
        ("https://api.github.com/", "probe", 1),
    ):
        created = T - timedelta(days=days)
        store.save_source(Source(id="", url=url, kind=kind, platform="GitHub", created_at=created))
    april = T + timedelta(days=30)
    store.merge_incidents(
        [
            incident("s2", "probe-1", T, 120),
            incident("s1", "page-1", T + timedelta(minutes=39), 60),
            incident("s2", "probe-2", T + timedelta(days=3), 30),
            incident("s1", "page-2", T + timedelta(days=3, minutes=5), 20),
            incident("s2", "probe-3", april, 30),
            incident("s1", "page-quiet", april + timedelta(days=4), 20),
            incident("s1", "before-any-probe", T - timedelta(days=20), 20),
        ],
        NOW,
    )
    return store


def text_of(screen: StatsScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def open_stats(app: WhalewatchApp, pilot, width: int) -> StatsScreen:
    await wait_for(pilot, lambda: app.snapshot.full_history)
    await app.push_screen(StatsScreen(app.snapshot, now=NOW))
    await pilot.pause()
    assert isinstance(app.screen, StatsScreen)
    return app.screen


async def test_honesty_per_platform_and_period_as_the_cli_says(tmp_path: Path, capsys) -> None:
    root = tmp_path / "store"
    app = WhalewatchApp(honest_store(root), poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stats(app, pilot, 80)
        monthly = text_of(screen, "#stats-honesty")
        await pilot.press("w")
        weekly = text_of(screen, "#stats-honesty")
    flat = " ".join(monthly.split())
    assert (
        "GitHub: your probes saw 3 outages; the status page admitted 2, 22 min after the probe "
        "in the median (39 min at worst); 1 page incident no probe saw." in flat
    )
    rows = {
        line.split()[0]: line.split()[1:]
        for line in monthly.splitlines()
        if line[:4] in ("2023", "All ")
    }
    assert rows == {
        "2023-03": ["2", "2", "22", "min", "39", "min", "0"],
        "2023-04": ["1", "0", "—", "—", "1"],
        "All": ["3", "2", "22", "min", "39", "min", "1"],
    }
    assert "2023-03-06" in weekly and "2023-04-03" in weekly and "2023-03 " not in weekly
    assert main(["--db", str(root), "stats", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    (github,) = figures["platforms"]
    assert (github["outages_seen_by_probes"], github["admitted_by_the_page"]) == (3, 2)
    assert (github["median_lag_minutes"], github["worst_lag_minutes"]) == (22.0, 39.0)
    assert github["page_incidents_no_probe_saw"] == 1
    by_month = {row["period"]: row for row in figures["per_period"]["rows"]}
    assert by_month["2023-03"]["admitted_by_the_page"] == 2
    assert by_month["2023-04"]["page_incidents_no_probe_saw"] == 1
    assert by_month["2023-04"]["median_lag_minutes"] is None


async def test_no_probe_says_how_to_get_the_figures(tmp_path: Path) -> None:
    app = WhalewatchApp(Store.open(tmp_path / "store"), poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = StatsScreen(StoreSnapshot(full_history=True), now=NOW)
        await app.push_screen(screen)
        await pilot.pause()
        assert "No probe watches a platform yet" in text_of(screen, "#stats-honesty")


async def test_one_far_incident_does_not_stretch_the_weeks(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store")
    early = datetime(2019, 3, 4, 10, 0, tzinfo=UTC)
    store.merge_incidents(
        [incident("s1", "far", early, 30)]
        + [incident("s1", f"recent-{n}", T + timedelta(days=7 * n), 30) for n in range(4)],
        NOW,
    )
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stats(app, pilot, 80)
        await pilot.press("w")
        chart = text_of(screen, "#stats-chart").splitlines()
    assert len(chart) < 15, chart
    assert any("weeks without incidents (2019-03-11 to " in line for line in chart)


async def test_the_header_never_ends_in_keys(tmp_path: Path) -> None:
    events = tuple(
        Event(id=n, day=(T + timedelta(days=n)).date(), title=f"Change {n}", is_change=True)
        for n in range(1, 4)
    )
    snapshot = StoreSnapshot(
        events=events, incidents=(incident("s1", "a", T, 30),), full_history=True
    )
    for width, keys in ((60, False), (80, False), (160, True)):
        app = WhalewatchApp(Store.open(tmp_path / f"store{width}"), poll=False)
        async with app.run_test(size=(width, 24)) as pilot:
            screen = StatsScreen(snapshot, now=NOW)
            await app.push_screen(screen)
            await pilot.pause()
            header = text_of(screen, "#stats-header")
            assert not header.rstrip().endswith("keys:"), header
            assert ("keys: p period · [ ] change · + − window" in header) is keys
            assert "change 3 of 3" in header
