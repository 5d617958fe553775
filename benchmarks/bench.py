"""How fast ctgov_parse is, against the floor, in one run on the same pages.

    python benchmarks/bench.py           # full run (a few minutes)
    python benchmarks/bench.py --quick   # under 30 seconds

Prints: the corpus; the compiled and the pure-Python builds side by side (``builds.py``);
the floor (reading and decoding, and a bare one-pass split of every page
at its heading lines with one compiled pattern); ``parse`` per page (median and p99
microseconds, pages/s) on all pages and on seed-sized pages; the share of each stage
(split, extract, normalize, build) from a profile; ``iter_parse`` over a dump with 1 and 2
jobs; peak memory of the command streaming a large dump to JSON Lines; results pages; the
CPU cost per byte of pages of wreckage against the seed's; the command on a gzip bomb (wall
time, peak memory); the table targets' load throughput against JSON Lines
(``benchmarks/tables.py``); a local Dask cluster of 1 and 2 workers against ``iter_parse``
(``benchmarks/cluster.py``); and last, the key figure: parse time / floor time.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pstats
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import builds
import corpus

import ctgov_parse
from ctgov_parse.trial import grammar

HEADING_SPLIT = re.compile(
    "^(?:" + "|".join(re.escape(h) for h in grammar.SECTION_BY_HEADING) + ")$", re.MULTILINE
)


def clock(function: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def per_page(pages: list[str]) -> list[float]:
    times = []
    parse = ctgov_parse.parse
    for page in pages:
        start = time.perf_counter()
        parse(page)
        times.append(time.perf_counter() - start)
    return times


def results_pages() -> list[str]:
    """The results fixtures, and each sample study with results as a results page in both
    shapes and all three table renderings (when ../shared is beside the project)."""
    import json

    from ctgov_parse.ctgov import from_ctgov

    pages = [
        p.read_text(encoding="utf-8")
        for p in sorted((corpus.ROOT / "fixtures").glob("results_*.txt"))
    ]
    sample = corpus.ROOT.parent / "shared" / "ctgov-sample"
    for path in sorted(sample.glob("NCT*.json")) if sample.is_dir() else []:
        study = json.loads(path.read_text(encoding="utf-8"))
        if "resultsSection" not in study:
            continue
        trial = from_ctgov(study)
        for shape in ("labelled", "compact"):
            for rendering in ("labelled", "pipe-cells", "pipe-rows"):
                pages.append(
                    ctgov_parse.render(trial, page="results", shape=shape, table=rendering)
                )
    return pages


def wreckage_pages(size: int, seed: str) -> dict[str, str | bytes]:
    """Pages of wreckage of about ``size`` bytes, in the shapes real dumps hold."""
    import random

    rng = random.Random(7)

    def fill(unit: str) -> str:
        return unit * (size // len(unit))

    results_head = (
        "Trial Outcomes & Findings for A Study (NCT NCT01234567)\nNCT ID: NCT01234567\n"
        "Participant Flow\nParticipant milestones\n| Measure |\n"
    )
    bullets = "".join(" " * (i % 400) + f"* item {i}\n" for i in range(size // 210))
    return {
        "lone pipes": results_head + fill("|\n"),
        "repeated headings": fill("Sponsors\n\n"),
        "repeated labels": fill("Group Type EXPERIMENTAL\nIntervention Type DRUG\n"),
        "one huge line": "x" * size,
        "deep indentation": seed.replace("Inclusion Criteria\n", "Inclusion Criteria\n" + bullets),
        "random bytes": rng.randbytes(size),
        "random text": "".join(rng.choice("ab \n|:*-#\t") for _ in range(size)),
    }


def described_wreckage() -> dict[str, str]:
    """The three wrecked pages issue 26 measured, built as it describes them (with no other
    line: no title, no NCT ID; and, to reach the parser past the kind check, the same with
    an ``NCT ID:`` line above)."""
    pages = {
        "400,000 lone | under a Participant milestones caption": "Participant milestones\n"
        + "|\n" * 400_000,
        "Study Design / Locations repeated 50,000 times": "Study Design\nLocations\n" * 50_000,
        "Recruitment Status / Clinical Phase under Basic Information": "Basic Information\n"
        + "Recruitment Status\nClinical Phase\n" * 50_000,
    }
    marked = {
        f"{name}, with NCT ID": "NCT ID: NCT01234567\n" + page for name, page in pages.items()
    }
    return {**pages, **marked}


def cpu_seconds(page: str | bytes, repeat: int) -> float:
    """Best process time of ``repeat`` parses (a refused page counts as parsed)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        with contextlib.suppress(ctgov_parse.ParseError):
            ctgov_parse.parse(page)
        best = min(best, time.process_time() - start)
    return best


