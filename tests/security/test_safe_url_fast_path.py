"""The one-match shortcut of :func:`tui.text.safe_url` accepts only what the full rules accept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.text import _PLAIN_URL, MAX_URL_LENGTH, _checked_url, safe_url


def full_rules(url: str) -> str:
    """What safe_url answered before the shortcut: every URL through the full rules."""
    url = url.strip()
    if not url or len(url) > MAX_URL_LENGTH:
        return ""
    return _checked_url(url)


@given(st.from_regex(_PLAIN_URL, fullmatch=True))
@settings(max_examples=400)
def test_every_url_the_shortcut_takes_passes_the_full_rules_unchanged(url: str) -> None:
    assert _checked_url(url) == url
    assert safe_url(url) == url


hostile = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("abcXYZ09.-_:/?#@[]%~+!")),
        st.sampled_from(["\x1b", "\x9b", "\x07", "\u202e", "\u200b", "\u2028", "\ufeff"]),
        st.sampled_from([" ", "\t", "\n", "\r", "\u00a0", "\u3000"]),
        st.characters(),
    ),
    max_size=60,
)


@given(st.sampled_from(["http://", "https://", "HTTP://", "javascript:", "", "//"]), hostile)
@settings(max_examples=600)
def test_hostile_links_get_the_same_answer_as_before(scheme: str, rest: str) -> None:
    url = scheme + rest
    assert safe_url(url) == full_rules(url)


def test_links_with_controls_spaces_or_odd_ports_are_still_refused() -> None:
    for bad in (
        "https://stspg.io/abc\x1b]8;;https://evil\x07",
        "https://stspg.io/\x9b31m",
        "https://stspg.io/a\u202eb",
        "https://stspg.io/a b",
        "https://stspg.io:0/",
        "https://stspg.io:99999/",
        "http://[::1/",
    ):
        assert safe_url(bad) == "", bad
    assert safe_url("  https://stspg.io/p1i2  ") == "https://stspg.io/p1i2"
