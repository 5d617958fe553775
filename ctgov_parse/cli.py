"""ctgov-parse: parse scraped trial pages into JSON Lines, JSON, CSV, Parquet, the
ClinicalTrials.gov API v2 shape, or relational tables in a database.

    ctgov-parse INPUT... [-o OUT] [--format FORMAT] [--db URL] [--jobs N]
                [--strict] [--fail-fast] [--quiet] [--verbose] [--errors FILE]
                [--failed-dir DIR] [--max-page-bytes N] [--text-key KEY]
                [--scheduler ADDRESS [--blocksize SIZE]]

FORMAT is jsonl (the default), json, csv, parquet (one row per page, nested), ctgov, or
one of the table targets: duckdb and sqlite (``-o FILE``, loaded in place: made if
missing, updated if not), parquet-tables (``-o DIR``, one Parquet file per table) and
postgres (``--db postgresql://...``).
    ctgov-parse render STUDY.json [-o OUT] [--shape labelled|compact] [--page trial|results]
                [--table labelled|pipe-cells|pipe-rows]
    ctgov-parse report INPUT... [-o report.html] [--format html|json] [--jobs N]
    ctgov-parse diff OLD NEW [--format text|jsonl]    (exit 0: no change, 1: changes)

INPUT is a page, a dump of pages back to back, a JSON Lines file of pages, any of these
gzipped, a directory of them, or ``-`` for standard input. Exit status: 0 when every page
parsed, 1 when some failed, 2 for usage errors, 130 when interrupted (Ctrl-C) and 143 when
terminated (SIGTERM).

Output files (``-o``, ``--errors``) are written under a temporary name beside them and
renamed when the run ends: an interrupted or killed run leaves the previous file, or none,
never a truncated one. A database is loaded one transaction per batch of pages: an
interrupted load leaves the batches committed so far, and never half a study.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import csv
import gc
import importlib.util
import json
import os
import pickle
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from ctgov_parse import __version__, batch, compiled
from ctgov_parse.batch import PageSource
from ctgov_parse.build import MAX_PAGE_BYTES
from ctgov_parse.ctgov import to_ctgov
from ctgov_parse.errors import ParseError
from ctgov_parse.export import CSV_COLUMNS, csv_row, trial_to_dict
from ctgov_parse.jsontext import dumps, dumps_bytes
from ctgov_parse.model import PageKind, Trial

TABLE_FORMATS = ("duckdb", "sqlite", "parquet-tables", "postgres")
FORMATS = ("jsonl", "json", "csv", "parquet", "ctgov", *TABLE_FORMATS)
# What each table target imports (SQLite needs nothing beyond the standard library), and
# the extra that brings it.
_NEEDS = {
    "duckdb": ("duckdb", "pyarrow"),
    "parquet-tables": ("duckdb", "pyarrow"),
    "postgres": ("psycopg",),
    "sqlite": (),
}
# A batch for the loader is bounded by pages and, as its rows travel pickled, by bytes
# (about 250 bytes a row: the load's 100,000-row bound). It travels in parts, each written
# as it comes (the last commit then waits on one part).
BATCH_BYTES = 25 << 20
# A part: at most this many pages or bytes (DuckDB costs a few milliseconds a statement
# whatever its size, and a part is some sixty statements: not smaller).
PART_PAGES = 500
PART_BYTES = 6 << 20
_EXTRA = {"duckdb": "duckdb", "parquet-tables": "duckdb", "postgres": "postgres", "sqlite": ""}


# Converters run in the worker processes, so each is a module-level function.
def _record(trial: Trial, source: PageSource) -> dict[str, Any]:
    return {"source": source.to_dict(), **trial_to_dict(trial)}


def _json_line(trial: Trial, source: PageSource) -> bytes:
    return dumps_bytes(_record(trial, source))


def _ctgov_line(trial: Trial, source: PageSource) -> bytes:
    return dumps_bytes(to_ctgov(trial))


def _csv_row(trial: Trial, source: PageSource) -> dict[str, Any]:
    return {"source": source.path, "index": source.index, **csv_row(trial)}


def _page_rows(trial: Trial, source: PageSource) -> Any:
    """A page's table rows, made and pickled in the worker (the command only passes them
    on to the loader: bytes cross processes as one copy, rows as a thousand objects); None
    for a page with no NCT number."""
    from ctgov_parse.tables.rows import page_of, page_rows

    page = page_of(trial, source)
    return None if page is None else pickle.dumps(page_rows(page), pickle.HIGHEST_PROTOCOL)


_CONVERTERS: dict[str, Callable[[Trial, PageSource], Any]] = {
    "jsonl": _json_line,
    "json": _json_line,
    "ctgov": _ctgov_line,
    "csv": _csv_row,
    "parquet": _record,
    **{form: _page_rows for form in TABLE_FORMATS},
}


class _TablesWriter:
    """Sends page rows to a loader process (``tables.loader``), a part at a time, and
    says where a batch (a transaction) ends."""

    def __init__(self, form: str, target: str, stack: contextlib.ExitStack) -> None:
        from ctgov_parse.tables.load import BATCH_PAGES, LoadReport
        from ctgov_parse.tables.loader import LoaderProcess
        from ctgov_parse.tables.targets import parquet_tables_work

        self.report = LoadReport()
        self.batch_pages = BATCH_PAGES
        self.part: list[tuple[str | None, bytes]] = []  # each page's hash and pickled rows
        self.part_size = 0
        self.batch_count = self.batch_size = 0  # pages and bytes sent since the last commit
        # A batch is tens of thousands of acyclic rows: the collector's automatic passes
        # over them cost a tenth of a load. It runs once per batch instead, after the
        # batch's rows are gone, over a small heap.
        if gc.isenabled():
            gc.disable()
            stack.callback(gc.enable)
        if form == "parquet-tables":
            form, target = "duckdb", stack.enter_context(parquet_tables_work(target))
        self.loader = LoaderProcess(form, target, new=_new_target(form, target))
        stack.callback(self.loader.abandon)  # a run cut short: the open batch is not committed
        self.known = self.loader.stored  # the pages already there, by hash: not parsed again

    def write(self, value: Any, source: PageSource, digest: str | None) -> None:
        if value is None:
            self.report.unkeyed.append(source)
            return
        self.part.append((digest, value))
        self.part_size += len(value)
        if len(self.part) >= PART_PAGES or self.part_size >= PART_BYTES:
            self._send()

    def _send(self, last: bool = False) -> None:
        self.batch_count += len(self.part)
        self.batch_size += self.part_size
        commit = last or self.batch_count >= self.batch_pages or self.batch_size >= BATCH_BYTES
        self.loader.submit(self.part, commit=commit)
        self.part, self.part_size = [], 0
        if commit:
            self.batch_count = self.batch_size = 0
            gc.collect()

    @property
    def committed(self) -> int:
        return self.loader.committed

    def close(self) -> None:
        if self.part or self.batch_count:
            self._send(last=True)
        done = self.loader.finish()
        for field in (
            *("loaded", "batches", "superseded", "failed", "new", "changed"),
            *("versions", "changes"),
        ):
            setattr(self.report, field, getattr(done, field))
        self.report.stale.extend(done.stale)
        self.report.waited = self.loader.waited


def _new_target(form: str, target: str) -> bool:
    """Whether a load's target is a file yet to be made in a folder that can hold it: it
    holds no pages, so the parse need not wait for it to be made."""
    if form == "postgres":
        return False
    path = Path(target)
    return not path.exists() and os.access(path.parent, os.W_OK | os.X_OK)


class _Writer:
    """Writes converted records in one output format."""

    def __init__(self, form: str, stream: IO[str] | None, path: str | None) -> None:
        self.form = form
        self.stream = stream
        # JSON comes as UTF-8 bytes from orjson (in the workers): written to the stream's
        # byte layer as it is, never decoded and encoded again.
        self.binary: IO[bytes] | None = getattr(stream, "buffer", None)
        if self.binary is not None and stream is not None:
            stream.flush()
        self.path = path
        self.count = 0
        self.rows: list[dict[str, Any]] = []
        self.csv: csv.DictWriter[str] | None = None
        self.parquet: Any = None

    def write(self, value: Any) -> None:
        if self.form in ("jsonl", "ctgov"):
            self._write_bytes(value + b"\n")
        elif self.form == "json":
            self._write_bytes((b"[\n" if self.count == 0 else b",\n") + value)
        elif self.form == "csv":
            if self.csv is None:
                assert self.stream is not None
                self.csv = csv.DictWriter(self.stream, ["source", "index", *CSV_COLUMNS])
                self.csv.writeheader()
            self.csv.writerow(value)
        else:
            self.rows.append(value)
            if len(self.rows) >= 5000:
                self._flush_parquet()
        self.count += 1

    def _write_bytes(self, data: bytes) -> None:
        if self.binary is not None:
            self.binary.write(data)
        else:
            assert self.stream is not None
            self.stream.write(data.decode("utf-8"))

    def _flush_parquet(self) -> None:
        from ctgov_parse.parquet import write_batch

        if self.rows:
            self.parquet = write_batch(self.path or "", self.rows, self.parquet)
            self.rows = []

    def close(self) -> None:
        if self.form == "json" and self.stream is not None:
            self._write_bytes(b"[]\n" if self.count == 0 else b"\n]\n")
        if self.binary is not None:
            self.binary.flush()
        if self.form == "parquet":
            self._flush_parquet()
            if self.parquet is None:  # no page parsed: still a file, with the schema
                from ctgov_parse.parquet import write_empty

                write_empty(self.path or "")
            else:
                self.parquet.close()


class _Output:
    """A file written under a temporary name beside ``target`` and renamed over it by
    ``commit``: whoever reads ``target`` sees the previous file or the whole new one.
    A target that exists and is not a regular file (``/dev/null``, a pipe, a terminal) is
    written as it is: there is no file to replace, and it must never be replaced."""

    def __init__(self, target: str) -> None:
        self.target = Path(target)
        self.direct = self.target.exists() and not self.target.is_file()
        self.temporary = (
            self.target
            if self.direct
            else self.target.with_name(f".{self.target.name}.{os.getpid()}.partial")
        )

    def open(self) -> IO[str]:
        return open(self.temporary, "w", encoding="utf-8", newline="")

    def commit(self) -> None:
        if not self.direct:
            os.replace(self.temporary, self.target)

    def discard(self) -> None:
        if not self.direct:
            with contextlib.suppress(FileNotFoundError):
                self.temporary.unlink()


def _output(stack: contextlib.ExitStack, target: str) -> _Output:
    """An output that is committed when the run ends and discarded when it is cut short
    (callbacks run last-in first-out: committing happens after the writer has closed)."""
    output = _Output(target)
    stack.callback(output.discard)  # after a commit there is nothing left to discard
    return output


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so that outputs are discarded on the way out. Not
    an ``Exception``, like ``KeyboardInterrupt``: the handler that keeps a batch going past a
    page's error must not take it for one."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


def _progress(quiet: bool) -> Any:
    if quiet or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(unit=" pages", file=sys.stderr, smoothing=0.1)


def _inputs(paths: Sequence[str]) -> Iterator[Any]:
    for path in paths:
        yield sys.stdin.buffer if path == "-" else path


def _parse_command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    for path in args.inputs:
        if args.scheduler is not None and (path == "-" or "://" in path):
            if path == "-":
                parser.error("--scheduler reads files the workers can open, not standard input")
            continue
        if path != "-" and not Path(path).exists():
            parser.error(f"no such file or directory: {path}")
    if args.format == "parquet":
        if not args.output:
            parser.error("--format parquet needs -o FILE")
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            parser.error("--format parquet needs pyarrow: pip install 'ctgov_parse[parquet]'")
    if args.format in TABLE_FORMATS:
        _check_table_target(args, parser)
    if args.failed_dir:
        Path(args.failed_dir).mkdir(parents=True, exist_ok=True)
    counts: collections.Counter[str] = collections.Counter()
    codes: collections.Counter[str] = collections.Counter()
    skipped: list[str] = []
    loaded: list[Any] = []  # the load report of a table target
    with contextlib.ExitStack() as stack:
        started = time.perf_counter()
        stack.push(
            lambda kind, *_: (
                None
                if kind is not None
                else _summary(counts, codes, skipped, args, loaded, time.perf_counter() - started)
            )
        )  # no summary for a run cut short: one line says so instead
        finished: list[_Output] = []
        out: IO[str] | None = sys.stdout if args.format != "parquet" else None
        target = args.output
        tables: _TablesWriter | None = None
        if args.format in TABLE_FORMATS:
            tables = _TablesWriter(args.format, args.db or args.output, stack)
            loaded.append(tables.report)
            out = None
        elif args.output:
            output = _output(stack, args.output)
            finished.append(output)
            target = str(output.temporary)
            if args.format != "parquet":
                out = stack.enter_context(output.open())
        errors = None
        if args.errors:
            errors_output = _output(stack, args.errors)
            finished.append(errors_output)
            errors = stack.enter_context(errors_output.open())
        writer = _Writer(args.format, out, target)
        bar = _progress(args.quiet)
        if bar is not None:
            stack.callback(bar.close)
        outcomes = batch._outcomes if args.scheduler is None else _cluster_outcomes(args, stack)
        reading = batch.Reading(
            args.strict, args.text_key, args.max_page_bytes, on_skip=skipped.append
        )
        resume = {} if tables is None or args.scheduler else {"known": tables.known}
        committed = 0
        for outcome in outcomes(
            list(_inputs(args.inputs)),
            jobs=args.jobs,
            reading=reading,
            convert=_CONVERTERS[args.format],
            **resume,
        ):
            counts["read"] += 1
            if bar is not None:
                bar.update()
                if tables is not None and tables.committed != committed:
                    committed = tables.committed
                    bar.set_postfix_str(f"{committed} committed", refresh=False)
            if outcome.unchanged:  # a load's target holds these very bytes already
                assert tables is not None
                tables.report.unchanged += 1
                continue
            codes.update(outcome.codes)
            if outcome.error is not None:
                counts["failed"] += 1
                _report_failure(outcome.source, outcome.error, errors)
                if args.failed_dir and outcome.page is not None:
                    _keep_wreckage(Path(args.failed_dir), outcome.source, outcome.page)
                if args.fail_fast:
                    break
                continue
            counts["warned" if outcome.warned else "clean"] += 1
            if "unsupported-page" in outcome.codes:
                counts["unsupported"] += 1
                if tables is not None:  # says nothing of its study: never loaded
                    tables.report.unsupported.append(outcome.source)
                    continue
            if tables is not None:
                tables.write(outcome.value, outcome.source, outcome.digest)
            else:
                writer.write(outcome.value)
        if tables is not None:
            tables.close()
        writer.close()
        if errors is not None:
            errors.close()
        if out is not None and out is not sys.stdout:
            out.close()
        for output in finished:
            output.commit()
    return 1 if counts["failed"] else 0


def _cluster_outcomes(args: argparse.Namespace, stack: contextlib.ExitStack) -> Any:
    """``batch._outcomes`` done by the Dask cluster at ``--scheduler``: the partitions are
    computed a window at a time (the results wait on the workers, not here) and come back
    in input order."""
    from ctgov_parse.dask.bag import outcome_tasks

    client = stack.enter_context(_client(args.scheduler))

    def outcomes(sources: list[Any], *, jobs: int, **options: Any) -> Iterator[Any]:
        plans, partitions = outcome_tasks(sources, blocksize=args.blocksize, **options)
        held = client.compute(plans)  # noqa: F841 (kept on the cluster for every partition)
        workers = sum(client.nthreads().values()) or 1
        window: collections.deque[Any] = collections.deque()
        for partition in partitions:
            window.append(client.compute(partition))
            if len(window) >= 2 * workers:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()

    return outcomes


def _client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise SystemExit(
            "ctgov-parse: --scheduler needs Dask: pip install 'ctgov_parse[dask]'"
        ) from None
    connect: Any = Client
    return connect(address, set_as_default=False)


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _check_table_target(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    if args.format == "postgres":
        if not args.db or args.output:
            parser.error("--format postgres needs --db postgresql://... (and no -o)")
    elif not args.output or args.db:
        kind = "DIR" if args.format == "parquet-tables" else "FILE"
        parser.error(f"--format {args.format} needs -o {kind} (--db is for postgres)")
    for module in _NEEDS[args.format]:
        # Found, not imported: the loader imports it, while this process starts parsing.
        if not _installed(module):
            parser.error(
                f"--format {args.format} needs {module}:"
                f" pip install 'ctgov_parse[{_EXTRA[args.format]}]'"
            )


def _keep_wreckage(directory: Path, source: PageSource, page: bytes) -> None:
    """A failed page's bytes, named by its position in the whole input."""
    (directory / f"page-{source.index:08d}.txt").write_bytes(page)


