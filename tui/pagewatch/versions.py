"""Every distinct version of a watched page's text, compressed on disk, a bounded number each.

Versions are what make a late look useful: the event says *that* a page changed, the versions
let the user compare any two and lose nothing if a change is noticed days later. They are
text blobs that are only ever appended (and the oldest pruned), never queried or edited, so
they live as plain gzip files rather than in TinyDB: one document store rewriting megabytes
of text on each poll would be slower and riskier than one new file per change.

Layout, under the directory given (the integration gives ``<store>/pages/``)::

    <safe source id>/v000042-20261201T101500Z-<sha256 of the text>.txt.gz

Everything :meth:`VersionStore.list` needs is in the file name (number, fetch time, digest)
and the gzip trailer (the text's size), so listing opens no file body. Each file is written
with :func:`tui.store.atomic.atomic_write_bytes`, so a killed writer leaves the old set of
versions, never half a file. A file whose name, header or content does not check out is
reported in :attr:`VersionListing.damaged` and skipped, never raised from :meth:`list`.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import struct
import zlib
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..domain import DEFAULT_KEEP_VERSIONS
from ..store.atomic import TEMP_PREFIX, atomic_write_bytes, remove_orphaned_temp_files
from .diff import PageDiff, diff_texts
from .extract import text_sha256

DEFAULT_KEEP = DEFAULT_KEEP_VERSIONS
"""Versions kept per source unless configured; the oldest go first."""

MAX_VERSION_BYTES = 16 * 1024 * 1024
"""A version file that inflates past this is damaged (page text is capped far below it)."""


class VersionError(Exception):
    """A version that cannot be read: missing, or damaged on disk. ``str`` says which."""


@dataclass(frozen=True)
class VersionInfo:
    """One stored version: its number (1, 2, … per source), when it was fetched, its text's
    size in UTF-8 bytes and the text's SHA-256."""

    number: int
    fetched_at: datetime
    size: int
    sha256: str
    path: Path


@dataclass(frozen=True)
class VersionListing:
    """A source's versions, oldest first, and the files that had to be skipped."""

    versions: tuple[VersionInfo, ...] = ()
    damaged: tuple[str, ...] = ()

    @property
    def latest(self) -> VersionInfo | None:
        return self.versions[-1] if self.versions else None

    def get(self, number: int) -> VersionInfo | None:
        for version in self.versions:
            if version.number == number:
                return version
        return None


