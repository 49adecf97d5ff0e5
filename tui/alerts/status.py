"""Which alert targets are failing, in words: for the Sources screen (``notify list`` says more).

The ledger knows each target's failures by id; the settings know what the target is. This
joins the two, with the URL masked, so a screen can show it without reading either file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .config import AlertConfig
from .ledger import Ledger


@dataclass(frozen=True)
class FailingTarget:
    """An alert target whose latest send failed; it is retried with backoff."""

    target_id: str
    kind: str
    shown: str
    """The URL with its secrets masked, or the command's program."""
    failures: int
    last_error: str
    next_attempt: datetime | None
    pending: int

    def describe(self) -> str:
        retry = f", next try {self.next_attempt:%H:%M:%S} UTC" if self.next_attempt else ""
        times = f"{self.failures} times" if self.failures > 1 else "once"
        return (
            f"Alert target {self.target_id} ({self.kind} {self.shown}) failing, {times}: "
            f"{self.last_error}{retry}; {self.pending} queued"
        )


def failing_targets(config: AlertConfig, ledger: Ledger) -> tuple[FailingTarget, ...]:
    """The configured targets the ledger records as failing, in the settings' order."""
    states = ledger.states()
    failing = []
    for target in config.targets:
        state = states.get(target.id)
        if state is None or not state.failing:
            continue
        failing.append(
            FailingTarget(
                target.id,
                target.kind,
                target.shown,
                state.failures,
                state.last_error,
                state.next_attempt,
                state.pending,
            )
        )
    return tuple(failing)
