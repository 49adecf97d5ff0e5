"""The timeline filter form: platform, category, date range, kind, changes, detected, combined.

The text search stays on ``/`` (incremental); this form sets everything else at once and
refuses a date it cannot read, with the message beside the field.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from ..chronicle import DETECTED_GLYPH, TimelineFilter
from ..domain import EVENT_CATEGORIES, parse_day
from ..widgets.keys_footer import KeysFooter
from .forms import field_values, show_field_errors

FIELD_NAMES = ("platform", "category", "start", "end", "only")
"""The fields that may carry a message beside them."""

KINDS = (("events and incidents", ""), ("events only", "event"), ("incidents only", "incident"))


def parse_filter_fields(
    values: dict[str, str], base: TimelineFilter
) -> tuple[TimelineFilter, dict[str, str]]:
    """The filter the fields describe, and field -> message for every field that is wrong."""
    errors: dict[str, str] = {}
    days: dict[str, date | None] = {}
    for name in ("start", "end"):
        text = values.get(name, "").strip()
        if not text:
            days[name] = None
            continue
        try:
            days[name] = parse_day(text)
        except ValueError:
            errors[name] = "use YYYY-MM-DD"
    if not errors and days["start"] and days["end"] and days["start"] > days["end"]:
        errors["end"] = "before the start"
    category = values.get("category", "")
    if category and category not in EVENT_CATEGORIES:
        errors["category"] = "unknown category"
    flt = base._replace(
        platform=values.get("platform", ""),
        category=category,
        start=days.get("start"),
        end=days.get("end"),
        only=values.get("only", ""),
        changes_only=values.get("changes_only") == "yes",
        detected_only=values.get("detected_only") == "yes",
    )
    return flt, errors


class FilterForm(ModalScreen[TimelineFilter | None]):
    """Combine filters on the timeline; Esc cancels, Ctrl+S (or Enter) applies.

    Ctrl+R resets the fields and leaves the form open: only applying or cancelling closes
    it, so the keys that follow a reset are the form's, never the main screen's.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply"),
        Binding("ctrl+r", "reset", "Reset all"),
    ]

    def __init__(self, current: TimelineFilter, platforms: list[str]) -> None:
        super().__init__()
        self.current = current
        self.platforms = platforms

    def compose(self) -> ComposeResult:
        flt = self.current
        with Vertical(id="filter-form"):
            yield Static(Content("Filter the timeline"), id="form-title")
            with Grid(id="form-grid"):
                yield Label("Platform")
                yield Select(
                    [("any platform", "")] + [(name, name) for name in self.platforms],
                    value=flt.platform if flt.platform in self.platforms else "",
                    allow_blank=False,
                    id="platform",
                )
                yield Label("", id="platform-error", classes="field-error")
                yield Label("Category")
                yield Select(
                    [("any category", "")] + [(c, c) for c in EVENT_CATEGORIES],
                    value=flt.category,
                    allow_blank=False,
                    id="category",
                )
                yield Label("", id="category-error", classes="field-error")
                yield Label("From")
                yield Input(
                    flt.start.isoformat() if flt.start else "", id="start", placeholder="YYYY-MM-DD"
                )
                yield Label("", id="start-error", classes="field-error")
                yield Label("To")
                yield Input(
                    flt.end.isoformat() if flt.end else "", id="end", placeholder="YYYY-MM-DD"
                )
                yield Label("", id="end-error", classes="field-error")
                yield Label("Show")
                yield Select(list(KINDS), value=flt.only, allow_blank=False, id="only")
                yield Label("", id="only-error", classes="field-error")
            yield Checkbox(
                "Changes only (events marked as a change)", flt.changes_only, id="changes_only"
            )
            yield Checkbox(
                f"{DETECTED_GLYPH} Detected only (recorded by watched pages and changelogs)",
                flt.detected_only,
                id="detected_only",
            )
            with Horizontal(id="form-buttons"):
                yield Button("Apply (Ctrl+S)", variant="primary", id="apply")
                yield Button("Reset (Ctrl+R)", id="reset")
                yield Button("Cancel (Esc)", id="cancel")
        yield KeysFooter()  # the modal's own keys; the screen below's do not apply here

    def on_mount(self) -> None:
        self.query_one("#platform").focus()

    def values(self) -> dict[str, str]:
        values = field_values(self, ("start", "end"), ("platform", "category", "only"))
        for name in ("changes_only", "detected_only"):
            values[name] = "yes" if self.query_one(f"#{name}", Checkbox).value else ""
        return values

    def action_apply(self) -> None:
        flt, errors = parse_filter_fields(self.values(), self.current)
        if not show_field_errors(self, FIELD_NAMES, errors, "Filter not applied"):
            return
        self.dismiss(flt)

    def action_reset(self) -> None:
        """Empty every field (and, once applied, the text search too); the form stays open."""
        self.current = TimelineFilter()
        for name in ("platform", "category", "only"):
            self.query_one(f"#{name}", Select).value = ""
        for name in ("start", "end"):
            self.query_one(f"#{name}", Input).value = ""
        for name in ("changes_only", "detected_only"):
            self.query_one(f"#{name}", Checkbox).value = False
        show_field_errors(self, FIELD_NAMES, {}, "")
        self.notify("Filter fields reset: Enter or Ctrl+S applies, Esc cancels.", timeout=4)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"apply": self.action_apply, "reset": self.action_reset}.get(
            event.button.id or "", self.action_cancel
        )()

    def on_input_submitted(self) -> None:
        self.action_apply()