class VersionStore:
    """The versions of every page source, one directory per source under ``root``."""

    def __init__(
        self,
        root: Path,
        keep: int = DEFAULT_KEEP,
        lock: Callable[[], AbstractContextManager[object]] | None = None,
    ) -> None:
        self.root = Path(root)
        self.keep = max(1, keep)
        self.lock = lock or nullcontext
        """Held while a version is numbered and written (the store's lock, in a store): two
        sessions polling at once must not both take the same number."""

    def directory(self, source_id: str) -> Path:
        return self.root / safe_name(source_id)

    def list(self, source_id: str) -> VersionListing:
        """The versions on disk, oldest first; unreadable files named in ``damaged``."""
        directory = self.directory(source_id)
        try:
            paths = sorted(directory.iterdir())
        except OSError:
            return VersionListing()
        versions: list[VersionInfo] = []
        damaged: list[str] = []
        for path in paths:
            if path.name.startswith(TEMP_PREFIX):
                continue
            info = _info(path)
            if info is None:
                damaged.append(path.name)
            else:
                versions.append(info)
        versions.sort(key=lambda version: version.number)
        return VersionListing(tuple(versions), tuple(damaged))

    def read(self, source_id: str, number: int) -> str:
        """The text of version ``number``, checked against its digest."""
        version = self.list(source_id).get(number)
        if version is None:
            raise VersionError(f"no version {number} of this source")
        return _read(version)

    def latest_text(self, source_id: str) -> tuple[VersionInfo, str] | None:
        """The newest version that reads back intact, with its text (damaged ones skipped)."""
        for version in reversed(self.list(source_id).versions):
            try:
                return version, _read(version)
            except VersionError:
                continue
        return None

    def save(self, source_id: str, text: str, fetched_at: datetime) -> VersionInfo | None:
        """Keep ``text`` as the next version, unless it is the newest one already.

        Returns the new version, or ``None`` when nothing was written. Prunes down to
        :attr:`keep` versions, oldest first. ``OSError`` (disk full, read-only) propagates
        for the caller to show; the versions already there are untouched then.
        """
        with self.lock():
            return self._save(source_id, text, fetched_at)

    def _save(self, source_id: str, text: str, fetched_at: datetime) -> VersionInfo | None:
        listing = self.list(source_id)
        digest = text_sha256(text)
        latest = listing.latest
        if latest is not None and latest.sha256 == digest:
            return None
        directory = self.directory(source_id)
        directory.mkdir(parents=True, exist_ok=True)
        remove_orphaned_temp_files(directory)
        number = max([v.number for v in listing.versions] + _damaged_numbers(listing)) + 1
        moment = _utc(fetched_at)
        data = text.encode("utf-8", "surrogatepass")
        path = directory / f"v{number:06d}-{moment.strftime(_STAMP)}-{digest}.txt.gz"
        atomic_write_bytes(path, gzip.compress(data, compresslevel=6, mtime=0))
        saved = VersionInfo(number, moment, len(data), digest, path)
        self._prune([*listing.versions, saved])
        return saved

    def diff(self, source_id: str, old: int | None = None, new: int | None = None) -> PageDiff:
        """The diff between two versions by number (default: the last two)."""
        versions = self.list(source_id).versions
        if old is None or new is None:
            if len(versions) < 2:
                raise VersionError("fewer than two versions to compare")
            old = versions[-2].number if old is None else old
            new = versions[-1].number if new is None else new
        return diff_texts(self.read(source_id, old), self.read(source_id, new))

    def _prune(self, versions: Sequence[VersionInfo]) -> None:
        for version in list(versions)[: max(0, len(versions) - self.keep)]:
            try:
                version.path.unlink()
            except OSError:
                pass  # gone already, or a read-only disk: the next save tries again


def safe_name(source_id: str) -> str:
    """A file name for a source id: safe characters kept, anything else changed, and then a
    short digest of the id so two ids never share a directory."""
    kept = _UNSAFE.sub("_", source_id)[:60].strip("._") or "source"
    if kept == source_id:
        return kept
    return f"{kept}-{hashlib.sha256(source_id.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}"


def _info(path: Path) -> VersionInfo | None:
    match = _NAME.fullmatch(path.name)
    if not match:
        return None
    try:
        moment = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        with path.open("rb") as handle:
            if handle.read(2) != b"\x1f\x8b":
                return None
            handle.seek(-4, 2)
            (size,) = struct.unpack("<I", handle.read(4))
    except (OSError, ValueError, struct.error):
        return None
    return VersionInfo(int(match["number"]), moment, size, match["sha"], path)


def _read(version: VersionInfo) -> str:
    try:
        raw = version.path.read_bytes()
        inflater = zlib.decompressobj(31)
        data = inflater.decompress(raw, MAX_VERSION_BYTES + 1)
    except (OSError, zlib.error) as error:
        raise VersionError(f"version {version.number} is damaged ({error})") from None
    if len(data) > MAX_VERSION_BYTES or not inflater.eof:
        raise VersionError(f"version {version.number} is damaged (truncated or oversized)")
    try:
        text = data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        text = ""
    if text_sha256(text) != version.sha256:
        raise VersionError(f"version {version.number} is damaged (its text does not match)")
    return text


def _damaged_numbers(listing: VersionListing) -> list[int]:
    """Numbers taken by damaged files, so a new version never reuses one; 0 when none."""
    numbers = [0]
    for name in listing.damaged:
        match = _NUMBER.match(name)
        if match:
            numbers.append(int(match[1]))
    return numbers


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


_STAMP = "%Y%m%dT%H%M%SZ"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_NUMBER = re.compile(r"v(\d{1,9})-")
_NAME = re.compile(r"v(?P<number>\d{6,9})-(?P<stamp>\d{8}T\d{6}Z)-(?P<sha>[0-9a-f]{64})\.txt\.gz")