def gzip_bomb(path: Path, megabytes: int) -> int:
    """A real page, one line of ``megabytes`` MB, another page, gzipped; the file's size."""
    import gzip

    seed = (corpus.ROOT / "fixtures" / "seed_NCT06788470.txt").read_bytes()
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(seed + b"\n")
        block = b"x" * (1 << 20)
        for _ in range(megabytes):
            out.write(block)
        out.write(b"\n" + seed)
    return path.stat().st_size


def run_watched(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB, the process and its children) and exit status."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0.0]

    def watch() -> None:
        while child.poll() is None:
            peak[0] = max(peak[0], _tree_rss_mb(child.pid))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    status = child.wait()
    watcher.join()
    return time.perf_counter() - start, peak[0], status


def p99(values: list[float]) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * 0.99))]


def stage_shares(pages: list[str]) -> dict[str, float]:
    """Share of parse time per stage, from cumulative profile times of the stage entry
    points (normalizers run inside extractors; build is the rest)."""
    profile = cProfile.Profile()
    profile.enable()
    for page in pages:
        ctgov_parse.parse(page)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = split = extract = normalize = 0.0
    for (filename, _, name), (_, _, _, cumulative, _) in stats.items():
        if name == "parse" and filename.endswith("build.py"):
            total += cumulative
        elif name in ("split_sections", "split_page"):
            split += cumulative
        elif name.startswith("extract_") and "extract" in filename:
            extract += cumulative
        elif filename.endswith("normalize.py") and name.startswith(
            ("normalize_", "split_", "unescape")
        ):
            normalize += cumulative
    normalize = min(normalize, extract)
    return {
        "split": split / total,
        "extract": (extract - normalize) / total,
        "normalize": normalize / total,
        "build": max(0.0, total - split - extract) / total,
    }


def write_dump(path: Path, pages: list[str], count: int) -> int:
    written = 0
    with path.open("wb") as out:
        for index in range(count):
            page = pages[index % len(pages)]
            out.write(page.encode("utf-8"))
            out.write(b"\n" if page.endswith("\n") else b"\n\n")
            written += 1
    return written


def iter_rate(path: Path, jobs: int) -> tuple[int, float]:
    start = time.perf_counter()
    count = sum(1 for _ in ctgov_parse.iter_parse(path, jobs=jobs))
    return count, count / (time.perf_counter() - start)


