"""One address, one source: spellings of a URL are one source, credentials never stored.

``HTTP://Host/``, ``http://host:80/#frag`` and ``http://host/`` used to become three
sources storing every incident three times, and ``user:pw@`` was kept and listed in clear.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.store import Store
from tui.text import normalized_url


def add(db: Path, url: str) -> int:
    return main(["--db", str(db), "source", "add", url, "--kind", "probe"])


def test_spellings_of_one_address_are_one_source(tmp_path: Path, capsys) -> None:
    db = tmp_path / "db"
    assert add(db, "HTTP://Status.Example.org:80/api#top") == 0
    assert add(db, "http://status.example.org/api") == 1
    assert "already watched as s1" in capsys.readouterr().err
    [source] = Store.open(db).sources()
    assert source.url == "http://status.example.org/api"


def test_credentials_in_the_url_are_refused_and_never_stored(tmp_path: Path, capsys) -> None:
    db = tmp_path / "db"
    assert add(db, "https://user:s3cret@status.example.org/") == 1
    err = capsys.readouterr().err
    assert "user name or password" in err and "s3cret" not in err
    assert Store.open(db).sources() == []


def test_an_import_refuses_file_urls_and_credentials(tmp_path: Path, capsys) -> None:
    export = {
        "format": "whalewatch",
        "version": 1,
        "sources": [
            {"id": "a", "url": "file:///etc/passwd", "kind": "probe"},
            {"id": "b", "url": "javascript:alert(1)", "kind": "feed"},
            {"id": "c", "url": "https://u:pw@example.org/", "kind": "statuspage"},
        ],
    }
    path = tmp_path / "x.json"
    path.write_text(json.dumps(export))
    assert main(["--db", str(tmp_path / "db"), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "sources[0].url: only http:// or https://" in err
    assert "sources[1].url: only http:// or https://" in err
    assert "sources[2].url: a user name or password" in err
    assert Store.open(tmp_path / "db").sources() == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.ORG", "https://example.org"),
        ("https://example.org:443/a?b=1#c", "https://example.org/a?b=1"),
        ("http://example.org:8080/A", "http://example.org:8080/A"),
        ("http://[::1]:80/", "http://[::1]/"),
        ("javascript:alert(1)", "javascript:alert(1)"),
    ],
)
def test_normalized_url(url: str, expected: str) -> None:
    assert normalized_url(url) == expected
