"""A watched page served by a real local server, version after version, through the whole
pipeline a poll runs: fetch -> extract -> detect -> versions -> diff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tui.feeds.http import fetch
from tui.pagewatch.changelog import parse_changelog, sort_entries
from tui.pagewatch.check import PageCheck, check_page, other_host
from tui.pagewatch.detect import PageState, Verdict
from tui.pagewatch.extract import PageRules
from tui.pagewatch.versions import VersionStore

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
RULES = PageRules(select=("main .terms",), remove=(".banner",), ignore=(r"^Last generated",))


def terms(*paragraphs: str, stamp: str = "09:00:00", spacing: str = "") -> str:
    body = "".join(f"<p>{spacing}{text}{spacing}</p>\n" for text in paragraphs)
    return (
        "<html><head><title>Terms</title></head><body><nav>Home | Help</nav>"
        f'<main><div class="banner">Sale today only!</div><div class="terms">{body}'
        f"<p>Last generated {stamp}</p></div></main></body></html>"
    )


class Poller:
    """What the page kind's poll will do, with the state it keeps between polls."""

    def __init__(self, client, store: VersionStore, url: str, rules: PageRules = RULES) -> None:
        self.client = client
        self.store = store
        self.url = url
        self.rules = rules
        self.state = PageState()
        self.now = START

    async def poll(self, minutes: int = 10, max_bytes: int | None = None) -> PageCheck:
        self.now += timedelta(minutes=minutes)
        extra = {} if max_bytes is None else {"max_bytes": max_bytes}
        result = await fetch(self.client, self.url, **extra)
        check = check_page(
            result,
            source_id="x-terms",
            rules=self.rules,
            state=self.state,
            versions=self.store,
            now=self.now,
        )
        self.state = check.detection.state
        return check


async def test_a_page_through_its_life(pages, client, tmp_path) -> None:
    store = VersionStore(tmp_path / "pages")
    poller = Poller(client, store, pages.url("/tos"))

    pages.publish("/tos", terms("You may post.", "Be kind."))
    first = await poller.poll()
    assert first.detection.verdict is Verdict.BASELINE and not first.detection.makes_event
    assert first.version is not None and first.version.number == 1
    assert store.read("x-terms", 1) == "You may post.\nBe kind."

    pages.publish("/tos", terms("You may post.", "Be kind.", "No bots.", "No scraping."))
    changed = await poller.poll()
    assert changed.detection.verdict is Verdict.CHANGED and changed.detection.makes_event
    assert changed.detection.title("X Terms of Service") == (
        "X Terms of Service changed: 2 paragraphs added"
    )
    assert "+No bots.\n+No scraping.\n" in changed.detection.diff.unified()
    assert changed.version.number == 2

    # Re-spaced and re-tagged: the same words are not a change, and no version is written.
    respaced = terms("You may   post.", "Be\nkind.", "No bots.", "No scraping.", spacing="  ")
    pages.publish("/tos", respaced.replace("<p>", "<p class='x'><span>"))
    same = await poller.poll()
    assert same.detection.verdict is Verdict.UNCHANGED and same.version is None

    # Only the generated-at stamp moved: the --ignore pattern drops that line.
    pages.publish(
        "/tos", terms("You may post.", "Be kind.", "No bots.", "No scraping.", stamp="11")
    )
    stamped = await poller.poll()
    assert stamped.detection.verdict is Verdict.UNCHANGED

    pages.publish("/tos", b"gone", status=404)
    removed = await poller.poll()
    assert removed.detection.verdict is Verdict.REMOVED
    assert removed.detection.title("X Terms of Service") == "X Terms of Service: page removed"
    again = await poller.poll()
    assert again.detection.verdict is Verdict.GONE and not again.detection.makes_event

    pages.publish("/tos", terms("You may post.", "Be kind.", "No bots.", "No scraping."))
    restored = await poller.poll()
    assert restored.detection.verdict is Verdict.RESTORED
    assert restored.detection.summary == "page restored"
    assert [version.number for version in store.list("x-terms").versions] == [1, 2]
    assert store.diff("x-terms", 1, 2).summary == "2 paragraphs added"


async def test_selector_matching_nothing_is_an_error_not_a_version(pages, client, tmp_path) -> None:
    store = VersionStore(tmp_path / "pages")
    poller = Poller(client, store, pages.url("/tos"))
    pages.publish("/tos", terms("You may post."))
    await poller.poll()
    pages.publish("/tos", "<html><body><main><p>Redesigned</p></main></body></html>")
    check = await poller.poll()
    assert check.detection.verdict is Verdict.FAILED
    assert check.error == "selector 'main .terms' matched nothing"
    assert check.version is None and len(store.list("x-terms").versions) == 1
    assert check.detection.state == poller.state and poller.state.exists


