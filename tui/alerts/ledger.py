"""The record of what was sent where: each alert once per target, across restarts and sessions.

The ledger is one small JSON file (``alerts-ledger.json``) in a directory the caller gives
(the store's), replaced atomically under an ``flock`` on a sidecar lock file, so every
session sharing the store sees the same record. For each ``(target, key)`` it keeps the alert
and whether it is ``pending``, ``sent``, or ``covered`` (delivered inside a coalesced burst);
for each target, its failures, when to try it next, and the last error.

Alerts are **queued before they are sent** (:meth:`Ledger.enqueue`), so one that was due when
the process died goes out after the restart. A send is **claimed** first
(:meth:`Ledger.claim_due`, a lease of a few seconds written to the file), so two sessions
never send the same alert at once; a claim left by a killed process expires and the alert
is retried. The file stays small: entries older than ``keep_days`` are dropped, and past
``max_entries`` the oldest delivered ones go first. Target URLs never enter the ledger.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ..domain import parse_iso, to_iso, utcnow
from ..store.atomic import atomic_write_bytes, dump_json
from ..store.backups import DAMAGED_MARK
from ..store.errors import StoreWriteError
from ..store.locks import FileLock
from .alert import Alert
from .rules import coalesce

LEDGER_FILE = "alerts-ledger.json"
LOCK_FILE = "alerts-ledger.lock"
KEEP_DAYS = 30
MAX_ENTRIES = 5_000
"""The file is read on every cycle that has targets: a few hundred KiB at most."""
BACKOFF_BASE = 30.0
BACKOFF_MAX = 3600.0

PENDING, SENT, COVERED = "pending", "sent", "covered"


def backoff_seconds(failures: int) -> float:
    """30 s, 1 min, 2 min… up to an hour between tries of a failing target."""
    return min(BACKOFF_MAX, BACKOFF_BASE * 2 ** max(0, min(failures - 1, 20)))


@dataclass(frozen=True)
class TargetState:
    """How a target's deliveries are going, for ``notify list`` and the Sources screen."""

    target_id: str
    failures: int = 0
    next_attempt: datetime | None = None
    last_error: str = ""
    last_ok: datetime | None = None
    pending: int = 0
    sent: int = 0

    @property
    def failing(self) -> bool:
        return self.failures > 0


@dataclass(frozen=True)
class Claim:
    """One pending alert this process may now send to ``target_id``."""

    target_id: str
    alert: Alert


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _time(text: Any) -> datetime:
    """A stored timestamp (``None`` or bad text as the epoch), for comparisons."""
    try:
        return parse_iso(text) or _EPOCH
    except (TypeError, ValueError):
        return _EPOCH


def _entry_id(target_id: str, key: str) -> str:
    return f"{target_id}\t{key}"


