"""Watched pages and changelogs end to end: a real server on 127.0.0.1, the real poller, a store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tui.domain import Source
from tui.feeds.poller import poll_once
from tui.kinds.page_poll import page_state
from tui.pagewatch.diff import PageDiff
from tui.pagewatch.versions import VersionStore
from tui.store import Store

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

TERMS = """<html><body><nav>Home | Log in</nav>
<main id="terms"><h1>Terms of Service</h1>
<p>You may use the service if you follow these terms.</p>
<p>We may suspend accounts that break the rules.</p>
<p class="stamp">Page generated at {stamp}</p>
</main><footer>© X Corp</footer></body></html>"""


def terms(stamp: str = "09:00:00", extra: str = "") -> str:
    return TERMS.replace("{stamp}", stamp).replace("</main>", extra + "</main>")


def page_source(url: str, **fields: object) -> Source:
    values: dict[str, object] = {
        "id": "",
        "url": url,
        "kind": "page",
        "platform": "X/Twitter",
        "name": "X Terms of Service",
        "select": ("main",),
    }
    values.update(fields)
    return Source(**values)  # type: ignore[arg-type]


async def poll_at(store: Store, client, minutes: float):
    return await poll_once(store, client, now=T0 + timedelta(minutes=minutes), force=True)


async def test_baseline_then_a_change_makes_one_event_with_its_diff(tmp_path, pages, client):
    store = Store.open(tmp_path / "store")
    pages.publish("/tos", terms())
    source = store.save_source(page_source(pages.url("/tos")))

    first = await poll_at(store, client, 0)
    assert first.all_ok and not first.events
    assert store.events() == []
    assert [v.number for v in VersionStore(store.pages).list(source.id).versions] == [1]

    pages.publish("/tos", terms(extra="<p>We may train models on your posts.</p>"))
    second = await poll_at(store, client, 10)
    assert second.all_ok
    (event,) = store.events()
    assert event.title == "X Terms of Service changed: 1 paragraph added"
    assert event.detected and event.is_change
    assert event.category == "policy" and event.platform == "X/Twitter"
    assert event.source_id == source.id and event.version == 2
    assert event.day == T0.date() and event.time == "09:10"
    diff = PageDiff.from_dict(event.diff)
    added = [line.text for line in diff.lines() if line.kind == "added"]
    assert added == ["We may train models on your posts."]
    assert "+We may train models on your posts." in diff.unified()


async def test_whitespace_and_markup_only_changes_make_no_event(tmp_path, pages, client):
    store = Store.open(tmp_path / "store")
    pages.publish("/tos", terms())
    store.save_source(page_source(pages.url("/tos")))
    await poll_at(store, client, 0)
    reflowed = terms().replace("<p>", '<p   class="new">\n   ').replace("rules.", "rules.\n\n")
    pages.publish("/tos", reflowed.replace("<h1>", "<h1 style='x'>"))
    report = await poll_at(store, client, 10)
    assert report.all_ok and store.events() == []


async def test_a_noisy_timestamp_with_ignore_makes_no_event(tmp_path, pages, client):
    store = Store.open(tmp_path / "store")
    pages.publish("/tos", terms("09:00:00"))
    source = store.save_source(page_source(pages.url("/tos"), ignore=(r"^Page generated at",)))
    for minute, stamp in ((0, "09:00:00"), (5, "09:05:00"), (10, "09:10:00"), (15, "09:15:00")):
        pages.publish("/tos", terms(stamp))
        assert (await poll_at(store, client, minute)).all_ok
    assert store.events() == []
    assert len(VersionStore(store.pages).list(source.id).versions) == 1


async def test_a_page_changing_every_poll_is_flagged_noisy_after_three_events(
    tmp_path, pages, client
):
    store = Store.open(tmp_path / "store")
    source = store.save_source(page_source(pages.url("/tos")))
    for minute in range(0, 60, 10):
        pages.publish("/tos", terms(f"09:{minute:02d}:00"))
        assert (await poll_at(store, client, minute)).all_ok
    # The baseline, two change events, then the third change within the hour flags it.
    assert len(store.events()) == 2
    health = store.health()[source.id]
    assert page_state(health).noisy
    assert health.note.startswith("noisy")
    assert len(VersionStore(store.pages).list(source.id).versions) == 6


async def test_removal_and_restoration_are_recorded_once_each(tmp_path, pages, client):
    store = Store.open(tmp_path / "store")
    pages.publish("/tos", terms())
    store.save_source(page_source(pages.url("/tos")))
    await poll_at(store, client, 0)
    pages.publish("/tos", "gone", status=404, Content_Type="text/plain")
    await poll_at(store, client, 10)
    await poll_at(store, client, 20)
    pages.publish("/tos", terms())
    await poll_at(store, client, 30)
    titles = [event.title for event in store.events()]
    assert titles == ["X Terms of Service: page removed", "X Terms of Service: page restored"]


async def test_a_selector_matching_nothing_is_an_error_on_the_source(tmp_path, pages, client):
    store = Store.open(tmp_path / "store")
    pages.publish("/tos", terms())
    source = store.save_source(page_source(pages.url("/tos"), select=("#no-such-part",)))
    report = await poll_at(store, client, 0)
    assert not report.all_ok
    health = store.health()[source.id]
    assert "matched nothing" in health.error
    assert VersionStore(store.pages).list(source.id).versions == ()
    assert store.events() == []


async def test_a_page_over_the_size_cap_stops_with_an_error_and_no_version(
    tmp_path, pages, client, monkeypatch
):
    import tui.kinds.page as page_kind

    monkeypatch.setattr(page_kind, "MAX_PAGE_BYTES", 64 * 1024)
    store = Store.open(tmp_path / "store")
    pages.publish("/tos", terms())
    source = store.save_source(page_source(pages.url("/tos")))
    await poll_at(store, client, 0)
    pages.publish("/tos", terms(extra="<p>" + "word " * 40_000 + "</p>"))
    report = await poll_at(store, client, 10)
    assert not report.all_ok
    assert "larger than 64 KiB" in store.health()[source.id].error
    assert [v.number for v in VersionStore(store.pages).list(source.id).versions] == [1]
    assert store.events() == []


async def test_a_redirect_to_another_host_is_shown(tmp_path, pages, client):
    store = Store.open(tmp_path / "store")
    target = pages.url("/tos").replace("127.0.0.1", "localhost")
    pages.publish("/tos", terms())
    pages.publish("/old", "", status=301, Location=target)
    source = store.save_source(page_source(pages.url("/old")))
    assert (await poll_at(store, client, 0)).all_ok
    assert "redirected to localhost" in store.health()[source.id].note


FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>X Developers: Announcements</title>
<item><guid>topic-1</guid><title>{title}</title><link>https://devcommunity.x.com/t/1</link>
<pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate><description>{summary}</description></item>
<item><guid>topic-2</guid><title>Rate limits for the free tier</title>
<link>https://devcommunity.x.com/t/2</link><pubDate>Mon, 30 Nov 2026 17:30:00 GMT</pubDate>
<description>&lt;p&gt;Free apps get 100 posts a month.&lt;/p&gt;</description></item>
</channel></rss>"""


