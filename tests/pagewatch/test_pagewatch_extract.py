"""Page text: the part that matters, as a reader sees it, with only wording left to compare."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.pagewatch.extract import (
    PageError,
    PageRules,
    body_kind,
    check_rules,
    decode_body,
    html_fragment_text,
    page_text,
)
from tui.text import clean_text

PAGE = b"""<!doctype html><html><head><title>Terms</title><style>p{}</style></head><body>
<nav>Home | Help</nav>
<main>
  <div class="cookie">We use cookies</div>
  <section class="terms">
    <h1>Terms of Service</h1>
    <p>You may   post <b>anything</b>
       lawful.</p>
    <ul><li>No spam</li><li>No bots</li></ul>
    <table><tr><th>Plan</th><th>Price</th></tr><tr><td>Basic</td><td>$200</td></tr></table>
    <p>Updated at 10:02:33</p>
  </section>
</main>
<script>track()</script></body></html>"""


def test_selected_part_as_readable_lines() -> None:
    rules = PageRules(select=("main .terms",), remove=(".cookie",), ignore=(r"^Updated at",))
    assert page_text(PAGE, "text/html; charset=utf-8", rules) == (
        "Terms of Service\n"
        "You may post anything lawful.\n"
        "* No spam\n"
        "* No bots\n"
        "Plan | Price\n"
        "Basic | $200"
    )


def test_without_select_the_body_is_watched_and_scripts_never_are() -> None:
    text = page_text(PAGE, "text/html")
    assert text.startswith("Home | Help\nWe use cookies\nTerms of Service")
    assert "track()" not in text and "p{}" not in text and "Terms\n" not in text[:12]


def test_markup_and_whitespace_changes_give_the_same_text() -> None:
    one = b"<main><p>First  rule.</p><p>Second rule.</p></main>"
    two = b"<main>\n<div class='a'> First\n rule. </div>\n\n<section>Second <i>rule.</i></section></main>"
    rules = PageRules(select=("main",))
    assert page_text(one, "text/html", rules) == page_text(two, "text/html", rules)


def test_unicode_is_compared_in_one_normal_form() -> None:
    composed = "<p>caf\u00e9</p>".encode()
    decomposed = "<p>cafe\u0301</p>".encode()
    assert page_text(composed, "text/html") == page_text(decomposed, "text/html") == "caf\u00e9"


def test_remove_keeps_the_text_after_the_removed_element() -> None:
    rules = PageRules(remove=("b",))
    assert page_text(b"<p>one <b>two</b> three</p>", "text/html", rules) == "one three"


def test_nested_and_repeated_matches_are_kept_once_in_document_order() -> None:
    body = b"<div id=a><p>one</p></div><p class=b>two</p><div id=c>three</div>"
    rules = PageRules(select=("#c", "div", "p"))
    assert page_text(body, "text/html", rules) == "one\ntwo\nthree"


def test_selector_that_matches_nothing_is_an_error() -> None:
    with pytest.raises(PageError, match=r"^selector 'main \.terms' matched nothing$"):
        page_text(b"<main><p>x</p></main>", "text/html", PageRules(select=("main .terms",)))


def test_bad_rules_are_refused_before_any_fetch() -> None:
    with pytest.raises(PageError, match="invalid CSS selector 'main\\['"):
        check_rules(PageRules(select=("main[",)))
    with pytest.raises(PageError, match="invalid --ignore pattern"):
        check_rules(PageRules(ignore=("(",)))
    check_rules(PageRules(select=("main[id=twtr-main]",), remove=("[class^=u11__]",)))


def test_ignoring_every_line_is_an_error_not_an_empty_version() -> None:
    with pytest.raises(PageError, match="every line"):
        page_text(b"<p>10:01</p>", "text/html", PageRules(ignore=(r"\d\d:\d\d",)))


def test_plain_text_passes_through_normalised() -> None:
    body = b"  Changelog \r\n\r\n\r\n2026-12-01\t  Rate   limits\n"
    assert page_text(body, "text/plain; charset=utf-8") == "Changelog\n2026-12-01 Rate limits"
    assert page_text(b"# Title\n\n- item", "text/markdown") == "# Title\n- item"
    with pytest.raises(PageError, match="selectors need an HTML page; this one is text/plain"):
        page_text(body, "text/plain", PageRules(select=("main",)))


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"%PDF-1.7 ...", "application/pdf", "a PDF document (application/pdf), not HTML"),
        (b"%PDF-1.7 ...", "text/html", "a PDF document, though the server says text/html"),
        (b"\x89PNG\r\n\x1a\n....", "", "a PNG image, not HTML or text"),
        (b"\xff\xd8\xff\xe0....", "image/jpeg", "a JPEG image (image/jpeg)"),
        (b"<p>x</p>", "application/octet-stream", "application/octet-stream, not HTML or text"),
        (b"<p>x</p>", "image/svg+xml", "an XML document (image/svg+xml)"),
        (b"<rss></rss>", "application/rss+xml", "use the changelog kind"),
        (b"MZ\x90\x00", "", "an executable"),
        (b"abc\x00\x00def", "text/plain", "binary data, though the server says text/plain"),
    ],
)
def test_bodies_that_are_not_html_or_text_are_refused(body, content_type, reason) -> None:
    with pytest.raises(PageError, match="^the page is ") as caught:
        page_text(body, content_type)
    assert reason in str(caught.value)


def test_a_body_without_a_type_is_sniffed() -> None:
    assert body_kind(b"<!DOCTYPE html><html>", "") == "html"
    assert body_kind(b"Just words.", "") == "text"


def test_control_sequences_never_reach_the_text() -> None:
    body = b"<p>\x1b[2J clear &#27;[31m red &#x202e;evil &#x7;bell</p>"
    text = page_text(body, "text/html")
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert text == clean_text(text, limit=len(text) + 1)


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b"caf\xe9", "text/plain; charset=iso-8859-1", "caf\u00e9"),
        (b'<meta charset="windows-1252"><p>\x93q\x94</p>', "text/html", "<meta"),
        (b"caf\xe9", "text/plain; charset=utf-8", "caf\ufffd"),
        (b"caf\xe9", "text/plain; charset=no-such-codec", "caf\ufffd"),
        (b"plain", "text/plain; charset=zlib", "plain"),
        ("\ufeffhi".encode("utf-16-le"), "text/plain", "hi"),
    ],
)
def test_decoding_never_fails(body, content_type, expected) -> None:
    assert decode_body(body, content_type).startswith(expected)


def test_meta_charset_is_honoured() -> None:
    body = b'<meta charset="windows-1252"><p>\x93quoted\x94</p>'
    assert page_text(body, "text/html") == "\u201cquoted\u201d"


def test_deep_nesting_is_refused_with_a_reason() -> None:
    body = b"<html><body>" + b"<div>" * 5000 + b"deep" + b"</div>" * 5000 + b"</body></html>"
    with pytest.raises(PageError, match="nests its markup too deeply"):
        page_text(body, "text/html")


def test_huge_attribute_is_survived() -> None:
    body = b'<p title="' + b"x" * 3_000_000 + b'">hello</p>'
    assert page_text(body, "text/html") == "hello"


def test_empty_pages_are_errors() -> None:
    for body in (b"", b"   ", b"<html><body><script>x()</script></body></html>"):
        with pytest.raises(PageError):
            page_text(body, "text/html")


def test_long_text_is_cut_at_a_line_with_a_note() -> None:
    body = ("\n".join(f"line {n}" for n in range(1000))).encode()
    text = page_text(body, "text/plain", max_chars=100)
    assert text.endswith("\n\u2026 (page text cut at 100 characters)")
    assert len(text.split("\n")[-2]) < 10


def test_links_can_be_part_of_the_text() -> None:
    body = b'<p>See <a href="https://x.com/rules">the rules</a>.</p>'
    assert page_text(body, "text/html") == "See the rules."
    assert page_text(body, "text/html", PageRules(show_links=True)) == (
        "See [the rules](https://x.com/rules)."
    )


def test_fragment_text_for_feed_summaries() -> None:
    assert html_fragment_text("<p>One</p><ul><li>two</li></ul>") == "One\n* two"
    assert html_fragment_text("") == ""


CONTENT_TYPES = st.sampled_from(
    ["text/html", "text/plain", "", "application/json", "text/html; charset=utf-16", "x/y"]
)


@settings(max_examples=150, deadline=None)
@given(body=st.binary(max_size=600), content_type=CONTENT_TYPES)
def test_any_bytes_give_text_or_a_page_error(body: bytes, content_type: str) -> None:
    try:
        text = page_text(body, content_type)
    except PageError:
        return
    assert text and "\n\n" not in text and text == clean_text(text, limit=len(text) + 1)


MARKUP = st.lists(
    st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<b>", "<table><tr><td>", "<li>", "&amp;"])
    | st.text(max_size=12),
    max_size=40,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(markup=MARKUP, select=st.sampled_from([(), ("p",), ("div > p",), ("td",)]))
def test_any_markup_gives_text_or_a_page_error(markup: str, select: tuple[str, ...]) -> None:
    try:
        text = page_text(markup.encode("utf-8", "surrogatepass"), "text/html", PageRules(select))
    except PageError:
        return
    assert all(line == line.strip() and line for line in text.split("\n"))
