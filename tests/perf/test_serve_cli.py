"""``whalewatch serve``: the served command keeps the global options; a clear hint without the extra."""

from __future__ import annotations

import builtins
import shlex
import sys

import pytest

from tui.__main__ import build_parser, main
from tui.cli import serve


def test_served_command_carries_the_global_options() -> None:
    args = build_parser().parse_args(["--db", "/tmp/my store", "--no-poll", "serve", "--port", "9"])
    command = shlex.split(serve.dashboard_command(args))
    assert command[:3] == [sys.executable, "-m", "tui"]
    assert command[3:] == ["--db", "/tmp/my store", "--no-poll"]
    assert (args.host, args.port) == ("127.0.0.1", 9)


def test_demo_is_carried_too() -> None:
    args = build_parser().parse_args(["--demo", "serve"])
    assert shlex.split(serve.dashboard_command(args))[3:] == ["--demo"]


def test_without_textual_serve_the_command_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_import = builtins.__import__

    def no_textual_serve(name, *args, **kwargs):
        if name.startswith("textual_serve"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_textual_serve)
    assert main(["serve"]) == 1
    assert "pip install 'whalewatch[serve]'" in capsys.readouterr().err
