"""Parsing on a local Dask cluster against ``iter_parse``, on the same dump, in one run.

    python benchmarks/cluster.py [--quick]

Prints pages/s of ``iter_parse`` (one process) and of ``read_pages`` on a
``distributed.LocalCluster`` of 1 and of 2 worker processes (one thread each), the
speed-up of 2 workers over 1, the cost the cluster adds per page (against ``iter_parse``'s
per-page time, at 1 worker), and the survey's share (the splitting pass that finds where
each block's pages begin; it runs before the parse). Outcomes are counted on the workers,
not sent back, as when a cluster writes its tables itself.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import corpus

import ctgov_parse


def _write_dump(path: Path, pages: list[str], count: int) -> None:
    with path.open("wb") as out:
        for index in range(count):
            page = pages[index % len(pages)]
            out.write(page.encode("utf-8") + (b"\n" if page.endswith("\n") else b"\n\n"))


def _count(partition: list[object]) -> list[int]:
    return [len(partition)]


def _cluster_rate(dump: Path, workers: int, blocksize: int) -> tuple[float, float]:
    """Pages/s through a cluster of ``workers`` processes, and the seconds the survey took."""
    from distributed import Client, LocalCluster

    from ctgov_parse.dask.bag import outcome_tasks

    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        client.submit(sum, [1]).result()  # workers up and connected
        start = time.perf_counter()
        plans, _ = outcome_tasks(dump, blocksize=blocksize)
        client.compute(plans).result()
        survey = time.perf_counter() - start
        bag = ctgov_parse.dask.read_pages(dump, blocksize=blocksize)
        start = time.perf_counter()
        pages = client.compute(bag.map_partitions(_count).sum()).result()
        seconds = time.perf_counter() - start
    return pages / seconds, survey


def main(quick: bool = False) -> None:
    import ctgov_parse.dask

    count = 4_000 if quick else 30_000
    pages = corpus.pages(3_000)
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dump.txt"
        _write_dump(dump, pages, count)
        size = dump.stat().st_size
        start = time.perf_counter()
        parsed = sum(1 for _ in ctgov_parse.iter_parse(dump))
        alone = parsed / (time.perf_counter() - start)
        # Blocks enough for 8 a worker: the last ones then finish about together.
        blocksize = max(1 << 20, size // 16)
        one, survey_one = _cluster_rate(dump, 1, blocksize)
        two, survey_two = _cluster_rate(dump, 2, blocksize)
    blocks = -(-size // blocksize)
    print(f"\nDask: a {count}-page dump ({size / 1e6:.0f} MB, {blocks} blocks of"
          f" {blocksize / 1e6:.1f} MB)")  # fmt: skip
    rows = [
        ("iter_parse, one process: pages/s", f"{alone:8.0f}"),
        ("LocalCluster, 1 worker: pages/s", f"{one:8.0f}"),
        ("LocalCluster, 2 workers: pages/s", f"{two:8.0f}"),
        ("2 workers / 1 worker", f"{two / one:8.2f}x"),
        ("1 worker / iter_parse", f"{one / alone:8.2f}"),
        ("cluster cost per page (1 worker)", f"{(1 / one - 1 / alone) * 1e6:8.1f} µs"),
        ("iter_parse per page", f"{1e6 / alone:8.1f} µs"),
        ("survey (split only), 1 / 2 workers", f"{survey_one:5.2f} s / {survey_two:.2f} s"),
        ("survey per page, 1 worker", f"{survey_one / count * 1e6:8.1f} µs"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    main(quick=parser.parse_args().quick)
