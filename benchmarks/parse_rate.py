"""Parse timings of whichever ctgov_parse build this interpreter imports, as one JSON line.

Run by ``builds.py`` once under the pure-Python build and once under the compiled one, so
that the two are measured on the same pages in the same run. Each figure is the best of
``--rounds`` rounds (the machine is shared: the best round is the least disturbed)."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
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
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