class Ledger:
    """What was sent to which target; every method reads and writes the file under its lock."""

    def __init__(
        self, directory: Path, *, keep_days: int = KEEP_DAYS, max_entries: int = MAX_ENTRIES
    ) -> None:
        self.directory = Path(directory)
        self.path = self.directory / LEDGER_FILE
        self.lock = FileLock(self.directory / LOCK_FILE)
        self.keep_days = keep_days
        self.max_entries = max_entries

    # --- file ---------------------------------------------------------------------------

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            data = {}
        except (OSError, ValueError):
            # A damaged ledger is kept aside rather than trusted; starting afresh can repeat
            # an alert of this cycle at worst, never lose a future one.
            stamp = utcnow().strftime("%Y%m%dT%H%M%S%fZ")
            try:  # named as the store's own damaged files, so `whalewatch doctor` lists it
                os.replace(self.path, self.path.with_name(f"{LEDGER_FILE}{DAMAGED_MARK}{stamp}"))
            except OSError:
                pass
            data = {}
        if not isinstance(data, dict):
            data = {}
        entries = data.get("entries")
        targets = data.get("targets")
        return {
            "version": 1,
            "entries": entries if isinstance(entries, dict) else {},
            "targets": targets if isinstance(targets, dict) else {},
        }

    @contextmanager
    def _editing(self, now: datetime) -> Iterator[dict[str, Any]]:
        """Read, let the caller change, write back if changed: all under the lock.

        A failed write (full disk, read-only store) is a :class:`StoreWriteError`, which the
        poller already reports and survives; the ledger on disk stays as it was.
        """
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise StoreWriteError(f"{self.directory}: {error.strerror or error}") from error
        with self.lock.held():
            data = self._read()
            before = dump_json(data)
            yield data
            self._prune(data, now)
            after = dump_json(data)
            if after != before:
                try:
                    atomic_write_bytes(self.path, after)
                except OSError as error:
                    raise StoreWriteError(
                        f"{self.path}: cannot record the alerts sent ({error.strerror or error})"
                    ) from error

    def _snapshot(self) -> dict[str, Any]:
        if not self.path.exists():
            return self._read()
        with self.lock.held():
            return self._read()

    def _prune(self, data: dict[str, Any], now: datetime) -> None:
        cutoff = now - timedelta(days=self.keep_days)
        entries: dict[str, Any] = data["entries"]
        for entry_id in [i for i, e in entries.items() if _time(e.get("queued_at")) < cutoff]:
            del entries[entry_id]
        excess = len(entries) - self.max_entries
        if excess > 0:
            order = sorted(
                entries,
                key=lambda i: (entries[i]["state"] == PENDING, _time(entries[i]["queued_at"])),
            )
            for entry_id in order[:excess]:
                del entries[entry_id]

    # --- queueing and claiming -----------------------------------------------------------

    def enqueue(
        self, batches: Mapping[str, Sequence[Alert]], now: datetime | None = None
    ) -> dict[str, list[Alert]]:
        """Queue each target's alerts unless already known for it; a burst becomes one alert.

        Returns what was newly queued per target. Calling it twice with the same alerts
        queues nothing the second time: that is what makes the poller's repeats harmless.
        """
        now = now or utcnow()
        queued: dict[str, list[Alert]] = {}
        with self._editing(now) as data:
            entries = data["entries"]
            for target_id, alerts in batches.items():
                fresh = [a for a in alerts if _entry_id(target_id, a.key) not in entries]
                fresh = [
                    a
                    for a in fresh
                    if not any(_entry_id(target_id, m) in entries for m in a.members)
                ]
                if not fresh:
                    continue
                for alert in coalesce(fresh):
                    queued.setdefault(target_id, []).append(alert)
                    entries[_entry_id(target_id, alert.key)] = {
                        "target": target_id,
                        "state": PENDING,
                        "queued_at": to_iso(now),
                        "alert": alert.to_dict(),
                        "attempts": 0,
                        "claimed_until": None,
                    }
                    for member in alert.members:
                        entries.setdefault(
                            _entry_id(target_id, member),
                            {"target": target_id, "state": COVERED, "queued_at": to_iso(now)},
                        )
        return queued

    def claim_due(
        self, target_ids: Iterable[str], now: datetime | None = None, lease: float = 60.0
    ) -> list[Claim]:
        """Pending alerts of targets not backing off and not claimed by someone else, oldest
        first; each is claimed for ``lease`` seconds."""
        now = now or utcnow()
        wanted = set(target_ids)
        claims: list[Claim] = []
        if not self.path.exists():
            return claims
        with self._editing(now) as data:
            states = data["targets"]
            for entry in sorted(data["entries"].values(), key=lambda e: _time(e["queued_at"])):
                target_id = entry["target"]
                if entry["state"] != PENDING or target_id not in wanted:
                    continue
                next_attempt = _time((states.get(target_id) or {}).get("next_attempt"))
                if next_attempt > now or _time(entry.get("claimed_until")) > now:
                    continue
                entry["claimed_until"] = to_iso(now + timedelta(seconds=lease))
                claims.append(Claim(target_id, Alert.from_dict(entry["alert"])))
        return claims

    def settle(
        self,
        sent: Iterable[Claim],
        failed: Mapping[str, str],
        released: Iterable[Claim] = (),
        now: datetime | None = None,
    ) -> None:
        """Record a delivery round: ``sent`` are done, each target in ``failed`` (id -> error)
        backs off; ``released`` claims (not tried) go back to pending."""
        now = now or utcnow()
        with self._editing(now) as data:
            entries, states = data["entries"], data["targets"]
            for claim in sent:
                entry = entries.get(_entry_id(claim.target_id, claim.alert.key))
                if entry is not None:
                    entry.update(state=SENT, sent_at=to_iso(now), claimed_until=None)
                    entry["attempts"] = int(entry.get("attempts", 0)) + 1
                state = states.setdefault(claim.target_id, {})
                state.update(failures=0, next_attempt=None, last_error="", last_ok=to_iso(now))
            for claim in released:
                entry = entries.get(_entry_id(claim.target_id, claim.alert.key))
                if entry is not None and entry["state"] == PENDING:
                    entry["claimed_until"] = None
            for target_id, error in failed.items():
                state = states.setdefault(target_id, {})
                failures = int(state.get("failures", 0)) + 1
                retry = now + timedelta(seconds=backoff_seconds(failures))
                state.update(failures=failures, next_attempt=to_iso(retry), last_error=error)

    # --- reading and forgetting ----------------------------------------------------------

    def states(self) -> dict[str, TargetState]:
        """Every target the ledger knows, with its failing state and counts."""
        data = self._snapshot()
        counts: dict[str, dict[str, int]] = {}
        for entry in data["entries"].values():
            per = counts.setdefault(entry["target"], {PENDING: 0, SENT: 0, COVERED: 0})
            per[entry["state"]] = per.get(entry["state"], 0) + 1
        result = {}
        for target_id in set(counts) | set(data["targets"]):
            state = data["targets"].get(target_id) or {}
            per = counts.get(target_id, {})
            result[target_id] = TargetState(
                target_id=target_id,
                failures=int(state.get("failures", 0)),
                next_attempt=parse_iso(state.get("next_attempt")),
                last_error=str(state.get("last_error", "")),
                last_ok=parse_iso(state.get("last_ok")),
                pending=per.get(PENDING, 0),
                sent=per.get(SENT, 0) + per.get(COVERED, 0),
            )
        return result

    def state(self, target_id: str) -> TargetState:
        return self.states().get(target_id) or TargetState(target_id)

    def forget(self, target_id: str, now: datetime | None = None) -> None:
        """Drop a removed target's record (a new target with the same id starts clean)."""
        if not self.path.exists():
            return
        with self._editing(now or utcnow()) as data:
            data["targets"].pop(target_id, None)
            for entry_id in [i for i, e in data["entries"].items() if e["target"] == target_id]:
                del data["entries"][entry_id]
