"""``source add`` refuses a URL whose port is not one a connection can use, and says why.

``:99999`` and ``:abc`` were refused as "not an http(s) URL", which sends the user looking at
the scheme; ``:0`` was saved with ``--kind`` and then failed every poll.
"""

from __future__ import annotations

import pytest

from tui.__main__ import main
from tui.store import Store


@pytest.mark.parametrize("port", ["99999", "0", "abc", "-1"])
def test_a_port_that_is_none_is_refused_by_name(tmp_path, capsys, port: str) -> None:
    db = tmp_path / "db"
    url = f"http://127.0.0.1:{port}/"
    assert main(["--db", str(db), "source", "add", "--kind", "probe", url]) == 1
    err = capsys.readouterr().err
    assert "port" in err and "1 to 65535" in err, err
    assert "Traceback" not in err
    assert Store.open(db).sources() == []


def test_a_real_port_is_taken(tmp_path) -> None:
    db = tmp_path / "db"
    url = "http://127.0.0.1:65535/"
    assert main(["--db", str(db), "source", "add", "--kind", "probe", "--no-check", url]) == 0


@pytest.mark.parametrize("url", ["http://[::1/", "javascript:alert(1)", "http:///x"])
def test_other_bad_urls_do_not_blame_the_port(tmp_path, capsys, url: str) -> None:
    assert main(["--db", str(tmp_path / "db"), "source", "add", "--kind", "probe", url]) == 1
    err = capsys.readouterr().err
    assert "not an http(s) URL" in err and "port" not in err
