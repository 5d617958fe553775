"""The documentation site: every code example in docs/ runs, and the site builds strictly.

Each page's examples run in order in one namespace, in a scratch directory that holds the
project's ``examples/`` and ``fixtures/``:
- ```` ```pycon ```` blocks are doctests: each ``>>>`` line runs and its shown output is
  checked (``...`` matches anything, whitespace is normalized);
- ```` ```python ```` blocks run and must not raise;
- ```` ```console ```` blocks: each ``$ `` line runs in bash (the venv's ``python`` and
  ``ctgov-parse`` first on ``PATH``; ``$PG_URL`` is a fresh PostgreSQL database where a page
  asks for it) and what it prints, stdout then stderr, must be what the block shows.
Other fences (``text``, ``json``, ``sql``, none) show formats and outputs, not code.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, skip_or_fail
from tests.tables_engines import (  # noqa: F401  (the PostgreSQL fixtures a page may ask for)
    _postgres_server_url,
    _postgres_url,
)

DOCS = ROOT / "docs"
PAGES = [*sorted(DOCS.glob("*.md")), ROOT / "README.md"]  # the README's examples too
_FENCE = re.compile(r"^```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
_RUNNABLE = ("pycon", "python", "console")
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def blocks(text: str) -> list[tuple[str, int, str]]:
    """(language, first line, body) of every runnable fenced block of a page."""
    return [
        (match["lang"], text.count("\n", 0, match.start()) + 2, match["body"])
        for match in _FENCE.finditer(text)
        if match["lang"] in _RUNNABLE
    ]


def test_blocks_finds_every_runnable_fence() -> None:
    text = "intro\n```pycon\n>>> 1 + 1\n2\n```\n\n```text\nnot code\n```\n```console\n$ true\n```\n"
    assert blocks(text) == [("pycon", 3, ">>> 1 + 1\n2\n"), ("console", 11, "$ true\n")]


def _commands(body: str) -> list[tuple[str, str]]:
    """A console block as (command, shown output) pairs."""
    pairs: list[tuple[str, str]] = []
    for line in body.splitlines(keepends=True):
        if line.startswith("$ "):
            pairs.append((line[2:].rstrip("\n"), ""))
        elif pairs:
            pairs[-1] = (pairs[-1][0], pairs[-1][1] + line)
        else:
            raise AssertionError(f"console block output before any command: {line!r}")
    return pairs


def _scratch(tmp_path: Path) -> Path:
    for name in ("examples", "fixtures"):
        (tmp_path / name).symlink_to(ROOT / name)
    return tmp_path


def _run_pycon(page: Path, line: int, body: str, namespace: dict[str, Any]) -> None:
    test = doctest.DocTestParser().get_doctest(body, namespace, page.name, str(page), line - 1)
    runner = doctest.DocTestRunner(optionflags=_FLAGS)
    failures: list[str] = []
    runner.run(test, out=failures.append, clear_globs=False)
    namespace.update(test.globs)  # a DocTest runs in a copy: later blocks see its names
    assert runner.failures == 0, f"{page.name}, block at line {line}:\n" + "".join(failures)


def _run_console(page: Path, line: int, body: str, cwd: Path, env: dict[str, str]) -> None:
    checker = doctest.OutputChecker()
    for command, shown in _commands(body):
        done = subprocess.run(
            ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
        )
        printed = done.stdout + done.stderr
        assert checker.check_output(shown, printed, _FLAGS), (
            f"{page.name}, block at line {line}: `{command}` (exit {done.returncode}) printed\n"
            f"{printed}\nbut the page shows\n{shown}"
        )


@pytest.mark.parametrize(
    "page", [p for p in PAGES if blocks(p.read_text("utf-8"))], ids=lambda p: p.stem
)
def test_every_example_of_the_page_runs(
    page: Path, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = page.read_text("utf-8")
    cwd = _scratch(tmp_path)
    monkeypatch.chdir(cwd)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    env["COLUMNS"] = "100"
    if "$PG_URL" in text:
        env["PG_URL"] = request.getfixturevalue("postgres_url")
    namespace: dict[str, Any] = {"__name__": f"docs_{page.stem}"}
    for language, line, body in blocks(text):
        if language == "pycon":
            _run_pycon(page, line, body, namespace)
        elif language == "python":
            exec(compile(body, f"{page}:{line}", "exec"), namespace)
        else:
            _run_console(page, line, body, cwd, env)


def test_the_site_builds_strictly(tmp_path: Path) -> None:
    try:
        import material  # noqa: F401
        import mkdocs  # noqa: F401
        import mkdocstrings  # noqa: F401
    except ImportError:
        skip_or_fail("the docs extra is not installed (pip install -e '.[docs]')")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    reference = (tmp_path / "site" / "reference" / "index.html").read_text("utf-8")
    for name in (
        "ctgov_parse.parse",
        "ctgov_parse.iter_parse",
        "ctgov_parse.model.trial.Trial",
        "ctgov_parse.normalize.normalize_age",
        "ctgov_parse.tables.to_duckdb",
        "ctgov_parse.dask.read_pages",
        "ctgov_parse.report.quality_report",
    ):
        assert f'id="{name}"' in reference, name
    nav = (tmp_path / "site" / "index.html").read_text("utf-8")
    for title in ("Getting started", "Diagnostics", "Dask", "Performance", "API reference"):
        assert title in nav, title
