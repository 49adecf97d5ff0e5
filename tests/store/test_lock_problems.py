"""A lock file that cannot be used is named as such, never blamed on "another process".

With a directory where ``poller.lock`` should be, nobody can poll: ``poll --once`` used to say
another process was already polling, ``poll`` waited for it forever, and ``doctor`` advised
``chmod 600``. Each now says what is wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.domain import Source
from tui.store import Store


@pytest.fixture
def store_with_a_directory_lock(tmp_path: Path) -> Path:
    root = tmp_path / "store"
    Store.open(root).save_source(Source(id="s", url="http://127.0.0.1:9/", kind="probe"))
    (root / "poller.lock").mkdir()
    return root


@pytest.mark.parametrize("once", [True, False])
def test_poll_says_the_lock_is_a_directory(
    store_with_a_directory_lock: Path, capsys: pytest.CaptureFixture[str], once: bool
) -> None:
    argv = ["--db", str(store_with_a_directory_lock), "poll"] + (["--once"] if once else [])
    assert main(argv) != 0
    err = capsys.readouterr().err
    assert "poller.lock: it is a directory" in err
    assert "already polling" not in err and "waiting" not in err


def test_doctor_says_the_lock_is_a_directory_not_chmod(
    store_with_a_directory_lock: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--db", str(store_with_a_directory_lock), "doctor", "--json"])
    findings = json.loads(capsys.readouterr().out)
    about_lock = [f for f in findings["findings"] if f["file"] == "poller.lock"]
    assert any("it is a directory" in f["message"] for f in about_lock), about_lock
    assert not any("chmod" in f["message"] for f in about_lock)
