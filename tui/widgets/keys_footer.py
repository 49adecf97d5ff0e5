"""The footer every screen shows its keys in."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

PALETTE_KEY = 12
"""Cells the command palette's key takes at the footer's right end (``▏^p Commands``)."""


class KeysFooter(Footer):
    """Textual's footer in its compact style, showing only the keys that fit whole.

    Compact (``j Down`` where the stock footer pads the key a cell each side: `` j  Down``)
    for two reasons. At 80 columns the focused pane's keys and the app's fill the line; a
    cell a key leaves room for more of them. And each key is styled once: Textual's
    ``FooterKey`` is compact by default, and a non-compact footer binds it to ``False`` as
    it mounts, which restyles it there and then. The footer builds its keys again on every
    focus change and every screen, so that second style pass was 5–9 % of the CPU of moving
    between panes and opening screens (A/B over Pilot test files that do; runs of the same
    code differ by about as much).

    The screen's own keys come first and the app's after them; the keys that would run off
    the right end are left out rather than cut (``s S``), and the command palette's key,
    docked at the right end, is shown only where every other key fits beside it (the
    palette is listed in Help, and ctrl+p opens it anyway). Left-out keys are in Help too.

    Textual's footer builds its keys again whenever its screen says its bindings may have
    changed: four times as a page opens, and on the screen it leaves and the one it goes
    back to, whose keys are the same. This one is built again only when what it shows
    changes (see :meth:`recompose`).
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(compact=True, **options)
        self._laid_out_for: int | None = None
        """The width the keys were last chosen for (None until the footer has keys)."""
        self._built_from: tuple[Any, ...] | None = None
        """What the keys shown were built from (:meth:`_keys_shown`; None until built)."""

    def compose(self) -> ComposeResult:
        width = self.app.size.width
        fitting, palette = _fit(self._key_widths(), width)
        self.set_reactive(Footer.show_command_palette, palette)
        # Footer.compose yields one widget per key, in the order of _key_widths (this app
        # gives no binding a group, which would add a group's widgets), then the palette's;
        # nothing before the screen's keys are known.
        keys = 0
        built = False
        for widget in super().compose():
            built = True
            if not widget.has_class("-command-palette"):
                keys += 1
                if keys > fitting:
                    continue
            yield widget
        if keys:
            self._laid_out_for = width
        # Built from the keys as they are now, none of them included (a field has the focus)
        # but the palette's; not when nothing was (the screen's keys not known yet).
        self._built_from = self._keys_shown(width) if built else None

    async def recompose(self) -> None:
        # Each rebuild removes and mounts every key again (their styles included); a footer
        # whose keys would come out the same is left as it is.
        # (A footer whose screen was closed since the rebuild was asked for is not rebuilt.)
        if not self.is_attached:
            return
        if self._built_from is not None and self._built_from == self._keys_shown():
            return
        await super().recompose()

    def _keys_shown(self, width: int | None = None) -> tuple[Any, ...]:
        """Everything the keys shown are built from at ``width`` (the app's by default):
        each shown binding as ``Footer.compose`` reads it, how many fit, the palette's key."""
        width = self.app.size.width if width is None else width
        bindings = self.screen.active_bindings
        shown = tuple(
            (b.key, self.app.get_key_display(b), b.description, b.action, b.group, on, tip)
            for _node, b, on, tip in bindings.values()
            if b.show
        )
        palette = bindings.get(self.app.COMMAND_PALETTE_BINDING)
        palette_key = None if palette is None else (palette.binding.key, palette.enabled)
        return shown, _fit(self._key_widths(), width), palette_key

    def on_resize(self) -> None:
        # Built again only when a new width changes what fits: not on the first layout, and
        # not for a change of keys (the footer is built again for those already).
        before, now = self._laid_out_for, self.app.size.width
        if before is not None and now != before:
            widths = self._key_widths()
            if _fit(widths, now) != _fit(widths, before):
                self.call_after_refresh(self.recompose)

    def _key_widths(self) -> list[int]:
        """The cells of each key the footer shows, one per action as it shows them: the
        key, a space, the description and the cell after it."""
        actions: dict[str, Binding] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.show:
                actions.setdefault(binding.action, binding)
        return [
            cell_len(self.app.get_key_display(binding)) + cell_len(binding.description) + 2
            for binding in actions.values()
        ]


def _fit(widths: list[int], room: int) -> tuple[int, bool]:
    """How many keys of these widths fit whole in ``room`` cells, and whether the palette's
    key fits beside them all."""
    fitting = used = 0
    for width in widths:
        used += width
        if used - 1 > room:  # the last key needs no cell after it
            break
        fitting += 1
    return fitting, sum(widths) + PALETTE_KEY <= room
