"""What a probe checks beyond the status code, and the request headers it sends.

In the style of Gatus: the body must (not) contain a text — on 6 March 2023 X's API answered
HTTP 467 "Your current API plan does not include access to this endpoint", which only a
must-not-contain check sees when a proxy turns it into a 200 — and a value at a JSON path
must equal or contain one. Headers are stored as written: a secret is written as a
``$VARIABLE`` and read from the environment at poll time, so the store, ``source list`` and
exports hold the reference, never the value.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..domain import Source

_CHECK = re.compile(r"^\s*(?P<path>[A-Za-z0-9_.\[\]-]+)\s+(?P<op>==|contains)\s+(?P<value>.*?)\s*$")
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_VARIABLE = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$")
SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token"}
)


class ConditionError(ValueError):
    """A condition or header that cannot be used, with the reason in words."""


def parse_check(spec: str) -> tuple[list[str | int], str, str]:
    """``data.items[0].status == ok`` as its path, operator and value."""
    match = _CHECK.match(spec or "")
    if match is None:
        raise ConditionError(f"not a JSON check (PATH == VALUE or PATH contains VALUE): {spec!r}")
    steps: list[str | int] = []
    for name, index in _STEP.findall(match["path"]):
        steps.append(int(index) if index else name)
    return steps, match["op"], match["value"].strip("\"'")


def _at(data: Any, steps: list[str | int]) -> Any:
    for step in steps:
        if isinstance(step, int) and isinstance(data, list) and step < len(data):
            data = data[step]
        elif isinstance(step, str) and isinstance(data, dict) and step in data:
            data = data[step]
        else:
            raise KeyError(step)
    return data


def json_check_failure(body: bytes, spec: str) -> str:
    """Why the body fails the JSON check (``''`` when it passes)."""
    steps, op, expected = parse_check(spec)
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return "the response is not JSON (JSON check)"
    try:
        found = _at(data, steps)
    except KeyError:
        return f"JSON check: no value at {spec.split()[0]}"
    shown = found if isinstance(found, str) else json.dumps(found)
    if op == "==" and shown != expected:
        return f"JSON check: {spec.split()[0]} is {shown[:80]!r}, expected {expected!r}"
    if op == "contains" and expected not in shown:
        return f"JSON check: {spec.split()[0]} does not contain {expected!r}"
    return ""


def header_lines(spec: str) -> list[tuple[str, str]]:
    """The stored headers as ``(name, value-as-written)``; refuses a literal secret."""
    found = []
    for line in (spec or "").splitlines():
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        name, value = name.strip(), value.strip()
        if not sep or not _HEADER_NAME.match(name) or any(c in value for c in "\r\n\0"):
            raise ConditionError(f"not a header (Name: value): {line.strip()!r}")
        if name.lower() in SECRET_HEADERS and not _VARIABLE.search(value):
            raise ConditionError(
                f"{name} carries a secret: write it as $VARIABLE (read from the environment "
                "when polling), never the value itself"
            )
        found.append((name, value))
    return found


def resolved_headers(spec: str, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The headers to send, ``$VARIABLE`` references read from the environment now."""
    environ = os.environ if environ is None else environ
    headers = {}
    for name, value in header_lines(spec):
        missing = [
            key
            for match in _VARIABLE.finditer(value)
            if (key := match["braced"] or match["bare"]) not in environ
        ]
        if missing:
            raise ConditionError(f"environment variable {missing[0]} is not set (header {name})")
        resolved = _VARIABLE.sub(lambda m: environ[m["braced"] or m["bare"]], value)
        if any(c in resolved for c in "\r\n\0"):
            raise ConditionError(f"environment variable in header {name} has a line break")
        headers[name] = resolved
    return headers


STATUS_PART = re.compile(r"([1-5])xx|(\d{3})|(\d{3})\s*-\s*(\d{3})")


def status_ranges(spec: str) -> list[tuple[int, int]]:
    """The status codes a probe expects: ``"2xx,3xx"``, ``"200"``, ``"200-204,301"``.

    Empty means 2xx and 3xx. A part that is none of these forms is refused (``20O`` once
    passed for "2xx/3xx" without a word), with the part named.
    """
    ranges: list[tuple[int, int]] = []
    for raw in (spec or "").split(","):
        part = raw.strip().lower()
        if not part:
            continue
        match = STATUS_PART.fullmatch(part)
        if match is None:
            raise ConditionError(
                f"expected status {raw.strip()!r}: use codes (200), ranges (200-204) or "
                "classes (2xx), separated by commas"
            )
        hundreds, code, low, high = match.groups()
        if hundreds:
            ranges.append((int(hundreds) * 100, int(hundreds) * 100 + 99))
        elif code:
            ranges.append((int(code), int(code)))
        else:
            ranges.append((min(int(low), int(high)), max(int(low), int(high))))
    return ranges or [(200, 399)]


METHODS = ("GET", "HEAD")
"""What a probe may send: it reads, and never asks a server to change anything."""


def setting_problems(source: Source) -> list[tuple[str, str]]:
    """``(field, why)`` for each probe setting of a stored source that ``source add`` refuses.

    For what comes from elsewhere than the CLI or the form (an import): the same rules.
    """
    problems = []
    checks = (
        ("expect_status", status_ranges),
        ("headers", header_lines),
        ("json_check", lambda spec: spec and parse_check(spec)),
    )
    for name, check in checks:
        try:
            check(getattr(source, name))
        except ConditionError as error:
            problems.append((name, str(error)))
    if source.method and source.method not in METHODS:  # "" is GET
        problems.append(("method", f"expected one of {', '.join(METHODS)}, not {source.method!r}"))
    if not math.isfinite(source.timeout) or source.timeout <= 0:
        problems.append(("timeout", f"expected a number of seconds above 0, not {source.timeout}"))
    return problems
