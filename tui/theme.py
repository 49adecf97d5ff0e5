"""The whalewatch theme: calm blues, with warning and error colours that stay apart.

Status and impact never rely on colour alone (glyphs and words carry them), so any of
Textual's built-in themes works too; this one is the default.
"""

from typing import Any

from textual.app import App
from textual.theme import Theme

WHALEWATCH_THEME = Theme(
    name="whalewatch",
    primary="#4A9FD8",
    secondary="#2E6F9E",
    accent="#7FC8F8",
    warning="#F5B041",
    error="#F1676B",
    success="#58C490",
    foreground="#DDE6EE",
    background="#0F1B26",
    surface="#15232F",
    panel="#1E3141",
    dark=True,
)


def start_in_theme(app: App[Any], name: str) -> None:
    """Choose the theme before any CSS is parsed.

    Setting ``theme`` runs its watcher, which re-parses every stylesheet once the app
    starts (about 15 ms, for nothing: no CSS has been parsed yet). When the theme is as
    dark or as light as the default, it is enough to set the value, the CSS variables and
    the theme's classes; otherwise (the ANSI colour filter depends on its darkness and on
    whether it uses the terminal's own palette) set it normally.
    """
    theme = app.get_theme(name)
    current = app.current_theme
    if theme is None or theme.dark != current.dark or theme.ansi != current.ansi:
        app.theme = name
        return
    app.set_reactive(App.theme, name)
    app.stylesheet.set_variables(app.get_css_variables())
    app.set_class(True, f"-theme-{name}", update=False)
