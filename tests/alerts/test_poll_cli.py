"""`whalewatch poll --once` as cron runs it: a Statuspage and a webhook, both on 127.0.0.1.

Each run is a fresh process's worth of state (the store opened again, the ledger read from
disk), so exactly-once has to hold across runs, not only within one.
"""

from __future__ import annotations

import pytest

from tui.__main__ import main
from tui.domain import Source
from tui.store import Store

from .conftest import WebhookServer, publish_statuspage, statuspage_incident

HOOK = "/hook"


@pytest.fixture
def store_with_a_status_page(tmp_path, monkeypatch, webhook: WebhookServer) -> Store:
    monkeypatch.setenv("WHALEWATCH_CONFIG", str(tmp_path / "config" / "settings.json"))
    monkeypatch.setenv("WHALEWATCH_DB", str(tmp_path / "store"))
    store = Store.open(tmp_path / "store")
    store.save_source(Source(id="", url=webhook.url(""), kind="statuspage", platform="GitHub"))
    return store


def poll_once(capsys) -> tuple[int, str]:
    status = main(["poll", "--once"])
    out, _ = capsys.readouterr()
    return status, out


def test_each_alert_is_posted_once_over_runs_and_history_never(
    store_with_a_status_page, webhook, capsys
):
    assert main(["notify", "add", webhook.url(HOOK), "--on", "new,resolved"]) == 0
    publish_statuspage(
        webhook, [statuspage_incident("old"), statuspage_incident("older", "resolved")]
    )
    status, out = poll_once(capsys)
    assert status == 0 and "new      s1:old" in out
    assert webhook.bodies(HOOK) == []  # the first poll is the page's history

    publish_statuspage(webhook, [statuspage_incident("old"), statuspage_incident("fresh")])
    for _ in range(2):
        assert poll_once(capsys)[0] == 0
    assert [(b["kind"], b["incident_id"]) for b in webhook.bodies(HOOK)] == [("new", "s1:fresh")]

    publish_statuspage(
        webhook, [statuspage_incident("old"), statuspage_incident("fresh", "resolved")]
    )
    for _ in range(2):
        assert poll_once(capsys)[0] == 0
    bodies = webhook.bodies(HOOK)
    assert [(b["kind"], b["incident_id"]) for b in bodies] == [
        ("new", "s1:fresh"),
        ("resolved", "s1:fresh"),
    ]
    assert bodies[0]["platform"] == "GitHub" and bodies[0]["title"] == "Incident fresh"
    assert bodies[0]["url"] == "https://stspg.io/fresh" and bodies[0]["impact"] == "major"


def test_a_failing_webhook_never_fails_the_poll_and_gets_the_alert_later(
    store_with_a_status_page, webhook, capsys
):
    assert main(["notify", "add", webhook.url(HOOK)]) == 0
    publish_statuspage(webhook, [])
    assert poll_once(capsys)[0] == 0
    publish_statuspage(webhook, [statuspage_incident("fresh")])
    webhook.status[HOOK] = 500
    status = main(["poll", "--once"])
    out, err = capsys.readouterr()
    assert status == 0  # every source answered: the poll did its job
    assert "alert target n1 failing: HTTP 500" in err
    assert main(["notify", "list"]) == 0
    assert "FAILING (1x)" in capsys.readouterr().out
    assert len(webhook.bodies(HOOK)) == 1  # tried once, then it backs off
