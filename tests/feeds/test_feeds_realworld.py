"""What is already supported, read right: real captures from ../shared/fixtures/realworld/.

Every figure here is one issue 14 gives (3 of 25 entries came out ``monitoring``; 09:09 PST
was stored as 09:09Z …). The captures are read where they are and the tests skip without them.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.feeds.detect import detect_source
from tui.feeds.http import FetchResult
from tui.kinds import kind_named
from tui.kinds.feed import looks_like_feed, parse_feed
from tui.kinds.statuspage import parse_incidents
from tui.text import html_to_text, text_from_markup

REALWORLD = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "realworld"
pytestmark = pytest.mark.skipif(not REALWORLD.is_dir(), reason="no realworld captures here")
FEEDS = REALWORLD / "feeds"
TAG = re.compile(r"</?(ul|li|strong|a|br|p)\b", re.IGNORECASE)


def _feed(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


def _github_incidents() -> list:
    pages = sorted((REALWORLD / "sp").glob("github-p*/api/v2/incidents.json"))
    return [i for page in pages for i in parse_incidents(page.read_bytes(), "gh")]


# --- HTML in Statuspage update bodies --------------------------------------------------------


def test_no_github_update_body_keeps_its_html() -> None:
    incidents = _github_incidents()
    assert len(incidents) == 1282
    with_tags = [i for i in incidents if any(TAG.search(u.body) for u in i.updates)]
    assert with_tags == []  # 832 of them kept <ul><li><strong>… before


def test_an_html_list_body_reads_as_lines() -> None:
    incident = next(i for i in _github_incidents() if i.external_id == "1bvl46bpr0bl")
    assert incident.updates[0].body.splitlines() == [
        "* 15:14 - We're investigating elevated error rates.",
        "* 16:02 - We are continuing our investigation of elevated error rates on pull requests.",
        "* 17:02 - A fix has been deployed to address the elevated exception rate. "
        "We're continuing to monitor as the site recovers.",
        "* 17:09 - Everything operating normally.",
    ]


def test_links_keep_their_text_and_url() -> None:
    incident = next(i for i in _github_incidents() if i.external_id == "gz5s7chlxwk8")
    body = incident.updates[0].body
    assert "More (http://github.com/blog/680-db-maintenance-today-18-00-pst)" in body


def test_html_to_text_keeps_only_safe_link_targets() -> None:
    text = html_to_text('<a href="https://x.test/a">page</a> <a href="javascript:evil()">js</a>')
    assert text == "page (https://x.test/a) js"


def test_plain_text_bodies_keep_their_line_breaks_and_less_than_signs() -> None:
    assert text_from_markup("a < 2% of runs\n\nsecond") == "a < 2% of runs\n\nsecond"
    assert text_from_markup("one<br />two\nthree") == "one\ntwo\nthree"


# --- same-minute updates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # before: 21 resolved, 3 monitoring, 1 investigating (the one still open)
        ("github-history-2026-04-14-open.atom", {"resolved": 24, "investigating": 1}),
        # before: 24 resolved, 1 monitoring
        ("github-history-2026-08-22-latest.atom", {"resolved": 25}),
        ("github-history-2024-05-30-same-minute.atom", {"resolved": 25}),
    ],
)
def test_same_minute_monitoring_and_resolved_end_resolved(name: str, expected: dict) -> None:
    parsed = parse_feed(_feed(name), "gh")
    assert len(parsed.incidents) == 25
    assert Counter(i.status for i in parsed.incidents) == expected


# --- time zones in feed stamps ----------------------------------------------------------------


def test_pst_stamps_are_read_in_pst() -> None:
    parsed = parse_feed(_feed("parse-history-2014.rss"), "parse")
    first = next(i for i in parsed.incidents if i.title == "Elevated error rates")
    assert [u.at for u in first.updates] == [
        datetime(2014, 1, 1, 16, 17, tzinfo=UTC),
        datetime(2014, 1, 1, 17, 0, tzinfo=UTC),
        datetime(2014, 1, 1, 17, 9, tzinfo=UTC),  # 09:09 PST; was stored as 09:09Z
    ]
    assert first.resolved_at == datetime(2014, 1, 1, 17, 9, tzinfo=UTC)


def test_a_stamp_without_a_zone_takes_the_items_own_date_zone() -> None:
    body = _feed("parse-history-2014.rss").replace(b" PST&lt;", b"&lt;")
    parsed = parse_feed(body, "parse")
    first = next(i for i in parsed.incidents if i.title == "Elevated error rates")
    assert first.resolved_at == datetime(2014, 1, 1, 17, 9, tzinfo=UTC)  # pubDate is -0800


# --- detection by parsing ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["feedrs-rss_1.0_debian.xml", "feedrs-rss_1.0_iso8859.xml"])
def test_stylesheet_instructions_do_not_hide_a_feed(name: str) -> None:
    assert looks_like_feed(_feed(name))  # both were added as probes


def _as_wide(body: bytes, encoding: str) -> bytes:
    text = body.decode("utf-8").replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"')
    return text.encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-le"])
def test_utf16_and_utf32_feeds_are_feeds(encoding: str) -> None:
    body = _as_wide(_feed("github-history-2026-08-22-latest.atom"), encoding)
    if encoding == "utf-16-le":
        body = codecs.BOM_UTF16_LE + body
    assert looks_like_feed(body)
    assert len(parse_feed(body, "gh").incidents) == 25


def test_a_doctype_before_a_comment_is_still_a_feed() -> None:
    body = _feed("feedrs-rss_2.0_bbc.xml")
    declaration, rest = body.split(b"?>", 1)
    body = declaration + b"?>\n<!DOCTYPE rss>\n<!-- generated -->\n" + rest.lstrip()
    assert looks_like_feed(body)


def test_an_entity_declaration_in_utf16_is_refused_too() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]><rss>&a;</rss>'
    assert not looks_like_feed(bomb.encode("utf-16"))


def test_html_is_not_a_feed() -> None:
    assert not looks_like_feed(b"<!DOCTYPE html><html><body><p>hi</p></body></html>")


async def test_a_stylesheet_feed_is_detected_as_a_feed_over_http(server, client) -> None:
    server.routes["/news.rdf"] = server.Reply(body=_feed("feedrs-rss_1.0_debian.xml"))
    detection = await detect_source(client, server.url("/news.rdf"))
    assert detection.recognised and detection.kind is kind_named("feed")


def test_feed_kind_recognises_a_wide_feed_without_a_content_type() -> None:
    body = _as_wide(_feed("github-history-2026-08-22-latest.atom"), "utf-32")
    first = FetchResult(url="http://x.test/history.atom", status=200, body=body)
    feed = kind_named("feed")
    assert feed is not None and feed.recognises(first.url, first, None)


# --- titles and maintenance ---------------------------------------------------------------------


def test_titles_with_html_or_entities_show_as_text() -> None:
    feed = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
        b'<title type="html">Example &lt;b&gt;Atom&lt;/b&gt;</title>'
        b"<entry><id>1</id><title>Tom &amp;#38; Jerry</title><updated>2026-01-01T00:00:00Z"
        b"</updated><content>x</content></entry></feed>"
    )
    parsed = parse_feed(feed, "t")
    assert parsed.title == "Example Atom"
    assert parsed.incidents[0].title == "Tom & Jerry"


def test_scheduled_maintenance_entries_have_impact_maintenance() -> None:
    parsed = parse_feed(_feed("github-history-2025-07-08-maintenance.atom"), "gh")
    impacts = Counter(i.impact for i in parsed.incidents)
    assert impacts == {"minor": 24, "maintenance": 1}
    maintenance = next(i for i in parsed.incidents if i.impact == "maintenance")
    assert maintenance.title == "Codespaces Scheduled Maintenance"
    assert [u.status for u in maintenance.updates] == ["scheduled", "in_progress", "completed"]
