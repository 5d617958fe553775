"""Build: the hot modules compiled with mypyc where a C compiler is found, pure Python
otherwise, from the same sources.

- ``CTGOV_PARSE_PURE=1`` builds the pure-Python package.
- An editable install (``pip install -e .``) stays pure, so that edits take effect at once
  (compiled modules would shadow the edited sources); ``CTGOV_PARSE_COMPILE=1`` compiles
  it anyway.
- A failed compile falls back to the pure package with a warning instead of failing the
  install. ``ctgov_parse.compiled`` (and ``ctgov-parse --version``) says which build runs.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

# The parse's hot path: the entry and the kinds' table, the page engine (decoding, the
# splitter, the reading primitives, the shared readers, the assembler; not the layout, which
# only rendering uses), the value grammar, normalizers and the reporting policy, each kind's
# grammar, extractors and build, and the walk that turns records into plain data (to_dict,
# to_json). The records (attrs classes) stay Python: attrs makes their methods at run time.
HOT_MODULES = [
    "ctgov_parse/build.py",
    "ctgov_parse/kinds.py",
    "ctgov_parse/diagnose.py",
    "ctgov_parse/dump.py",
    "ctgov_parse/grammar.py",
    "ctgov_parse/normalize.py",
    *(
        f"ctgov_parse/page/{name}.py"
        for name in ("assemble", "decode", "fields", "grammar", "read", "readers", "split")
    ),
    "ctgov_parse/trial/build.py",
    "ctgov_parse/unsupported/__init__.py",
    # diff: two versions as API v2 studies, walked side by side
    "ctgov_parse/ctgov/write.py",
    "ctgov_parse/diff.py",
    "ctgov_parse/trial/grammar.py",
    *sorted(
        str(p) for p in Path("ctgov_parse/trial/extract").glob("*.py") if p.name != "__init__.py"
    ),
    "ctgov_parse/model/plain.py",
    "ctgov_parse/model/new.py",
    "ctgov_parse/model/wire.py",
    *(
        f"ctgov_parse/results/{name}.py"
        for name in (
            *("build", "common", "grammar", "header", "tables", "flow", "baseline"),
            *("outcomes", "adverse", "overview", "more_info", "site_rows"),
        )
    ),
]


def _editable() -> bool:
    return any(command in sys.argv for command in ("editable_wheel", "develop"))


def _why_pure() -> str | None:
    """Why this build is pure Python, or None to compile."""
    if os.environ.get("CTGOV_PARSE_PURE") == "1":
        return "CTGOV_PARSE_PURE=1"
    if _editable() and os.environ.get("CTGOV_PARSE_COMPILE") != "1":
        return "an editable install stays pure (CTGOV_PARSE_COMPILE=1 compiles it)"
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler}) found"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        return "the Python headers (Python.h) are not installed"
    try:
        import mypyc.build  # noqa: F401
    except ImportError:
        return "mypyc (part of mypy) is not installed in the build environment"
    return None


class _BuildOrFallBack(build_ext):
    """Compile the extensions; if that fails, leave the pure-Python modules in place."""

    def finalize_options(self) -> None:
        super().finalize_options()
        if self.parallel is None:  # one C file per module: compile them side by side
            self.parallel = os.cpu_count() or 1

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # a compiler error of any kind: fall back, never fail
            self.warn(f"ctgov_parse: compiling failed ({error}); installing pure Python")
            self.extensions = []


def _extensions() -> list[object]:
    reason = _why_pure()
    if reason is not None:
        print(f"ctgov_parse: building the pure-Python package: {reason}", file=sys.stderr)
        return []
    from mypyc.build import mypycify

    print(f"ctgov_parse: compiling {len(HOT_MODULES)} modules with mypyc", file=sys.stderr)
    try:
        return list(mypycify(HOT_MODULES, opt_level="3", debug_level="0"))
    except (Exception, SystemExit) as error:  # mypyc refused the sources: stay pure
        print(f"ctgov_parse: mypyc failed ({error}); building pure Python", file=sys.stderr)
        return []


setup(ext_modules=_extensions(), cmdclass={"build_ext": _BuildOrFallBack})
