"""Whether a JSON document has the field types of the record class it claims to be.

``Event.from_dict`` and its siblings trust the store, which only ever holds what whalewatch
wrote. An import file, or a store edited by hand, may hold anything: ``"time": 1200``,
``"title": null``, ``"pinned": "no"``. Building a record from those either crashes far from
the cause (``'int' object has no attribute 'split'``) or silently turns them into something
else (``"None"``, ``True``). This module says, field by field and before anything is built,
which values are not of the field's type, so the importer and ``doctor`` can name the row and
field at fault. It knows the domain's annotations and nothing else.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, fields
from datetime import date, datetime
from functools import cache
from typing import Any

MAX_INTEGER = 2**63 - 1
"""Larger ids and counts are refused: nothing whalewatch writes comes near, and a 5,000-digit
number is an attack on the parser, not an id."""


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _expected(hint: Any) -> tuple[str, bool]:
    """What a field's JSON value must be (a word for the message) and whether null is allowed."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        nullable = type(None) in args
        rest = [arg for arg in args if arg is not type(None)]
        word, _ = _expected(rest[0]) if len(rest) == 1 else ("a value", False)
        return word, nullable
    if hint is bool:
        return "true/false", False
    if hint is int:
        return "a whole number", False
    if hint is float:
        return "a number", False
    if hint in (str, date, datetime):
        return "text", False
    if typing.get_origin(hint) in (tuple, list) or hint in (tuple, list):
        return "a list", False
    return "a value", True


def _matches(value: Any, hint: Any) -> bool:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return any(_matches(value, arg) for arg in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint in (str, date, datetime):
        return isinstance(value, str)
    if typing.get_origin(hint) in (tuple, list) or hint in (tuple, list):
        return isinstance(value, list)
    return True  # a type this check does not know: from_dict decides


@cache
def required_fields(cls: type) -> tuple[str, ...]:
    """The fields a record cannot be built without (no default), its ``id`` aside."""
    return tuple(
        f.name
        for f in fields(cls)
        if f.default is MISSING and f.default_factory is MISSING and f.name != "id"
    )


def record_problem(
    cls: type, data: Any, build: Callable[[Any], Any], lenient: frozenset[str] = frozenset()
) -> str:
    """Why the stored document ``data`` is not a valid ``cls`` ('' when it is).

    Checks what ``whalewatch doctor`` promises: an object, every required field present,
    every value of its field's type, and ``build(data)`` (the record's ``from_dict``)
    accepting it: ``"created_at": "garbage"`` is named here, not met as a crash later.
    """
    if not isinstance(data, dict):
        return f"not an object but {_describe(data)}"
    missing = [name for name in required_fields(cls) if name not in data]
    if missing:
        return f"no {', '.join(missing)}"
    problems = field_type_problems(cls, data, lenient)
    if problems:
        return "; ".join(f"{name}: {message}" for name, message in problems)
    try:
        build(data)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
        culprit = next(
            (
                f"{key}: "
                for key, value in data.items()
                if isinstance(value, str) and value and repr(value) in str(error)
            ),
            "",
        )
        return f"{culprit}cannot be read ({error})"
    return ""


def field_type_problems(
    cls: type, data: dict[str, Any], lenient: frozenset[str] = frozenset()
) -> list[tuple[str, str]]:
    """``(field, message)`` for every value in ``data`` that is not of ``cls``'s field type.

    Fields absent from ``data`` are not checked (the record's default applies); fields named
    in ``lenient`` are skipped (a caller that converts them itself, e.g. an id written as
    text). Integers beyond :data:`MAX_INTEGER` are refused. The test of each field is worked
    out once per class (:func:`_type_tests`): an import of 100,000 rows checks each of them.
    """
    problems = []
    for name, accepted, hint in _type_tests(cls):
        if name not in data or name in lenient:
            continue
        value = data[name]
        kind = type(value)
        if accepted is not None and kind not in accepted:
            word, nullable = _expected(hint)
            allowed = f"{word} or null" if nullable else word
            problems.append((name, f"expected {allowed}, not {_describe(value)}"))
        elif kind is int and abs(value) > MAX_INTEGER:
            problems.append((name, "number too large"))
        elif kind is list and name in _text_lists(cls) and any(type(v) is not str for v in value):
            problems.append((name, "expected a list of text"))  # joined as text when shown
    return problems


@cache
def _text_lists(cls: type) -> frozenset[str]:
    """The fields of ``cls`` that hold ``tuple[str, ...]``: each item must be text."""
    return frozenset(
        name for name, hint in _hints(cls).items() if typing.get_args(hint) == (str, Ellipsis)
    )


_JSON_TYPES = (str, int, float, bool, list, dict, type(None))


@cache
def _type_tests(cls: type) -> tuple[tuple[str, frozenset[type] | None, Any], ...]:
    """Each field's name, the exact JSON value types it accepts (``None``: any), its hint."""
    hints = _hints(cls)
    tests = []
    for record_field in fields(cls):
        hint = hints[record_field.name]
        accepted = frozenset(kind for kind in _JSON_TYPES if _matches(_SAMPLES[kind], hint))
        tests.append(
            (record_field.name, None if len(accepted) == len(_JSON_TYPES) else accepted, hint)
        )
    return tuple(tests)


_SAMPLES: dict[type, Any] = {
    str: "",
    int: 0,
    float: 0.5,
    bool: True,
    list: [],
    dict: {},
    type(None): None,
}
"""One value of each JSON type, to work out which types a field accepts."""
