"""What makes bytes a store file of a given kind: the checks every read of the store makes.

A module apart from :mod:`.datafile` so that a read that builds no :class:`~.datafile.DataFile`
(:mod:`.clean_read`, for ``whalewatch source list``) checks a file by the very same rules.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import StoreDamaged, StoreTooNew
from .meta import META

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (mypy reads it so)
if TYPE_CHECKING:
    from typing import Any

SCHEMA = 1
"""The schema version of the files this whalewatch writes (older ones are migrated)."""


def parse_store_file(payload: bytes, path: Path, kind: str, schema: int) -> dict[str, Any]:
    """Validate raw bytes as a ``kind`` file, raising :class:`StoreDamaged` with a reason.

    A file of a schema newer than ``schema`` raises :class:`StoreTooNew`; an older one is
    returned as it is (migrating it is the caller's business).
    """
    if not payload.strip():
        raise StoreDamaged(path, "the file is empty (a write was probably interrupted)")
    if b"\x00" in payload:
        raise StoreDamaged(path, "the file contains NUL bytes (damaged on disk)")
    try:
        data = json.loads(payload.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise StoreDamaged(path, f"the file is not UTF-8 text ({error.reason})") from error
    except json.JSONDecodeError as error:
        raise StoreDamaged(
            path,
            f"the file is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); it may be truncated",
        ) from error
    except RecursionError as error:
        raise StoreDamaged(path, "the file is nested too deeply to be a store file") from error
    problem = _shape_problem(data)
    if problem:
        raise StoreDamaged(path, f"the file is JSON but not a whalewatch store file ({problem})")
    meta = data.get(META, {}).get("1")
    version = 0 if meta is None else meta.get("schema", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise StoreDamaged(path, f"unreadable schema version {version!r}")
    generation = 0 if meta is None else meta.get("generation", 0)
    marks = {} if meta is None else meta.get("last_ids", {})
    if not _is_count(generation) or not (
        isinstance(marks, dict) and all(_is_count(mark) for mark in marks.values())
    ):
        raise StoreDamaged(path, "the file's _meta record is damaged")
    if meta is not None and meta.get("kind", kind) != kind:
        raise StoreDamaged(path, f"this is a {meta.get('kind')!r} file, expected {kind!r}")
    if version > schema:
        raise StoreTooNew(
            path,
            f"written by a newer whalewatch (schema {version}, this version reads up to "
            f"{schema}); upgrade whalewatch to open it",
        )
    return data


def schema_of(data: dict[str, Any]) -> int:
    """The schema version of parsed file data (0: a file from before ``_meta``)."""
    meta = data.get(META, {}).get("1")
    return 0 if meta is None else int(meta.get("schema", 0))


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _shape_problem(data: Any) -> str:
    """What makes parsed JSON something other than a TinyDB file ('' when it is one)."""
    if not isinstance(data, dict):
        return f"the top level is a {type(data).__name__}, not an object of tables"
    for name, table in data.items():
        if not isinstance(table, dict):
            return f"table {name!r} is not an object"
        for doc_id, doc in table.items():
            if not doc_id.isdigit() or not doc_id.isascii():
                return f"table {name!r} has a document id {doc_id!r} that is not a number"
            if not isinstance(doc, dict):
                return f"document {doc_id} of table {name!r} is not an object"
    return ""
