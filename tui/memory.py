"""Give the memory a long read freed back to the system (glibc keeps it otherwise).

Reading 100,000 incidents parses a hundred month files: tens of MiB of short-lived objects,
freed as soon as each month's summaries are made. CPython's small-object allocator returns
its arenas when they empty, but glibc's ``malloc`` keeps freed blocks of its heap for reuse,
and the dashboard's resident memory stayed ~8 MiB above what it holds (issue 18). glibc's
public ``malloc_trim`` hands the free pages back; it exists only there, so on any other C
library (musl, macOS, Windows) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache


@cache
def _malloc_trim() -> ctypes._NamedFuncPointer | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None


def release_free_memory() -> None:
    """Return the C heap's free pages to the system, where the C library can (glibc)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