def _report_failure(source: PageSource, error: ParseError, errors: IO[str] | None) -> None:
    if errors is not None:
        failure = batch.Failure(source=source, error=error)
        errors.write(dumps(failure.to_dict()) + "\n")
    else:
        print(f"ctgov-parse: {source}: {error}", file=sys.stderr)


def _summary(
    counts: collections.Counter[str],
    codes: collections.Counter[str],
    skipped: list[str],
    args: argparse.Namespace,
    loaded: list[Any],
    seconds: float,
) -> None:
    if args.verbose:
        for path in skipped:
            print(f"ctgov-parse: skipped (not a page file by its name): {path}", file=sys.stderr)
    for report in loaded:
        for stale in report.stale:  # never silent: each older copy is named
            print(f"ctgov-parse: {stale}", file=sys.stderr)
        for source in report.unkeyed:
            print(f"ctgov-parse: {source}: no NCT number, not loaded", file=sys.stderr)
        for source in report.unsupported:
            print(f"ctgov-parse: {source}: not this site's page, not loaded", file=sys.stderr)
    if args.quiet:
        return
    lines = [
        f"pages read: {counts['read']}",
        f"parsed clean: {counts['clean']}",
        f"parsed with warnings: {counts['warned']}",
        f"failed: {counts['failed']}",
        *(  # shown when there are any: a dump of this site's pages has none
            [f"not this site's pages (unsupported-page, among the parsed): {counts['unsupported']}"]
            if counts["unsupported"]
            else []
        ),
        f"files skipped: {len(skipped)}"
        + ("" if args.verbose or not skipped else " (--verbose names them)"),
    ]
    for report in loaded:
        lines += [
            f"pages loaded: {report.loaded} in {report.batches} transactions"
            f" ({report.new} new, {report.changed} changed)",
            f"not parsed, already loaded unchanged: {report.unchanged}",
            f"versions added to the history: {report.versions} ({report.changes} changes)",
            f"older than the stored copy, added to the history only: {len(report.stale)}",
            f"not loaded, a newer copy of the same page in the input: {report.superseded}",
            f"not loaded, no NCT number: {len(report.unkeyed)}",
            f"load: {counts['read'] / max(seconds, 1e-9):.0f} pages/s over {seconds:.1f} s,"
            f" {report.waited:.1f} s of it waiting on the database",
            *(
                [f"not loaded, not this site's page: {len(report.unsupported)}"]
                if report.unsupported
                else []
            ),
        ]
    if codes:
        lines.append(
            "diagnostics: " + ", ".join(f"{code} {n}" for code, n in sorted(codes.items()))
        )
    print("\n".join(lines), file=sys.stderr)


