"""A file changed behind the store's back is read afresh, however its change hides.

The read cache trusts a file's stat signature (inode, mtime, size) once its mtime is safely in
the past; a file written in the last seconds is proven unchanged by a digest of its bytes
instead. Both tests rewrite a file in place with bytes of the same length, as an editor or a
second session on a coarse-clock filesystem could.
"""

from __future__ import annotations

import os
from pathlib import Path

from tui.store import Store


def _document(generation: int) -> bytes:
    return (
        b'{"_meta": {"1": {"kind": "config", "schema": 1, "generation": %d}}, "platforms": {}}'
        % generation
    )


def _rewrite_in_place(path: Path, payload: bytes) -> None:
    with path.open("r+b") as handle:  # same inode, same size
        handle.write(payload)


def test_a_just_written_file_rewritten_with_the_same_signature_is_read_again(
    tmp_path: Path,
) -> None:
    store = Store.open(tmp_path / "db")
    path = store.config.path
    path.write_bytes(_document(1))
    assert store.config.generation() == 1
    before = path.stat()
    _rewrite_in_place(path, _document(2))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert store.config.stat_signature() == (before.st_ino, before.st_mtime_ns, before.st_size)
    assert store.config.generation() == 2


def test_a_settled_file_whose_signature_changed_is_read_again(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "db")
    path = store.config.path
    path.write_bytes(_document(1))
    settled = path.stat().st_mtime - 10
    os.utime(path, (settled, settled))
    assert store.config.generation() == 1
    assert store.config.generation() == 1  # from the cache, trusted by its signature
    _rewrite_in_place(path, _document(2))
    os.utime(path, (settled + 1, settled + 1))
    assert store.config.generation() == 2
