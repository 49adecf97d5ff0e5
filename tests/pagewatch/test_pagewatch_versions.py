"""Page versions on disk: distinct, compressed, bounded, atomic, and damage is survived."""

from __future__ import annotations

import errno
import gzip
import stat
from datetime import UTC, datetime, timedelta

import pytest

from tui.pagewatch import versions
from tui.pagewatch.extract import text_sha256
from tui.pagewatch.versions import VersionError, VersionStore, safe_name

WHEN = datetime(2026, 12, 1, 10, 15, tzinfo=UTC)


def filled(tmp_path, texts, keep: int = 50) -> VersionStore:
    store = VersionStore(tmp_path / "pages", keep=keep)
    for index, text in enumerate(texts):
        store.save("x-terms", text, WHEN + timedelta(minutes=index))
    return store


def test_versions_are_listed_with_number_time_size_and_digest(tmp_path) -> None:
    store = filled(tmp_path, ["one", "one\ntwo", "caf\u00e9"])
    listing = store.list("x-terms")
    assert [v.number for v in listing.versions] == [1, 2, 3]
    third = listing.versions[2]
    assert third.fetched_at == WHEN + timedelta(minutes=2)
    assert third.size == len("caf\u00e9".encode()) and third.sha256 == text_sha256("caf\u00e9")
    assert listing.damaged == () and listing.latest == third
    assert store.read("x-terms", 2) == "one\ntwo"


def test_files_are_compressed_private_and_one_directory_per_source(tmp_path) -> None:
    store = filled(tmp_path, ["word " * 2000])
    (path,) = store.directory("x-terms").iterdir()
    assert path.stat().st_size < 200
    assert gzip.decompress(path.read_bytes()) == ("word " * 2000).encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert store.directory("x-terms") == tmp_path / "pages" / "x-terms"


def test_the_same_text_twice_is_one_version(tmp_path) -> None:
    store = filled(tmp_path, ["one"])
    assert store.save("x-terms", "one", WHEN) is None
    assert store.save("x-terms", "two", WHEN).number == 2
    assert store.save("x-terms", "one", WHEN).number == 3  # back to an older text: distinct


def test_only_the_newest_versions_are_kept(tmp_path) -> None:
    store = filled(tmp_path, [f"text {n}" for n in range(7)], keep=3)
    assert [v.number for v in store.list("x-terms").versions] == [5, 6, 7]
    assert store.read("x-terms", 7) == "text 6"
    with pytest.raises(VersionError, match="no version 1"):
        store.read("x-terms", 1)


def test_diff_between_any_two_versions(tmp_path) -> None:
    store = filled(tmp_path, ["a", "a\nb", "a\nb\nc"])
    assert store.diff("x-terms").summary == "1 paragraph added"
    assert store.diff("x-terms", 1, 3).summary == "2 paragraphs added"
    assert store.diff("x-terms", 3, 1).summary == "2 paragraphs removed"
    with pytest.raises(VersionError, match="fewer than two"):
        filled(tmp_path / "other", ["a"]).diff("x-terms")


def test_damaged_files_are_reported_and_skipped(tmp_path) -> None:
    store = filled(tmp_path, ["one", "two", "three"])
    directory = store.directory("x-terms")
    newest = store.list("x-terms").versions[-1].path
    newest.write_bytes(gzip.compress(b"tampered", mtime=0))  # digest no longer matches
    (directory / "v000002-bad-name.txt.gz").write_bytes(b"junk")
    second = store.list("x-terms").versions[1].path
    second.write_bytes(second.read_bytes()[:10] + b"\x00" * 4)  # truncated gzip

    listing = store.list("x-terms")
    assert listing.damaged == ("v000002-bad-name.txt.gz",)
    with pytest.raises(VersionError, match="version 3 is damaged"):
        store.read("x-terms", 3)
    with pytest.raises(VersionError, match="version 2 is damaged"):
        store.read("x-terms", 2)
    latest = store.latest_text("x-terms")
    assert latest is not None and latest[0].number == 1 and latest[1] == "one"
    assert store.save("x-terms", "four", WHEN).number == 4


def test_a_missing_directory_is_no_versions(tmp_path) -> None:
    store = VersionStore(tmp_path / "nowhere")
    assert store.list("x-terms").versions == () and store.latest_text("x-terms") is None


def test_a_full_disk_raises_oserror_and_keeps_what_was_there(tmp_path, monkeypatch) -> None:
    store = filled(tmp_path, ["one"])

    def full(path, payload):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(versions, "atomic_write_bytes", full)
    with pytest.raises(OSError):
        store.save("x-terms", "two", WHEN)
    assert [v.number for v in store.list("x-terms").versions] == [1]


def test_a_root_that_is_a_file_raises_oserror(tmp_path) -> None:
    (tmp_path / "pages").write_text("not a directory")
    with pytest.raises(OSError):
        VersionStore(tmp_path / "pages").save("x-terms", "one", WHEN)


def test_source_ids_become_safe_distinct_directory_names() -> None:
    assert safe_name("x-terms") == "x-terms"
    names = {safe_name(value) for value in ("a/b", "a_b", "a:b", "../..", ".", "", "é")}
    assert len(names) == 7
    for name in names:
        assert "/" not in name and not name.startswith(".") and name
