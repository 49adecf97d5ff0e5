"""Remote text reaching the store never carries terminal controls, and cleaning is stable."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.text import _clean_once, clean_text, html_to_text, safe_url

FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
    "\ud800-\udfff]"
)

nasty = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from(
            ["\x1b", "\x9b", "\u202e", "\u2066", "\u200f", "\u0301", "\u0308", "\r", "\n", "\t"]
        ),
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    ),
    max_size=200,
)


@given(nasty, st.integers(min_value=1, max_value=300))
@settings(max_examples=400)
def test_clean_text_output_has_no_controls_and_is_idempotent(text: str, limit: int) -> None:
    cleaned = clean_text(text, limit)
    assert not FORBIDDEN.search(cleaned)
    assert len(cleaned) <= limit
    assert clean_text(cleaned, limit) == cleaned


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=200), st.integers(1, 300))
@settings(max_examples=400)
def test_the_plain_ascii_shortcut_gives_what_the_full_cleaning_gives(text: str, limit: int) -> None:
    """Printable ASCII skips the regexes and normalisation; anything else in ASCII does not."""
    full, _ = _clean_once(text)
    expected = full if len(full) <= limit else full[: limit - 1] + "\u2026"
    assert clean_text(text, limit) == expected


@given(nasty)
@settings(max_examples=200)
def test_html_to_text_output_has_no_controls(text: str) -> None:
    cleaned = html_to_text(text)
    assert not FORBIDDEN.search(cleaned)
    assert clean_text(cleaned) == cleaned


def test_escape_sequences_become_visible_placeholders() -> None:
    cleaned = clean_text("API \x1b[2J\x1b]8;;http://evil\x07down\x9b31m \u202eevil")
    assert "\x1b" not in cleaned and "\x9b" not in cleaned and "\u202e" not in cleaned
    assert "API" in cleaned and "down" in cleaned
    assert "\ufffd" in cleaned


def test_markup_stays_literal_text() -> None:
    assert clean_text("[bold red]pwned[/] $(rm -rf)") == "[bold red]pwned[/] $(rm -rf)"


def test_combining_mark_runs_are_capped() -> None:
    cleaned = clean_text("Z" + "\u0301\u0302\u0303\u0304\u0305\u0306" * 50 + "!")
    marks = sum(1 for char in cleaned if unicodedata.category(char).startswith("M"))
    assert marks <= 4
    assert cleaned.endswith("!")


def test_long_text_is_cut_with_an_ellipsis() -> None:
    cleaned = clean_text("x" * 10_000, limit=100)
    assert len(cleaned) == 100 and cleaned.endswith("\u2026")


def test_newlines_and_tabs_survive_and_crlf_is_normalised() -> None:
    assert clean_text("a\r\nb\tc\rd") == "a\nb\tc\nd"


def test_html_to_text_unescapes_entities_then_cleans() -> None:
    text = html_to_text("<p>One &amp; two&#27;[31m\x1b[2J</p><p>Second &lt;b&gt; para</p>")
    assert "\x1b" not in text
    assert text.startswith("One & two[31m\ufffd[2J")
    assert text.endswith("\n\nSecond <b> para")


def test_html_to_text_drops_scripts_and_keeps_breaks() -> None:
    assert html_to_text("a<br>b<script>alert(1)</script><div>c</div>") == "a\nb\n\nc"


def test_safe_url_accepts_http_and_https_only() -> None:
    assert safe_url("https://example.com/x?y=1") == "https://example.com/x?y=1"
    assert safe_url("http://example.com") == "http://example.com"
    for bad in (
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://exa mple.com",
        "https://example.com/\x1b]8;;",
        "https://example.com/\u202e",
        "//example.com",
        "",
        "https://",
    ):
        assert safe_url(bad) == "", bad


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:99999/", "http://example.org:http/", "https://h:-1/"]
)
def test_a_port_that_is_not_one_is_refused(url: str) -> None:
    assert safe_url(url) == ""


def test_source_add_refuses_a_bad_port_in_one_line(tmp_path, capsys) -> None:
    from tui.__main__ import main

    for extra in ([], ["--kind", "probe"]):
        code = main(
            ["--db", str(tmp_path / "db"), "source", "add", "http://127.0.0.1:99999/", *extra]
        )
        err = capsys.readouterr().err
        assert code != 0 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    from tui.store import Store

    assert Store.open(tmp_path / "db").sources() == []
