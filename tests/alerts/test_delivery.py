"""Exactly once and never lost: a real webhook on 127.0.0.1, the ledger on disk, restarts."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from datetime import timedelta

import pytest

from tui.alerts.alert import Alert
from tui.alerts.config import AlertConfig, Target
from tui.alerts.delivery import deliver_pending, queue_alerts, queue_cycle
from tui.alerts.ledger import Ledger
from tui.alerts.rules import AlertRules, CycleChanges, alerts_for_cycle
from tui.domain import Source
from tui.feeds.http import make_client
from tui.feeds.poller import poll_once
from tui.store import Store, StoreWriteError

from .conftest import T0, incident, publish_statuspage, statuspage_incident

HOOK = "/hook"


def new_alerts(*externals: str, title: str = "") -> list[Alert]:
    return alerts_for_cycle(CycleChanges(T0, new=[incident(e, title=title) for e in externals]))


async def test_one_post_per_alert_over_several_rounds_and_a_restart(tmp_path, webhook):
    target = Target("n1", url=webhook.url(HOOK))
    ledger = Ledger(tmp_path)
    alerts = new_alerts("a", "b")
    for _ in range(3):  # the poller sees the same incidents again and again
        queue_alerts(ledger, alerts, [target], T0)
        await deliver_pending(ledger, [target], now=T0)
    assert sorted(body["incident_id"] for body in webhook.bodies(HOOK)) == ["s1:a", "s1:b"]

    restarted = Ledger(tmp_path)  # a new process on the same store
    queue_alerts(restarted, alerts, [target], T0)
    report = await deliver_pending(restarted, [target], now=T0)
    assert report.sent == () and len(webhook.bodies(HOOK)) == 2

    resolved = incident("a", status="resolved", seen=T0 + timedelta(minutes=3))
    closing = alerts_for_cycle(CycleChanges(T0 + timedelta(minutes=3), changed=[resolved]))
    queue_alerts(restarted, closing, [target], T0)
    await deliver_pending(restarted, [target], now=T0)
    body = webhook.bodies(HOOK)[-1]
    assert {k: body[k] for k in ("kind", "platform", "status", "impact", "count")} == {
        "kind": "resolved",
        "platform": "GitHub",
        "status": "resolved",
        "impact": "major",
        "count": 1,
    }
    assert body["started_at"] == "2026-12-01T09:00:00Z" and body["url"].startswith("https://")
    assert restarted.state("n1").sent == 3 and not restarted.state("n1").failing


async def test_queued_before_a_crash_is_sent_after_the_restart(tmp_path, webhook):
    target = Target("n1", url=webhook.url(HOOK))
    queue_alerts(Ledger(tmp_path), new_alerts("a"), [target], T0)
    # ... the process dies here, before delivering ...
    await deliver_pending(Ledger(tmp_path), [target], now=T0)
    assert [body["key"] for body in webhook.bodies(HOOK)] == ["new:s1:a"]


async def test_two_sessions_never_send_the_same_alert(tmp_path, webhook):
    target = Target("n1", url=webhook.url(HOOK))
    first, second = Ledger(tmp_path), Ledger(tmp_path)
    queue_alerts(first, new_alerts("a"), [target], T0)
    queue_alerts(second, new_alerts("a"), [target], T0)
    assert len(first.claim_due(["n1"], T0)) == 1
    assert second.claim_due(["n1"], T0) == []  # claimed by the first session
    assert len(second.claim_due(["n1"], T0 + timedelta(minutes=5))) == 1  # its lease expired


async def test_a_burst_is_one_post_that_says_how_many(tmp_path, webhook):
    target = Target("n1", url=webhook.url(HOOK))
    ledger = Ledger(tmp_path)
    alerts = new_alerts(*(str(n) for n in range(50)))
    queue_alerts(ledger, alerts, [target], T0)
    await deliver_pending(ledger, [target], now=T0)
    bodies = webhook.bodies(HOOK)
    assert len(bodies) == 1 and bodies[0]["count"] == 50 and bodies[0]["kind"] == "new"
    queue_alerts(ledger, alerts[:3], [target], T0)  # members of the burst: already told
    await deliver_pending(ledger, [target], now=T0)
    assert len(webhook.bodies(HOOK)) == 1


async def test_each_target_gets_what_its_rules_accept(tmp_path, webhook):
    everything = Target("all", url=webhook.url("/all"))
    critical = Target("crit", url=webhook.url("/crit"), rules=AlertRules(min_impact="critical"))
    ledger = Ledger(tmp_path)
    queue_alerts(ledger, new_alerts("a"), [everything, critical], T0)
    await deliver_pending(ledger, [everything, critical], now=T0)
    assert len(webhook.bodies("/all")) == 1 and webhook.bodies("/crit") == []


async def test_a_failing_target_backs_off_and_is_retried_later_not_before(tmp_path, webhook):
    webhook.status["/down"] = 500
    down, up = Target("n1", url=webhook.url("/down")), Target("n2", url=webhook.url(HOOK))
    ledger = Ledger(tmp_path)
    queue_alerts(ledger, new_alerts("a", "b"), [down, up], T0)
    report = await deliver_pending(ledger, [down, up], now=T0)
    assert report.failed == {"n1": "HTTP 500 Internal Server Error"}
    assert len(webhook.bodies(HOOK)) == 2  # the other target is not held up
    assert len(webhook.bodies("/down")) == 1  # the second alert waits for the backoff
    state = ledger.state("n1")
    assert state.failing and state.pending == 2 and state.next_attempt == T0 + timedelta(seconds=30)

    await deliver_pending(ledger, [down, up], now=T0 + timedelta(seconds=10))
    assert len(webhook.bodies("/down")) == 1  # not before its time
    await deliver_pending(ledger, [down, up], now=T0 + timedelta(seconds=31))
    assert len(webhook.bodies("/down")) == 2  # retried, failed again: now a minute
    assert ledger.state("n1").next_attempt == T0 + timedelta(seconds=91)

    webhook.status["/down"] = 200
    await deliver_pending(ledger, [down], now=T0 + timedelta(seconds=92))
    assert [b["key"] for b in webhook.bodies("/down")][-2:] == ["new:s1:a", "new:s1:b"]
    assert not ledger.state("n1").failing and ledger.state("n1").pending == 0


async def test_a_hostile_title_arrives_clean(tmp_path, webhook):
    target = Target("n1", url=webhook.url(HOOK))
    ledger = Ledger(tmp_path)
    hostile = "\x1b[2J\x1b]0;pwned\x07Login \u202eevil\u2066 down\x9b"
    queue_alerts(ledger, new_alerts("a", title=hostile), [target], T0)
    await deliver_pending(ledger, [target], now=T0)
    title = webhook.bodies(HOOK)[0]["title"]
    assert "Login" in title and "down" in title
    for bad in ("\x1b", "\x07", "\u202e", "\u2066", "\x9b"):
        assert bad not in title


async def test_apprise_through_its_own_json_scheme(tmp_path, webhook):
    pytest.importorskip("apprise")
    port = webhook.httpd.server_address[1]
    target = Target("n1", url=f"json://127.0.0.1:{port}/apprise")
    ledger = Ledger(tmp_path)
    queue_alerts(ledger, new_alerts("a", title="API errors"), [target], T0)
    report = await deliver_pending(ledger, [target], now=T0)
    assert report.failed == {}
    (body,) = webhook.bodies("/apprise")
    assert body["title"] == "New incident · GitHub"
    assert body["message"].startswith("API errors (investigating, major)")


async def test_an_exec_target_gets_the_json_on_stdin(tmp_path):
    out = tmp_path / "got.json"
    script = f"import sys; open({str(out)!r}, 'w').write(sys.stdin.read())"
    target = Target("n1", command=(sys.executable, "-c", script))
    ledger = Ledger(tmp_path)
    queue_alerts(ledger, new_alerts("a"), [target], T0)
    report = await deliver_pending(ledger, [target], now=T0)
    assert report.failed == {}
    assert json.loads(out.read_text())["incident_id"] == "s1:a"


async def test_an_exec_target_that_hangs_or_fails_is_a_failure(tmp_path):
    ledger = Ledger(tmp_path)
    hangs = Target("slow", command=(sys.executable, "-c", "import time; time.sleep(30)"))
    fails = Target("bad", command=(sys.executable, "-c", "import sys; sys.exit('no way')"))
    queue_alerts(ledger, new_alerts("a"), [hangs, fails], T0)
    report = await deliver_pending(ledger, [hangs, fails], send_timeout=0.5, now=T0)
    assert report.failed["slow"].endswith("timed out after 0.5 s")
    assert report.failed["bad"].endswith("exited with status 1: no way")


async def test_a_slow_target_never_holds_delivery_past_its_deadline(tmp_path, webhook):
    webhook.delay["/slow"] = 5.0
    target = Target("n1", url=webhook.url("/slow"))
    ledger = Ledger(tmp_path)
    queue_alerts(ledger, new_alerts("a"), [target], T0)
    started = time.monotonic()
    await deliver_pending(ledger, [target], deadline=0.5, now=T0)
    assert time.monotonic() - started < 2.0
    assert ledger.state("n1").pending == 1  # still queued, for a later round


def test_a_ledger_that_cannot_be_written_is_a_store_error(tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    with pytest.raises(StoreWriteError):
        queue_alerts(Ledger(blocked), new_alerts("a"), [Target("n1", url="http://x.test/")], T0)


async def test_old_entries_are_dropped(tmp_path, webhook):
    target = Target("n1", url=webhook.url(HOOK))
    ledger = Ledger(tmp_path, keep_days=30)
    queue_alerts(ledger, new_alerts("a"), [target], T0)
    await deliver_pending(ledger, [target], now=T0)
    queue_alerts(ledger, new_alerts("b"), [target], T0 + timedelta(days=31))
    assert ledger.state("n1").sent == 0 and ledger.state("n1").pending == 1


# --- through the real poller, as the integration will call it --------------------------------


async def _cycle(store: Store, config: AlertConfig, ledger: Ledger, now) -> list[Alert]:
    """What the poller's loop does after each poll_once (see the package's report)."""
    previous = store.health()
    async with make_client() as client:
        report = await poll_once(store, client, now=now, force=True)
        sources = {source.id: source for source in store.sources()}
        changes = CycleChanges.from_report(report, previous, sources, now)
        alerts = queue_cycle(changes, config, ledger)
        await deliver_pending(ledger, config.targets, client, now=now)
    return alerts


async def test_real_polls_history_is_quiet_then_each_happening_is_told_once(tmp_path, webhook):
    store = Store.open(tmp_path / "store")
    store.save_source(Source(id="", url=webhook.url(""), kind="statuspage", platform="GitHub"))
    config = AlertConfig(targets=(Target("n1", url=webhook.url(HOOK)),))
    ledger = Ledger(store.root)
    publish_statuspage(
        webhook, [statuspage_incident("old"), statuspage_incident("older", "resolved")]
    )
    await _cycle(store, config, ledger, T0)
    assert webhook.bodies(HOOK) == []  # the first poll is history

    publish_statuspage(webhook, [statuspage_incident("old"), statuspage_incident("fresh")])
    for minute in (1, 2):
        await _cycle(store, config, ledger, T0 + timedelta(minutes=minute))
    assert [b["incident_id"] for b in webhook.bodies(HOOK)] == ["s1:fresh"]

    store = Store.open(tmp_path / "store")  # restart
    publish_statuspage(
        webhook, [statuspage_incident("old"), statuspage_incident("fresh", "resolved")]
    )
    for minute in (3, 4):
        await _cycle(store, config, Ledger(store.root), T0 + timedelta(minutes=minute))
    assert [(b["kind"], b["incident_id"]) for b in webhook.bodies(HOOK)] == [
        ("new", "s1:fresh"),
        ("resolved", "s1:fresh"),
    ]


def test_targets_keep_no_url_in_the_ledger(tmp_path):
    secret = "json://user:hunter2@127.0.0.1:9/x?token=s3cr3t"
    queue_alerts(Ledger(tmp_path), new_alerts("a"), [Target("n1", url=secret)], T0)
    text = (tmp_path / "alerts-ledger.json").read_text()
    assert "hunter2" not in text and "s3cr3t" not in text
    assert replace(Target("n1", url=secret), id="n2").kind == "apprise"


async def test_an_apprise_failure_says_why(tmp_path, webhook, capfd):
    pytest.importorskip("apprise")
    webhook.status["/apprise"] = 500
    port = webhook.httpd.server_address[1]
    target = Target("n1", url=f"json://alice:hunter2@127.0.0.1:{port}/apprise")
    ledger = Ledger(tmp_path)
    queue_alerts(ledger, new_alerts("a"), [target], T0)
    report = await deliver_pending(ledger, [target], now=T0)
    assert "500" in report.failed["n1"] and "hunter2" not in report.failed["n1"]
    assert capfd.readouterr().err == ""  # nothing printed over the dashboard


async def test_a_damaged_ledger_is_set_aside_and_delivery_goes_on(tmp_path, webhook):
    (tmp_path / "alerts-ledger.json").write_text("{half a file")
    target = Target("n1", url=webhook.url(HOOK))
    ledger = Ledger(tmp_path)
    queue_alerts(ledger, new_alerts("a"), [target], T0)
    await deliver_pending(ledger, [target], now=T0)
    assert len(webhook.bodies(HOOK)) == 1
    (aside,) = tmp_path.glob("alerts-ledger.json.damaged-*")
    assert aside.read_text() == "{half a file"