def _diff_command(argv: Sequence[str]) -> int:
    from ctgov_parse.diff import diff

    parser = argparse.ArgumentParser(
        prog="ctgov-parse diff",
        description=(
            "What changed between two scrapes: two pages, or two dumps or directories whose"
            " pages are matched by NCT id and page kind. Exit 0: no change; 1: changes; 2:"
            " trouble."
        ),
    )
    parser.add_argument("old", help="the earlier page, dump or directory")
    parser.add_argument("new", help="the later page, dump or directory")
    parser.add_argument(
        "--format", choices=("text", "jsonl"), default="text",
        help="text: grouped by study and topic, old -> new; jsonl: one change per line",
    )  # fmt: skip
    args = parser.parse_args(argv)
    for path in (args.old, args.new):
        if not Path(path).exists():
            parser.error(f"no such file or directory: {path}")
    failed = 0

    def versions(path: str) -> dict[tuple[str, str], Trial]:
        """Each study's page of each kind, the newest copy where the input holds several."""
        nonlocal failed
        found: dict[tuple[str, str], Trial] = {}
        for outcome in batch.iter_parse(path):
            if isinstance(outcome, batch.Failure):
                failed += 1
                print(f"ctgov-parse: {outcome.source}: {outcome.error}", file=sys.stderr)
                continue
            trial = outcome.trial
            if not trial.nct_id or trial.page_kind is PageKind.UNSUPPORTED:
                continue
            kind = "record" if trial.page_kind is None else trial.page_kind.value.lower()
            held = found.get((trial.nct_id, kind))
            if held is None or str(trial.last_updated or "") >= str(held.last_updated or ""):
                found[(trial.nct_id, kind)] = trial
        return found

    old, new = versions(args.old), versions(args.new)
    changed = False
    for key in sorted(old.keys() | new.keys()):
        nct_id, kind = key
        if key not in new or key not in old:
            changed = True
            side = "old" if key in old else "new"
            if args.format == "jsonl":
                line = {"nct_id": nct_id, "page_kind": kind, "only_in": side}
                sys.stdout.write(dumps(line) + "\n")
            else:
                print(f"{nct_id} ({kind} page): only in {args.old if side == 'old' else args.new}")
            continue
        changes = diff(old[key], new[key])
        changed = changed or bool(changes)
        if args.format == "jsonl":
            for change in changes:
                line = {"nct_id": nct_id, "page_kind": kind, **change.to_dict()}
                sys.stdout.write(dumps(line) + "\n")
        elif changes:
            print(f"{nct_id} ({kind} page)")
            for topic in sorted({change.topic for change in changes}, key=lambda t: t.value):
                print(f"  {topic.value}")
                for change in changes:
                    if change.topic is topic:
                        print(f"    {change.kind.value} {change.path}: {_shown(change.old)}"
                              f" -> {_shown(change.new)}")  # fmt: skip
    if failed:
        return 2
    return 1 if changed else 0


