"""Modal forms: add/edit an event (validated field by field) and a yes/no confirmation."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TypeVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from ..domain import EVENT_CATEGORIES, Event, parse_day, parse_time_of_day
from ..widgets.keys_footer import KeysFooter


def validate_event_fields(values: dict[str, str]) -> dict[str, str]:
    """Field name -> message for every invalid field (empty when the form may be saved)."""
    errors: dict[str, str] = {}
    try:
        parse_day(values.get("day", ""))
    except ValueError:
        errors["day"] = "not a date: use YYYY-MM-DD"
    try:
        parse_time_of_day(values.get("time", ""))
    except ValueError:
        errors["time"] = "use HH:MM (24 h, UTC) or leave empty"
    if not values.get("title", "").strip():
        errors["title"] = "a title is required"
    if values.get("category", "") not in EVENT_CATEGORIES:
        errors["category"] = "choose one of: " + ", ".join(EVENT_CATEGORIES)
    url = values.get("url", "").strip()
    if url and not re.match(r"^https?://\S+$", url):
        errors["url"] = "only http:// or https:// links"
    return errors


def field_values(
    screen: Screen, inputs: Iterable[str], selects: Iterable[str] = ()
) -> dict[str, str]:
    """The text of each Input and the chosen value of each Select (``""`` when none is)."""
    values = {name: screen.query_one(f"#{name}", Input).value for name in inputs}
    for name in selects:
        value = screen.query_one(f"#{name}", Select).value
        values[name] = value if isinstance(value, str) else ""
    return values


def show_field_message(screen: Screen, name: str, message: str, progress: bool = False) -> None:
    """Put ``message`` under field ``name``, wrapped to the form's width (none: no line).

    A ``progress`` message ("Detecting…") is not drawn as an error.
    """
    label = screen.query_one(f"#{name}-error", Label)
    label.update(Content(message))
    label.set_class(bool(message), "-shown")
    label.set_class(progress, "-progress")


def show_field_errors(
    screen: Screen, names: Iterable[str], errors: dict[str, str], refusal: str
) -> bool:
    """Put each field's message beside it and focus the first wrong field.

    Returns True when every field is valid; otherwise says ``refusal`` and nothing is saved.
    """
    for name in names:
        show_field_message(screen, name, errors.get(name, ""))
    if not errors:
        return True
    screen.query_one(f"#{next(iter(errors))}").focus()
    screen.notify(f"{refusal}: fix the fields marked in red.", severity="error")
    return False


def form_field(label: str, widget: Widget, name: str = "", long: bool = False) -> ComposeResult:
    """A labelled field and, under it, the line its message goes on (``#NAME-error``).

    A ``long`` field (a URL, a description) has its label above it in a narrow terminal, so
    that its value has the form's whole width.
    """
    yield Horizontal(Label(label), widget, classes="form-row -long" if long else "form-row")
    yield Label("", id=f"{name or widget.id}-error", classes="field-error")


NARROW_BELOW = 100
"""Below this many columns a form puts the labels of its long fields above them."""


FormResult = TypeVar("FormResult")


class SaveOrCancelForm(ModalScreen[FormResult | None]):
    """A modal form answered with a Save button (or Enter in a field) and Cancel (Escape).

    Subclasses say what saving means (:meth:`action_submit`); cancelling dismisses with
    ``None``, which every caller reads as "nothing changed".
    """

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_BELOW, "-narrow")

    def action_submit(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_submit()
        else:
            self.action_cancel()

    def on_input_submitted(self) -> None:
        self.action_submit()


class EventForm(SaveOrCancelForm[Event]):
    """Add or edit an event; nothing is saved until every field is valid."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save"),
    ]

    FIELDS = ("day", "time", "title", "platform", "url")

    def __init__(self, event: Event | None, platforms: list[str]) -> None:
        super().__init__()
        self.event = event
        self.platforms = platforms

    def compose(self) -> ComposeResult:
        event = self.event
        with Vertical(id="event-form"):
            yield Static(Content("Edit event" if event else "New event"), id="form-title")
            with VerticalScroll(id="form-fields"):
                yield from form_field(
                    "Date",
                    Input(
                        event.day.isoformat() if event else "", id="day", placeholder="YYYY-MM-DD"
                    ),
                )
                yield from form_field(
                    "Time (UTC)",
                    Input(event.time if event else "", id="time", placeholder="HH:MM (optional)"),
                )
                yield from form_field(
                    "Title", Input(event.title if event else "", id="title"), long=True
                )
                yield from form_field(
                    "Category",
                    Select(
                        [(c, c) for c in EVENT_CATEGORIES],
                        value=event.category if event else Select.NULL,
                        id="category",
                        prompt="choose…",
                    ),
                )
                platform = (
                    event.platform if event else (self.platforms[0] if self.platforms else "")
                )
                yield from form_field("Platform", Input(platform, id="platform"))
                yield from form_field(
                    "Source link",
                    Input(event.url if event else "", id="url", placeholder="https://…"),
                    long=True,
                )
                yield from form_field(
                    "Description",  # wrapped, so that a long one shows whole
                    TextArea(
                        event.description if event else "",
                        id="description",
                        soft_wrap=True,
                        show_line_numbers=False,
                    ),
                    long=True,
                )
                yield Checkbox(  # in the scrolled part: the buttons keep their rows at 60x20
                    "Mark as a change (compared before/after in Stats)",
                    event.is_change if event else False,
                    id="is_change",
                )
            with Horizontal(id="form-buttons"):
                yield Button("Save (Ctrl+S)", variant="primary", id="save")
                yield Button("Cancel (Esc)", id="cancel")
        yield KeysFooter()  # the modal's own keys; the screen below's do not apply here

    def on_mount(self) -> None:
        self.query_one("#day", Input).focus()

    def values(self) -> dict[str, str]:
        values = field_values(self, self.FIELDS, ("category",))
        # one line, as it is stored and shown (Enter in the box is no paragraph)
        values["description"] = " ".join(self.query_one("#description", TextArea).text.split())
        return values

    def action_submit(self) -> None:
        values = self.values()
        errors = validate_event_fields(values)
        names = (*self.FIELDS, "description", "category")
        if not show_field_errors(self, names, errors, "Not saved"):
            return
        event = Event(
            id=self.event.id if self.event else 0,
            day=parse_day(values["day"]),
            time=parse_time_of_day(values["time"]),
            title=values["title"].strip(),
            category=values["category"],
            platform=values["platform"].strip(),
            url=values["url"].strip(),
            description=values["description"].strip(),
            is_change=self.query_one("#is_change", Checkbox).value,
        )
        if self.event:
            event = replace(
                self.event,
                **{
                    k: getattr(event, k)
                    for k in (
                        "day",
                        "time",
                        "title",
                        "category",
                        "platform",
                        "url",
                        "description",
                        "is_change",
                    )
                },
            )
        self.dismiss(event)


class ConfirmScreen(ModalScreen[bool]):
    """Yes/no before anything destructive; only y confirms (a stray key never does)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(Content(self.question), markup=False)
            yield Static(Content("y = yes    n / Esc = no"), classes="detail-meta")
        yield KeysFooter()  # the modal's own keys; the screen below's do not apply here

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