async def test_pdf_is_refused(pages, client, tmp_path) -> None:
    poller = Poller(client, VersionStore(tmp_path / "pages"), pages.url("/tos.pdf"), PageRules())
    pages.publish("/tos.pdf", b"%PDF-1.7\n...", Content_Type="application/pdf")
    check = await poller.poll()
    assert check.detection.verdict is Verdict.FAILED
    assert check.error == "the page is a PDF document (application/pdf), not HTML or text"
    assert check.version is None


async def test_body_over_the_size_cap_writes_no_version(pages, client, tmp_path) -> None:
    store = VersionStore(tmp_path / "pages")
    poller = Poller(client, store, pages.url("/tos"))
    pages.publish("/tos", terms("You may post."))
    await poller.poll()
    pages.publish("/tos", terms("You may post.", "x" * 4096))
    check = await poller.poll(max_bytes=2048)
    assert check.detection.verdict is Verdict.FAILED
    assert check.error == "response larger than 2 KiB"
    assert len(store.list("x-terms").versions) == 1


async def test_noisy_page_is_flagged_instead_of_flooding(pages, client, tmp_path) -> None:
    store = VersionStore(tmp_path / "pages")
    poller = Poller(client, store, pages.url("/tos"), PageRules(select=("main .terms",)))
    verdicts = []
    for minute in range(5):
        pages.publish("/tos", terms("You may post.", stamp=f"09:{minute:02d}"))
        verdicts.append((await poller.poll(minutes=5)).detection.verdict)
    assert verdicts == [
        Verdict.BASELINE,
        Verdict.CHANGED,
        Verdict.CHANGED,
        Verdict.NOISY,
        Verdict.NOISY,
    ]
    assert poller.state.noisy and poller.state.noisy_since == START + timedelta(minutes=20)
    assert len(store.list("x-terms").versions) == 5  # nothing is lost


async def test_redirect_to_another_host_is_named(pages, client, tmp_path) -> None:
    pages.publish("/old", b"", status=301, Location="http://localhost:1/new")
    result = await fetch(client, pages.url("/old"))
    assert other_host(result.url, result.final_url) == "localhost"


async def test_changelog_feed_with_an_edited_entry(pages, client) -> None:
    def feed(second_title: str) -> str:
        return (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>X Dev</title>'
            "<item><guid>post-1</guid><title>Rate limits raised</title>"
            "<link>https://devcommunity.example/t/1</link><description>&lt;p&gt;More "
            "requests.&lt;/p&gt;</description><pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate>"
            f"</item><item><guid>post-2</guid><title>{second_title}</title>"
            "<link>https://devcommunity.example/t/2</link><description>Details.</description>"
            "</item></channel></rss>"
        )

    pages.publish("/latest.rss", feed("Free tier ends"), Content_Type="application/rss+xml")
    first = parse_changelog((await fetch(client, pages.url("/latest.rss"))).body)
    known = {entry.id: entry.content_hash for entry in first.entries}
    assert [entry.id for entry in sort_entries(first.entries, {}).new] == ["post-1", "post-2"]

    pages.publish("/latest.rss", feed("Free tier ends in March"))
    second = parse_changelog((await fetch(client, pages.url("/latest.rss"))).body)
    changes = sort_entries(second.entries, known)
    assert changes.new == ()
    assert [entry.title for entry in changes.edited] == ["Free tier ends in March"]
    assert [entry.id for entry in changes.unchanged] == ["post-1"]


async def test_a_version_that_cannot_be_kept_is_no_event(
    pages, client, tmp_path, monkeypatch
) -> None:
    from tui.pagewatch import versions

    store = VersionStore(tmp_path / "pages")
    poller = Poller(client, store, pages.url("/tos"))
    pages.publish("/tos", terms("You may post."))
    await poller.poll()
    before = poller.state

    def full(path, payload):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(versions, "atomic_write_bytes", full)
    pages.publish("/tos", terms("You may post.", "New."))
    check = await poller.poll()
    assert check.detection.verdict is Verdict.FAILED and not check.detection.makes_event
    assert check.error == "could not keep the new version: No space left on device"
    assert poller.state == before  # the next poll sees the change again


async def test_lost_state_compares_with_the_kept_versions(pages, client, tmp_path) -> None:
    store = VersionStore(tmp_path / "pages")
    poller = Poller(client, store, pages.url("/tos"))
    pages.publish("/tos", terms("You may post."))
    await poller.poll()
    poller.state = PageState()  # the health was rebuilt; the versions were not
    pages.publish("/tos", terms("You may post.", "Changed while nobody looked."))
    check = await poller.poll()
    assert check.detection.verdict is Verdict.CHANGED
    assert check.detection.summary == "1 paragraph added" and check.version.number == 2
