"""Parse timings of whichever ctgov_parse build this interpreter imports, as one JSON line.

Run by ``builds.py`` once under the pure-Python build and once under the compiled one, so
that the two are measured on the same pages in the same run. Each figure is the best of
``--rounds`` rounds (the machine is shared: the best round is the least disturbed)."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
from bench import HEADING_SPLIT, results_pages

import ctgov_parse


def best_per_page(function: object, pages: list[str], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for page in pages:
            function(page)  # type: ignore[operator]
        best = min(best, (time.perf_counter() - start) / len(pages))
    return best * 1e6


def iter_parse_rates(pages: list[str], count: int, rounds: int = 3) -> dict[str, float]:
    """``iter_parse`` over a dump of ``count`` pages with 1 and 2 jobs: the best pages/s of
    ``rounds`` runs each, the runs alternating."""
    best = {1: 0.0, 2: 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dump.txt"
        with dump.open("wb") as out:
            for index in range(count):
                out.write(pages[index % len(pages)].encode("utf-8") + b"\n\n")
        for _ in range(rounds):
            for jobs in (1, 2):
                start = time.perf_counter()
                done = sum(1 for _ in ctgov_parse.iter_parse(dump, jobs=jobs))
                assert done == count, (done, count)
                best[jobs] = max(best[jobs], count / (time.perf_counter() - start))
    return {"iter_parse_1_per_s": best[1], "iter_parse_2_per_s": best[2]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--dump-pages", type=int, default=0, help="iter_parse over a dump too")
    args = parser.parse_args()
    pages = corpus.pages(args.pages)
    results = results_pages()
    seed = (corpus.ROOT / "fixtures" / "seed_NCT06788470.txt").read_text(encoding="utf-8")
    parse, split = ctgov_parse.parse, HEADING_SPLIT.split
    for page in pages[:100] + results:  # warm caches and token tables
        parse(page)
    seed_trial = parse(seed)
    figures = {
        "compiled": ctgov_parse.compiled,
        "seed_us": best_per_page(parse, [seed] * 200, args.rounds * 3),
        "corpus_us": best_per_page(parse, pages, args.rounds),
        "corpus_floor_us": best_per_page(split, pages, args.rounds),
        "results_us": best_per_page(parse, results, args.rounds),
        "results_floor_us": best_per_page(split, results, args.rounds),
        "to_json_seed_us": best_per_page(
            lambda _: ctgov_parse.to_json(seed_trial), [seed] * 200, args.rounds * 3
        ),
        "results_median_us": statistics.median(
            best_per_page(parse, [page], args.rounds) for page in results
        ),
    }
    if args.dump_pages:
        figures.update(iter_parse_rates(corpus.pages(3000), args.dump_pages))
    figures["pid"] = os.getpid()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
