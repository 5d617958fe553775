"""Analysis-ready tables: the records as relational tables, AACT-shaped, and the loaders
that write them into DuckDB, SQLite, PostgreSQL and Parquet.

Stages: ``schema`` (the building blocks) -> ``protocol``, ``results``, ``calculated``,
``quality`` (the tables, declared once) -> ``rows`` (records -> rows) -> ``load`` (the batch
rules every engine follows) -> ``arrow`` (in memory) and one module per engine.
"""

from ctgov_parse.tables.arrow import to_frames, to_tables
from ctgov_parse.tables.load import LoadReport, Stale
from ctgov_parse.tables.rows import TABLES, all_columns
from ctgov_parse.tables.schema import Column, ColumnType, Owner, Table, row_id
from ctgov_parse.tables.targets import to_duckdb, to_parquet_tables, to_postgres, to_sqlite

__all__ = [
    "TABLES",
    "Column",
    "ColumnType",
    "LoadReport",
    "Owner",
    "Stale",
    "Table",
    "all_columns",
    "row_id",
    "to_duckdb",
    "to_frames",
    "to_parquet_tables",
    "to_postgres",
    "to_sqlite",
    "to_tables",
]
