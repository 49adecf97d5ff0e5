"""Recovery of a damaged store file: kept aside, its newest good backup restored, salvaged.

Apart from :mod:`.backups` because only a damaged file needs it: opening a healthy store (a
``whalewatch source list`` from cron) loads neither this nor :mod:`.salvage`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..text import counted
from .atomic import atomic_write_bytes, dump_json, read_regular_file
from .backups import DAMAGED_MARK, reason_of, timestamp
from .errors import StoreDamaged, StoreError, StoreTooNew, StoreWriteError
from .meta import META
from .records import RECORD_KINDS
from .salvage import Loss, Salvage, describe_loss, merge_salvage, salvage

if TYPE_CHECKING:
    from .datafile import DataFile


def recover(datafile: DataFile) -> str | None:
    """Move a damaged file aside and restore its newest good backup; returns what was done.

    The damaged bytes are kept next to the file (``<name>.damaged-<time>``), never deleted;
    the records still readable in them are put back into the restored version, and the
    message says how many, and which records could not be brought back. The check is
    repeated under the lock, so a file another session has just repaired is left alone
    (``None``). A file of a newer schema raises :class:`StoreTooNew`, one that cannot be read
    raises :class:`StoreUnreadable`, and if the damaged file cannot be kept aside,
    :class:`StoreWriteError`: in each case nothing was changed.
    """
    path = datafile.path
    with datafile.lock.held():
        found = datafile.read_payload()
        if found is None:
            return None
        damaged = found[0]
        try:
            datafile.parse(damaged)
            return None
        except StoreTooNew:
            raise
        except StoreDamaged as error:
            reason = error.reason
        datafile.forget()
        aside = path.with_name(f"{path.name}{DAMAGED_MARK}{timestamp()}")
        backup = _newest_good_backup(datafile)
        readable = salvage(damaged, datafile.kind)
        data = datafile.empty() if backup is None else backup[1]
        losses = merge_salvage(datafile.kind, data, readable)
        nothing_kept = backup is None and not any(loss.brought_back for loss in losses)
        try:
            if nothing_kept:
                os.replace(path, aside)
            else:
                _keep_aside(path, aside)
                meta = data.setdefault(META, {}).setdefault("1", {})
                meta["generation"] = max(_generation(meta), _generation(readable.meta)) + 1
                atomic_write_bytes(path, dump_json(data))
        except OSError as error:
            action = "moved aside" if nothing_kept else "restored"
            raise StoreWriteError(
                f"{path} is damaged ({reason}) and could not be {action}: "
                f"{reason_of(error)}; nothing was changed, the damaged file is still in place"
            ) from error
        return _recovery_message(datafile, reason, aside, backup, readable, data, losses)


def _recovery_message(
    datafile: DataFile,
    reason: str,
    aside: Path,
    backup: tuple[Path, dict, object, str] | None,
    readable: Salvage,
    data: dict,
    losses: list[Loss],
) -> str:
    """What a recovery did, for the user: what was set aside, restored, read back and lost."""
    held = _set_aside(readable, datafile.kind)
    parts = [
        f"{datafile.label} was damaged ({reason})",
        f"it {'held ' + held + ' and ' if held else ''}was kept as {aside.name}",
    ]
    if backup is not None:
        path, _, generation, records = backup
        parts.append(f"the backup {path.name} (generation {generation}, {records}) was restored")
    else:
        brought_back = any(loss.brought_back for loss in losses)
        start = f"with {_records(data, datafile.kind)}" if brought_back else "empty"
        rebuilt = "" if datafile.precious else " and is rebuilt by the next poll"
        parts.append(f"as no good backup was found, it starts {start}{rebuilt}")
    loss = describe_loss(losses, datafile.precious, backup is not None)
    if loss:
        parts.append(loss)
    elif backup is not None and not held:
        nouns = [r.noun + "s" for (kind, _), r in RECORD_KINDS.items() if kind == datafile.kind]
        parts.append(  # nothing in the damaged file says what it held: it may have held more
            f"the damaged file tells nothing of what it held: {' and '.join(nouns) or 'changes'} "
            f"written after that backup may be lost (look in {aside.name})"
        )
    if not datafile.precious and any(item.unreadable for item in losses):
        parts.append("the next poll fetches them again while their source still serves them")
    return "; ".join(parts)


def _generation(meta: dict) -> int:
    value = meta.get("generation", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _records(data: dict, kind: str) -> str:
    """``12 notes`` / ``1,000 incidents``: what a file holds, by its record tables."""
    counts = [
        counted(len(data.get(table, {})), record.noun)
        for (file_kind, table), record in RECORD_KINDS.items()
        if file_kind == kind
    ]
    return ", ".join(counts) or "nothing"


def _set_aside(readable: Salvage, kind: str) -> str:
    """How many records the damaged file held, as far as can be told (its ``_meta``)."""
    parts = []
    for (file_kind, table), record in RECORD_KINDS.items():
        if file_kind != kind:
            continue
        held = max(readable.mark(table), len(readable.tables.get(table, {})))
        if held:
            parts.append(f"up to {counted(held, record.noun)}")
    return ", ".join(parts)


def _newest_good_backup(datafile: DataFile) -> tuple[Path, dict, object, str] | None:
    """The newest backup that reads correctly: its path, data, generation and what it holds."""
    for backup in datafile.backups.list():
        try:
            data = datafile.parse(read_regular_file(backup.path), backup.path)
        except (OSError, StoreError):
            continue
        if datafile.schema_of(data) < datafile.schema:
            data = datafile.migrate(data)
        generation = data.get(META, {}).get("1", {}).get("generation", "?")
        return backup.path, data, generation, _records(data, datafile.kind)
    return None


def _keep_aside(path: Path, aside: Path) -> None:
    """Make ``aside`` a second name of ``path`` (a copy where hard links are not possible)."""
    try:
        os.link(path, aside)
    except FileExistsError:
        raise
    except OSError:
        atomic_write_bytes(aside, path.read_bytes())
