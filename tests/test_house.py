"""The package's layout holds: each stage imports only the stages before it, the page kinds
are siblings that never import each other, and only the kinds' table names them all."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "ctgov_parse"

# Stages in the order data flows; a module may import its own stage and the ones before.
STAGES: tuple[frozenset[str], ...] = (
    frozenset({"model", "errors", "jsontext", "lifeline"}),
    frozenset({"grammar", "diagnose", "normalize"}),
    frozenset({"page"}),
    frozenset({"trial", "results", "unsupported"}),  # the page kinds: siblings
    frozenset({"kinds"}),
    frozenset({"build", "render", "merge", "export"}),
    frozenset({"ctgov", "ctgov_xml", "dump", "pool", "batch"}),
    frozenset({"tables", "parquet", "report", "dask", "diff"}),
    frozenset({"cli", "__main__", "__init__"}),
)
STAGE_OF = {part: index for index, stage in enumerate(STAGES) for part in stage}
KINDS = ("trial", "results", "unsupported")


def _part(module: str) -> str:
    """The stage part a module belongs to: its top-level package or module under ctgov_parse."""
    return module.split(".")[1] if "." in module else "__init__"


def _is_module(name: str) -> bool:
    return (PACKAGE / f"{name}.py").exists() or (PACKAGE / name / "__init__.py").exists()


def _imports() -> list[tuple[str, str, int]]:
    """Every (importing module, imported ctgov_parse module, line) in the package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = (
                    [node.module]
                    if node.module != "ctgov_parse"
                    else [
                        f"ctgov_parse.{alias.name}" if _is_module(alias.name) else "ctgov_parse"
                        for alias in node.names
                    ]
                )
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            found += [
                (module, name, node.lineno) for name in names if name.startswith("ctgov_parse")
            ]
    return found


IMPORTS = _imports()


def test_every_part_of_the_package_has_a_stage() -> None:
    parts = {_part(module) for module, _, _ in IMPORTS} | {
        path.stem if path.is_file() else path.name
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").exists())
    }
    assert sorted(parts - set(STAGE_OF)) == []


def test_no_import_runs_back_up() -> None:
    back_up = [
        f"{module}:{line} imports {name}"
        for module, name, line in IMPORTS
        if STAGE_OF[_part(name)] > STAGE_OF[_part(module)]
        and module != "ctgov_parse"  # the package's face re-exports every stage
    ]
    assert back_up == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_page_kind_imports_no_other_kind(kind: str) -> None:
    crossing = [
        f"{module}:{line} imports {name}"
        for module, name, line in IMPORTS
        if _part(module) == kind and _part(name) in KINDS and _part(name) != kind
    ]
    assert crossing == []


def test_the_engine_knows_no_kind() -> None:
    named = [
        f"{module}:{line} imports {name}"
        for module, name, line in IMPORTS
        if _part(module) in {"page", "grammar", "normalize", "diagnose", "model"}
        and _part(name) in {*KINDS, "kinds"}
    ]
    assert named == []


def test_one_spelling_of_the_results_title_and_of_numbered_lines() -> None:
    sources = {path: path.read_text("utf-8") for path in PACKAGE.rglob("*.py")}
    title = [p.name for p, text in sources.items() if '"Trial Outcomes & Findings for' in text]
    assert title == ["grammar.py"]
    numbered = [p for p, text in sources.items() if "NumberedLine = " in text]
    assert numbered == [PACKAGE / "page" / "split.py"]
