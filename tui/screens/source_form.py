"""The add-source form: a URL or a preset, a kind, what part of a page to watch, probe checks.

The page fields (category, CSS selectors to keep and to cut, a pattern of lines to ignore)
are the same as ``source add``'s ``--category``, ``--select``, ``--remove`` and ``--ignore``;
each field holds one CSS selector (a comma inside it means "or", as in CSS) or one regular
expression (``|`` means "or"). The probe fields are ``source add``'s probe checks
(``--expect-status``, ``--latency-limit``, ``--body-contains``, ``--body-excludes``,
``--json-check``, ``--cert-expiry``, ``--method``, ``--header``), checked by the same rules
(:mod:`tui.kinds.conditions`) and turned into the source's settings by the same function
(:func:`tui.cli.source.probe_checks`). A header's secret is written as ``$VARIABLE``: the
store keeps the reference, the probe reads the value from the environment when it polls.

Everything is checked here without the network. With the kind left on "auto" the form then
fetches the URL once to detect its kind, and stays open when the URL does not answer (the
reason under the URL, the kind selector focused: choosing a kind adds it anyway). The writer
fetches a page once more before adding it, and refuses it with the reason if it cannot be
read.
"""

from __future__ import annotations

import asyncio
from argparse import Namespace
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from ..domain import EVENT_CATEGORIES, Source, checked_interval, utcnow
from ..kinds import addable_kind_names, kind_named
from ..kinds.conditions import ConditionError, header_lines, parse_check, status_ranges
from ..kinds.presets import PRESETS, unique_presets
from ..pagewatch.extract import PageError, PageRules, check_rules
from ..text import safe_url
from ..widgets.keys_footer import KeysFooter
from ..widgets.text import clean_line
from .forms import (
    SaveOrCancelForm,
    field_values,
    form_field,
    show_field_errors,
    show_field_message,
)

if TYPE_CHECKING:
    from ..feeds.detect import Detection

AUTO = "auto"
KINDS = (AUTO, *addable_kind_names())
PAGE_FIELDS = ("category", "select", "remove", "ignore")
PROBE_INPUTS = (
    "expect_status",
    "latency_limit",
    "body_contains",
    "body_excludes",
    "json_check",
    "cert_expiry",
)
PROBE_DEFAULTS = {"method": "GET", "expect_status": "2xx,3xx"}
"""What a probe field holds when the user has not set it (the others are empty)."""
WHOLE_NUMBERS = {"latency_limit": "milliseconds", "cert_expiry": "days"}


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
            errors[name] = str(error)
    probe_allowed = kind_name == AUTO or (kind is not None and kind.fallback)
    errors.update(probe_field_errors(values, probe_allowed))
    return errors


def probe_field_errors(values: dict[str, str], probe_allowed: bool = True) -> dict[str, str]:
    """The probe fields' messages: by the CLI's rules, and "probes only" on another kind."""
    errors: dict[str, str] = {}
    for name, unit in WHOLE_NUMBERS.items():
        text = values.get(name, "").strip()
        if text and not (text.isascii() and text.isdigit()):
            errors[name] = f"a whole number of {unit}, or empty"
    try:
        header_lines(values.get("headers", ""))
    except ConditionError as error:
        errors["headers"] = str(error)
    if values.get("json_check", "").strip():
        try:
            parse_check(values["json_check"].strip())
        except ConditionError as error:
            errors["json_check"] = str(error)
    try:
        status_ranges(values.get("expect_status", ""))
    except ConditionError as error:
        errors["expect_status"] = str(error)
    if not probe_allowed:
        for name in (*PROBE_INPUTS, "method", "headers"):
            if values.get(name, "").strip() not in ("", PROBE_DEFAULTS.get(name, "")):
                errors.setdefault(name, "HTTP probes only (kind probe, or auto)")
    return errors


def probe_settings(values: dict[str, str]) -> dict[str, Any]:
    """The source's probe settings from the (valid) probe fields, as ``source add`` makes them."""
    from ..cli.source import probe_checks  # the command line's one definition of them

    def text(name: str) -> str | None:
        return values.get(name, "").strip() or None

    def number(name: str) -> int | None:
        value = text(name)
        return int(value) if value is not None else None

    flags = Namespace(
        method=values.get("method") or PROBE_DEFAULTS["method"],
        expect_status=text("expect_status") or PROBE_DEFAULTS["expect_status"],
        latency_limit=number("latency_limit"),
        body_contains=text("body_contains"),
        body_excludes=text("body_excludes"),
        json_check=text("json_check"),
        cert_expiry=number("cert_expiry"),
        header=[line.strip() for line in values.get("headers", "").splitlines() if line.strip()],
    )
    return probe_checks(flags)


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
        **probe_settings(values),
    )


