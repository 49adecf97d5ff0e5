"""The add-source form: a URL or a preset, a kind, and for a watched page what part to watch.

The page fields (category, CSS selectors to keep and to cut, a pattern of lines to ignore)
are the same as ``source add``'s ``--category``, ``--select``, ``--remove`` and ``--ignore``;
each field holds one CSS selector (a comma inside it means "or", as in CSS) or one regular
expression (``|`` means "or"). They are checked here without the network; the writer then
fetches the page once before adding it, and refuses it with the reason if it cannot be read.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from ..domain import EVENT_CATEGORIES, Source, checked_interval, utcnow
from ..kinds import addable_kind_names, kind_named
from ..kinds.presets import PRESETS, unique_presets
from ..pagewatch.extract import PageError, PageRules, check_rules
from ..text import safe_url
from .forms import SaveOrCancelForm, field_values, show_field_errors

KINDS = ("auto", *addable_kind_names())
PAGE_FIELDS = ("category", "select", "remove", "ignore")


def _one(text: str) -> tuple[str, ...]:
    text = text.strip()
    return (text,) if text else ()


def validate_source_fields(values: dict[str, str]) -> dict[str, str]:
    """Field name -> message for every invalid field (empty when the source may be added)."""
    errors: dict[str, str] = {}
    if not safe_url(values.get("url", "").strip()):
        errors["url"] = "an http:// or https:// URL"
    kind_name = values.get("kind", "")
    if kind_name not in KINDS:
        errors["kind"] = "choose a kind"
    try:
        checked_interval(values.get("every", ""))
    except ValueError as error:
        errors["every"] = str(error)
    kind = kind_named(kind_name)
    options = kind.options if kind is not None else frozenset()
    for name in PAGE_FIELDS:
        if values.get(name, "").strip() and name not in options:
            errors[name] = "page/changelog only" if name == "category" else "page only"
    category = values.get("category", "")
    if category and category not in EVENT_CATEGORIES:
        errors["category"] = "unknown category"
    checks = {
        "select": PageRules(select=_one(values.get("select", ""))),
        "remove": PageRules(remove=_one(values.get("remove", ""))),
        "ignore": PageRules(ignore=_one(values.get("ignore", ""))),
    }
    for name, rules in checks.items():
        if name in errors:
            continue
        try:
            check_rules(rules)
        except PageError as error:
            errors[name] = str(error)[:60]
    return errors


def source_from_fields(values: dict[str, str]) -> Source:
    """The source the (valid) fields describe; a page's category defaults to its kind's."""
    kind = kind_named(values["kind"])
    return Source(
        id="",
        url=values["url"].strip(),
        kind=values["kind"],
        platform=values["platform"].strip(),
        name=values["name"].strip(),
        every=int(values["every"]),
        created_at=utcnow(),
        category=values.get("category", "") or (kind.default_category if kind else ""),
        select=_one(values.get("select", "")),
        remove=_one(values.get("remove", "")),
        ignore=_one(values.get("ignore", "")),
    )


class SourceForm(SaveOrCancelForm[Source]):
    """A URL or a preset, a kind (auto-detected by default), a platform and an interval."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Add"),
    ]

    FIELDS = ("url", "platform", "name", "every", "select", "remove", "ignore")

    def compose(self) -> ComposeResult:
        with Vertical(id="source-form"):
            yield Static(Content("Add a source"), id="form-title")
            with Grid(id="form-grid"):
                yield Label("Preset")
                yield Select(
                    [(f"{p.title} ({p.kind})", key) for key, p in unique_presets()],
                    id="preset",
                    prompt="none: type a URL",
                )
                yield Label("")
                yield from self._field("URL", Input(id="url", placeholder="https://…"))
                kinds = Select([(k, k) for k in KINDS], value="auto", id="kind", allow_blank=False)
                yield from self._field("Kind", kinds)
                yield from self._field("Platform", Input(id="platform", placeholder="e.g. GitHub"))
                yield from self._field(
                    "Name", Input(id="name", placeholder="a short label (optional)")
                )
                yield from self._field("Every (s)", Input("60", id="every"))
                categories = [("the kind's own", "")] + [(c, c) for c in EVENT_CATEGORIES]
                yield from self._field(
                    "Category", Select(categories, value="", id="category", allow_blank=False)
                )
                yield from self._field(
                    "Select CSS", Input(id="select", placeholder="page: the part to watch")
                )
                yield from self._field(
                    "Remove CSS", Input(id="remove", placeholder="page: noise to cut out")
                )
                yield from self._field(
                    "Ignore", Input(id="ignore", placeholder="page: regex of lines to skip")
                )
            with Horizontal(id="form-buttons"):
                yield Button("Add (Ctrl+S)", variant="primary", id="save")
                yield Button("Cancel (Esc)", id="cancel")

    @staticmethod
    def _field(label: str, widget: Input | Select) -> ComposeResult:
        yield Label(label)
        yield widget
        yield Label("", id=f"{widget.id}-error", classes="field-error")

    def on_mount(self) -> None:
        self.query_one("#url", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "preset" or not isinstance(event.value, str):
            return
        preset = PRESETS.get(event.value)
        if preset is None:
            return
        self.query_one("#url", Input).value = preset.url
        self.query_one("#kind", Select).value = preset.kind
        self.query_one("#platform", Input).value = preset.platform
        self.query_one("#name", Input).value = preset.title
        self.query_one("#category", Select).value = preset.category
        self.query_one("#select", Input).value = ", ".join(preset.select)
        self.query_one("#remove", Input).value = ", ".join(preset.remove)

    def values(self) -> dict[str, str]:
        return field_values(self, self.FIELDS, ("kind", "category"))

    def action_submit(self) -> None:
        values = self.values()
        errors = validate_source_fields(values)
        names = (*self.FIELDS, "kind", "category")
        if show_field_errors(self, names, errors, "Not added"):
            self.dismiss(source_from_fields(values))