def peak_rss_streaming(
    pages: list[str],
    count: int,
    jobs: int,
    python: str = sys.executable,
    env: dict[str, str] | None = None,
) -> tuple[float, float]:
    """Peak RSS (MB) of ``ctgov-parse - -o /dev/null`` fed ``count`` pages on stdin, and its
    pages/s. Each run is its own child, so its peak is its own."""
    command = [
        python,
        "-m",
        "ctgov_parse",
        "-",
        "--quiet",
        "-o",
        os.devnull,
        "--jobs",
        str(jobs),
    ]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    peak = [0.0]

    def watch() -> None:  # the parent and the workers, sampled from /proc
        while child.poll() is None:
            peak[0] = max(peak[0], _tree_rss_mb(child.pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    assert child.stdin is not None
    for index in range(count):
        page = pages[index % len(pages)]
        child.stdin.write(page.encode("utf-8") + (b"\n" if page.endswith("\n") else b"\n\n"))
    child.stdin.close()
    child.wait()
    watcher.join()
    return peak[0], count / (time.perf_counter() - start)


def _tree_rss_mb(pid: int) -> float:
    """The resident memory (MB) of ``pid`` and its descendants, summed."""
    return sum(tree_status(pid, "VmRSS")) / 1024


def tree_status(pid: int, field: str) -> list[int]:
    """A ``/proc/*/status`` field (kB) of ``pid`` and of each of its descendants."""
    parents: dict[int, int] = {}
    values: dict[int, int] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            status = (proc / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(proc.name)] = int(fields.get("PPid", "0").strip() or 0)
        values[int(proc.name)] = int(fields.get(field, "0 kB").split()[0])
    tree = {pid}
    grew = True
    while grew:
        grew = False
        for child, parent in parents.items():
            if parent in tree and child not in tree:
                tree.add(child)
                grew = True
    return [values[member] for member in tree if member in values]


def later_version(page: str) -> str:
    """The page as a later scrape might give it: its status, its enrollment and its first
    date changed."""
    page = page.replace("RECRUITING\n", "ACTIVE_NOT_RECRUITING\n", 1)
    page = re.sub(r"(\d+) participants", lambda m: f"{int(m[1]) + 2} participants", page, count=1)
    return re.sub(r"\b(20\d\d)-(\d\d)-(\d\d)\b", r"\1-\2", page, count=1)


def diff_against_parse(seed: str, pages: list[str], repeat: int) -> None:
    """``diff`` of two versions of a page against a parse of one (median µs)."""
    pairs = [(p, later_version(p)) for p in [seed, *pages[:50]]]
    records = [(ctgov_parse.parse(a), ctgov_parse.parse(b)) for a, b in pairs]
    changed = sum(len(ctgov_parse.diff(a, b)) for a, b in records)
    rounds = max(1, repeat // len(pairs))
    parse_times = per_page([a for a, _ in pairs] * rounds)
    diff_times = []
    for _ in range(rounds):
        for old, new in records:
            start = time.perf_counter()
            ctgov_parse.diff(old, new)
            diff_times.append(time.perf_counter() - start)
    parse_us, diff_us = statistics.median(parse_times) * 1e6, statistics.median(diff_times) * 1e6
    print(f"\ndiff: two versions of the seed and of 50 corpus pages ({changed} changes in all)")
    table([
        ("parse of one version, median", f"{parse_us:8.1f} µs"),
        ("diff of two versions, median", f"{diff_us:8.1f} µs"),
        ("diff / parse", f"{diff_us / parse_us:8.2f}"),
    ])  # fmt: skip


def table(rows: Iterable[tuple[str, str]]) -> None:
    for label, value in rows:
        print(f"  {label:<44} {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, under 30 seconds")
    args = parser.parse_args()
    n_pages, n_dump, n_stream = (400, 3_000, 6_000) if args.quick else (3_000, 50_000, 200_000)

    pages = corpus.pages(n_pages)
    sizes = [len(p.encode("utf-8")) for p in pages]
    print(f"corpus: {len(pages)} pages, {statistics.mean(sizes) / 1024:.1f} KB mean, "
          f"{min(sizes) / 1024:.1f}-{max(sizes) / 1024:.1f} KB")  # fmt: skip

    print(
        "\ncompiled and pure-Python builds (same pages, each build in its own process, best of 5)"
    )
    pure, compiled = builds.compare(300 if args.quick else 1000, 1000 if args.quick else 12_000)
    builds.print_comparison(pure, compiled)
    (_, _), (compiled_python, compiled_env) = builds.environments()
    with tempfile.TemporaryDirectory() as tmp:
        command_dump = Path(tmp) / "dump.txt"
        command_pages = write_dump(command_dump, pages, 3000 if args.quick else 30_000)
        commands = builds.command_rates(command_dump, 2 if args.quick else 3)
    print(f"  {f'ctgov-parse, {command_pages} pages: jobs 2 / 1':<40}"
          f" {commands['pure'][1] / commands['pure'][2]:11.2f}x"
          f" {commands['compiled'][1] / commands['compiled'][2]:11.2f}x"
          "   (JSON Lines, whole command, best of the runs)")  # fmt: skip
    print(
        f"  (this process runs the {'compiled' if ctgov_parse.compiled else 'pure-Python'} build)"
    )

    encoded = [p.encode("utf-8") for p in pages]
    floor_decode = clock(lambda: [b.decode("utf-8") for b in encoded])
    floor_split = clock(lambda: [HEADING_SPLIT.split(p) for p in pages])
    print("\nfloor (same pages, same process)")
    table([
        ("decode bytes, per page", f"{floor_decode / len(pages) * 1e6:8.1f} µs"),
        ("bare heading split, per page", f"{floor_split / len(pages) * 1e6:8.1f} µs"),
    ])  # fmt: skip

    for page in pages[:50]:  # warm caches and token tables
        ctgov_parse.parse(page)
    times = per_page(pages)
    total = sum(times)
    seed = (corpus.ROOT / "fixtures" / "seed_NCT06788470.txt").read_text(encoding="utf-8")
    seed_times = per_page([seed] * (300 if args.quick else 3000))
    print("\nparse (one core)")
    table([
        ("all pages: pages/s", f"{len(pages) / total:8.0f}"),
        ("all pages: median per page", f"{statistics.median(times) * 1e6:8.1f} µs"),
        ("all pages: p99 per page", f"{p99(times) * 1e6:8.1f} µs"),
        ("seed-sized page (7 KB): pages/s", f"{1 / statistics.median(seed_times):8.0f}"),
        ("seed-sized page: median", f"{statistics.median(seed_times) * 1e6:8.1f} µs"),
        ("peak RSS of this process", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:8.0f} MB"),
    ])  # fmt: skip

    shares = stage_shares(pages[: min(len(pages), 500)])
    print("\nstages (share of parse time, from a profile)")
    table(
        (stage, f"{share * 100:7.1f} %  ≈ {share * total / len(pages) * 1e6:6.1f} µs/page")
        for stage, share in shares.items()
    )

    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dump.txt"
        written = write_dump(dump, pages, n_dump)
        size_mb = dump.stat().st_size / 1e6
        count1, rate1 = iter_rate(dump, 1)
        count2, rate2 = iter_rate(dump, 2)
        assert count1 == count2 == written, (count1, count2, written)
    print(f"\niter_parse over a {written}-page dump ({size_mb:.0f} MB)")
    table([
        ("jobs=1: pages/s", f"{rate1:8.0f}"),
        ("jobs=2: pages/s", f"{rate2:8.0f}"),
        ("speed-up", f"{rate2 / rate1:8.2f}x"),
    ])  # fmt: skip

    peak1, stream_rate = peak_rss_streaming(pages, n_stream, 1, compiled_python, compiled_env)
    peak2, stream_rate2 = peak_rss_streaming(pages, n_stream, 2, compiled_python, compiled_env)
    print(f"\nctgov-parse streaming {n_stream} pages to JSON Lines (stdin -> /dev/null, compiled)")
    table([
        ("jobs=1: peak RSS / pages/s", f"{peak1:8.0f} MB / {stream_rate:6.0f}"),
        ("jobs=2: peak RSS (all processes) / pages/s", f"{peak2:8.0f} MB / {stream_rate2:6.0f}"),
    ])  # fmt: skip

    results = results_pages()
    result_times = per_page(results * (5 if args.quick else 50))
    result_floor = clock(lambda: [HEADING_SPLIT.split(p) for p in results])
    result_sizes = [len(p.encode("utf-8")) for p in results]
    # Mean time per mean size, for both: what a dump of such pages costs per byte.
    trial_per_byte = total / sum(len(p.encode("utf-8")) for p in pages)
    results_per_byte = statistics.mean(result_times) / statistics.mean(result_sizes)
    print(f"\nresults pages: {len(results)} pages, {statistics.mean(result_sizes) / 1024:.1f} KB mean"
          " (fixtures; the sample's studies with results in 2 shapes x 3 table renderings)")  # fmt: skip
    table([
        ("median per page", f"{statistics.median(result_times) * 1e6:8.1f} µs"),
        ("pages/s", f"{1 / statistics.median(result_times):8.0f}"),
        ("parse / bare heading split", f"{statistics.median(result_times) * len(results) / result_floor:8.1f}"),
        ("per byte, against the corpus's trial pages", f"{results_per_byte / trial_per_byte:8.2f}x"),
    ])  # fmt: skip

    diff_against_parse(seed, pages, 200 if args.quick else 2000)

    wreck_size = 400_000 if args.quick else 1_600_000
    seed_cost = cpu_seconds(seed, 300 if args.quick else 2000) / len(seed.encode("utf-8"))
    print(f"\nwreckage: {wreck_size / 1e6:.1f} MB pages, CPU per byte against the seed's"
          f" ({seed_cost * 1e9:.1f} ns/byte, same run)")  # fmt: skip
    wreck_rows = []
    for name, page in wreckage_pages(wreck_size, seed).items():
        size = len(page) if isinstance(page, bytes) else len(page.encode("utf-8"))
        cost = cpu_seconds(page, 3) / size
        wreck_rows.append((name, f"{cost * 1e9:8.1f} ns/byte  {cost / seed_cost:6.1f}x the seed"))
    table(wreck_rows)

    print("\nwreckage of issue 26, as described there: CPU per byte against the seed's, the kind"
          " read, diagnostics")  # fmt: skip
    described = []
    for name, page in described_wreckage().items():
        cost = cpu_seconds(page, 3) / len(page.encode("utf-8"))
        trial = ctgov_parse.parse(page)
        kind = trial.page_kind.value if trial.page_kind else "-"
        described.append(
            (
                name,
                f"{cost / seed_cost:6.1f}x the seed  {kind:11} {len(trial.diagnostics):5d} diagnostics",
            )
        )
    table(described)

    bomb_mb = 256 if args.quick else 1024
    with tempfile.TemporaryDirectory() as tmp:
        bomb = Path(tmp) / "bomb.txt.gz"
        packed = gzip_bomb(bomb, bomb_mb)
        command = [sys.executable, "-m", "ctgov_parse", str(bomb), "--quiet", "-o", os.devnull]
        seconds, peak, status = run_watched(command)
    print(
        f"\ngzip bomb: {packed / 1e6:.1f} MB expanding to one {bomb_mb} MB line between two pages"
    )
    table([
        ("ctgov-parse: wall time", f"{seconds:8.1f} s"),
        ("ctgov-parse: peak RSS", f"{peak:8.0f} MB"),
        ("exit status (1: the bomb failed, page-too-large)", f"{status:8d}"),
    ])  # fmt: skip

    loads: dict[str, dict[int, float]] = {}
    try:
        import duckdb  # noqa: F401
        import tables
    except ImportError:
        print("\ntables: skipped (pip install 'ctgov_parse[duckdb]' to measure the loads)")
    else:
        loads = tables.main(quick=args.quick, python=compiled_python, env=compiled_env)

    try:
        import cluster
        import dask  # noqa: F401
    except ImportError:
        print("\nDask: skipped (pip install 'ctgov_parse[dask]' to measure the cluster)")
    else:
        cluster.main(quick=args.quick)

    targets(pure, compiled, commands, loads, peak2, n_stream)
    ratio = total / floor_split
    build = "compiled" if ctgov_parse.compiled else "pure-Python"
    print(
        f"\nparse time / floor time (bare heading split, same {len(pages)} pages, {build}): {ratio:.1f}"
    )
    compiled_ratio = compiled["corpus_us"] / compiled["corpus_floor_us"]
    print(
        f"parse time / floor time, compiled build (its own process, best of 5): {compiled_ratio:.1f}"
    )


def targets(
    pure: dict[str, float],
    compiled: dict[str, float],
    commands: dict[str, dict[int, float]],
    loads: dict[str, dict[int, float]],
    stream_peak: float,
    streamed: int,
) -> None:
    """The speed issue's targets, each figure from this run: compiled build, pure in
    parentheses where both were measured."""

    def both(key: str, floor: str) -> tuple[float, float]:
        return compiled[key] / compiled[floor], pure[key] / pure[floor]

    corpus_c, corpus_p = both("corpus_us", "corpus_floor_us")
    results_c, results_p = both("results_us", "results_floor_us")
    iter_c = compiled["iter_parse_2_per_s"] / compiled["iter_parse_1_per_s"]
    iter_p = pure["iter_parse_2_per_s"] / pure["iter_parse_1_per_s"]
    json_c = commands["compiled"][1] / commands["compiled"][2]
    json_p = commands["pure"][1] / commands["pure"][2]
    to_json = compiled["to_json_seed_us"] / compiled["seed_us"]
    rows: list[tuple[str, str, str, bool]] = [
        ("seed page, compiled / pure-Python build", f"{pure['seed_us'] / compiled['seed_us']:.2f}x",
         ">= 2.4x", pure["seed_us"] / compiled["seed_us"] >= 2.4),
        ("parse / bare heading split, corpus", f"{corpus_c:.2f} ({corpus_p:.2f})", "<= 3", corpus_c <= 3),
        ("parse / bare heading split, results pages", f"{results_c:.2f} ({results_p:.2f})", "<= 3",
         results_c <= 3),
        ("iter_parse 2 jobs / 1 job", f"{iter_c:.2f}x ({iter_p:.2f}x)", ">= 1.8x", iter_c >= 1.8),
        ("ctgov-parse --jobs 2 / --jobs 1, JSON Lines", f"{json_c:.2f}x ({json_p:.2f}x)", ">= 1.85x",
         json_c >= 1.85),
        *(
            (f"ctgov-parse --jobs 2 / --jobs 1, {form}", f"{times[1] / times[2]:.2f}x", ">= 1.85x",
             times[1] / times[2] >= 1.85)
            for form, times in loads.items() if form != "jsonl"
        ),
        ("to_json(seed), indented / parse(seed)", f"{to_json:.2f}", "<= 0.2", to_json <= 0.2),
        (f"peak RSS streaming {streamed} pages, 2 jobs", f"{stream_peak:.0f} MB", "< 100 MB",
         stream_peak < 100),
    ]  # fmt: skip
    print("\ntargets (compiled build; the pure-Python build in parentheses)")
    for label, value, target, met in rows:
        print(f"  {label:<46} {value:>16}   {target:>8}   {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
