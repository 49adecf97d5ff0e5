"""``whalewatch note add|list``: jot a note from a shell or a script, or list them."""

from __future__ import annotations

import argparse
import json
import sys

from ..domain import Note, parse_target
from .common import fail, open_store

USAGE_ERROR = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "note",
        help="add or list your Markdown notes",
        description="Add or list your notes (standalone, or attached to an incident, an event "
        "or a platform). Write #tags anywhere in a note's text.",
    )
    actions = parser.add_subparsers(dest="note_command", metavar="ACTION")
    parser.set_defaults(func=lambda args: _missing_action(parser))

    add = actions.add_parser("add", help="add one note and say what was added")
    add.add_argument("text", metavar="TEXT", help="the note (Markdown); - reads it from stdin")
    add.add_argument(
        "--on",
        metavar="TARGET",
        help="attach it to incident:ID, event:ID or platform:NAME",
    )
    add.add_argument("--pin", action="store_true", help="pin it to the top of the list")
    add.add_argument("--json", action="store_true", help="print the added note as JSON")
    add.set_defaults(func=run_add)

    listing = actions.add_parser("list", help="list notes, pinned first, newest first")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    listing.add_argument("--tag", metavar="TAG", help="only notes with this #tag")
    listing.add_argument("--on", metavar="TARGET", help="only notes attached to this target")
    listing.set_defaults(func=run_list)


def _missing_action(parser: argparse.ArgumentParser) -> int:
    parser.print_usage(sys.stderr)
    return fail("note: choose an action: add or list", USAGE_ERROR)


def _target(text: str | None, command: str) -> tuple[str, str] | str:
    """``(kind, id)`` of ``--on``, ``("", "")`` without it, or the problem as a string."""
    if not text:
        return "", ""
    try:
        kind, ident = parse_target(text.strip())
    except ValueError as error:
        return f"note {command}: --on: {error}"
    if kind == "event" and not ident.isdigit():
        return f"note {command}: --on: an event id is a number, got {ident!r}"
    return kind, ident


def run_add(args: argparse.Namespace) -> int:
    from ..text import clean_line, clean_multiline  # not tui.export's: it loads every format

    target = _target(args.on, "add")
    if isinstance(target, str):
        return fail(target, USAGE_ERROR)
    text = sys.stdin.read() if args.text == "-" else args.text
    text = clean_multiline(text).strip("\n")
    if not text.strip():
        return fail("note add: the note is empty", USAGE_ERROR)
    store = open_store(args, writes=True)
    kind, ident = target
    if kind == "event" and store.event(int(ident)) is None:
        return fail(f"note add: there is no event {ident} (see `whalewatch event list`)")
    if kind == "incident" and store.incident(ident) is None:
        return fail(
            f"note add: there is no incident {ident} (an incident id is SOURCE:ID, "
            "as `whalewatch export --format json` lists them)"
        )
    note = store.add_note(text, target_kind=kind, target_id=ident, pinned=args.pin)
    if args.json:
        print(json.dumps(note_json(note), ensure_ascii=True, indent=2))
        return 0
    on = f" on {note.target}" if note.target else ""
    pinned = ", pinned" if note.pinned else ""
    print(f"Added note #{note.id}{on}{pinned}: {clean_line(note.title)}")
    return 0


def note_json(note: Note) -> dict[str, object]:
    """A note as scripts see it: its stored fields plus its title, tags and target."""
    return {**note.to_dict(), "title": note.title, "tags": list(note.tags), "target": note.target}


def run_list(args: argparse.Namespace) -> int:
    from ..text import clean_line

    target = _target(args.on, "list")
    if isinstance(target, str):
        return fail(target, USAGE_ERROR)
    notes = open_store(args).notes()
    if args.tag:
        tag = args.tag.strip().lstrip("#").lower()
        notes = [n for n in notes if tag in n.tags]
    if target != ("", ""):
        notes = [n for n in notes if (n.target_kind, n.target_id) == target]
    if args.json:
        print(json.dumps([note_json(n) for n in notes], ensure_ascii=True, indent=2))
        return 0
    for note in notes:
        moment = note.updated_at or note.created_at
        when = moment.strftime("%Y-%m-%d %H:%M") if moment else "-"
        pin = "*" if note.pinned else " "
        target_text = f"  [{clean_line(note.target)}]" if note.target else ""
        extra = note.tags_beside_title  # not twice when the title ends in its tags
        tags = "  " + " ".join(f"#{t}" for t in extra) if extra else ""
        print(f"{note.id:>5} {pin} {when}  {clean_line(note.title)}{target_text}{tags}")
    return 0
