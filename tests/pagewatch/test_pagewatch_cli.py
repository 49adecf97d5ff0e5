"""``source add --kind page``, ``source presets``, ``source versions`` and ``source diff``."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from tui.__main__ import main
from tui.feeds.http import make_client
from tui.feeds.poller import poll_once
from tui.store import Store

from .test_pagewatch_poller import terms

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def add_page(db, url: str, *extra: str) -> int:
    return main(["--db", str(db), "source", "add", url, "--kind", "page", *extra])


def poll(db, minutes: float) -> None:
    async def once() -> None:
        async with make_client() as client:
            store = Store.open(db)
            await poll_once(store, client, now=T0 + timedelta(minutes=minutes), force=True)

    asyncio.run(once())


def test_add_a_page_with_selectors_and_read_its_versions_and_diff(
    tmp_path, pages, capsys, monkeypatch
) -> None:
    db = tmp_path / "db"
    pages.publish("/tos", terms())
    status = add_page(
        db,
        pages.url("/tos"),
        "--platform",
        "X/Twitter",
        "--name",
        "X Terms",
        "--select",
        "main",
        "--remove",
        ".stamp",
        "--every",
        "300",
    )
    assert status == 0, capsys.readouterr().err
    assert "added s1: page" in capsys.readouterr().out
    (source,) = Store.open(db).sources()
    assert source.select == ("main",) and source.remove == (".stamp",)
    assert source.category == "policy"

    poll(db, 0)
    pages.publish("/tos", terms().replace("suspend accounts", "suspend or ban accounts"))
    poll(db, 10)
    assert main(["--db", str(db), "source", "versions", "s1"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in listing] == ["v1", "v2"]
    assert "2026-12-01 09:10:00 UTC" in listing[1]

    assert main(["--db", str(db), "source", "diff", "s1"]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out
    assert out.startswith("--- v1 2026-12-01 09:00 UTC\n+++ v2 2026-12-01 09:10 UTC\n@@ ")
    assert "-We may suspend accounts that break the rules.\n" in out
    assert "+We may suspend or ban accounts that break the rules.\n" in out

    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert main(["--db", str(db), "source", "diff", "s1", "1", "2"]) == 0
    coloured = capsys.readouterr().out
    assert "\x1b[" in coloured and "ban " in coloured
    assert "- We may suspend" in coloured.replace("\x1b[0m", "").replace("\x1b[31m", "")


def test_add_refuses_a_pdf_and_a_selector_matching_nothing(tmp_path, pages, capsys) -> None:
    db = tmp_path / "db"
    pages.publish("/terms.pdf", b"%PDF-1.7\n...", Content_Type="application/pdf")
    assert add_page(db, pages.url("/terms.pdf")) == 1
    assert "the page is a PDF document (application/pdf), not HTML or text" in (
        capsys.readouterr().err
    )
    pages.publish("/tos", terms())
    assert add_page(db, pages.url("/tos"), "--select", "#nothing") == 1
    assert "selector '#nothing' matched nothing" in capsys.readouterr().err
    assert Store.open(db).sources() == []


def test_add_refuses_page_options_on_other_kinds(tmp_path, capsys) -> None:
    db = tmp_path / "db"
    status = main(
        [
            "--db",
            str(db),
            "source",
            "add",
            "https://example.com",
            "--kind",
            "probe",
            "--select",
            "x",
        ]
    )
    assert status == 1
    assert "--select: not read by probe sources" in capsys.readouterr().err


def test_source_test_shows_a_redirect_to_another_host(pages, capsys) -> None:
    pages.publish("/tos", terms())
    target = pages.url("/tos").replace("127.0.0.1", "localhost")
    pages.publish("/old", "", status=301, Location=target)
    assert main(["source", "test", pages.url("/old"), "--kind", "page"]) == 0
    captured = capsys.readouterr()
    assert "redirected to another host, localhost" in captured.err
    assert "kind: page" in captured.out and "lines of text" in captured.out


def test_presets_list_x_pages_each_not_verified(capsys) -> None:
    assert main(["source", "presets"]) == 0
    out = capsys.readouterr().out
    assert "x-terms" in out and "https://x.com/tos" in out
    assert "x-developer-announcements" in out and "changelog" in out
    assert "https://api.twitterstat.us" in out
    details = out.splitlines()[1::2]
    assert details and all("not verified from here" in line for line in details)


def test_the_diff_reaches_event_list_json_the_exports_and_back(tmp_path, pages, capsys) -> None:
    import json

    db = tmp_path / "db"
    pages.publish("/tos", terms())
    assert add_page(db, pages.url("/tos"), "--select", "main", "--remove", ".stamp") == 0
    poll(db, 0)
    pages.publish("/tos", terms().replace("suspend accounts", "suspend or ban accounts"))
    poll(db, 10)
    capsys.readouterr()

    assert main(["--db", str(db), "event", "list", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["detected"] is True and listed["version"] == 2
    assert listed["diff"]["changed"] == 1

    assert main(["--db", str(db), "export", "--format", "md"]) == 0
    chronicle = capsys.readouterr().out
    assert "  ```diff\n" in chronicle
    assert "  -We may suspend accounts that break the rules.\n" in chronicle
    assert "  +We may suspend or ban accounts that break the rules.\n" in chronicle

    exported = tmp_path / "export.json"
    assert main(["--db", str(db), "export", "--format", "json", "-o", str(exported)]) == 0
    document = json.loads(exported.read_text())
    assert document["events"][0]["diff"] == listed["diff"]
    assert document["sources"][0]["select"] == ["main"]
    other = tmp_path / "other"
    assert main(["--db", str(other), "import", str(exported)]) == 0
    (imported,) = Store.open(other).events()
    assert imported.diff == listed["diff"] and imported.detected
