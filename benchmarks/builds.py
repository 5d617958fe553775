"""The compiled build and the pure-Python build side by side, in one run.

    python benchmarks/builds.py [--pages N]

The pure build is the checkout's own sources (``PYTHONPATH`` at the project root); the
compiled build is ``pip install '.[duckdb,postgres]'`` of the same sources (the table
targets are measured with it too) into a virtual environment cached under
``~/.cache/ctgov_parse-bench/`` by a hash of the sources (the first run compiles: about a
minute). Each build is timed by ``parse_rate.py`` in its own process.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _source_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(
        [*ROOT.glob("ctgov_parse/**/*.py"), ROOT / "setup.py", ROOT / "pyproject.toml"]
    ):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def compiled_python() -> Path:
    """The interpreter of a virtual environment holding the compiled build."""
    home = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ctgov_parse-bench"
    venv = home / _source_hash()
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        # The table targets are measured with this build too: their extras come with it.
        extras = f"{ROOT}[duckdb,postgres]"
        subprocess.run([str(python), "-m", "pip", "install", "-q", extras], check=True)
    return python


def rates(
    python: Path | str, env: dict[str, str], pages: int, dump_pages: int = 0
) -> dict[str, Any]:
    script = ROOT / "benchmarks" / "parse_rate.py"
    done = subprocess.run(
        [str(python), str(script), "--pages", str(pages), "--dump-pages", str(dump_pages)],
        env=env, cwd=ROOT / "benchmarks", capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def environments() -> tuple[tuple[str, dict[str, str]], tuple[str, dict[str, str]]]:
    """(interpreter, environment) of the pure build (the checkout's sources) and of the
    compiled one (its own virtual environment, never the checkout's sources)."""
    pure_env = {**os.environ, "PYTHONPATH": str(ROOT)}
    compiled_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    compiled_env["PYTHONSAFEPATH"] = "1"
    compiled_env["PYTHONPATH"] = str(ROOT / "benchmarks")
    return (sys.executable, pure_env), (str(compiled_python()), compiled_env)


def compare(pages: int, dump_pages: int = 0) -> tuple[dict[str, Any], dict[str, Any]]:
    (pure_python, pure_env), (compiled, compiled_env) = environments()
    pure = rates(pure_python, pure_env, pages, dump_pages)
    built = rates(compiled, compiled_env, pages, dump_pages)
    if pure["compiled"] or not built["compiled"]:
        raise SystemExit(f"the builds are not what they should be: {pure=} {built=}")
    return pure, built


def command_rates(dump: Path, rounds: int = 3) -> dict[str, dict[int, float]]:
    """``ctgov-parse DUMP --jobs N -o /dev/null`` (JSON Lines) for each build and N = 1, 2:
    the best wall time of ``rounds`` runs, the runs alternating; the whole command."""
    best: dict[str, dict[int, float]] = {"pure": {}, "compiled": {}}
    builds = dict(zip(("pure", "compiled"), environments(), strict=True))
    for _ in range(rounds):
        for name, (python, env) in builds.items():
            for jobs in (1, 2):
                command = [python, "-m", "ctgov_parse", str(dump), "-o", os.devnull, "--quiet",
                           "--jobs", str(jobs)]  # fmt: skip
                start = time.perf_counter()
                subprocess.run(command, env=env, check=True)
                seconds = time.perf_counter() - start
                best[name][jobs] = min(best[name].get(jobs, seconds), seconds)
    return best


def print_comparison(pure: dict[str, Any], compiled: dict[str, Any]) -> None:
    def row(label: str, key: str) -> None:
        p, c = pure[key], compiled[key]
        print(f"  {label:<40} {p:9.1f} µs {c:9.1f} µs {p / c:7.2f}x")

    print(f"  {'':<40} {'pure':>12} {'compiled':>12} {'faster':>8}")
    row("seed page, per page", "seed_us")
    row("benchmark corpus, mean per page", "corpus_us")
    row("results pages, mean per page", "results_us")
    row("to_json(seed), indented", "to_json_seed_us")
    for label, key in (("corpus", "corpus"), ("results pages", "results")):
        floor = (pure[f"{key}_floor_us"] + compiled[f"{key}_floor_us"]) / 2
        print(
            f"  {'parse / bare heading split, ' + label:<40} {pure[key + '_us'] / floor:12.2f}"
            f" {compiled[key + '_us'] / floor:12.2f}"
        )
    for name, figures in (("pure", pure), ("compiled", compiled)):
        print(
            f"  to_json(seed) / parse(seed), {name:<11} {figures['to_json_seed_us'] / figures['seed_us']:12.2f}"
        )
    if "iter_parse_1_per_s" in pure:
        for jobs in (1, 2):
            key = f"iter_parse_{jobs}_per_s"
            print(
                f"  {f'iter_parse, {jobs} job(s): pages/s':<40} {pure[key]:12.0f} {compiled[key]:12.0f}"
            )
        print(
            f"  {'iter_parse, 2 jobs / 1 job':<40} {pure['iter_parse_2_per_s'] / pure['iter_parse_1_per_s']:11.2f}x"
            f" {compiled['iter_parse_2_per_s'] / compiled['iter_parse_1_per_s']:11.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    print("compiled and pure-Python builds (same pages, each build in its own process, best of 5)")
    print_comparison(*compare(args.pages))


if __name__ == "__main__":
    main()
