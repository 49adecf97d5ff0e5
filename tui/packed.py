"""Columns of strings that cost a few bytes each: compressed chunks, and codes for words.

A Python string costs 49 bytes before its first character, a pointer to it 8 more. The
timeline holds 110,000 items of a long history, each with a title, a key, a search text:
as objects those were most of the dashboard's memory (issue 18), while the screen shows
twenty of them at a time. :class:`PackedStrings` keeps them zlib-compressed in chunks of
:data:`CHUNK`, unpacks a chunk when one of its strings is asked for and remembers the last
few chunks (the lines on screen are neighbours); :class:`CodedStrings` keeps a word that
repeats (a status, a platform) as a small integer into a list of the distinct words.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import overload

CHUNK = 512
"""Strings per compressed chunk: small enough to unpack in microseconds, large enough to
compress well (and a screen's worth of neighbours share one or two chunks)."""

CACHED_CHUNKS = 2
"""Unpacked chunks remembered per column: the page on screen spans one or two."""

_SEPARATOR = "\0"
_ENCODING = "utf-8"
_ERRORS = "surrogatepass"  # JSON may hold lone surrogates: kept exactly, not refused


def _pack(strings: list[str]) -> bytes | tuple[str, ...]:
    """One chunk: the strings joined and compressed (kept as they are if one holds a NUL)."""
    joined = _SEPARATOR.join(strings)
    if joined.count(_SEPARATOR) != len(strings) - 1:
        return tuple(strings)
    return zlib.compress(joined.encode(_ENCODING, _ERRORS), 1)


def _unpack(chunk: bytes | tuple[str, ...]) -> Sequence[str]:
    if isinstance(chunk, tuple):
        return chunk
    return zlib.decompress(chunk).decode(_ENCODING, _ERRORS).split(_SEPARATOR)


class PackedStrings(Sequence[str]):
    """An immutable sequence of strings, kept compressed (see the module's docstring)."""

    __slots__ = ("_chunks", "_count", "_cache")

    def __init__(self, strings: Iterable[str] = ()) -> None:
        chunks: list[bytes | tuple[str, ...]] = []
        count = 0
        iterator = iter(strings)
        while batch := list(islice(iterator, CHUNK)):
            chunks.append(_pack(batch))
            count += len(batch)
        self._chunks = chunks
        self._count = count
        self._cache: dict[int, Sequence[str]] = {}

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[n] for n in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self._chunk(index // CHUNK)[index % CHUNK]

    def __iter__(self) -> Iterator[str]:
        """Every string in order; the chunks unpacked on the way are not remembered."""
        cache = self._cache
        for number, chunk in enumerate(self._chunks):
            strings = cache.get(number)
            yield from _unpack(chunk) if strings is None else strings

    def unpacked(self) -> list[str]:
        """Every string, as a list (a search goes through all of them; nothing is cached)."""
        strings: list[str] = []
        for chunk in self._chunks:
            strings += _unpack(chunk)
        return strings

    def _chunk(self, number: int) -> Sequence[str]:
        cache = self._cache
        strings = cache.get(number)
        if strings is None:
            if len(cache) >= CACHED_CHUNKS:
                del cache[next(iter(cache))]  # the oldest unpacked
            strings = cache[number] = _unpack(self._chunks[number])
        return strings

    @property
    def packed_size(self) -> int:
        """Bytes the chunks hold (for the benchmark's account of memory)."""
        return sum(len(c) if isinstance(c, bytes) else sum(map(len, c)) for c in self._chunks)


_WIDER = {0x100: "H", 0x10000: "I"}
"""The array type the codes move to when the words reach that many."""


class CodedStrings(Sequence[str]):
    """An immutable sequence of strings from a small vocabulary, one small int each."""

    __slots__ = ("words", "codes")

    def __init__(self, strings: Iterable[str] = ()) -> None:
        numbers: dict[str, int] = {}
        codes = array("B")
        for text in strings:
            code = numbers.get(text)
            if code is None:
                code = numbers[text] = len(numbers)
                if code in _WIDER:  # more distinct words than the codes' bytes count
                    codes = array(_WIDER[code], codes)
            codes.append(code)
        self.words: tuple[str, ...] = tuple(numbers)
        """The distinct strings; ``codes[n]`` indexes into it."""
        self.codes = codes

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self.words[code] for code in self.codes[index]]
        return self.words[self.codes[index]]

    def __iter__(self) -> Iterator[str]:
        return map(self.words.__getitem__, self.codes)

    def code_of(self, word: str) -> int | None:
        """The code of ``word``, or None when no string here is that word."""
        try:
            return self.words.index(word)
        except ValueError:
            return None
