"""`whalewatch notify …` end to end, with the config and the store in a temporary directory."""

from __future__ import annotations

import asyncio
import json
import stat
import sys

import pytest

from tui.__main__ import main
from tui.alerts.config import alerts_path, load_alert_config
from tui.alerts.delivery import deliver_pending, queue_alerts
from tui.alerts.ledger import Ledger

from .conftest import T0
from .test_delivery import new_alerts

SECRET_URL = "json://alice:hunter2@127.0.0.1:{port}/apprise/AbC123xyz789TOKEN?token=s3cr3t&x=1"


@pytest.fixture(autouse=True)
def config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("WHALEWATCH_CONFIG", str(tmp_path / "config" / "settings.json"))
    monkeypatch.setenv("WHALEWATCH_DB", str(tmp_path / "store"))
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["notify", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_add_list_test_remove_a_webhook(capsys, webhook):
    status, out, _ = run(capsys, "add", webhook.url("/hook"), "--on", "new,resolved")
    assert status == 0
    assert out == f"added n1: webhook {webhook.url('/hook')} (new,resolved; impact >= minor)\n"
    status, out, _ = run(capsys, "list")
    assert status == 0 and "n1    webhook" in out and "nothing sent yet" in out

    status, out, _ = run(capsys, "test")
    assert status == 0 and out.rstrip().endswith("- ok")
    (body,) = webhook.bodies("/hook")
    assert body["kind"] == "test" and body["title"].startswith("whalewatch test alert")

    status, out, _ = run(capsys, "remove", "n1")
    assert status == 0 and out.startswith("removed n1: webhook")
    assert load_alert_config().targets == ()
    assert run(capsys, "remove", "n1")[0] == 1


def test_the_config_file_is_private_and_secrets_are_never_printed(capsys, webhook, config_dir):
    pytest.importorskip("apprise")
    url = SECRET_URL.format(port=webhook.httpd.server_address[1])
    status, out, _ = run(capsys, "add", url, "--min-impact", "major", "--platform", "GitHub")
    assert status == 0
    path = alerts_path()
    assert path.parent == config_dir / "config"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert "hunter2" in path.read_text()  # kept, so it can be sent to…
    listing = run(capsys, "list")[1] + run(capsys, "list", "--json")[1] + out
    for secret in ("hunter2", "AbC123xyz789TOKEN", "s3cr3t"):
        assert secret not in listing  # …but never shown
    assert "json://alice:***@127.0.0.1" in listing
    row = json.loads(run(capsys, "list", "--json")[1])
    assert row["rules"]["platforms"] == ["github"] and row["rules"]["min_impact"] == "major"


def test_list_shows_a_failing_target_and_test_reports_per_target(capsys, webhook, config_dir):
    webhook.status["/down"] = 500
    assert main(["notify", "add", webhook.url("/down")]) == 0
    assert main(["notify", "add", webhook.url("/up"), "--id", "chat"]) == 0
    capsys.readouterr()
    config = load_alert_config()
    ledger = Ledger(config_dir / "store")  # what the poller uses: the store directory
    queue_alerts(ledger, new_alerts("a"), config.targets, T0)
    asyncio.run(deliver_pending(ledger, config.targets, now=T0))
    out = run(capsys, "list")[1]
    assert "FAILING (1x): HTTP 500 Internal Server Error" in out
    assert "ok at" in out and "1 sent" in out
    row = json.loads(run(capsys, "list", "--json")[1].splitlines()[0])
    assert row["failing"] is True and row["pending"] == 1

    status, out, _ = run(capsys, "test")
    assert status == 1
    assert "n1    webhook" in out and "FAILED HTTP 500" in out and "chat" in out
    status, out, _ = run(capsys, "test", "chat")
    assert status == 0 and out.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["ftp://example.com/x"], "Apprise does not understand ftp:// URLs"),
        (["https://"], "needs a host name"),
        (["example.com/hook"], "not a URL"),
        (["https://exa mple.com"], "spaces or control characters"),
        (["--exec", "no-such-program-here --flag"], "no program named 'no-such-program-here'"),
        (["--exec", "'unclosed"], "cannot split the command"),
        ([], "give either a URL or --exec COMMAND"),
        (["https://example.com", "--exec", "true"], "give either a URL or --exec COMMAND"),
        (["https://example.com", "--on", "new,bogus"], "unknown alert kind 'bogus'"),
        (["https://example.com", "--id", "bad id"], "a target id is letters"),
    ],
)
def test_bad_targets_are_refused_with_the_reason(capsys, argv, reason):
    pytest.importorskip("apprise")
    status, out, err = run(capsys, "add", *argv)
    assert status == 1 and out == ""
    assert err.startswith("whalewatch: ") and reason in err and err.count("\n") == 1
    assert not alerts_path().exists()


def test_a_missing_apprise_is_named_in_one_line(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "apprise", None)  # import apprise now fails
    status, _, err = run(capsys, "add", "ntfy://ntfy.sh/topic")
    assert status == 1
    assert (
        err
        == 'whalewatch: Apprise is not installed: pip install -e ".[notify]" (or pip install apprise)\n'
    )


def test_an_exec_target_and_a_duplicate_id(capsys):
    status, out, _ = run(capsys, "add", "--exec", f"{sys.executable} -c pass", "--id", "script")
    assert status == 0 and out.startswith("added script: exec ")
    assert load_alert_config().targets[0].command == (sys.executable, "-c", "pass")
    status, _, err = run(capsys, "add", "--exec", "true", "--id", "script")
    assert status == 1 and "already a target 'script'" in err


def test_nothing_to_test_or_list(capsys):
    assert run(capsys, "test")[0] == 1
    status, out, _ = run(capsys, "list")
    assert status == 0 and out.startswith("no alert targets")
    assert run(capsys, "list", "--json")[1] == ""


def test_a_damaged_config_is_one_line_not_a_traceback(capsys):
    alerts_path().parent.mkdir(parents=True)
    alerts_path().write_text("{not json")
    status, _, err = run(capsys, "list")
    assert status == 1 and "is damaged" in err and err.count("\n") == 1


def test_the_dashboard_rules_and_terminal_mode(capsys):
    status, out, _ = run(capsys, "dashboard")
    assert status == 0
    assert (
        out
        == "dashboard: new,resolved,unacknowledged,change,failing; impact >= minor; terminal auto\n"
    )
    assert not alerts_path().exists()  # showing writes nothing
    status, out, _ = run(capsys, "dashboard", "--on", "new", "--terminal", "off", "--platform", "X")
    assert out == "dashboard: new; impact >= minor; platform x; terminal off\n"
    config = load_alert_config()
    assert config.terminal == "off" and config.rules.kinds == {"new"}
    run(capsys, "dashboard", "--min-impact", "major")
    assert load_alert_config().rules.kinds == {"new"}  # the rest unchanged
    assert load_alert_config().rules.min_impact == "major"
    assert run(capsys, "dashboard", "--on", "nope")[0] == 1
