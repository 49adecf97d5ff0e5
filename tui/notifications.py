"""The dashboard's alerts: a desktop notification through the terminal, a toast, and settings.

The poller thread judges each cycle with the same rules as ``whalewatch poll``
(:meth:`~tui.alerts.cycle.AlertedCycle.for_dashboard`) and posts ``AlertsRaised``; here, on
the app's thread, each alert becomes the escape sequence :func:`~tui.alerts.notification_for`
builds, written **through Textual's driver** (between frames, never over the screen). Textual
has no public ``App.driver``: :func:`reporting_driver` is the subclass the app's
``get_driver_class`` returns, whose ``__init__`` hands the driver over. In a browser
(``whalewatch serve``) and under Pilot (headless) nothing is written: the toasts say it.

New incidents and resolutions already get a toast from the feed (``SessionPoller``); their
alerts add the desktop notification only, so that one happening is one toast.

The palette entries change the alert settings in the user's alert file, as ``whalewatch
notify dashboard`` does; ``--bell`` forces the terminal mode for this session only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.driver import Driver

if TYPE_CHECKING:
    from .alerts.alert import Alert
    from .alerts.config import AlertConfig

# The alert modules load with the first alert or setting change, not with every start.

TOASTED_BY_FEED = frozenset({"new", "resolved"})
"""Alert kinds whose incident the feed's own toast already announces."""

KIND_NAMES = {
    "new": "New incidents",
    "resolved": "Resolutions",
    "unacknowledged": "Outages the status page does not admit",
    "change": "Detected changes",
    "failing": "Sources that start failing",
}


def reporting_driver(base: type[Driver], started: Callable[[Driver], None]) -> type[Driver]:
    """A subclass of Textual's driver ``base`` that calls ``started(driver)`` once it exists."""

    class ReportingDriver(base):  # type: ignore[misc, valid-type]
        def __init__(self, app: App[Any], **options: Any) -> None:
            super().__init__(app, **options)
            started(self)

    ReportingDriver.__name__ = ReportingDriver.__qualname__ = f"Reporting{base.__name__}"
    return ReportingDriver


def next_in(values: Sequence[str], current: str) -> str:
    """The value after ``current`` in ``values``, wrapping round."""
    index = values.index(current) if current in values else -1
    return values[(index + 1) % len(values)]


class DashboardAlerts:
    """Shows the poller's alerts on the app's terminal, and changes the alert settings."""

    def __init__(self, app: App[Any], terminal: str | None = None) -> None:
        self.app = app
        self.driver: Driver | None = None
        """The app's driver, once Textual made it (see :func:`reporting_driver`)."""
        self.terminal = terminal
        """The terminal mode forced for this session (``--bell``), else the saved one."""
        self._saving = threading.Lock()
        """One read-change-write of the alert file at a time."""

    def driver_started(self, driver: Driver) -> None:
        self.driver = driver

    # --- showing ----------------------------------------------------------------------------

    def show(self, alerts: Sequence[Alert], saved_terminal: str) -> None:
        """Each alert as a desktop notification (where the terminal can) and a toast."""
        from .alerts.terminal import notification_for

        mode = self.terminal or saved_terminal
        for alert in alerts:
            self._write(notification_for(alert, mode))
            if alert.kind not in TOASTED_BY_FEED:
                self.app.notify(alert.body, title=alert.headline, severity="warning", markup=False)

    def _write(self, data: str) -> None:
        driver = self.driver
        if not data or driver is None or self.app.is_headless or self.app.is_web:
            return
        try:
            driver.write(data)
            driver.flush()
        except (AssertionError, AttributeError, OSError):
            pass  # not in application mode (suspended, stopping): the toast still says it

    # --- settings (the palette) -------------------------------------------------------------

    def cycle_terminal_mode(self) -> None:
        """auto → osc9 → osc777 → osc99 → bell → off → auto, saved for the next start."""
        from .alerts.config import TERMINAL_MODES
        from .alerts.terminal import detect_protocol

        forced, self.terminal = self.terminal, None

        def change(config: AlertConfig) -> AlertConfig:
            return replace(config, terminal=next_in(TERMINAL_MODES, forced or config.terminal))

        def said(config: AlertConfig) -> str:
            mode = config.terminal
            return f"Terminal alerts: {mode}" + (
                f" ({detect_protocol()} here)" if mode == "auto" else ""
            )

        self._change(change, said)

    def cycle_min_impact(self) -> None:
        from .alerts.rules import MIN_IMPACTS

        def change(config: AlertConfig) -> AlertConfig:
            impact = next_in(MIN_IMPACTS, config.rules.min_impact)
            return replace(config, rules=replace(config.rules, min_impact=impact))

        self._change(change, lambda c: f"Incident alerts from impact {c.rules.min_impact}")

    def toggle_kind(self, kind: str) -> None:
        def change(config: AlertConfig) -> AlertConfig:
            return replace(config, rules=replace(config.rules, kinds=config.rules.kinds ^ {kind}))

        def said(config: AlertConfig) -> str:
            return f"{KIND_NAMES.get(kind, kind)}: " + (
                "alerted" if kind in config.rules.kinds else "not alerted"
            )

        self._change(change, said)

    def only_platform(self, platform: str) -> None:
        """Alert on one platform's happenings only (``""``: every platform again)."""

        def change(config: AlertConfig) -> AlertConfig:
            platforms = frozenset({platform}) if platform else frozenset()
            return replace(config, rules=replace(config.rules, platforms=platforms))

        def said(config: AlertConfig) -> str:
            return f"Alerts for {platform} only" if platform else "Alerts for every platform"

        self._change(change, said)

    def _change(
        self, change: Callable[[AlertConfig], AlertConfig], said: Callable[[AlertConfig], str]
    ) -> None:
        """Read, change and save the alert file in a thread (``whalewatch poll`` or this
        session's poller reads it again), then say what it now holds."""

        from .alerts.config import AlertConfigError, load_alert_config, save_alert_config

        def job() -> None:
            try:
                with self._saving:
                    config = change(load_alert_config())
                    save_alert_config(config)
            except (AlertConfigError, ValueError) as error:
                self.app.notify(f"Alert settings not saved: {error}", severity="error")
                return
            self.app.notify(said(config), title="Alerts", markup=False)

        self.app.run_worker(
            job, name="alert settings", group="alert settings", thread=True, exit_on_error=False
        )
