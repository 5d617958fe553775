"""Which build runs: the mypyc-compiled hot modules or the pure-Python package, and that
``ctgov_parse.compiled`` and ``ctgov-parse --version`` say so truthfully.

``.ci/run`` runs the whole suite twice: from the editable install (pure) and against a
compiled install, with ``CTGOV_PARSE_EXPECT_BUILD`` naming the build that must be running,
so that every other test also holds for the compiled build (the fixtures' ``to_dict``
among them)."""

from __future__ import annotations

import ast
import importlib
import os
from pathlib import Path

import pytest

import ctgov_parse
from ctgov_parse.cli import main
from tests.conftest import ROOT


def _hot_modules() -> list[str]:
    """setup.py's HOT_MODULES, its expression evaluated without running setup.py (paths it
    globs are read under the checkout)."""
    tree = ast.parse((ROOT / "setup.py").read_text("utf-8"))
    listed = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "HOT_MODULES"
    )
    assert isinstance(listed, ast.List)
    code = compile(ast.Expression(listed), "setup.py", "eval")
    names = eval(code, {"Path": lambda path: ROOT / path, "sorted": sorted, "str": str})
    relative = [
        Path(name).relative_to(ROOT) if Path(name).is_absolute() else Path(name) for name in names
    ]
    return sorted(path.with_suffix("").as_posix().replace("/", ".") for path in relative)


def _is_extension(module: str) -> bool:
    return not (importlib.import_module(module).__file__ or "").endswith(".py")


def test_the_expected_build_runs() -> None:
    expected = os.environ.get("CTGOV_PARSE_EXPECT_BUILD")
    if expected is None:
        source = Path(ctgov_parse.__file__).parent == ROOT / "ctgov_parse"
        if not source:
            pytest.skip("an installed build, and CTGOV_PARSE_EXPECT_BUILD does not name it")
        # An editable install stays pure unless someone compiled in place on purpose.
        expected = "compiled" if list((ROOT / "ctgov_parse").glob("page/split.*.so")) else "pure"
    assert ("compiled" if ctgov_parse.compiled else "pure") == expected


def test_compiled_means_every_hot_module_and_nothing_else() -> None:
    hot = _hot_modules()
    assert "ctgov_parse.page.split" in hot and "ctgov_parse.trial.extract.arms" in hot
    assert [_is_extension(m) for m in hot] == [ctgov_parse.compiled] * len(hot)
    for module in ("ctgov_parse.model.trial", "ctgov_parse.export", "ctgov_parse.batch"):
        assert not _is_extension(module), module  # the records and exporters stay Python


def test_the_version_names_the_build(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    build = "compiled with mypyc" if ctgov_parse.compiled else "pure Python"
    assert capsys.readouterr().out == f"ctgov_parse {ctgov_parse.__version__} ({build})\n"
