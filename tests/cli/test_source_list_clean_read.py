"""``source list`` reads a store with nothing to repair without opening it, and says the same.

:mod:`tui.store.clean_read` lists the sources of a clean store without :class:`Store` and its
dataclasses (issue 18: a cron job's ``source list`` cost 2.7× ``python -c 'import argparse'``). These
tests check that it prints exactly what the store would, and that every state of the store
that ``Store.open`` would repair, migrate, finish or report goes through the store, which
still repairs and reports it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tui.__main__ import main
from tui.domain import Source, SourceHealth
from tui.store import Store, clean_read
from tui.store.clean_read import MAIN_FILES, clean_source_rows

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def _store(root: Path) -> Store:
    """A store of a dozen sources of every state a listing shows (ids s1…s12 sort as text)."""
    store = Store.open(root)
    kinds = ("statuspage", "feed", "probe", "page", "incidentio", "changelog")
    for n in range(12):
        store.save_source(
            Source(
                id="",
                url=f"https://status{n}.example.com/",
                kind=kinds[n % len(kinds)],
                platform="GitHub" if n % 3 == 0 else "",
                every=(5, 60, 300)[n % 3],  # 5 s is polled every 15 s
                paused=n == 4,
                created_at=NOW,
            )
        )
    store.save_health(
        [
            SourceHealth("s1", last_poll=NOW, last_ok=NOW),
            SourceHealth("s2", last_poll=NOW, error="HTTP 503", note="noisy since May"),
            SourceHealth("s3", last_poll=NOW, last_ok=NOW - timedelta(hours=1), note="moved"),
            SourceHealth("s10", last_poll=None),
            SourceHealth("gone", last_poll=NOW),  # health of a source since removed
        ]
    )
    return store


def _listing(root: Path, capsys, *, clean: bool, monkeypatch) -> tuple[int, str, str]:
    with monkeypatch.context() as patch:
        if not clean:  # the way through the store, as before the clean read existed
            patch.setattr(clean_read, "clean_source_rows", lambda root: None)
        status = main(["--db", str(root), "source", "list"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_clean_store_lists_the_same_without_opening_it(tmp_path, capsys, monkeypatch) -> None:
    root = tmp_path / "store"
    _store(root)
    assert clean_source_rows(root) is not None  # the clean read is the one taken here

    clean = _listing(root, capsys, clean=True, monkeypatch=monkeypatch)
    through_the_store = _listing(root, capsys, clean=False, monkeypatch=monkeypatch)

    assert clean == through_the_store
    lines = clean[1].splitlines()
    assert [line.split()[0] for line in lines] == sorted(f"s{n}" for n in range(1, 13))
    assert lines[0].startswith("s1    statuspage (Atlassian Statuspage) https://status0.")
    assert "[GitHub]" in lines[0] and "every 15 s - ok at 2024-05-01T12:00:00Z" in lines[0]
    assert "(paused)" in clean[1] and "FAILING: HTTP 503 (noisy since May)" in clean[1]
    assert "incidentio (incident.io)" in clean[1] and "never polled" in clean[1]


def test_the_clean_read_checks_the_files_the_store_checks(tmp_path) -> None:
    store = Store.open(tmp_path / "store")
    assert [(f.label, f.kind) for f in store.main_files()] == list(MAIN_FILES)


def _spoil_record(root: Path, name: str, table: str, doc: dict) -> None:
    data = json.loads((root / name).read_text())
    data.setdefault(table, {})["99"] = doc
    (root / name).write_text(json.dumps(data))


def _old_schema(root: Path) -> None:
    data = json.loads((root / "config.json").read_text())
    del data["_meta"]  # schema 0: the store migrates it, keeping a backup
    (root / "config.json").write_text(json.dumps(data))


def _lost_index(root: Path) -> None:
    store = Store.open(root)
    (root / "incidents" / "2024-05.json").write_text(
        json.dumps({"_meta": {"1": {"kind": "incidents", "schema": 1}}, "incidents": {}})
    )
    store.incident_index.path.unlink(missing_ok=True)


def _committed_batch(root: Path) -> None:
    """What a process killed between a batch's commit record and its renames leaves."""
    (root / ".whalewatch-staged-c.json").write_bytes((root / "config.json").read_bytes())
    (root / "commit.json").write_text(json.dumps([[".whalewatch-staged-c.json", "config.json"]]))


