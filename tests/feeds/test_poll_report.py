"""What a poll cycle hands back stays cheap to carry: its repr, the health a kind builds."""

from __future__ import annotations

import asyncio
import gc
from datetime import UTC, datetime, timedelta

from tui.domain import Incident, IncidentUpdate, Source, SourceHealth
from tui.feeds import poller
from tui.feeds.http import FetchResult, fetch, parsed_url
from tui.feeds.poller import PollReport, SourceOutcome, in_parallel
from tui.kinds import PollResult
from tui.kinds.base import ok_health
from tui.store import MergeResult, Store

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


class Counted(str):
    """A title that counts how often its repr is asked for."""

    calls = 0

    def __repr__(self) -> str:
        Counted.calls += 1
        return super().__repr__()


def big_report(count: int) -> PollReport:
    incidents = tuple(
        Incident(
            source_id=f"p{n}",
            external_id="i1",
            title=Counted(f"Elevated errors {n}"),
            status="investigating",
            impact="minor",
            started_at=T0 - timedelta(hours=n),
            updates=(IncidentUpdate("investigating", "Looking into it.", T0),),
        )
        for n in range(count)
    )
    outcomes = tuple(
        SourceOutcome(Source(f"p{n}", f"http://127.0.0.1/p{n}", "statuspage"), ok=n % 10 != 0)
        for n in range(count)
    )
    return PollReport(outcomes, MergeResult(new=incidents))


def test_a_report_of_thousands_of_incidents_reads_as_its_counts() -> None:
    text = repr(big_report(2000))
    assert text == (
        "PollReport(polled=2000, failed=200, new=2000, changed=0, events=0, "
        "updated_events=0, offline=False)"
    )


def test_asyncio_run_of_a_cycle_formats_none_of_its_incidents() -> None:
    report = big_report(500)

    async def cycle() -> PollReport:
        return report

    Counted.calls = 0
    assert asyncio.run(cycle()) is report
    assert Counted.calls == 0


def test_a_good_poll_takes_the_response_and_the_kind_s_own_fields_in_one_health() -> None:
    previous = SourceHealth("p1", consecutive_failures=3, error="HTTP 503", etag='"old"')
    fetched = FetchResult(url="http://127.0.0.1/x", status=200, elapsed_ms=12.5, etag='"new"')
    health = ok_health(previous, T0, fetched, indicator="minor", note="page says so")
    assert (health.last_poll, health.last_ok, health.error) == (T0, T0, "")
    assert (health.consecutive_failures, health.consecutive_successes) == (0, 1)
    assert (health.http_status, health.latency_ms, health.etag) == (200, 12.5, '"new"')
    assert (health.indicator, health.note) == ("minor", "page says so")
    unvalidated = ok_health(previous, T0, FetchResult(url="http://127.0.0.1/x", status=200))
    assert unvalidated.etag == '"old"' and unvalidated.indicator == ""


async def test_sources_are_polled_a_few_at_a_time_and_reported_in_their_order() -> None:
    sources = [Source(f"p{n}", f"http://127.0.0.1/p{n}", "statuspage") for n in range(40)]
    running, most_at_once = 0, 0

    async def work(source: Source) -> PollResult:
        nonlocal running, most_at_once
        running += 1
        most_at_once = max(most_at_once, running)
        await asyncio.sleep(0.001 * (int(source.id[1:]) % 3))  # they end out of order
        running -= 1
        return PollResult(source, SourceHealth(source.id))

    results = await in_parallel(work, sources, 7)
    assert [r.source.id for r in results] == [s.id for s in sources]
    assert most_at_once == 7
    assert await in_parallel(work, [], 7) == []


async def test_a_url_asked_again_is_not_parsed_again(server, client) -> None:
    server.routes["/twice"] = server.Reply(200, b"ok")
    url = server.url("/twice")
    parsed_url.cache_clear()
    first, second = await fetch(client, url), await fetch(client, url)
    assert first.body == second.body == b"ok"
    assert parsed_url.cache_info().misses == 1 and parsed_url.cache_info().hits >= 1


async def test_a_cycle_runs_with_the_collector_paused(tmp_path, client, monkeypatch) -> None:
    """A first cycle makes thousands of incidents at once: no collection walks them midway."""
    store = Store.open(tmp_path / "store")
    store.save_source(Source("p0", "http://127.0.0.1:9/p0", "statuspage"))
    seen: list[bool] = []

    async def poll_source(source, client, previous, now, context) -> PollResult:
        seen.append(gc.isenabled())
        return PollResult(source, SourceHealth(source.id))

    monkeypatch.setattr(poller, "_poll_source", poll_source)
    assert gc.isenabled()
    await poller.poll_once(store, client, force=True)
    assert seen == [False]
    assert gc.isenabled()
