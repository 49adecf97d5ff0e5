"""When the garbage collector runs (tui/collector.py): one rule decides, from the start-up
hold and the poll cycles running; a freeze collects first, so no cycle is kept for ever."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from tui import collector


@pytest.fixture(autouse=True)
def collector_on_after() -> Iterator[None]:
    yield
    collector.resume()
    assert gc.isenabled()


def test_a_pause_stops_collections_until_it_ends() -> None:
    collector.resume()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_overlapping_pauses_in_two_threads_end_with_the_last() -> None:
    collector.resume()
    inside, leave = threading.Event(), threading.Event()

    def other_cycle() -> None:
        with collector.paused():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=other_cycle)
    with collector.paused():
        thread.start()
        assert inside.wait(5)
    assert not gc.isenabled(), "the other cycle still runs"
    leave.set()
    thread.join(5)
    assert gc.isenabled()


def test_a_pause_that_ends_during_the_start_up_hold_leaves_it_held() -> None:
    collector.hold_until_first_frame()
    with collector.paused():
        pass
    assert not gc.isenabled(), "start-up still holds it until the first frame"
    collector.resume()
    assert gc.isenabled()


def test_a_pause_ends_even_when_the_cycle_fails() -> None:
    collector.resume()
    with pytest.raises(RuntimeError), collector.paused():
        raise RuntimeError("a poll that broke")
    assert gc.isenabled()


def test_a_freeze_collects_first_and_leaves_nothing_alive_to_walk() -> None:
    class Node:
        loop: object

    alive = [{"n": n} for n in range(1000)]
    garbage = Node()
    garbage.loop = garbage  # a reference cycle: only a collection frees it
    gone = weakref.ref(garbage)
    del garbage
    collector.keep_search()
    assert gone() is None, "the cycle was collected, not frozen for ever"
    walked = {id(tracked) for tracked in gc.get_objects()}
    assert not any(id(entry) in walked for entry in alive)