def _directory_for(name: str):
    def spoil(root: Path) -> None:
        (root / name).unlink()
        (root / name).mkdir()

    return spoil


NEEDS_THE_STORE = {
    "config.json truncated": lambda root: (root / "config.json").write_bytes(b'{"sources": {'),
    "notes.json damaged": lambda root: (root / "notes.json").write_bytes(b"\x00\x00"),
    "config.json of schema 0": _old_schema,
    "a temporary file in the store": lambda root: (root / ".whalewatch-tmp-x.json").write_text(""),
    "a temporary file in incidents": lambda root: (
        root / "incidents" / ".whalewatch-tmp-y.json"
    ).write_text(""),
    "a temporary file in backups": lambda root: (
        root / "backups" / ".whalewatch-tmp-z.json"
    ).write_text(""),
    "a staged file": lambda root: (root / ".whalewatch-staged-a.json").write_text("{}"),
    "a committed batch not yet in place": _committed_batch,
    "an incident index lost": _lost_index,
}
"""Store states that ``Store.open`` repairs: the clean read leaves them to it."""

REPORTED_BY_THE_STORE = {
    "health.json from a newer whalewatch": lambda root: (root / "health.json").write_text(
        json.dumps({"_meta": {"1": {"kind": "health", "schema": 99}}})
    ),
    "a health file that is a directory": _directory_for("health.json"),
    "a source that is not one": lambda root: _spoil_record(
        root, "config.json", "sources", {"id": "s99", "url": "https://x.test/"}
    ),
    "a source with a bad time": lambda root: _spoil_record(
        root,
        "config.json",
        "sources",
        {"id": "s99", "url": "https://x.test/", "kind": "feed", "created_at": "garbage"},
    ),
    "health with a bad time": lambda root: _spoil_record(
        root, "health.json", "health", {"source_id": "s1", "last_poll": "yesterday"}
    ),
}
"""Store states it cannot repair and reports (refusing to open, or skipping a record)."""


@pytest.mark.parametrize("spoil", NEEDS_THE_STORE.values(), ids=NEEDS_THE_STORE.keys())
def test_a_store_with_something_to_repair_is_repaired_then_read_clean(
    spoil, tmp_path, capsys
) -> None:
    root = tmp_path / "store"
    _store(root)
    spoil(root)
    assert clean_source_rows(root) is None

    assert main(["--db", str(root), "source", "list"]) == 0
    captured = capsys.readouterr()
    assert "s1    statuspage" in captured.out and "Traceback" not in captured.err
    assert clean_source_rows(root) is not None  # the store repaired it: the next one is clean


@pytest.mark.parametrize("spoil", REPORTED_BY_THE_STORE.values(), ids=REPORTED_BY_THE_STORE.keys())
def test_a_store_with_something_to_report_is_listed_through_the_store(
    spoil, tmp_path, capsys, monkeypatch
) -> None:
    root = tmp_path / "store"
    _store(root)
    spoil(root)
    assert clean_source_rows(root) is None

    status, out, err = _listing(root, capsys, clean=True, monkeypatch=monkeypatch)
    assert (status, out, err) == _listing(root, capsys, clean=False, monkeypatch=monkeypatch)
    assert err.startswith("whalewatch: ") and "Traceback" not in err  # what the store says


def test_a_missing_store_is_created_by_the_store(tmp_path, capsys) -> None:
    root = tmp_path / "new"
    assert clean_source_rows(root) is None
    assert main(["--db", str(root), "source", "list"]) == 0
    assert capsys.readouterr().out == ""
    assert (root / "incidents").is_dir()


def test_a_source_of_a_kind_not_built_in_is_listed_through_the_store(
    tmp_path, capsys, monkeypatch
) -> None:
    root = tmp_path / "store"
    _store(root).save_source(Source(id="", url="https://replay.test/", kind="replay", every=60))
    clean = _listing(root, capsys, clean=True, monkeypatch=monkeypatch)
    assert clean == _listing(root, capsys, clean=False, monkeypatch=monkeypatch)
    assert "replay" in clean[1]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=6,
)
times = st.sampled_from([None, "", "2024-05-01T12:00:00Z", "2024-05-01 12:00", "garbage"])
kinds = st.sampled_from(["statuspage", "feed", "probe"]) | json_values


