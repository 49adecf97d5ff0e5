"""Every provider recognised from its home URL and polled into a store, against 127.0.0.1.

Each test serves the provider's documents in its real shape (tests/fixtures/providers/, see
SOURCES.md there; Google Cloud, AWS data.json and JSON Feed are real captures read from
../shared/fixtures/realworld/), detects the kind from the page's home URL as ``source add``
does, then polls it through the real ``poll_once`` into a store.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.domain import Incident, Source
from tui.feeds.detect import detect_source
from tui.feeds.poller import poll_once
from tui.store import Store

PROVIDERS = Path(__file__).resolve().parents[1] / "fixtures" / "providers"
REALWORLD = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "realworld"
needs_realworld = pytest.mark.skipif(not REALWORLD.is_dir(), reason="no realworld captures")
HOME = b"<!DOCTYPE html><html><head><title>Status</title></head><body>Status</body></html>"
JSON = {"Content-Type": "application/json"}
XML = {"Content-Type": "application/xml"}


def fixture(name: str) -> bytes:
    return (PROVIDERS / name).read_bytes()


def serve(server, routes: dict[str, bytes], home: bytes = HOME) -> str:
    server.routes["/"] = server.Reply(200, home, {"Content-Type": "text/html"})
    for path, body in routes.items():
        headers = XML if body.lstrip().startswith(b"<") else JSON
        server.routes[path] = server.Reply(200, body, headers)
    return server.url("/")


async def detect_and_poll(tmp_path, client, url: str, kind: str) -> tuple[Store, list[Incident]]:
    """What ``source add URL`` and one poll do: the kind detected, the incidents stored."""
    detection = await detect_source(client, url)
    assert detection.recognised, detection
    assert detection.kind.name == kind
    store = Store.open(tmp_path / "store")
    source = store.save_source(
        Source(id="", url=detection.url, kind=kind, platform="Example", every=60)
    )
    report = await poll_once(store, client, force=True)
    assert report.all_ok, [o.summary for o in report.outcomes]
    incidents = sorted(store.incidents(), key=lambda i: i.started_at)
    assert all(i.source_id == source.id for i in incidents)
    return store, incidents


def by_title(incidents: list[Incident]) -> dict[str, Incident]:
    return {i.title: i for i in incidents}


async def test_incident_io_native_json_then_its_atom_feed(tmp_path, server, client) -> None:
    url = serve(
        server,
        {
            "/proxy/127.0.0.1": fixture("incidentio-proxy.json"),
            "/feed.atom": fixture("incidentio-feed.atom"),
            # Its Statuspage-compatible layer answers too, and must not win.
            "/api/v2/summary.json": json.dumps(
                {"page": {"name": "OpenAI"}, "status": {"indicator": "minor"}}
            ).encode(),
        },
    )
    store, incidents = await detect_and_poll(tmp_path, client, url, "incidentio")
    titles = by_title(incidents)
    ongoing = titles["Elevated error rates for Chat Completions & Responses"]
    assert (ongoing.status, ongoing.impact, ongoing.is_open) == ("identified", "major", True)
    assert ongoing.components == ("Chat Completions", "Responses")
    assert [u.status for u in ongoing.updates] == ["investigating", "identified"]
    assert ongoing.updates[-1].body == "We have identified the cause and are applying a fix."
    maintenance = titles["Database maintenance"]
    assert (maintenance.impact, maintenance.status) == ("maintenance", "scheduled")
    assert maintenance.components == ("Login",)
    past = titles["Increased latency for file uploads"]  # from the Atom feed
    assert past.status == "resolved"
    health = store.health()["s1"]
    assert health.indicator == "major"
    assert health.components == (
        ("Chat Completions", "partial_outage"),
        ("Responses", "operational"),
        ("Login", "operational"),
    )


async def test_instatus_summary_and_history_feed(tmp_path, server, client) -> None:
    url = serve(
        server,
        {
            "/summary.json": fixture("instatus-summary.json"),
            "/history.rss": fixture("instatus-history.rss"),
        },
    )
    store, incidents = await detect_and_poll(tmp_path, client, url, "instatus")
    titles = by_title(incidents)
    assert len(incidents) == 3  # the open one is told by both documents, stored once
    open_now = titles["Dashboard is slow to load"]
    assert (open_now.status, open_now.impact) == ("identified", "major")
    assert [u.status for u in open_now.updates] == ["investigating", "identified"]
    assert titles["Emails delayed"].status == "resolved"
    assert titles["Database upgrade"].impact == "maintenance"
    assert titles["Database upgrade"].status == "scheduled"


async def test_better_stack_json_api(tmp_path, server, client) -> None:
    url = serve(server, {"/index.json": fixture("betterstack-index.json")})
    store, incidents = await detect_and_poll(tmp_path, client, url, "betterstack")
    titles = by_title(incidents)
    down = titles["API is down"]
    assert (down.status, down.impact, down.components) == ("investigating", "major", ("API",))
    assert [u.body for u in down.updates] == [
        "We are looking into API errors.",
        "A bad deploy; rolling back.",
    ]
    done = titles["Website maintenance"]
    assert (done.impact, done.status, done.is_open) == ("maintenance", "completed", False)
    assert store.health()["s1"].indicator == "major"
    assert store.health()["s1"].component_state("API") == "downtime"


async def test_cstate_go_times_and_no_value(tmp_path, server, client) -> None:
    url = serve(
        server,
        {
            "/index.json": fixture("cstate-index.json"),
            "/issues/index.json": fixture("cstate-issues.json"),
        },
    )
    store, incidents = await detect_and_poll(tmp_path, client, url, "cstate")
    titles = by_title(incidents)
    assert len(incidents) == 3
    gateway = titles["Gateway timeouts"]
    assert gateway.started_at.isoformat() == "2026-11-30T07:30:00+00:00"
    assert (gateway.is_open, gateway.impact, gateway.components) == (True, "major", ("Gateway",))
    docs = titles["Docs were down"]
    assert docs.started_at.isoformat() == "2026-11-01T15:00:00+00:00"  # -0500
    assert docs.resolved_at is not None and docs.resolved_at.isoformat().startswith(
        "2026-11-01T16:30"
    )
    notice = titles["Old notice without a resolution time"]  # resolvedAt "<no value>"
    assert not notice.is_open and notice.resolved_at.isoformat() == "2026-10-01T11:00:00+00:00"
    assert store.health()["s1"].indicator == "major"
    assert store.health()["s1"].components == (("Gateway", "disrupted"), ("Docs", "ok"))


async def test_cachet_v1_incidents(tmp_path, server, client) -> None:
    url = serve(server, {"/api/v1/incidents": fixture("cachet-incidents.json")})
    _, incidents = await detect_and_poll(tmp_path, client, url, "cachet")
    titles = by_title(incidents)
    assert titles["API latency"].status == "identified" and titles["API latency"].is_open
    assert titles["Website down"].status == "resolved"
    assert titles["Website down"].resolved_at.isoformat() == "2026-11-01T11:15:00+00:00"


async def test_status_io_page_id_found_in_the_home_page(tmp_path, server, client) -> None:
    page_id = "5380c1f1d1d8b12f0b000000"
    home = (
        b"<html><head><title>Example status - powered by status.io</title></head><body>"
        b'<script src="' + server.url(f"/1.0/status/{page_id}").encode() + b'"></script>'
        b"</body></html>"
    )
    url = serve(server, {f"/1.0/status/{page_id}": fixture("statusio-status.json")}, home)
    store, incidents = await detect_and_poll(tmp_path, client, url, "statusio")
    assert store.sources()[0].url == server.url(f"/1.0/status/{page_id}")
    titles = by_title(incidents)
    checkout = titles["Checkout errors"]
    assert (checkout.status, checkout.components) == ("identified", ("Website",))
    assert titles["Network upgrade"].impact == "maintenance"
    assert titles["Network upgrade"].status == "scheduled"
    assert store.health()["s1"].indicator == "major"


async def test_slack_current_and_history(tmp_path, server, client) -> None:
    url = serve(
        server,
        {
            "/api/v2.0.0/current": fixture("slack-current.json"),
            "/api/v2.0.0/history": fixture("slack-history.json"),
        },
    )
    _, incidents = await detect_and_poll(tmp_path, client, url, "slack")
    titles = by_title(incidents)
    now = titles["Some users can't send messages"]
    assert now.is_open and len(now.updates) == 2  # current has both notes, history one
    assert now.started_at.isoformat() == "2026-11-30T14:12:00+00:00"
    assert now.components == ("Messaging", "Connectivity")
    huddles = titles["Huddles unavailable"]
    assert (huddles.status, huddles.impact) == ("resolved", "major")


@needs_realworld
async def test_google_cloud_incidents_json(tmp_path, server, client) -> None:
    body = (REALWORLD / "other" / "gcp-incidents-2022.json").read_bytes()
    url = serve(server, {"/incidents.json": body})
    _, incidents = await detect_and_poll(tmp_path, client, url, "gcloud")
    assert len(incidents) == 157
    first = next(i for i in incidents if i.external_id == "TaA75H7XA1DQyM2ReK2f")
    assert first.title == "[Google BigQuery] Lower throughput from the Read API"
    assert (first.status, first.impact, first.components) == (
        "resolved",
        "minor",
        ("Google BigQuery",),
    )
    assert first.resolved_at.isoformat() == "2022-07-01T19:25:45+00:00"
    assert len(first.updates) == 5


async def test_aws_current_events_in_utf16(tmp_path, server, client) -> None:
    body = codecs.BOM_UTF16_LE + fixture("aws-currentevents.json").decode().encode("utf-16-le")
    url = serve(server, {"/public/currentevents": body})
    _, incidents = await detect_and_poll(tmp_path, client, url, "aws")
    (event,) = incidents
    assert event.title == "Increased API Error Rates" and event.is_open
    assert event.components == ("Amazon Elastic Compute Cloud (N. Virginia)",)
    assert len(event.updates) == 2


@needs_realworld
async def test_aws_legacy_data_json(tmp_path, server, client) -> None:
    body = (REALWORLD / "other" / "aws-data-2022.json").read_bytes()
    url = serve(server, {"/data.json": body})
    _, incidents = await detect_and_poll(tmp_path, client, server.url("/data.json"), "aws")
    assert len(incidents) == 86
    assert all(not i.is_open for i in incidents if i.title.startswith("[RESOLVED]"))
    assert url


@needs_realworld
@pytest.mark.parametrize(
    ("name", "count"),
    [("jsonfeed-jsonfeed_example_1.json", None), ("jsonfeed-jsonfeed_elastic_1.1.json", None)],
)
async def test_json_feed(tmp_path, server, client, name: str, count: None) -> None:
    body = (REALWORLD / "other" / name).read_bytes()
    serve(server, {"/feed.json": body})
    _, incidents = await detect_and_poll(tmp_path, client, server.url("/feed.json"), "jsonfeed")
    items = json.loads(body)["items"]
    assert len(incidents) == len({item.get("id") or item.get("url") for item in items})
    assert {i.title for i in incidents} <= {item.get("title") for item in items}


def test_an_unrecognised_url_is_added_as_a_probe_in_words(server, tmp_path, capsys) -> None:
    url = serve(server, {})
    assert main(["--db", str(tmp_path / "db"), "source", "add", url]) == 0
    out = capsys.readouterr().out
    assert f"no status format found at {url} — added as an HTTP probe" in out
    assert "added s1: probe" in out


def test_source_list_shows_the_detected_provider(server, tmp_path, capsys) -> None:
    url = serve(server, {"/index.json": fixture("cstate-index.json")})
    db = ["--db", str(tmp_path / "db")]
    assert main([*db, "source", "add", url]) == 0
    assert "added s1: cstate (cState)" in capsys.readouterr().out
    assert main([*db, "source", "list"]) == 0
    assert "cstate (cState)" in capsys.readouterr().out