def _shown(value: Any) -> str:
    """A change's value on one line (text as JSON: quoted, its line breaks escaped)."""
    return "-" if value is None else dumps(value)


def _render_command(argv: Sequence[str]) -> int:
    from ctgov_parse import kinds
    from ctgov_parse.ctgov import from_ctgov
    from ctgov_parse.render import render

    parser = argparse.ArgumentParser(
        prog="ctgov-parse render",
        description="Turn ClinicalTrials.gov API v2 study JSON into a page.",
    )
    parser.add_argument("study", help="a study as API v2 JSON (a file, or - for stdin)")
    parser.add_argument("-o", "--output", help="write the page here (default: stdout)")
    parser.add_argument("--shape", choices=("labelled", "compact"), default="labelled")
    parser.add_argument(
        "--page", choices=tuple(kinds.BY_NAME), default="trial", help="which page of the study"
    )
    parser.add_argument(
        "--table",
        choices=("labelled", "pipe-cells", "pipe-rows"),
        default="labelled",
        help="how a results page draws its tables",
    )
    args = parser.parse_args(argv)
    try:
        text = sys.stdin.read() if args.study == "-" else Path(args.study).read_text("utf-8")
        study = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        parser.error(f"cannot read {args.study}: {error}")
    if not isinstance(study, dict):
        parser.error(f"{args.study} is not a JSON object")
    trial = from_ctgov(study)
    missing = kinds.BY_NAME[args.page].missing(trial)
    if missing is not None:
        parser.error(f"{args.study} has no {args.page} page: {missing}")
    page = render(trial, shape=args.shape, page=args.page, table=args.table) + "\n"
    if args.output:
        Path(args.output).write_text(page, encoding="utf-8")
    else:
        sys.stdout.write(page)
    return 0