def _documents(required: dict, optional: tuple[str, ...], time_keys: tuple[str, ...]):
    """Stored documents: some with the keys a record needs, some with any of them, any values."""
    others = {
        **{key: json_values for key in optional},
        **{key: times | json_values for key in time_keys},
        "unknown": json_values,
    }
    return st.fixed_dictionaries(required, optional=others) | st.fixed_dictionaries(
        {}, optional={**others, **required}
    )


sources = _documents(
    {"id": json_values, "url": st.text(max_size=20), "kind": kinds},
    ("platform", "paused", "every", "select", "remove", "ignore", "name", "headers"),
    ("created_at",),
)
healths = _documents(
    {"source_id": st.text(max_size=4) | json_values},
    ("error", "note", "latencies", "components", "kind_state", "http_status"),
    ("last_poll", "last_ok", "next_poll"),
)


def _write_tables(root: Path, sources: dict, health: dict) -> None:
    for name, kind, table, docs in (
        ("config.json", "config", "sources", sources),
        ("health.json", "health", "health", health),
    ):
        data = {"_meta": {"1": {"kind": kind, "schema": 1, "generation": 1}}, table: docs}
        (root / name).write_text(json.dumps(data))


def _read_both(root: Path, source_docs: dict, health_docs: dict):
    """The clean read's rows, and the store's records with what it told (``None``: declined)."""
    Store.open(root)
    _write_tables(root, source_docs, health_docs)
    rows = clean_source_rows(root)
    if rows is None:
        return None
    store = Store.open(root)
    records = (store.sources(), store.health())
    assert store.status.messages == []  # the clean read never keeps a skipped record
    return rows, records


PROPERTY = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(docs=st.lists(sources, max_size=3))
def test_the_source_rows_are_what_the_store_reads(tmp_path_factory, docs: list[dict]) -> None:
    """Either the clean read declines, or the store reads the very same values, silently."""
    both = _read_both(tmp_path_factory.mktemp("s"), dict(enumerate(docs, 1)), {})
    event("declined" if both is None else "read clean")
    if both is None:
        return
    (rows, _), (records, _) = both
    fields = ("id", "url", "kind", "platform", "paused", "every")
    assert [[getattr(r, f) for f in fields] for r in rows] == [
        [getattr(r, f) for f in fields] for r in records
    ]


@PROPERTY
@given(docs=st.lists(healths, max_size=3))
def test_the_health_rows_are_what_the_store_reads(tmp_path_factory, docs: list[dict]) -> None:
    both = _read_both(tmp_path_factory.mktemp("h"), {}, dict(enumerate(docs, 1)))
    event("declined" if both is None else "read clean")
    if both is None:
        return
    (_, rows), (_, records) = both
    fields = ("source_id", "last_poll", "last_ok", "error", "note")
    assert {k: [getattr(r, f) for f in fields] for k, r in rows.items()} == {
        k: [getattr(r, f) for f in fields] for k, r in records.items()
    }


def test_well_formed_records_take_the_clean_read(tmp_path) -> None:
    """The property above is not met by declining everything: stored records are read."""
    root = tmp_path / "store"
    Store.open(root)
    source = {"id": 7, "url": "https://x.test/", "kind": "feed", "select": ["main"]}
    health = {"source_id": "7", "last_poll": "2024-05-01T12:00:00+00:00", "latencies": [3.5]}
    _write_tables(root, {"1": source}, {"1": health})
    rows = clean_source_rows(root)
    assert rows is not None
    assert rows[0][0].id == "7" and rows[0][0].every == 60
    assert rows[1]["7"].last_poll == datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


NOT_FOR_A_LISTING = (
    "textual",
    "httpx",
    "feedparser",
    "tinydb",
    "rich",
    "asyncio",
    "dataclasses",  # with inspect, the biggest part of what the listing used to load
    "typing",
    "tui.store.store",
    "tui.domain.records",
)


def test_source_list_loads_no_store_no_records_no_http_and_no_textual(
    tmp_path, fresh_whalewatch
) -> None:
    root = tmp_path / "store"
    _store(root)
    run = fresh_whalewatch("--db", str(root), "source", "list")
    assert run.status == 0, run.err
    assert "s1    statuspage (Atlassian Statuspage) https://status0.example.com/" in run.out
    assert not run.modules & set(NOT_FOR_A_LISTING)
    assert not [name for name in run.modules if name.startswith(("tinydb.", "textual."))]
