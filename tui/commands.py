"""The command palette's provider: every action of the app and the main screen, by name.

Every key has a palette entry too (Ctrl+P), so that nothing depends on remembering a key.
The entries are listed by :func:`palette_commands`, which a test checks against the bindings.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider

from .notifications import KIND_NAMES

if TYPE_CHECKING:
    from .app import WhalewatchApp


def palette_commands(app: WhalewatchApp) -> list[SystemCommand]:
    """The app's commands, then the main screen's (which act on what it has selected)."""
    commands = [
        SystemCommand("Help: list every key", "Show the help screen", app.action_help),
        SystemCommand(
            "Legend: what the glyphs mean",
            "● ▲ △ ◆ ? ! ~ ✔ ▶ $ ★ ☻ ⚙ ✖ … in the feed, the timeline and the notes",
            partial(show_legend, app),
        ),
        SystemCommand("Sources", "Add, test, pause and remove sources", app.action_sources),
        SystemCommand("Stats", "Incidents per period, before/after a change", app.action_stats),
        SystemCommand("Undo", "Undo the last delete or event edit", app.action_undo),
        SystemCommand(
            "Redraw the screen",
            "Draw every cell again (Ctrl+L), over what another program wrote on the terminal",
            app.action_redraw,
        ),
        SystemCommand("Quit", "Save pending edits and quit", app.action_quit),
        *alert_commands(app),
    ]
    if not app.screen_stack:
        return commands
    main = app.main_screen
    return [
        *commands,
        SystemCommand("New note", "Write a note on the selected item", main.action_new_note),
        SystemCommand("Add event", "Add an event to the timeline", main.action_add_event),
        SystemCommand("Edit event", "Edit the selected event", main.action_edit_event),
        SystemCommand(
            "Edit",
            "Edit the selected event, or the note selected in the Notes pane",
            main.action_edit,
        ),
        SystemCommand("Delete event", "Delete the selected event", main.action_delete_event),
        SystemCommand("Search timeline", "Filter by text", main.action_search),
        SystemCommand("Go to date", "Jump the timeline to a date", main.action_jump),
        SystemCommand("Go to today", "Jump the timeline to today", main.action_today),
        SystemCommand(
            "Filter timeline", "Platform, category, dates, kind, changes", main.action_filter
        ),
        SystemCommand("Toggle order", "Newest or oldest first", main.action_toggle_order),
        SystemCommand("Events / incidents only", "Cycle the kind filter", main.action_cycle_only),
        SystemCommand("Clear filter", "Show everything", main.action_clear_filter),
        SystemCommand(
            "Pin note", "Pin or unpin the note selected in the Notes pane", main.action_toggle_pin
        ),
        SystemCommand("Copy note", "Copy the selected note's text (OSC 52)", main.action_copy_note),
        SystemCommand(
            "Delete note or event", "Delete what is selected (asks first)", main.action_delete
        ),
    ]


def show_legend(app: WhalewatchApp) -> None:
    """Help, opened at its glyph legend."""
    from textual.binding import Binding

    from .screens.help import HelpScreen, binding_groups

    everywhere = [b for b in app.BINDINGS if isinstance(b, Binding)]
    app.push_screen(HelpScreen(binding_groups(everywhere), show_legend=True))


def alert_commands(app: WhalewatchApp) -> list[SystemCommand]:
    """The dashboard's alert settings (saved in the alert file, like `notify dashboard`)."""
    alerts = app.alerts
    commands = [
        SystemCommand(
            "Alerts: terminal notifications",
            "Desktop notification, bell or off: auto, osc9, osc777, osc99, bell, off (cycle)",
            alerts.cycle_terminal_mode,
        ),
        SystemCommand(
            "Alerts: minimum impact",
            "The least impact an incident needs for an alert: none, minor, major, critical",
            alerts.cycle_min_impact,
        ),
    ]
    for kind, name in KIND_NAMES.items():
        commands.append(
            SystemCommand(
                f"Alerts: {name.lower()}",
                f"Alert on {name.lower()} or not (toggle)",
                partial(alerts.toggle_kind, kind),
            )
        )
    commands.append(
        SystemCommand(
            "Alerts: every platform",
            "Alert on every watched platform (clears an 'only' choice)",
            partial(alerts.only_platform, ""),
        )
    )
    for platform in app.snapshot.platform_names:
        commands.append(
            SystemCommand(
                f"Alerts: only {platform}",
                f"Alert on {platform}'s incidents, changes and sources only",
                partial(alerts.only_platform, platform),
            )
        )
    return commands


class WhalewatchCommands(Provider):
    """Offers :func:`palette_commands` in the palette, next to Textual's own commands."""

    def _commands(self) -> list[SystemCommand]:
        # Registered only by WhalewatchApp (its COMMANDS), so the app is always one.
        return palette_commands(cast("WhalewatchApp", self.app))

    async def discover(self) -> Hits:
        for title, help_text, callback, _ in sorted(self._commands(), key=lambda c: c.title):
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback, _ in self._commands():
            if (score := matcher.match(title)) > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