def _add_page_options(parser: argparse.ArgumentParser) -> None:
    """How pages are read, the same for parsing and for the report."""
    parser.add_argument(
        "--max-page-bytes",
        type=_byte_size,
        default=MAX_PAGE_BYTES,
        metavar="N",
        help="a bigger page fails as page-too-large (default 8M; K, M and G suffixes)",
    )
    parser.add_argument("--text-key", default="text", help="JSON Lines key of the page text")


def _report_command(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="ctgov-parse report",
        description="Write a quality report of a scrape: page kinds and shapes, failures,"
        " field coverage, diagnostics, value distributions and parse times.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="pages, dumps, .jsonl, dirs, -")
    parser.add_argument("-o", "--output", help="write the report here (default: stdout)")
    parser.add_argument("--format", choices=("html", "json"), default="html")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="processes that parse, this one included (0: one per core)",
    )
    parser.add_argument("--title", help="the report's title (default: from the inputs)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_page_options(parser)
    args = parser.parse_args(argv)
    if args.jobs < 0:
        parser.error("--jobs must be 0 (all cores) or more")
    from ctgov_parse.report import quality_report, render_html

    if args.format == "html":
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            parser.error(
                "the HTML report needs matplotlib: pip install 'ctgov_parse[report]'"
                " (or use --format json)"
            )
    progress = _progress(args.quiet)
    with contextlib.ExitStack() as stack:
        if progress is not None:
            stack.callback(progress.close)
        numbers = quality_report(
            _inputs(args.inputs),
            jobs=args.jobs,
            text_key=args.text_key,
            max_page_bytes=args.max_page_bytes,
            on_page=progress.update if progress is not None else None,
        )
        if args.format == "json":
            text = dumps(numbers, indent=2) + "\n"
        else:
            title = args.title or "Scrape quality: " + ", ".join(args.inputs)
            text = render_html(numbers, title)
        if args.output is None:
            sys.stdout.write(text)
        else:
            output = _output(stack, args.output)
            with output.open() as stream:
                stream.write(text)
            output.commit()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ctgov-parse",
        description="Parse scraped ClinicalTrials.gov-style trial pages.",
        epilog="Also: ctgov-parse render STUDY.json  (API v2 JSON -> page text);"
        " ctgov-parse report INPUT... -o report.html  (a quality report of a scrape)",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="pages, dumps, .jsonl, dirs, -")
    build = "compiled with mypyc" if compiled else "pure Python"
    parser.add_argument(
        "--version", action="version", version=f"ctgov_parse {__version__} ({build})"
    )
    parser.add_argument("-o", "--output", help="output file (default: stdout)")
    parser.add_argument("--format", choices=FORMATS, default="jsonl", help="default: jsonl")
    parser.add_argument(
        "--db", metavar="URL", help="for --format postgres: postgresql://user@host:port/db"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="processes that parse, this one included (0: one per core)",
    )
    parser.add_argument("--strict", action="store_true", help="a page with any defect fails")
    parser.add_argument("--fail-fast", action="store_true", help="stop at the first failure")
    parser.add_argument("--quiet", action="store_true", help="no progress bar, no summary")
    parser.add_argument(
        "--verbose", action="store_true", help="name the files a directory holds that are skipped"
    )
    parser.add_argument("--errors", metavar="FILE", help="write failures here as JSON Lines")
    parser.add_argument(
        "--failed-dir",
        metavar="DIR",
        help="write each failed page's bytes here, as page-<position>.txt",
    )
    _add_page_options(parser)
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="parse on the Dask cluster at ADDRESS (tcp://host:8786); INPUT paths or URLs"
        " must be readable by its workers; --jobs is then the cluster's",
    )
    parser.add_argument(
        "--blocksize",
        default="64MB",
        help="with --scheduler: bytes of a dump each task reads (default 64MB)",
    )
    return parser


