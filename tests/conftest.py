"""How pytest-xdist hands the suite to its workers: one test at a time, the slowest first.

The suite's wall time is set by its longest chains, not by its CPU: most tests wait on a
terminal, a server or a child process. Handing out whole files (``--dist loadfile``) put every
slow test of a file on one worker, one after the other, and whatever file came last could
start a minute-long test while the other workers were done. Here every test is a unit of its
own, the tests known to be slow are handed out first (longest first, so the short ones fill
the gaps at the end), and a worker is given only the test after the one it runs, so that no
test waits behind a slow one while another worker is idle.

Tests share nothing across files but session fixtures, which each worker builds for itself
anyway; the two module fixtures (``colour_store``, ``lists_store``) take a fraction of a
second to build again.

Before the workers start, the package's bytecode is written once, and the workers may keep
their rewritten test modules for the next run (``pytest_configure``).
"""

from __future__ import annotations

import compileall
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SLOWEST_FIRST = (
    "tests/analysis/test_readme_commands.py::test_every_readme_command_runs",
    "tests/security/test_hostile_widgets.py::test_every_screen_shows",
    "tests/perf/test_pty_compact_output.py::test_every_screen",
    "tests/security/test_hostile_pty.py",
    "tests/alerts/test_dashboard_alerts.py::test_the_demo_replay",
    "tests/perf/test_pty_colours.py",
    "tests/store/test_store_model.py",
    "tests/store/test_store_crash.py",
    "tests/app/test_modal_keys.py::test_no_modal_passes_main_screen_keys_below",
    "tests/app/test_search_field.py::test_a_long_search",
    "tests/perf/test_pty_selected_rows.py",
    "tests/app/test_timeline_reload.py::test_cursor_stays",
    "tests/alerts/test_dashboard_pty.py",
    "tests/perf/test_two_sessions_poll.py",
    "tests/perf/test_pty_terminal.py",
    "tests/security/test_hostile_widgets.py",
    "tests/app/test_notes_pane.py::test_write_a_note_on_an_event",
    "tests/perf/test_browser.py",
    "tests/app/test_timeline_editing.py",
    "tests/feeds/test_feeds_hostile_providers.py",
    "tests/app/test_source_detail.py::test_enter_opens",
    "tests/perf/test_pty_cursor_row.py",
    "tests/perf/test_pty_note_recovery.py",
    "tests/app/test_link_copy_terminal.py",
    "tests/store/test_import_atomic.py",
    "tests/app/test_notes_pane.py",
    "tests/app/test_unsaved_text.py",
    "tests/app/test_sources_screen.py",
    "tests/app/test_source_form_conditions.py",
    "tests/app/test_list_keys.py::test_G_and_g",
    "tests/app/test_keys_footer.py",
    "tests/app/test_timeline_paging.py",
    "tests/test_import_hygiene.py",
    "tests/app/test_sources_pages.py::test_a_page_is_added",
    "tests/perf/test_serve_http.py",
    "tests/perf/test_ssh_session.py",
    "tests/app/test_pty_pane_footer.py",
    "tests/store/test_store_concurrency.py",
)
"""Node id prefixes of the slowest tests, slowest first (measured with ``--durations``).

Only an order: a test missing here still runs, after these; a stale entry matches nothing."""


def _rank(nodeid: str) -> int:
    return next(
        (rank for rank, prefix in enumerate(SLOWEST_FIRST) if nodeid.startswith(prefix)),
        len(SLOWEST_FIRST),
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under xdist, the known-slow tests first (a stable sort: the rest keep their order).

    Only on workers: a run without ``-n`` keeps each file's tests together.
    """
    if hasattr(config, "workerinput"):
        items.sort(key=lambda item: _rank(item.nodeid))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """``--dist load`` as described above; any other ``--dist`` is left to xdist."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class OneTestAhead(LoadScopeScheduling):
        """Each test its own unit, handed out in collection order, one ahead of the worker.

        A worker starts a test once it knows the next one (pytest needs it for teardown), so
        it holds two: the one it runs and the next. xdist's scope scheduler keeps three.
        """

        def _split_scope(self, nodeid: str) -> str:
            return nodeid

        def _reschedule(self, node) -> None:
            if node.shutting_down:
                return
            if not self.workqueue:
                node.shutdown()
                return
            if self._pending_of(self.assigned_work[node]) > 1:
                return
            self._assign_work_unit(node)

    return OneTestAhead(config, log)


def pytest_configure(config: pytest.Config) -> None:
    """The package's and the benchmarks' bytecode, written once before any test runs.

    Hundreds of tests start the dashboard or the CLI in a child process. Where
    ``PYTHONDONTWRITEBYTECODE`` is set (the machines this project runs on set it) an
    editable checkout has no bytecode, so each child compiled every module it imported
    again: ~50 ms of CPU a start, the difference between a fresh clone's run and a local
    one. ``compileall`` writes it whatever that variable says, as ``pip install`` does for
    an installed package.
    """
    if hasattr(config, "workerinput"):
        return  # an xdist worker: the controller did it before starting the workers
    for package in ("tui", "bench"):
        compileall.compile_dir(ROOT / package, quiet=1)
    # Each worker rewrites every test module's asserts before it runs one (~4 s of CPU a
    # worker, half its collection): without the variable, the workers it starts keep what
    # they rewrote in ``__pycache__`` for the next run, as pytest does by default.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
