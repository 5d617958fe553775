"""Load pages into a DuckDB file and run three SQL queries over the tables.

    python examples/query_tables.py [PAGES...]    # default: the fixtures

Writes ``trials.duckdb`` in a temporary directory (``ctgov-parse PAGES --format duckdb -o
trials.duckdb`` makes the same file) and prints each query with its result.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import duckdb

import ctgov_parse
from ctgov_parse.tables.targets import to_duckdb

QUERIES = {
    "trials per status and phase": """
        SELECT overall_status, coalesce(phase, '-') AS phase, count(*) AS trials
        FROM studies WHERE overall_status IS NOT NULL
        GROUP BY ALL ORDER BY trials DESC, overall_status, phase LIMIT 8""",
    "sites per country": """
        SELECT country, count(*) AS sites, count(DISTINCT nct_id) AS trials
        FROM facilities WHERE country IS NOT NULL
        GROUP BY country ORDER BY sites DESC, country LIMIT 8""",
    "median enrollment by study type": """
        SELECT study_type, count(*) AS trials, median(enrollment) AS median_enrollment
        FROM studies WHERE study_type IS NOT NULL
        GROUP BY study_type ORDER BY trials DESC, study_type""",
}


def main(sources: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "trials.duckdb"
        for source in sources:
            to_duckdb(ctgov_parse.iter_parse(Path(source)), database)
        connection = duckdb.connect(str(database), read_only=True)
        for title, sql in QUERIES.items():
            result = connection.execute(sql)
            names = [column[0] for column in result.description]
            rows = [[str(value) for value in row] for row in result.fetchall()]
            widths = [max(len(x) for x in column) for column in zip(names, *rows, strict=True)]
            print(f"-- {title}")
            print(" ".join(line.strip() for line in sql.strip().splitlines()))
            for row in [names, *rows]:
                print(
                    "  ".join(
                        value.ljust(width) for value, width in zip(row, widths, strict=True)
                    ).rstrip()
                )
            print()
        connection.close()


if __name__ == "__main__":
    main(sys.argv[1:] or [str(Path(__file__).resolve().parent.parent / "fixtures")])