class SourceForm(SaveOrCancelForm[Source]):
    """A URL or a preset, a kind (auto-detected by default), a platform and an interval."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Add"),
    ]

    FIELDS = ("url", "platform", "name", "every", "select", "remove", "ignore", *PROBE_INPUTS)
    SELECTS = ("kind", "category", "method")

    def compose(self) -> ComposeResult:
        with Vertical(id="source-form"):
            yield Static(Content("Add a source"), id="form-title")
            with VerticalScroll(id="form-fields"):
                yield from self._source_fields()
                yield Static(
                    Content("Watched page (kind page or changelog)"), classes="form-section"
                )
                yield from self._page_fields()
                yield Static(
                    Content("Probe checks (kind probe, or auto when no status format is found)"),
                    classes="form-section",
                )
                yield Label("", id="probe-error", classes="field-error")
                yield from self._probe_fields()
            with Horizontal(id="form-buttons"):
                yield Button("Add (Ctrl+S)", variant="primary", id="save")
                yield Button("Cancel (Esc)", id="cancel")
        yield KeysFooter()  # the modal's own keys; the screen below's do not apply here

    def _source_fields(self) -> ComposeResult:
        presets = [(f"{p.title} ({p.kind})", key) for key, p in unique_presets()]
        yield from form_field(
            "Preset", Select(presets, id="preset", prompt="none: type a URL"), "preset"
        )
        yield from form_field("URL", Input(id="url", placeholder="https://…"), long=True)
        kinds = Select([(k, k) for k in KINDS], value=AUTO, id="kind", allow_blank=False)
        yield from form_field("Kind", kinds)
        yield from form_field("Platform", Input(id="platform", placeholder="e.g. GitHub"))
        yield from form_field("Name", Input(id="name", placeholder="a short label (optional)"))
        yield from form_field("Every (s)", Input("60", id="every"))

    def _page_fields(self) -> ComposeResult:
        categories = [("the kind's own", "")] + [(c, c) for c in EVENT_CATEGORIES]
        yield from form_field(
            "Category", Select(categories, value="", id="category", allow_blank=False)
        )
        yield from form_field("Select CSS", Input(id="select", placeholder="the part to watch"))
        yield from form_field("Remove CSS", Input(id="remove", placeholder="noise to cut out"))
        yield from form_field("Ignore", Input(id="ignore", placeholder="regex of lines to skip"))

    def _probe_fields(self) -> ComposeResult:
        methods = Select([("GET", "GET"), ("HEAD", "HEAD")], value="GET", id="method")
        yield from form_field("Method", methods)
        yield from form_field(
            "Status", Input("2xx,3xx", id="expect_status", placeholder="e.g. 200,301 or 2xx")
        )
        yield from form_field(
            "Latency ms", Input(id="latency_limit", placeholder="fail when slower (optional)")
        )
        yield from form_field(
            "Body has", Input(id="body_contains", placeholder="fail unless the body has it")
        )
        yield from form_field(
            "Body lacks", Input(id="body_excludes", placeholder="fail when the body has it")
        )
        yield from form_field(
            "JSON check",
            Input(id="json_check", placeholder="data.status == ok  or  PATH contains VALUE"),
        )
        yield from form_field(
            "TLS days",
            Input(id="cert_expiry", placeholder="fail when the certificate expires sooner"),
        )
        headers = TextArea(id="headers", soft_wrap=True, show_line_numbers=False)
        headers.placeholder = "Name: value, one a line; a secret as $VARIABLE"
        yield from form_field("Headers", headers)

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
        values = field_values(self, self.FIELDS, self.SELECTS)
        values["headers"] = self.query_one("#headers", TextArea).text
        return values

    def action_submit(self) -> None:
        values = self.values()
        errors = validate_source_fields(values)
        names = (*self.FIELDS, *self.SELECTS, "headers")
        show_field_message(self, "probe", "")
        if not show_field_errors(self, names, errors, "Not added"):
            return
        try:
            source = source_from_fields(values)
        except ConditionError as error:  # a rule of `source add` no field check above knows
            show_field_message(self, "probe", str(error))
            self.notify("Not added: fix the probe checks.", severity="error")
            return
        if source.kind == AUTO:
            self.detect_then_add(source)
        else:
            self.dismiss(source)

    def detect_then_add(self, source: Source) -> None:
        """Fetch the URL once to find its kind; close with the source only when it answered."""
        detecting = f"Detecting the kind of {clean_line(source.url, 200)}…"
        show_field_message(self, "url", detecting, progress=True)
        self._detect(source)

    @work(thread=True, exclusive=True, group="detect", exit_on_error=False)
    def _detect(self, source: Source) -> None:
        """In a thread: the fetches and the parsing that recognises a kind keep off the UI."""
        from ..feeds.detect import detect_source
        from ..feeds.http import make_client

        async def detect() -> Detection:
            async with make_client() as client:
                return await detect_source(client, source.url)

        detection = asyncio.run(detect())
        self.app.call_from_thread(self._detected, source, detection)

    def _detected(self, source: Source, detection: Detection) -> None:
        if not self.is_current:  # cancelled while the URL was being read
            return
        if detection.unreachable:
            reason = clean_line(detection.result.error or "no answer", 300)
            show_field_message(
                self, "url", f"Cannot reach it: {reason}. Choose a kind to add it anyway."
            )
            self.query_one("#kind", Select).focus()
            return
        url = detection.url or source.url
        if not detection.recognised:
            self.notify(
                f"No status format found at {url}: added as an {detection.kind.label}.",
                markup=False,
            )
        self.dismiss(replace(source, kind=detection.kind.name, url=url))
