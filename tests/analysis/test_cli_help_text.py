"""Every command's --help reads as help, not as the module's reST docstring."""

from __future__ import annotations

import pytest

from tui.__main__ import main


@pytest.mark.parametrize("command", ["source", "poll", "notify", "stats", "event", "note"])
def test_help_has_no_leftover_docstring_markup(command: str, capsys) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = capsys.readouterr().out
    assert "``" not in text and ":func:" not in text and ":mod:" not in text
    assert f"whalewatch {command}``" not in text