def _byte_size(text: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    number, unit = (text[:-1], units[text[-1].upper()]) if text[-1:].upper() in units else (text, 1)
    try:
        size = int(number) * unit
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size in bytes: {text!r}") from None
    if size < 1:
        raise argparse.ArgumentTypeError("the page limit must be 1 byte or more")
    return size


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "render":
        return _render_command(argv[1:])
    if argv and argv[0] == "report":
        return _report_command(argv[1:])
    if argv and argv[0] == "diff":
        return _diff_command(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.jobs < 0:
        parser.error("--jobs must be 0 (all cores) or more")
    # Arrow data is built a part at a time and freed: with the system's allocator the first
    # parts cost what the others do (with mimalloc, pyarrow's default, the first tens of
    # megabytes cost three times as much). The user's own choice stands.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    if args.scheduler is not None:
        from ctgov_parse.dask.bag import byte_count

        try:
            byte_count(args.blocksize)
        except ValueError as error:
            parser.error(f"--blocksize: {error}")
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _parse_command(args, parser)
    except BrokenPipeError:  # `ctgov-parse dump.txt | head`
        sys.stderr.close()
        return 1
    except KeyboardInterrupt:
        print(f"ctgov-parse: interrupted; {_left(args)}", file=sys.stderr)
        return 130
    except _Terminated:
        print(f"ctgov-parse: terminated; {_left(args)}", file=sys.stderr)
        return 143
    except Exception as error:
        return _failed(error)
    finally:
        signal.signal(signal.SIGTERM, previous)


_EXIT_BUG = 70  # EX_SOFTWARE
_BUG = (
    "ctgov-parse: this is a bug in ctgov_parse, not a problem with your input: please report"
    " it with the lines above"
)


def _failed(error: Exception) -> int:
    """A run that failed: a problem with a load's target in one line (the user's to mend);
    anything else is our bug, told with its traceback (the loader's own, for a failure
    there) and a word on reporting it."""
    problems = sys.modules.get("ctgov_parse.tables.problems")  # imported once a load starts
    if problems is not None and isinstance(error, problems.TargetError):
        print(f"ctgov-parse: {error}", file=sys.stderr)
        return int(error.status)
    loader = sys.modules.get("ctgov_parse.tables.loader")
    if loader is not None and isinstance(error, loader.LoaderFailed):
        print(error, file=sys.stderr)
    else:
        traceback.print_exception(error, file=sys.stderr)
    print(_BUG, file=sys.stderr)
    return _EXIT_BUG


def _left(args: argparse.Namespace) -> str:
    if args.format in TABLE_FORMATS:
        kept = "" if args.format == "parquet-tables" else "its committed batches kept, "
        where = args.db if args.format == "postgres" else args.output
        return f"{where}: {kept}the open batch rolled back"
    written = [name for name in (args.output, args.errors) if name]
    if not written:
        return "the output so far was written"
    return " and ".join(written) + " left as they were"
