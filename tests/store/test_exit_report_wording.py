"""The exit report after "p: quit and print" does not claim a file could not be written.

Pressing p on the unsaved-text question prints the text by choice; the report said "No file
could be written either", which is what it says after w failed, and is untrue here.
"""

from __future__ import annotations

from tui.unsaved import UnsavedNote, exit_report

ITEM = UnsavedNote("the text", None, ("incident", "a:b"), "API", "Read-only file system")


def test_printing_by_choice_says_nothing_of_a_file() -> None:
    report = exit_report([ITEM], None, tried_file=False)
    assert "the text" in report
    assert "file" not in report.split("\n", 1)[1].split("\n", 1)[0]


def test_a_failed_file_is_still_named_as_such() -> None:
    report = exit_report([ITEM], None)
    assert "No file could be written either" in report and "the text" in report
