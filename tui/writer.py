"""The store writer: every change the screens make to the store, run off the UI thread.

Screens never touch the store: they call a :class:`StoreWriter` method, which runs the store
work in a thread worker and posts a typed message back (:mod:`tui.messages`): to the screen
that asked (a note save, a Sources screen job) and ``StoreChanged`` to the app, which reads
the store again. It also keeps the undo list of deletions and edits and the marker of the
note being edited (so that the next start can say an edit was interrupted), tells the main
screen where a change left its item (``landing``), so that the cursor follows it, and keeps
the note text the store refused (a full disk, a read-only store), retried until it is saved
or the user quits.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from textual.app import App
from textual.message_pump import MessagePump

from .domain import Event, Note, Source, parse_iso
from .messages import NoteSaved, NoteSaveFailed, SourceJobReport, SourcesRead, StoreChanged
from .store import Store, StoreError
from .store.editing import clear_editing, interrupted_edits, mark_editing
from .unsaved import UnsavedNote

if TYPE_CHECKING:
    from .alerts.status import FailingTarget
    from .screens.note import NoteScreen


class EventEdit(NamedTuple):
    """An event as it was before an edit of this session: undoing the edit saves it back."""

    before: Event


class StoreWriter:
    """The one way the UI changes ``store``; results come back as messages."""

    def __init__(self, app: App[Any], store: Store) -> None:
        self.app = app
        self.store = store
        self.undo_list: list[Event | Note | EventEdit] = []
        """What was deleted or edited in this session, the latest last; ``undo`` takes it back."""
        self.landing: tuple[str, str] | None = None
        """(kind, ref) of the item the latest change added, restored or changed back, set by
        the worker before it asks for a reload. The main screen puts its cursor there once a
        read shows that item, and clears it (a plain attribute: one assignment, no lock)."""
        self._write_lock = threading.Lock()
        """One note or event write at a time, in the order they were asked for."""
        self._closed = False
        self._unsaved: dict[MessagePump, UnsavedNote] = {}
        """Per editor (open or closed), the text the store refused last; see retry_unsaved."""
        self._unsaved_lock = threading.Lock()

    def _run(self, name: str, job: Callable[[], None]) -> None:
        if not self._closed:
            self.app.run_worker(job, name=name, group=name, thread=True, exit_on_error=False)

    # --- notes ----------------------------------------------------------------------------

    def write_note(self, text: str, note: Note | None, target: tuple[str, str]) -> NoteSaved:
        """Save ``text`` as ``note`` (None: a new note on ``target``) on the calling thread."""
        with self._write_lock:
            if note is None:
                return NoteSaved(self.store.add_note(text, target[0], target[1]), text)
            result = self.store.save_note_text(note.id, text, note.revision)
            return NoteSaved(result.note, text, result.conflict_with)

    def save_note(
        self, editor: MessagePump, text: str, note: Note | None, target: tuple[str, str]
    ) -> None:
        """Save in a worker; ``editor`` gets ``NoteSaved`` or ``NoteSaveFailed``.

        A refused text is kept (see :meth:`unsaved`) until a later save of the same editor
        succeeds: after the editor is closed, :meth:`retry_unsaved` keeps trying it.
        """
        label = getattr(editor, "target_label", "")

        def job() -> None:
            try:
                saved = self.write_note(text, note, target)
            except StoreError as error:
                with self._unsaved_lock:
                    self._unsaved[editor] = UnsavedNote(text, note, target, label, str(error))
                if not editor.post_message(NoteSaveFailed(str(error))):
                    self.app.notify(
                        f"{error}. The note is NOT saved yet: its text is kept and retried; "
                        "quitting will ask what to do with it.",
                        severity="error",
                        markup=False,
                    )
                return
            with self._unsaved_lock:
                was_unsaved = self._unsaved.pop(editor, None) is not None
            self.app.post_message(StoreChanged("Note saved after all" if was_unsaved else ""))
            if not editor.post_message(saved) and saved.conflict is not None:
                self.app.notify(conflict_notice(saved), severity="warning", timeout=10)

        self._run("note save", job)

    def unsaved(self) -> list[UnsavedNote]:
        """The note texts the store refused and no later save brought in, oldest first."""
        with self._unsaved_lock:
            return list(self._unsaved.values())

    def retry_unsaved(self, open_editors: Iterable[MessagePump]) -> None:
        """Try again the refused texts of the editors that are closed (an interval calls it).

        An open editor retries by itself, with the text the user is typing now; retrying its
        older text here could save it over the newer one.
        """
        still_open = set(open_editors)
        with self._unsaved_lock:
            closed = [(e, u) for e, u in self._unsaved.items() if e not in still_open]
        for editor, item in closed:
            self.save_note(editor, item.text, item.note, item.target)

    def flush(self, editors: Iterable[NoteScreen]) -> list[UnsavedNote]:
        """Save every open editor's unsaved text and every refused text now, on this thread.

        For quitting (``q``, SIGHUP, SIGTERM). Returns what the store still refused: the
        caller must not drop it. After this the writer takes no more work.
        """
        self._closed = True
        left: list[UnsavedNote] = []
        with self._unsaved_lock:
            pending: dict[MessagePump, UnsavedNote] = dict(self._unsaved)
        open_editors = list(editors)
        for editor in open_editors:
            if editor.dirty and editor.text.strip():
                pending[editor] = UnsavedNote(
                    editor.text, editor.note, editor.target, editor.target_label, ""
                )
        for owner, item in pending.items():
            try:
                saved = self.write_note(item.text, item.note, item.target)
            except StoreError as error:
                left.append(item._replace(error=str(error)))
                continue
            with self._unsaved_lock:
                self._unsaved.pop(owner, None)
            for editor in open_editors:
                if editor is owner:
                    editor.note, editor.saved_text = saved.note, saved.text
        if not left:
            try:
                clear_editing(self.store.root)
            except OSError:
                pass
        return left

    def reopen(self) -> None:
        """Take work again after a :meth:`flush` whose caller chose not to quit after all."""
        self._closed = False

    def toggle_pin(self, note: Note) -> None:
        self.change(lambda: self.store.update_note(replace(note, pinned=not note.pinned)))

    def delete_note(self, note: Note) -> None:
        self.undo_list.append(note)
        self.change(lambda: self.store.delete_note(note.id), "Note deleted · u to undo")

    # --- events ---------------------------------------------------------------------------

    def save_event(self, event: Event, before: Event | None = None) -> None:
        """Add ``event`` (id 0) or save it over the stored one (``before``: as it was, for undo)."""
        if event.id:
            if before is not None and before != event:
                self.undo_list.append(EventEdit(before))
            self.change(lambda: self.store.update_event(event), "Event saved · u to undo", _event)
        else:
            self.change(lambda: self.store.add_event(event), "Event added", _event)

    def delete_event(self, event: Event) -> None:
        self.undo_list.append(event)
        self.change(lambda: self.store.delete_event(event.id), "Event deleted · u to undo")

    def undo(self) -> None:
        """Take back the latest deletion or event edit of this session."""
        if not self.undo_list:
            self.app.notify("Nothing to undo.")
            return
        item = self.undo_list.pop()
        if isinstance(item, EventEdit):
            before = item.before
            self.change(lambda: self.store.update_event(before), "Edit undone", _event)
        elif isinstance(item, Event):
            self.change(lambda: self.store.restore_event(item), "Event restored", _event)
        else:
            self.change(lambda: self.store.restore_note(item), "Note restored", _note)

    def change(
        self,
        write: Callable[[], Any],
        done: str = "",
        lands: Callable[[Any], tuple[str, str]] | None = None,
    ) -> None:
        """Run one store write in a worker; say ``done`` and reload, or say why it failed.

        ``lands`` names the item the write returned: it becomes ``landing`` before the reload
        is asked for, so that the reloaded screen finds it there.
        """

        def job() -> None:
            try:
                with self._write_lock:
                    result = write()
            except StoreError as error:
                self.app.notify(str(error), severity="error", markup=False)
                return
            if lands is not None and result is not None:
                self.landing = lands(result)
            self.app.post_message(StoreChanged(done))

        self._run("store change", job)

    # --- the marker of the note being edited ----------------------------------------------

    def editing_started(self, note_id: int | None, target_label: str) -> None:
        root = self.store.root
        self._run("drafts", lambda: _ignore_os_error(mark_editing, root, note_id, target_label))

    def editing_stopped(self) -> None:
        """The editor closed (not the app quitting: ``flush`` clears the marker then)."""
        self._run("drafts", lambda: _ignore_os_error(clear_editing, self.store.root))

    def report_interrupted_edits(self) -> None:
        """Say so when the last session died while a note was open in the editor."""

        def job() -> None:
            for marker in interrupted_edits(self.store.root):
                self.app.notify(
                    interrupted_edit_notice(marker, self.store),
                    title="Interrupted edit recovered",
                    severity="warning",
                    timeout=20,
                    markup=False,
                )

        self._run("drafts", job)

    # --- sources (the Sources screen) -----------------------------------------------------

    def read_sources(self, screen: MessagePump) -> None:
        """``screen`` gets ``SourcesRead``, or a report of why the store could not be read."""

        def job() -> None:
            try:
                sources, health = self.store.sources(), self.store.health()
            except StoreError as error:
                screen.post_message(SourceJobReport(f"Cannot read the store: {error}", True))
                return
            screen.post_message(SourcesRead(sources, health, self._failing_targets()))

        self._run("sources read", job)

    def _failing_targets(self) -> tuple[FailingTarget, ...]:
        """The alert targets whose sends fail, for the Sources screen (none when unknown)."""
        from .alerts.config import AlertConfigError, load_alert_config
        from .alerts.ledger import Ledger
        from .alerts.status import failing_targets

        try:
            return failing_targets(load_alert_config(), Ledger(self.store.root))
        except (AlertConfigError, StoreError, OSError):
            return ()  # `whalewatch notify list` says why

    def _source_changed(self, screen: MessagePump, text: str) -> None:
        screen.post_message(SourceJobReport(text, changed=True))
        self.app.post_message(StoreChanged())

    def save_source(self, screen: MessagePump, source: Source, done: str) -> None:
        """Save ``source``; ``done`` may name the saved source's ``{id}``."""

        def job() -> None:
            try:
                saved = self.store.save_source(source)
            except StoreError as error:
                screen.post_message(SourceJobReport(f"Not saved: {error}", True))
                return
            self._source_changed(screen, done.format(id=saved.id))

        self._run("sources write", job)

    def add_source(self, screen: MessagePump, source: Source) -> None:
        """Save ``source``, of a kind already chosen, after reading it once if its kind asks.

        Detecting a kind is the add-source form's job (it fetches the URL, and stays open
        when the URL does not answer): a kind left on "auto" is refused here, never saved.
        """

        def job() -> None:
            refusal = self._refusal(screen, source)
            if refusal:
                screen.post_message(SourceJobReport(f"Not added: {refusal}", True))
                return
            try:
                saved = self.store.save_source(source)
            except StoreError as error:
                screen.post_message(SourceJobReport(f"Not added: {error}", True))
                return
            self._source_changed(
                screen, f"Added {saved.id}: {saved.kind} {saved.url}, every {saved.every} s"
            )

        self._run("sources write", job)

    def _refusal(self, screen: MessagePump, source: Source) -> str:
        """Why ``source`` cannot be added (a kind unknown here, or a kind checked once before
        adding that fails its check); else ``''``."""
        from .feeds.errors import FeedError
        from .feeds.trial import trial_poll
        from .kinds import kind_named

        kind = kind_named(source.kind)
        if kind is None:
            return f"unknown source kind {source.kind!r}"
        if not kind.checked_on_add:
            return ""
        screen.post_message(SourceJobReport(f"Reading {source.url} once before adding it…"))
        try:
            polled = asyncio.run(trial_poll(source, kind))
        except FeedError as error:
            return f"{source.url}: {error}"
        return f"{source.url}: {polled.health.error}" if polled.health.error else ""

    def test_source(self, screen: MessagePump, source: Source) -> None:
        """Poll this one source now (even when paused), record its health, report the outcome."""

        def job() -> None:
            from .feeds.http import make_client
            from .feeds.poller import poll_once

            async def once() -> Any:
                async with make_client() as client:
                    only = [replace(source, paused=False)]
                    return await poll_once(self.store, client, sources=only, force=True)

            try:
                report = asyncio.run(once())
            except Exception as error:  # the store or a bug: report it, keep the screen
                screen.post_message(SourceJobReport(f"Test of {source.id} failed: {error}", True))
                return
            if not report.outcomes:
                screen.post_message(SourceJobReport(f"{source.id}: nothing was polled", True))
                return
            outcome = report.outcomes[0]
            if not outcome.ok:
                text = f"Test of {source.id} failed: {outcome.error}"
                screen.post_message(SourceJobReport(text, failed=True, changed=True))
                return
            found = (
                "not modified since the last poll"
                if outcome.not_modified
                else (f"{outcome.incidents} incident{'s' if outcome.incidents != 1 else ''} found")
            )
            if outcome.events:
                found += f", {outcome.events} event{'s' if outcome.events != 1 else ''} recorded"
            self._source_changed(screen, f"Test of {source.id}: ok, {found}")

        self._run("sources test", job)

    def remove_source(self, screen: MessagePump, source_id: str) -> None:
        def job() -> None:
            try:
                removed = self.store.remove_source(source_id)
            except StoreError as error:
                screen.post_message(SourceJobReport(f"Not removed: {error}", True))
                return
            if removed is None:
                text = f"{source_id} was already gone"
                screen.post_message(SourceJobReport(text, failed=True, changed=True))
                return
            self._source_changed(screen, f"Removed {source_id} (its incidents stay in the history)")

        self._run("sources write", job)


