"""RSS and Atom feeds become incidents; hostile XML is refused before parsing."""

from __future__ import annotations

import pytest

from tui.feeds.errors import FeedError
from tui.kinds.feed import looks_like_feed, parse_feed

# Shaped like a Statuspage history.atom: the latest update comes first in the content.
STATUSPAGE_ATOM = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom">
  <id>tag:api.twitterstat.us,2005:/history</id>
  <link rel="alternate" type="text/html" href="https://api.twitterstat.us"/>
  <title>Twitter API Status - Incident History</title>
  <updated>2023-02-09T00:10:00Z</updated>
  <entry>
    <id>tag:api.twitterstat.us,2005:Incident/15000001</id>
    <published>2023-02-08T21:05:00Z</published>
    <updated>2023-02-09T00:10:00Z</updated>
    <link rel="alternate" type="text/html" href="https://api.twitterstat.us/incidents/abc"/>
    <title>Tweets failing to post</title>
    <content type="html">&lt;p&gt;&lt;small&gt;Feb &lt;var data-var='date'&gt; 9&lt;/var&gt;, &lt;var data-var='time'&gt;00:10&lt;/var&gt; UTC&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Resolved&lt;/strong&gt; - Posting works again.&lt;/p&gt;&lt;p&gt;&lt;small&gt;Feb &lt;var data-var='date'&gt; 8&lt;/var&gt;, &lt;var data-var='time'&gt;21:05&lt;/var&gt; UTC&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Investigating&lt;/strong&gt; - Some users cannot post.&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>tag:api.twitterstat.us,2005:Incident/15000002</id>
    <published>2023-03-06T16:00:00Z</published>
    <updated>2023-03-06T16:20:00Z</updated>
    <link rel="alternate" type="text/html" href="https://api.twitterstat.us/incidents/def"/>
    <title>Links and images not loading</title>
    <content type="html">&lt;p&gt;&lt;small&gt;Mar &lt;var data-var='date'&gt; 6&lt;/var&gt;, &lt;var data-var='time'&gt;16:20&lt;/var&gt; UTC&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Identified&lt;/strong&gt; - An API change broke t.co.&lt;/p&gt;&lt;p&gt;&lt;small&gt;Mar &lt;var data-var='date'&gt; 6&lt;/var&gt;, &lt;var data-var='time'&gt;16:00&lt;/var&gt; UTC&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Investigating&lt;/strong&gt; - Looking into it.&lt;/p&gt;</content>
  </entry>
</feed>
"""

PLAIN_RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Ops blog</title>
<item><title>Login outage resolved</title><link>https://ops.example/1</link>
<guid>ops-1</guid><pubDate>Tue, 01 Nov 2022 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Logins failed for an hour.&lt;/p&gt;</description></item>
<item><title>Degraded search</title><link>javascript:alert(1)</link>
<pubDate>Wed, 02 Nov 2022 10:00:00 GMT</pubDate>
<description>Search is slow &#27;[2J [red]now[/red]</description></item>
</channel></rss>
"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0"><channel><title>&xxe;</title></channel></rss>
"""


def test_statuspage_history_atom_gives_every_update_and_the_latest_status() -> None:
    feed = parse_feed(STATUSPAGE_ATOM, "s3", "X/Twitter")
    assert feed.title == "Twitter API Status - Incident History"
    posting, links = feed.incidents
    assert posting.external_id == "tag:api.twitterstat.us,2005:Incident/15000001"
    assert posting.status == "resolved" and not posting.is_open
    assert [u.status for u in posting.updates] == ["investigating", "resolved"]
    assert posting.updates[-1].body == "Posting works again."
    assert posting.resolved_at.isoformat() == "2023-02-09T00:10:00+00:00"
    assert posting.url == "https://api.twitterstat.us/incidents/abc"
    assert links.status == "identified" and links.is_open
    assert links.platform == "X/Twitter"


def test_plain_rss_entries_with_hostile_text() -> None:
    feed = parse_feed(PLAIN_RSS, "s4")
    login, search = feed.incidents
    assert login.external_id == "ops-1" and login.status == "resolved"
    assert login.updates[0].body == "Logins failed for an hour."
    assert search.status == "investigating"
    assert search.url == ""  # javascript: links are dropped
    body = search.updates[0].body
    assert "\x1b" not in body and "[red]now[/red]" in body


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_entity_declarations_are_refused(document: bytes) -> None:
    with pytest.raises(FeedError, match="entities"):
        parse_feed(document, "s5")


def test_oversized_feed_is_refused() -> None:
    with pytest.raises(FeedError, match="larger than"):
        parse_feed(PLAIN_RSS + b" " * 2000, "s5", max_bytes=1000)


@pytest.mark.parametrize(
    "document",
    [b"<html><body>not a feed</body></html>", b'{"json": true}', b"", b"<rss><channel><item>"],
)
def test_non_feeds_raise_feed_error(document: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed(document, "s5")


def test_sniffing() -> None:
    assert looks_like_feed(STATUSPAGE_ATOM) and looks_like_feed(PLAIN_RSS)
    assert not looks_like_feed(b"<!doctype html><html></html>")
