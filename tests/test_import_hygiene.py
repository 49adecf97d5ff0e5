"""The layering is enforced, not hoped for: headless code never loads Textual, and no import cycles.

The domain, the store, the feeds and source kinds, analysis, export, import, the chronicle
and the sanitiser are what the CLI, cron jobs and the poller run. Each is imported in a fresh
copy of a clean interpreter (an import already made by this test process would hide a leak)
and Textual must not have been loaded: one interpreter loads the third-party libraries those
modules use (none loads Textual: it checks) and nothing of ours, then forks a child per
module. A new interpreter per module cost ~20 s of CPU, a tenth of the suite's on 2 cores.
The import graph of the whole package, including imports made inside functions, must have
no cycle: a cycle dodged by a local import is still a cycle.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tui"

HEADLESS_MODULES = (
    "analysis",
    "chronicle",
    "first_screen",
    "frame_order",
    "honesty",
    "html_text",
    "import_rows",
    "importer",
    "incident_view",
    "item_table",
    "memory",
    "offline_state",
    "packed",
    "record_shape",
    "snapshot",
    "terminal_output",
    "text",
    "timeline_item",
    "unchanged_cells",
)
HEADLESS_PACKAGES = ("alerts", "domain", "export", "feeds", "kinds", "pagewatch", "store")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def headless_modules() -> list[str]:
    names = [f"tui.{name}" for name in HEADLESS_MODULES if (PACKAGE / f"{name}.py").exists()]
    for package in HEADLESS_PACKAGES:
        folder = PACKAGE / package
        if folder.is_dir():
            names += sorted(module_name(path) for path in folder.rglob("*.py"))
    return names


def test_the_headless_modules_are_found() -> None:
    assert {"tui.domain", "tui.store", "tui.feeds", "tui.text"} <= set(headless_modules())


PRELOADED = ("httpx", "tinydb", "feedparser", "platformdirs", "rich", "lxml.html", "inscriptis")
"""What the clean interpreter loads before forking: the libraries, not our code."""

_FORKING_IMPORTER = """
import importlib, json, os, sys
for name in sys.argv[2:]:
    importlib.import_module(name)
assert not any(m == "textual" or m.startswith("textual.") for m in sys.modules), "preload"
assert not any(m == "tui" or m.startswith("tui.") for m in sys.modules), "preload"
found = {}
for module in json.loads(sys.argv[1]):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: a copy of the clean interpreter, importing one module
        os.close(read)
        try:
            importlib.import_module(module)
            loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
            report = " ".join(loaded[:5])
        except BaseException as error:  # reported, not raised: the parent goes on
            report = f"import failed: {type(error).__name__}: {error}"
        os.write(write, report.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        found[module] = pipe.read().decode()
    os.waitpid(pid, 0)
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def textual_loaded_by() -> dict[str, str]:
    """What each headless module loads of Textual (``""``: nothing), each imported alone."""
    modules = headless_modules()
    result = subprocess.run(
        [sys.executable, "-c", _FORKING_IMPORTER, json.dumps(modules), *PRELOADED],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PACKAGE.parent,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_no_headless_module_loads_textual(textual_loaded_by: dict[str, str]) -> None:
    assert set(textual_loaded_by) == set(headless_modules())
    leaks = {module: loaded for module, loaded in textual_loaded_by.items() if loaded}
    assert not leaks, "\n".join(
        f"{module} loads Textual: {loaded}" for module, loaded in leaks.items()
    )


def test_a_module_that_loads_textual_is_caught(tmp_path: Path) -> None:
    """The forking importer sees a leak: a module importing Textual is reported as one."""
    (tmp_path / "leaky_module.py").write_text("import textual.app\n")
    result = subprocess.run(
        [sys.executable, "-c", _FORKING_IMPORTER, json.dumps(["leaky_module", "json"])],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["leaky_module"].startswith("textual") and found["json"] == ""


def _resolve(current: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = current.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Every module of the package ``path`` imports, at the top or inside a function."""
    current = module_name(path)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(child)
        for node in ast.walk(tree)
        if _is_type_checking_block(node)
        for child in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(current, is_package, node)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            # `from . import x` names a module when x is one, else an attribute of the package.
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target.startswith("tui") and target != current:
                found.add(target)
    return found


def test_the_package_has_no_import_cycle() -> None:
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    assert len(paths) > 20, f"the package was not found at {PACKAGE}"
    known = set(paths)
    graph = {name: imports_of(path, known) for name, path in paths.items()}
    # A package's __init__ runs before its modules: importing tui.x.y imports tui.x first.
    # That edge is how Python works, not a cycle we wrote, so parents are not followed.
    for name, targets in graph.items():
        graph[name] = {t for t in targets if not name.startswith(t + ".")}

    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles[:10])
