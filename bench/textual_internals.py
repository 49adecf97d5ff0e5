"""The few Textual internals the benchmark harness needs, gathered in one place.

Read from Textual 8.2.8 (``textual/pilot.py``, ``textual/message_pump.py``,
``textual/screen.py``, ``textual/widget.py``). ``Pilot.press`` waits for the whole process
to go idle (tens of milliseconds whatever the app does), which would hide the cost of a key
press; timing one press needs to send the key as Pilot does and to know when its frame is
painted, and Textual has no public API for either. Only the bench uses these; the app does
not. When Textual changes, this module is the one to read again.
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.pilot import Pilot


def send_key(app: App, key: str) -> None:
    """Put a key press in the app's input queue, the way Pilot's driver does."""
    char = key if len(key) == 1 else None
    driver = app._driver
    assert driver is not None, "the app is not running"
    driver.send_message(events.Key(key, char))


async def paint_pending_frame(pilot: Pilot) -> None:
    """Let the screen process its messages, then draw the frame it is waiting for at once."""
    await pilot._wait_for_screen()
    pilot.app.screen._on_timer_update()


def settled(app: App) -> bool:
    """True when no message is queued anywhere and no widget or screen awaits a repaint."""
    screen = app.screen
    if not app._message_queue.empty():
        return False
    if screen._dirty_widgets or screen._layout_required or screen._scroll_required:
        return False
    for node in screen.walk_children(with_self=True):
        if not node._message_queue.empty():
            return False
        if node._repaint_required or node._layout_required or node._scroll_required:
            return False
    return True
