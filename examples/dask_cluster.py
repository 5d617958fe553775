"""Parse a dump on a local Dask cluster and write the relational tables as Parquet datasets.

    python examples/dask_cluster.py [DUMP] [--workers N] [-o DIR] [--blocksize SIZE]

Without DUMP, a dump of the fixture pages (20 copies each) is written to a temporary
directory. The same code runs on a multi-node cluster: pass its scheduler's address to
``Client`` instead of starting a ``LocalCluster``, and give paths or URLs (``s3://...``)
that every worker can read.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb
from distributed import Client, LocalCluster

from ctgov_parse.dask import read_pages, to_parquet

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture_dump(path: Path, copies: int) -> Path:
    pages = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    path.write_text("".join((p if p.endswith("\n") else p + "\n") for p in pages) * copies)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", nargs="?", help="a dump, directory, glob or URL")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--blocksize", default="1MB")
    parser.add_argument("-o", "--output", help="the tables' directory (default: temporary)")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        dump = args.dump or str(fixture_dump(Path(tmp) / "dump.txt", 20))
        out = Path(args.output or Path(tmp) / "tables")
        start = time.perf_counter()
        pages = read_pages(dump, blocksize=args.blocksize)
        report = to_parquet(pages, out)
        seconds = time.perf_counter() - start
        print(f"workers: {len(client.scheduler_info()['workers'])}")
        print(f"partitions: {pages.npartitions}")
        print(f"pages: {report.pages} in {seconds:.1f} s ({report.pages / seconds:.0f} pages/s),"
              f" {report.failed} failed")  # fmt: skip
        print(f"studies: {report.rows['studies']} (one row each, the newest copy of each page)")
        (trials,) = (
            duckdb.connect()
            .execute(
                f"SELECT count(DISTINCT nct_id) FROM read_parquet('{out}/facilities/*.parquet')"
            )
            .fetchone()
        )  # type: ignore[misc]
        print(f"studies with sites (DuckDB over {out.name}/facilities/): {trials}")


if __name__ == "__main__":
    main()
