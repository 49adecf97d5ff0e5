"""Every provider parser treats its payload as untrusted: a clear FeedError, never a traceback.

Each provider's real-shape document (tests/fixtures/providers/) is mutated at random — a node
replaced by a wrong type, a hostile string, a huge list or a deep nesting — and read by its
kind; the read either succeeds with clean text or raises :class:`FeedError`. Then the bad
payloads go through the real poller against 127.0.0.1: the source records a reason in words
and nothing is stored from it.
"""

from __future__ import annotations

import codecs
import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.domain import Source
from tui.feeds.errors import FeedError
from tui.feeds.poller import poll_once
from tui.kinds import kind_named
from tui.kinds.provider import JsonProviderKind
from tui.store import Store

PROVIDERS = Path(__file__).resolve().parents[1] / "fixtures" / "providers"
FIXTURES = {
    "incidentio": "incidentio-proxy.json",
    "instatus": "instatus-summary.json",
    "betterstack": "betterstack-index.json",
    "cstate": "cstate-index.json",
    "cachet": "cachet-incidents.json",
    "statusio": "statusio-status.json",
    "slack": "slack-current.json",
    "aws": "aws-currentevents.json",
}
HISTORIES = {"cstate": "cstate-issues.json", "slack": "slack-history.json"}
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SOURCE = Source(id="s1", url="https://status.example.com", kind="x", platform="Example")

hostile_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "<no value>",
            "\x1b[2J\x1b]8;;http://evil\x07x",
            "2026-13-45T99:99:99Z",
            "9999-12-31T23:59:59Z",
            "0001-01-01T00:00:00Z",
            "javascript:alert(1)",
            "<script>alert(1)</script><b>bold</b>",
            "\ud800",
            "1" * 30,
        ]
    ),
)
hostile_values = st.recursive(
    hostile_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


def document(kind: str) -> Any:
    return json.loads((PROVIDERS / FIXTURES[kind]).read_text())


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into ``node`` (the root included), as a tuple of keys and indexes."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


def replaced(node: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    node = copy.deepcopy(node)
    parent = node
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return node


def all_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [s for item in value for s in all_strings(item)]
    if hasattr(value, "__dataclass_fields__"):
        return [s for name in value.__dataclass_fields__ for s in all_strings(getattr(value, name))]
    return []


def provider(kind: str) -> JsonProviderKind:
    found = kind_named(kind)
    assert isinstance(found, JsonProviderKind)
    return found


def read_or_refuse(kind: str, data: Any) -> None:
    """The read succeeds with clean strings, or raises FeedError — nothing else."""
    try:
        reading = provider(kind).read(data, SOURCE)
    except FeedError as error:
        assert str(error) and not FORBIDDEN.search(str(error))
        return
    for text in all_strings(reading):
        assert not FORBIDDEN.search(text), text


@pytest.mark.parametrize("kind", sorted(FIXTURES))
@given(data=st.data(), value=hostile_values)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_mutated_document_is_read_or_refused(kind: str, data, value: Any) -> None:
    original = document(kind)
    path = data.draw(st.sampled_from(paths(original)))
    read_or_refuse(kind, replaced(original, path, value))


@pytest.mark.parametrize("kind", sorted(FIXTURES))
@given(value=hostile_values)
@settings(max_examples=60, deadline=None)
def test_any_json_at_all_is_read_or_refused(kind: str, value: Any) -> None:
    read_or_refuse(kind, value)


@pytest.mark.parametrize("kind", sorted(HISTORIES))
@given(data=st.data(), value=hostile_values)
@settings(max_examples=80, deadline=None)
def test_a_mutated_history_is_read_or_refused(kind: str, data, value: Any) -> None:
    original = json.loads((PROVIDERS / HISTORIES[kind]).read_text())
    path = data.draw(st.sampled_from(paths(original)))
    body = json.dumps(replaced(original, path, value)).encode()
    try:
        incidents = provider(kind).read_history(body, SOURCE)
    except FeedError:
        return
    for text in all_strings(incidents):
        assert not FORBIDDEN.search(text)


def _first_list(node: Any) -> tuple | None:
    return next((p for p in paths(node) if p and isinstance(_at(node, p), list)), None)


def _at(node: Any, path: tuple) -> Any:
    for step in path:
        node = node[step]
    return node


@pytest.mark.parametrize("kind", sorted(FIXTURES))
def test_a_huge_list_is_read_capped(kind: str) -> None:
    original = document(kind)
    path = _first_list(original)
    assert path is not None
    items = _at(original, path)
    huge = replaced(original, path, (items or [{}]) * 20_000)
    try:
        reading = provider(kind).read(huge, SOURCE)
    except FeedError:
        return
    assert len(reading.incidents) <= 500 * 3


BAD_BODIES = {
    "not UTF-8": b'{"page": "\xff\xfe\xfa"}',
    "deep nesting": b"[" * 100_000 + b"]" * 100_000,
    "truncated": b'{"summary": {"ongoing_incidents": [',
    "HTML": b"<html><body>Service unavailable</body></html>",
    "empty": b"",
    "a number too long": b"1" * 5000,
}


@pytest.mark.parametrize("kind", sorted(FIXTURES))
@pytest.mark.parametrize("name", sorted(BAD_BODIES))
async def test_a_bad_payload_is_a_clear_error_and_stores_nothing(
    kind: str, name: str, server, client, tmp_path
) -> None:
    body = BAD_BODIES[name]
    url = server.url("/")
    api = provider(kind).api_url(url)
    path = api[len(server.base) :]
    server.routes[path] = server.Reply(200, body, {"Content-Type": "application/json"})
    store = Store.open(tmp_path / "store")
    store.save_source(Source(id="", url=url, kind=kind, platform="Example"))
    report = await poll_once(store, client, force=True)
    (outcome,) = report.outcomes
    assert not outcome.ok
    assert not outcome.error.startswith("internal error"), outcome.error
    assert "Traceback" not in outcome.error
    assert store.incidents() == []
    assert store.health()["s1"].error == outcome.error


async def test_a_wrong_type_deep_in_a_real_document_stores_nothing(server, client, tmp_path):
    broken = document("betterstack")
    broken["included"][3]["attributes"]["starts_at"] = {"not": "a time"}
    server.routes["/index.json"] = server.Reply(200, json.dumps(broken).encode(), {})
    store = Store.open(tmp_path / "store")
    store.save_source(Source(id="", url=server.url("/"), kind="betterstack"))
    report = await poll_once(store, client, force=True)
    assert "starts_at is not a timestamp" in report.outcomes[0].error
    assert store.incidents() == []


def test_aws_utf16_without_a_valid_body_is_refused() -> None:
    with pytest.raises(FeedError):
        provider("aws").decode(codecs.BOM_UTF16_LE + b"\x00\xd8")