def _event(event: Event) -> tuple[str, str]:
    return ("event", str(event.id))


def _note(note: Note) -> tuple[str, str]:
    return ("note", str(note.id))


def conflict_notice(saved: NoteSaved) -> str:
    """What to tell the user when a save kept both versions of a note."""
    assert saved.conflict is not None
    return (
        f"Note #{saved.conflict.id} was changed in another session; both versions are kept: "
        f"yours is now note #{saved.note.id}."
    )


def _ignore_os_error(write: Callable[..., None], *args: Any) -> None:
    """Editing markers are a courtesy: a failure to write one must not bother the user."""
    try:
        write(*args)
    except OSError:
        pass


def interrupted_edit_notice(marker: dict[str, Any], store: Store) -> str:
    """What is really left of a note whose editor died, in words.

    The marker names the note once its text was first saved; a marker without one means a
    new note that died before its first autosave, of which nothing was kept.
    """
    since = marker.get("since", "?")
    try:  # the marker's ISO stamp, as a person reads it
        moment = parse_iso(since)
        since = f"{moment:%Y-%m-%d %H:%M} UTC" if moment else since
    except (ValueError, TypeError):
        pass
    note_id = marker.get("note_id")
    if not note_id:
        return (
            f"whalewatch stopped while a new note was being written (since {since}), before "
            "its first autosave: none of its text was saved. (Notes save about a second "
            "after you stop typing.)"
        )
    try:
        note = store.note(int(note_id))
    except (StoreError, ValueError, TypeError):
        note = None
    if note is None:
        return (
            f"whalewatch stopped while note #{note_id} was being edited (since {since}); "
            "that note is no longer in the store."
        )
    return (
        f"whalewatch stopped while note #{note_id} was being edited (since {since}). Its text "
        f"as of the last autosave is kept: open note #{note_id} to check it."
    )
