"""How honest is the status page (issue 14, §4): the lag from a probe's first failure to the
page's admission, per outage and per platform, and ``whalewatch stats --json``."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tui.__main__ import main
from tui.domain import Incident, Source
from tui.honesty import admission, platform_honesty
from tui.store import Store

T = datetime(2023, 3, 6, 17, 2, tzinfo=UTC)


def incident(source: str, key: str, start: datetime, minutes: int | None, **kw) -> Incident:
    end = start + timedelta(minutes=minutes) if minutes is not None else None
    return Incident(
        source_id=source,
        external_id=key,
        title=key,
        status="resolved" if end else "investigating",
        impact=kw.pop("impact", "major"),
        started_at=start,
        resolved_at=end,
        platform=kw.pop("platform", "X/Twitter"),
    )


OUTAGE = incident("s2", "probe-1", T, 120)
LATE = incident("s1", "page-1", T + timedelta(minutes=39), 60)


def test_the_lag_from_the_probe_to_the_page_in_words() -> None:
    found = admission(OUTAGE, [LATE], now=T + timedelta(hours=3))
    assert found.lag == timedelta(minutes=39)
    assert found.sentence() == (
        "seen by your probe at 17:02; admitted by the status page at 17:41 (39 min later)"
    )


def test_never_admitted() -> None:
    other = incident("s1", "other", T + timedelta(days=2), 10)
    found = admission(OUTAGE, [other, incident("s9", "x", T, 5, platform="GitHub")])
    assert found.admitted_at is None
    assert found.sentence() == "seen by your probe at 17:02; never admitted by the status page"


def test_a_page_incident_open_before_the_probe_failed_admits_it_at_once() -> None:
    early = incident("s1", "early", T - timedelta(minutes=30), None)
    found = admission(OUTAGE, [early], now=T + timedelta(hours=1))
    assert found.lag == timedelta(0) and found.sentence().endswith("(at once)")


def test_maintenance_is_no_admission() -> None:
    planned = incident("s1", "m", T, 60, impact="maintenance")
    assert admission(OUTAGE, [planned]).admitted_at is None


def test_per_platform_figures() -> None:
    outages = [
        OUTAGE,
        incident("s2", "probe-2", T + timedelta(days=1), 30),
        incident("s2", "probe-3", T + timedelta(days=2), 30),
    ]
    page = [
        LATE,
        incident("s1", "page-2", T + timedelta(days=1, minutes=5), 20),
        incident("s1", "page-quiet", T + timedelta(days=5), 20),
    ]
    (figures,) = platform_honesty(outages, page, now=T + timedelta(days=10))
    assert figures.to_dict() == {
        "platform": "X/Twitter",
        "outages_seen_by_probes": 3,
        "admitted_by_the_page": 2,
        "median_lag_minutes": 22.0,
        "worst_lag_minutes": 39.0,
        "page_incidents_no_probe_saw": 1,
    }


def test_stats_json_from_the_store(tmp_path, capsys) -> None:
    store = Store.open(tmp_path / "db")
    store.save_source(Source(id="", url="https://api.twitterstat.us", kind="statuspage"))
    store.save_source(Source(id="", url="https://api.twitter.com/2/tweets", kind="probe"))
    store.merge_incidents([LATE, OUTAGE], T + timedelta(hours=3))
    assert main(["--db", str(tmp_path / "db"), "stats", "--json"]) == 0
    (platform,) = json.loads(capsys.readouterr().out)["platforms"]
    assert platform["admitted_by_the_page"] == 1 and platform["median_lag_minutes"] == 39.0
    assert main(["--db", str(tmp_path / "db"), "stats"]) == 0
    assert "1 outages seen by probes, 1 admitted by the page (39 min median" in (
        capsys.readouterr().out
    )


def test_an_open_outage_not_admitted_yet_says_yet() -> None:
    ongoing = incident("s2", "probe-2", T, None)
    found = admission(ongoing, [], now=T + timedelta(minutes=5))
    assert found.sentence() == "seen by your probe at 17:02; not admitted by the status page yet"


def test_per_period_figures_and_only_while_a_probe_watched() -> None:
    from tui.honesty import honesty_per_period, probes_since

    april = T.replace(month=4, day=2)
    outages = [OUTAGE, incident("s2", "probe-apr", april, 30)]
    page = [
        incident("s1", "long-ago", T - timedelta(days=400), 30),  # before any probe watched
        LATE,
        incident("s1", "page-quiet", T + timedelta(days=5), 20),
        incident("s1", "page-apr", april + timedelta(minutes=3), 20),
    ]
    probe = Source(id="s2", url="https://x.example/", kind="probe", platform="X/Twitter")
    since = probes_since([replace(probe, created_at=T - timedelta(days=1))], outages)
    rows = honesty_per_period(outages, page, "month", now=T + timedelta(days=60), since=since)
    assert [
        (r.label, r.figures.outages, r.figures.admitted, r.figures.unseen_by_probes) for r in rows
    ] == [
        ("2023-03", 1, 1, 1),
        ("2023-04", 1, 1, 0),
    ]
    assert rows[0].figures.median_lag_min == 39.0 and rows[1].figures.worst_lag_min == 3.0
    assert rows[1].to_dict()["period"] == "2023-04"
    (total,) = platform_honesty(outages, page, now=T + timedelta(days=60), since=since)
    assert (total.outages, total.admitted, total.unseen_by_probes) == (2, 2, 1)


def test_stats_per_period_in_words_and_json(tmp_path, capsys) -> None:
    store = Store.open(tmp_path / "db")
    store.save_source(Source(id="", url="https://api.twitterstat.us", kind="statuspage"))
    store.save_source(Source(id="", url="https://api.twitter.com/2/tweets", kind="probe"))
    store.merge_incidents([LATE, OUTAGE], T + timedelta(hours=3))
    db = ["--db", str(tmp_path / "db")]
    assert main([*db, "stats", "--period", "week"]) == 0
    out = capsys.readouterr().out
    assert "\n  2023-03-06: 1 outages seen by probes, 1 admitted by the page (39 min median" in out
    assert main([*db, "stats", "--json", "--period", "week"]) == 0
    per_period = json.loads(capsys.readouterr().out)["per_period"]
    assert per_period["period"] == "week"
    (row,) = per_period["rows"]
    assert row["period"] == "2023-03-06" and row["median_lag_minutes"] == 39.0
    assert main([*db, "stats", "--json", "--from", "2023-04-01"]) == 0
    assert json.loads(capsys.readouterr().out)["per_period"]["rows"] == []
