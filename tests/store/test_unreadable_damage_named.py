"""A damaged file that tells nothing of what it held does not pass for a clean restore.

Five notes, then ``notes.json`` overwritten (garbage, zeroed, emptied): the backup of
generation 4 is restored and note #5 is gone, but the damaged file no longer says how many
notes it held, so the message only said "the backup … was restored", as if nothing were
lost. It now says that what was written after the backup may be lost, and where to look.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.store import Store


@pytest.mark.parametrize(
    "damage", [b"", b"\0" * 400, b"{not json at all" * 30], ids=["empty", "zeroed", "garbage"]
)
def test_a_restore_from_an_unreadable_file_names_the_possible_loss(
    store_dir: Path, damage: bytes
) -> None:
    store = Store.open(store_dir)
    for n in range(1, 6):
        store.add_note(f"note {n}")
    (store_dir / "notes.json").write_bytes(damage)

    reopened = Store.open(store_dir)

    assert sorted(n.text for n in reopened.notes()) == [f"note {n}" for n in range(1, 5)]
    [message] = reopened.status.messages
    assert "(generation 4, 4 notes) was restored" in message
    assert "notes written after that backup may be lost" in message
    assert "notes.json.damaged-" in message


def test_a_readable_damaged_file_says_exactly_what_was_lost(store_dir: Path) -> None:
    store = Store.open(store_dir)
    for n in range(1, 6):
        store.add_note(f"note {n}")
    path = store_dir / "notes.json"
    path.write_bytes(path.read_bytes()[: int(path.stat().st_size * 0.6)])

    [message] = Store.open(store_dir).status.messages
    assert "note #5 added since the backup was unreadable" in message
    assert "may be lost" not in message
