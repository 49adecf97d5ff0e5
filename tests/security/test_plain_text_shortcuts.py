"""Plain text skips the HTML reader and the regexes, and comes out exactly as it did."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.text import _HTML_TAG, ELLIPSIS, clean_text, html_to_text, text_from_markup

remote = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from(["<", ">", "&", ";", "#", "b", "p", "/", "\x1b", "\u202e", "\r", "\n"]),
    ),
    max_size=120,
)


def read_as_before(value: str, limit: int) -> str:
    """text_from_markup without its shortcut: every value through the tag test and unescape."""
    if _HTML_TAG.search(value):
        return html_to_text(
            value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>"), limit
        )
    return clean_text(html.unescape(value), limit)


@given(remote, st.integers(min_value=1, max_value=200))
@settings(max_examples=500)
def test_text_from_markup_reads_remote_text_as_before(value: str, limit: int) -> None:
    assert text_from_markup(value, limit) == read_as_before(value, limit)


def test_plain_text_with_controls_is_still_cleaned() -> None:
    assert text_from_markup("API down \x1b[2J\u202e now") == "API down \ufffd[2J\ufffd now"
    assert text_from_markup("fixed &amp; deployed") == "fixed & deployed"
    assert "\x1b" not in text_from_markup("fixed &#27;[31m")


def test_a_limit_below_one_still_leaves_one_character() -> None:
    assert clean_text("abc", 0) == ELLIPSIS
    assert clean_text("abc", -5) == ELLIPSIS
    assert clean_text("", 0) == ""
    assert clean_text("abc", 3) == "abc" and clean_text("abcd", 3) == "ab" + ELLIPSIS
