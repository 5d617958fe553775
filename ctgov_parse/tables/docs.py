"""``docs/tables.md``, generated from the declared tables (a test keeps the file equal), and
the record fields that deliberately have no column.

    python -m ctgov_parse.tables.docs > docs/tables.md
"""

from __future__ import annotations

from collections.abc import Mapping

from ctgov_parse.tables.calculated import __doc__ as _CALCULATED_DOC
from ctgov_parse.tables.rows import TABLES, all_columns
from ctgov_parse.tables.schema import Owner

__all__ = ["EXCLUDED", "tables_markdown"]

# Record fields with no column, and why (the coverage test accepts exactly these).
EXCLUDED: Mapping[str, str] = {
    "*.raw": "page spellings where they differ from the normalized value: the columns hold"
    " the normalized values; the spellings are in the JSON export",
    "*.line": "line numbers of records (positions, not content); diagnostics and unparsed"
    " lines keep theirs",
    "Trial.extras": "API v2 fields the records do not model (records made by `from_ctgov`,"
    " not pages)",
}

_ENGINES = (
    "DuckDB (`--format duckdb`, the default database), SQLite (`--format sqlite`), PostgreSQL"
    " (`--format postgres --db URL`), Parquet (`--format parquet-tables -o DIR`: one file per"
    " table) and Arrow or DataFrames in memory (`ctgov_parse.to_tables`, `to_frames`)"
)


def tables_markdown() -> str:
    """The tables as a Markdown document: ``docs/tables.md`` is this text."""
    out = [
        "# Tables",
        "",
        "Generated from `ctgov_parse.tables.TABLES` by `ctgov_parse.tables.docs`; a test keeps",
        "this file equal to it. Every target gets these tables with these columns:",
        f"{_ENGINES}.",
        "",
        "Names follow AACT, the registry's relational copy, wherever AACT has the concept",
        "(tables marked *ours* have no AACT counterpart). Every child table starts with",
        "`id` (deterministic: a hash of the study, the table and the row's position, the same",
        "on every engine and every reload), `nct_id` and `ordinal` (page order). Enum values",
        "are the registry's API v2 tokens; measured values keep the page text beside a number.",
        "",
        "Two pages of one study make one study: `studies` and `calculated_values` have one row",
        "per study, and each of their columns is owned by one page (marked *results page*",
        "below, else the trial page): loading a page overwrites what it owns and only fills",
        "the other page's columns while they are empty. Loading a page again replaces that",
        "page's rows, unless the stored copy's `last_updated` is newer (then the load skips it",
        "and says so). Each batch of pages is one transaction.",
        "",
        "## Contents",
        "",
    ]
    for table in TABLES:
        out.append(f"- [`{table.name}`](#{table.name}){'' if table.aact else ' (ours)'}")
    for table in TABLES:
        page = "either page" if table.page is None else f"the {table.page.value.lower()} page"
        out += [
            "",
            f"## {table.name}",
            "",
            f"{table.description} Filled by {page}{'' if table.aact else '; ours'}.",
            "",
            "| column | type | null | description |",
            "| --- | --- | --- | --- |",
        ]
        for c in all_columns(table):
            note = c.description
            if table.one_per_study and c.owner is Owner.RESULTS:
                note += " *(results page)*"
            out.append(
                f"| `{c.name}` | {c.type.value} | {'yes' if c.nullable else 'no'} | {note} |"
            )
        if table.name == "calculated_values":
            out += ["", "Rules:", "", *_rules()]
    out += ["", "## Record fields with no column", ""]
    out += [f"- `{field}`: {why}" for field, why in EXCLUDED.items()]
    return "\n".join(out) + "\n"


def _rules() -> list[str]:
    text = _CALCULATED_DOC or ""
    lines: list[str] = []
    for line in text[text.index("- ") :].strip().splitlines():
        line = line.strip()
        if line.startswith("- "):
            lines.append(line)
        elif lines:
            lines[-1] += " " + line
    return [line.replace("``", "`") for line in lines]


if __name__ == "__main__":
    print(tables_markdown(), end="")
