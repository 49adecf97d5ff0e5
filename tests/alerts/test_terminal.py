"""The bytes the dashboard writes for an alert, per terminal, inside tmux or not."""

from __future__ import annotations

import pytest

from tui.alerts.alert import Alert
from tui.alerts.terminal import (
    BEL,
    ESC,
    ST,
    detect_protocol,
    notification_for,
    notification_text,
    sequence,
    tmux_wrap,
)

ALERT = Alert(kind="new", key="new:s1:a", title="API errors", platform="GitHub", impact="major")
HOSTILE = Alert(
    kind="new",
    key="new:s1:b",
    title="4;3;\x1b]52;c;ZXZpbA==\x07 \u202eevil; more\x9b",
    platform="X;Twitter",
)


@pytest.mark.parametrize(
    ("env", "protocol"),
    [
        ({"TERM_PROGRAM": "iTerm.app"}, "osc9"),
        ({"LC_TERMINAL": "iTerm2", "TERM_PROGRAM": "tmux"}, "osc9"),
        ({"TERM_PROGRAM": "WezTerm"}, "osc9"),
        ({"TERM_PROGRAM": "ghostty"}, "osc9"),
        ({"TERM": "xterm-ghostty"}, "osc9"),
        ({"KITTY_WINDOW_ID": "1", "TERM": "xterm-kitty"}, "osc99"),
        ({"VTE_VERSION": "7600", "TERM": "xterm-256color"}, "osc777"),
        ({"KONSOLE_VERSION": "240802"}, "osc777"),
        ({"TERM": "foot"}, "osc777"),
        ({"TERM": "rxvt-unicode-256color"}, "osc777"),
        ({"WT_SESSION": "abc", "TERM": "xterm-256color"}, "osc777"),
        ({"TERM_PROGRAM": "Apple_Terminal"}, "bell"),
        ({"TERM": "xterm-256color"}, "bell"),
        ({}, "bell"),
    ],
)
def test_the_protocol_is_chosen_from_the_environment(env, protocol):
    assert detect_protocol(env) == protocol


def test_iterm2_gets_osc_9():
    data = notification_for(ALERT, env={"TERM_PROGRAM": "iTerm.app"})
    assert data == f"{ESC}]9;whalewatch · New incident · GitHub: API errors (major){BEL}"


def test_kitty_gets_osc_99_with_its_metadata():
    data = notification_for(ALERT, env={"KITTY_WINDOW_ID": "3"})
    assert data == (
        f"{ESC}]99;i=new-s1-a:d=0:u=1:p=title;whalewatch · New incident · GitHub{ST}"
        f"{ESC}]99;i=new-s1-a:d=1:p=body;API errors (major){ST}"
    )


def test_vte_gets_osc_777_notify():
    data = notification_for(ALERT, env={"VTE_VERSION": "7600"})
    assert data == f"{ESC}]777;notify;whalewatch · New incident · GitHub;API errors (major){BEL}"


def test_an_unknown_terminal_gets_only_the_bell():
    assert notification_for(ALERT, env={"TERM": "xterm"}) == BEL
    assert notification_for(ALERT, env={"TERM": "xterm", "TMUX": "/tmp/tmux-0/default,1,0"}) == BEL


def test_inside_tmux_the_sequence_goes_through_passthrough():
    env = {"TERM_PROGRAM": "tmux", "LC_TERMINAL": "iTerm2", "TMUX": "/tmp/tmux-0/default,1,0"}
    data = notification_for(ALERT, env=env)
    inner = f"{ESC}]9;whalewatch · New incident · GitHub: API errors (major){BEL}"
    assert data == f"{ESC}Ptmux;{ESC}{inner}{ST}"
    assert data == tmux_wrap(inner)
    kitty = notification_for(ALERT, env={"KITTY_WINDOW_ID": "1", "TMUX": "x"})
    body = kitty[len(f"{ESC}Ptmux;") : -len(ST)]
    assert ESC not in body.replace(ESC + ESC, "")  # every inner ESC doubled


def test_the_setting_forces_a_protocol_or_turns_it_off():
    assert notification_for(ALERT, "off", {"TERM_PROGRAM": "iTerm.app"}) == ""
    assert notification_for(ALERT, "bell", {"TERM_PROGRAM": "iTerm.app"}) == BEL
    assert notification_for(ALERT, "osc777", {}).startswith(f"{ESC}]777;notify;")


@pytest.mark.parametrize("protocol", ["osc9", "osc777", "osc99"])
@pytest.mark.parametrize("raw", [True, False])
def test_remote_text_cannot_escape_the_sequence(protocol, raw):
    if raw:  # straight from the network, not even through the sanitiser
        data = sequence(protocol, "\x1b]0;t\x07;x", "\x1b\\\x07;\u202e\x9b\x1bP", "id;\x1b")
    else:
        data = notification_for(HOSTILE, protocol, {})
    terminator = ST if protocol == "osc99" else BEL
    pieces = data.split(terminator)
    assert pieces[-1] == ""
    for piece in pieces[:-1]:
        assert piece.count(ESC) == 1 and piece.startswith(ESC + "]")
        assert BEL not in piece and "\x9b" not in piece and "\u202e" not in piece
    payload = pieces[0].split(";", 3 if protocol == "osc777" else 2)[-1]
    assert ";" not in payload


def test_osc_9_text_never_starts_with_a_digit_and_a_semicolon():
    data = sequence("osc9", "", "4;3;50 percent")
    assert data == f"{ESC}]9;whalewatch: 4,3,50 percent{BEL}"


def test_text_is_stripped_and_capped():
    assert notification_text("a\x1b[31mb\u200fc\n d", 100) == "a[31mbc d"
    assert len(notification_text("x" * 500, 80)) == 80