async def test_a_changelog_entry_edited_updates_its_event(tmp_path, pages, client):
    store = Store.open(tmp_path / "store")
    pages.publish(
        "/latest.rss",
        FEED.format(title="New API pricing", summary="Basic costs $100."),
        Content_Type="application/rss+xml",
    )
    source = store.save_source(
        Source(id="", url=pages.url("/latest.rss"), kind="changelog", platform="X/Twitter")
    )
    first = await poll_at(store, client, 0)
    assert first.all_ok and len(first.events) == 2
    events = {event.title: event for event in store.events()}
    assert set(events) == {"New API pricing", "Rate limits for the free tier"}
    pricing = events["New API pricing"]
    assert pricing.category == "api" and pricing.detected and pricing.source_id == source.id
    assert pricing.day.isoformat() == "2026-12-01" and pricing.time == "08:00"
    assert events["Rate limits for the free tier"].description == (
        "Free apps get 100 posts a month."
    )
    store.add_note("pricing note", "event", str(pricing.id))

    again = await poll_at(store, client, 10)
    assert again.all_ok and again.events == () and again.updated_events == ()

    pages.publish(
        "/latest.rss",
        FEED.format(title="New API pricing (updated)", summary="Basic costs $200."),
        Content_Type="application/rss+xml",
    )
    edited = await poll_at(store, client, 20)
    assert edited.events == () and len(edited.updated_events) == 1
    events = store.events()
    assert len(events) == 2
    updated = next(event for event in events if event.id == pricing.id)
    assert updated.title == "New API pricing (updated)"
    assert updated.description == "Basic costs $200."
    assert [note.text for note in store.notes_for("event", str(pricing.id))] == ["pricing note"]


def test_two_sessions_saving_versions_at_once_never_share_a_number(tmp_path) -> None:
    import threading

    root = tmp_path / "store"
    sessions = [Store.open(root), Store.open(root)]  # two lock objects, as two processes have
    stores = [VersionStore(s.pages, keep=100, lock=s.lock.held) for s in sessions]

    def save(index: int) -> None:
        for n in range(15):
            stores[index].save("s1", f"text {index}-{n}", T0 + timedelta(seconds=n))

    threads = [threading.Thread(target=save, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    listing = stores[0].list("s1")
    assert [v.number for v in listing.versions] == list(range(1, 31))
    assert listing.damaged == ()
