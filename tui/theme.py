"""The whalewatch theme: calm blues, with warning and error colours that stay apart.

Status and impact never rely on colour alone (glyphs and words carry them), so any of
Textual's built-in themes works too; this one is the default.
"""

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
