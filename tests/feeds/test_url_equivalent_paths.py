"""Spellings of one path that RFC 3986 (6.2.2) calls equivalent are one source.

``/./feed.xml``, ``/a/../feed.xml``, ``/%66eed.xml`` (an escaped letter) and a host written
with its trailing dot (``localhost.``) name the same resource as ``/feed.xml`` on
``localhost``, yet each became a second source storing every incident again. Case in the
path and reserved escapes (``%2F``) are kept: a server may tell them apart.
"""

from __future__ import annotations

import pytest

from tui.text import normalized_url


@pytest.mark.parametrize(
    "spelling",
    [
        "http://localhost:9/./feed.xml",
        "http://localhost:9/a/../feed.xml",
        "http://localhost:9/%66eed.xml",
        "http://localhost.:9/feed.xml",
    ],
)
def test_equivalent_spellings_normalise_to_one(spelling: str) -> None:
    assert normalized_url(spelling) == "http://localhost:9/feed.xml"


@pytest.mark.parametrize(
    "url", ["http://h/A/b%2Fc?q=%66", "http://h/", "http://h", "http://h/a/", "http://h/a?x=./.."]
)
def test_what_a_server_may_tell_apart_is_kept(url: str) -> None:
    assert normalized_url(url) == url


def test_an_add_of_an_equivalent_spelling_is_refused(tmp_path, capsys) -> None:
    from tui.__main__ import main

    db = tmp_path / "db"
    assert main(["--db", str(db), "source", "add", "--kind", "probe", "http://h.test/feed"]) == 0
    assert (
        main(["--db", str(db), "source", "add", "--kind", "probe", "http://h.test/./fe%65d"]) == 1
    )
    assert "already watched as s1" in capsys.readouterr().err
