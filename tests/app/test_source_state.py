"""One rule for a source's state: the Sources screen's rows and the header's summary agree."""

from __future__ import annotations

from datetime import timedelta

from tui.domain import Source, SourceHealth, source_state, utcnow
from tui.snapshot import StoreSnapshot


def test_each_state_and_the_summary_counts_them() -> None:
    # The summary judges against the clock: so does this test (read now, not at collection:
    # in a long run the module is imported minutes before the test runs).
    now = utcnow()
    fresh = now - timedelta(seconds=10)
    cases = {
        "paused": (Source(id="p", url="https://p", kind="feed", paused=True), None),
        "not polled": (Source(id="n", url="https://n", kind="feed"), None),
        "failing": (
            Source(id="f", url="https://f", kind="feed"),
            SourceHealth("f", last_poll=fresh, error="timeout"),
        ),
        "stale": (
            Source(id="s", url="https://s", kind="feed", every=60),
            SourceHealth("s", last_poll=fresh, last_ok=now - timedelta(minutes=5)),
        ),
        "ok": (
            Source(id="o", url="https://o", kind="feed", every=60),
            SourceHealth("o", last_poll=fresh, last_ok=fresh),
        ),
    }
    for state, (source, health) in cases.items():
        assert source_state(source, health, now) == state
    snapshot = StoreSnapshot(
        sources=tuple(source for source, _ in cases.values()),
        health={source.id: health for source, health in cases.values() if health},
    )
    summary = snapshot.source_summary()
    assert (summary.ok, summary.failing, summary.stale, summary.paused, summary.pending) == (
        1,
        1,
        1,
        1,
        1,
    )
