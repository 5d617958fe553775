"""Load throughput of the table targets against JSON Lines, the command end to end.

    python benchmarks/tables.py [--quick]     # also a section of benchmarks/bench.py

One dump of distinct studies (trial pages of the benchmark corpus and results pages, each
page given its own NCT number), loaded by ``ctgov-parse`` into each target at 1 and 2 jobs.
Each target's run follows a JSON Lines run of its own (pairs, round after round), and each
figure is the median over the rounds of the pair's ratio, so that a machine whose speed
drifts moves both sides of a ratio alike. Peak memory is the largest process's of each run
(the operating system's accounting), at two dump sizes (flat memory: about the same peak
for three times the pages). The history part loads six snapshots of the same studies
(each a later version: its date and enrollment changed), in one run and in six, against as
many pages of distinct studies.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench
import corpus

TARGETS = ("duckdb", "sqlite", "parquet-tables", "postgres")


def distinct_dump(path: Path, count: int) -> int:
    """``count`` pages, trial and results pages, each with its own NCT number."""
    pages = corpus.pages(400) + bench.results_pages()
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for index in range(count):
            page = pages[index % len(pages)]
            found = re.search(r"NCT\d{8}", page)
            if found is None:
                continue
            page = page.replace(found.group(0), f"NCT{70_000_000 + index:08d}")
            out.write(page + ("\n" if page.endswith("\n") else "\n\n"))
            written += 1
    return written


_DATED = re.compile(r"Last Updated: \d{4}-\d{2}-\d{2}")
_ENROLLED = re.compile(r"\b(\d+) participants")


def snapshot_dumps(directory: Path, studies: int, *, distinct: bool) -> list[Path]:
    """Six dumps of ``studies`` trial pages each: six snapshots of the same studies (each
    later, its enrollment changed), or (``distinct``) six sets of other studies."""
    pages = [page for page in corpus.pages(400) if _DATED.search(page)]
    paths = []
    for snapshot in range(6):
        path = directory / f"{'distinct' if distinct else 'snapshot'}-{snapshot}.txt"
        with path.open("w", encoding="utf-8") as out:
            for index in range(studies):
                page = pages[index % len(pages)]
                found = re.search(r"NCT\d{8}", page)
                assert found is not None
                number = index + (snapshot * studies if distinct else 0)
                page = page.replace(found.group(0), f"NCT{80_000_000 + number:08d}")
                if not distinct:
                    page = _DATED.sub(f"Last Updated: 2025-{snapshot + 1:02d}-15", page, 1)
                    page = _ENROLLED.sub(
                        lambda m, k=snapshot: f"{int(m.group(1)) + k} participants", page, 1
                    )
                out.write(page + ("\n" if page.endswith("\n") else "\n\n"))
        paths.append(path)
    return paths


def history(work: Path, studies: int, python: str, env: dict[str, str] | None, rounds: int) -> None:
    """Six snapshots of the same studies against as many distinct pages, into DuckDB at one
    job: in one run (one dump of all six) and in six runs (a snapshot a run)."""
    rows = []
    for runs in (1, 6):
        walls: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(rounds):
            for distinct in (True, False):
                dumps = snapshot_dumps(work, studies, distinct=distinct)
                if runs == 1:
                    whole = work / "all.txt"
                    whole.write_text(
                        "".join(p.read_text(encoding="utf-8") for p in dumps), encoding="utf-8"
                    )
                    dumps = [whole]
                target = str(work / "history.duckdb")
                _fresh("duckdb", target)
                total = 0.0
                for dump in dumps:
                    wall, _, status = run_timed(_command(dump, "duckdb", target, 1, python), env)
                    assert status == 0
                    total += wall
                walls[distinct].append(total)
        snapshots, distinct_pages = (statistics.median(walls[k]) for k in (False, True))
        rows.append((
            f"history: 6 snapshots of {studies} studies, {runs} run(s) / as many distinct",
            f"{snapshots:6.2f} s / {distinct_pages:.2f} s = {snapshots / distinct_pages:.2f}x",
        ))  # fmt: skip
    bench.table(rows)


def run_timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) of the largest process of the run, and exit status.

    The peak is each process's own high-water mark (``VmHWM``, which starts afresh when a
    process begins its program), read every tenth of a second while the run lasts: the
    operating system's rusage would count this benchmark's own memory, which the command
    shares until it starts its program."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    peak = 0.0
    while child.poll() is None:
        peak = max(peak, _tree_high_water(child.pid))
        time.sleep(0.1)
    return time.perf_counter() - start, peak, child.returncode


def _tree_high_water(pid: int) -> float:
    """The largest ``VmHWM`` (MB) of ``pid`` and its descendants."""
    return max(bench.tree_status(pid, "VmHWM"), default=0) / 1024


def _command(dump: Path, form: str, where: str, jobs: int, python: str) -> list[str]:
    target = ["--db", where] if form == "postgres" else ["-o", where]
    return [python, "-m", "ctgov_parse", str(dump), "--format", form, *target,
            "--jobs", str(jobs), "--quiet"]  # fmt: skip


def _fresh(form: str, where: str) -> None:
    if form == "postgres":
        import psycopg

        with psycopg.connect(where, autocommit=True) as connection:
            connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        return
    path = Path(where)
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def _postgres(directory: Path) -> tuple[object, str] | None:
    """A throw-away server for the run (the tests' own), or None without the binaries."""
    try:
        import psycopg  # noqa: F401

        from tests.postgres_server import postgres_server, server_binaries
    except ImportError:
        return None
    binaries = server_binaries()
    if binaries is None:
        return None
    directory.chmod(0o755)
    server = postgres_server(binaries, directory / "postgres")
    return server, server.__enter__()


def main(
    quick: bool = False, python: str = sys.executable, env: dict[str, str] | None = None
) -> dict[str, dict[int, float]]:
    """Print the loads' figures; return each target's median wall seconds by jobs."""
    count = 1000 if quick else 6000
    medians: dict[str, dict[int, float]] = {}
    rounds = 2 if quick else 3
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        dump = work / "dump.txt"
        written = distinct_dump(dump, count)
        size_mb = dump.stat().st_size / 1e6
        server = _postgres(work)
        targets = [t for t in TARGETS if t != "postgres" or server is not None]
        where = {t: str(work / f"out.{t}") for t in ("jsonl", *targets)}
        if server is not None:
            where["postgres"] = server[1]
        try:
            print(f"\ntables: ctgov-parse loading a {written}-page dump ({size_mb:.0f} MB) of"
                  f" distinct studies, {rounds} rounds of pairs, medians")  # fmt: skip
            rows = []
            one_job_peaks: dict[str, float] = {}
            for jobs in (1, 2):
                seconds: dict[str, list[float]] = {form: [] for form in where}
                ratios: dict[str, list[float]] = {form: [] for form in targets}
                peaks: dict[str, float] = {}
                for _ in range(rounds):
                    for form in targets:  # each target right after a JSON Lines run: pairs
                        for run in ("jsonl", form):
                            _fresh(run, where[run])
                            wall, peak, status = run_timed(
                                _command(dump, run, where[run], jobs, python), env
                            )
                            assert status == 0, (run, status)
                            seconds[run].append(wall)
                            peaks[run] = max(peaks.get(run, 0.0), peak)
                        ratios[form].append(seconds["jsonl"][-1] / seconds[form][-1])
                if jobs == 1:
                    one_job_peaks = dict(peaks)
                for form, walls in seconds.items():
                    medians.setdefault(form, {})[jobs] = statistics.median(walls)
                jsonl = statistics.median(seconds["jsonl"])
                rows.append((f"jobs={jobs}: jsonl pages/s (peak RSS)",
                             f"{written / jsonl:8.0f} ({peaks['jsonl']:.0f} MB)"))  # fmt: skip
                for form in targets:
                    rate = written / statistics.median(seconds[form])
                    rows.append((
                        f"jobs={jobs}: {form} pages/s, of jsonl's (peak RSS)",
                        f"{rate:8.0f}  {statistics.median(ratios[form]) * 100:5.1f} %"
                        f"  ({peaks[form]:.0f} MB)",
                    ))  # fmt: skip
            rows += [
                (f"{form}: jobs=2 / jobs=1", f"{times[1] / times[2]:8.2f}x")
                for form, times in medians.items()
            ]
            bench.table(rows)
            big = work / "big.txt"
            big_written = distinct_dump(big, count * 3)
            _fresh("duckdb", where["duckdb"])
            _, big_peak, status = run_timed(
                _command(big, "duckdb", where["duckdb"], 1, python), env
            )
            assert status == 0
            bench.table([
                (f"duckdb peak RSS, {written} pages / {big_written} pages",
                 f"{one_job_peaks['duckdb']:5.0f} MB / {big_peak:.0f} MB"),
            ])  # fmt: skip
            history(work, count // 6, python, env, rounds)
        finally:
            if server is not None:
                server[0].__exit__(None, None, None)  # type: ignore[attr-defined]
    return medians


if __name__ == "__main__":
    if "--history" in sys.argv:  # that part alone
        with tempfile.TemporaryDirectory() as tmp:
            history(Path(tmp), 200 if "--quick" in sys.argv else 1000, sys.executable, None, 3)
    else:
        main(quick="--quick" in sys.argv)
