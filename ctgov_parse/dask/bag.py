"""Parse outcomes as a ``dask.bag.Bag``, partition by partition, equal to ``iter_parse``'s.

The graph has three steps. Each partition surveys its part of the input (counts the pages
of its whole files, or probes its block of a dump: ``blocks.probe``); one small task
stitches the surveys together (where each block's pages begin and end, and the index of
every partition's first page: a page's index counts across files and partitions, as in
``iter_parse``); then each partition parses its pages. Surveying only splits, it does not
parse, so it costs a small share of the parse.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs

from ctgov_parse import batch
from ctgov_parse.batch import Failure, PageSource, Parsed, Result
from ctgov_parse.build import MAX_PAGE_BYTES
from ctgov_parse.dask.blocks import Probe, Segment, first_line_at, probe, segment_chunks, stitch
from ctgov_parse.dask.files import Block, Files, Part, list_files, parts
from ctgov_parse.model import Trial
from ctgov_parse.tables.arrow import require

__all__ = ["byte_count", "outcome_bag", "outcome_tasks", "read_pages"]

Survey = int | tuple[int | None, Probe | None]
"""A partition's survey: the page count of whole files; a block's first line start and
its probe with the next block (None for a block with no line start)."""


@attrs.frozen
class _Plan:
    """What the stitch tells a partition: the index of its first page and, for a block,
    the segment it owns (None: nothing)."""

    index: int
    segment: Segment | None = None


def _files_pages(
    part: Files, text_key: str, max_page_bytes: int
) -> Iterator[tuple[PageSource, Any]]:
    for file in part.files:
        yield from batch.file_pages(file.open, file.name, text_key, max_page_bytes)


def _start_of(block: Block, number: int) -> int | None:
    if number >= block.count:
        return None
    return first_line_at(block.file.open_at, number * block.blocksize)


def _survey(part: Part, text_key: str, max_page_bytes: int) -> Survey:
    if isinstance(part, Files):
        return sum(1 for _ in _files_pages(part, text_key, max_page_bytes))
    start = _start_of(part, part.number)
    if start is None:
        return None, None
    following = _start_of(part, part.number + 1)
    return start, probe(part.file.open_at, start, following, part.file.size, max_page_bytes)


def _stitch(all_parts: list[Part], surveys: list[Survey], max_page_bytes: int) -> list[_Plan]:
    plans: list[_Plan] = []
    index = 0
    position = 0
    while position < len(all_parts):
        part = all_parts[position]
        if isinstance(part, Files):
            plans.append(_Plan(index))
            index += surveys[position]  # type: ignore[operator]
            position += 1
            continue
        blocks = all_parts[position : position + part.count]
        found = surveys[position : position + part.count]
        starts = [start for start, _ in found]  # type: ignore[misc]
        probes = [p or Probe(0, 0, 0, 0, 0) for _, p in found]  # type: ignore[misc]
        file = part.file

        def reprobe(
            a: int, b: int | None, starts: list[int | None] = starts, file: Any = file
        ) -> Probe:
            start = starts[a]
            assert start is not None
            return probe(
                file.open_at, start, None if b is None else starts[b], file.size, max_page_bytes
            )

        for segment in stitch(starts, probes, file.size, reprobe):
            plans.append(_Plan(index, segment))
            index += 0 if segment is None else segment.pages
        position += len(blocks)
    return plans


def _block_pages(
    part: Block, segment: Segment | None, max_page_bytes: int
) -> Iterator[tuple[PageSource, Any]]:
    if segment is None:
        return
    for chunk in segment_chunks(part.file.open_at, segment, max_page_bytes):
        yield batch.chunk_page(chunk, part.file.name, max_page_bytes)


def _outcomes(
    part: Part,
    plans: list[_Plan],
    position: int,
    strict: bool,
    text_key: str,
    max_page_bytes: int,
    convert: Callable[[Trial, PageSource], Any],
) -> list[batch._Outcome]:
    plan = plans[position]
    if isinstance(part, Files):
        pages = _files_pages(part, text_key, max_page_bytes)
    else:
        pages = _block_pages(part, plan.segment, max_page_bytes)
    out = []
    for index, (source, page) in enumerate(pages, start=plan.index):
        numbered = attrs.evolve(source, index=index)
        out.append(batch._parse_one(numbered, page, strict, convert, max_page_bytes))
    return out


def _results(outcomes: list[batch._Outcome]) -> list[Result]:
    return [
        Parsed(source=o.source, trial=o.value)
        if o.error is None
        else Failure(source=o.source, error=o.error, page=o.page)
        for o in outcomes
    ]


_SIZE_UNITS = {
    "": 1,
    "B": 1,
    "KB": 10**3,
    "MB": 10**6,
    "GB": 10**9,
    "KIB": 2**10,
    "MIB": 2**20,
    "GIB": 2**30,
}


def byte_count(size: int | str) -> int:
    """``64MB``, ``1GiB``, ``1000000``: a block size in bytes."""
    if isinstance(size, int):
        count = size
    else:
        text = size.strip().upper().replace(" ", "")
        number = text.rstrip("KMGIB")
        unit = text[len(number) :]
        if unit not in _SIZE_UNITS or not number:
            raise ValueError(f"not a size: {size!r} (say 64MB, 1GiB or a number of bytes)")
        count = int(float(number) * _SIZE_UNITS[unit])
    if count < 1:
        raise ValueError("blocksize must be 1 byte or more")
    return count


_LENIENT = batch.Reading()


def outcome_tasks(
    urlpath: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    blocksize: int | str = "64MB",
    reading: batch.Reading = _LENIENT,
    storage_options: dict[str, Any] | None = None,
    convert: Callable[[Trial, PageSource], Any] = batch._identity,
    finish: Callable[[list[batch._Outcome]], list[Any]] | None = None,
) -> tuple[Any, list[Any]]:
    """The delayed stitch (which every partition needs: hold it while computing them one
    by one) and the delayed partitions: ``finish(outcomes)`` (the outcomes by default),
    each outcome's value ``convert(trial, source)``, made on the workers."""
    dask = require("dask")
    strict, text_key, max_page_bytes = reading.strict, reading.text_key, reading.max_page_bytes
    if max_page_bytes < 1:
        raise ValueError("max_page_bytes must be 1 or more")
    size = byte_count(blocksize)
    files = list_files(urlpath, storage_options=storage_options, on_skip=reading.on_skip)
    all_parts = list(parts(files, size))
    surveys = [
        dask.delayed(_survey, pure=True)(part, text_key, max_page_bytes) for part in all_parts
    ]
    plans = dask.delayed(_stitch, pure=True)(all_parts, surveys, max_page_bytes)
    work = _outcomes if finish is None else _Finished(finish)
    parsed = [
        dask.delayed(work, pure=True)(
            part, plans, position, strict, text_key, max_page_bytes, convert
        )
        for position, part in enumerate(all_parts)
    ]
    return plans, parsed


def outcome_bag(
    urlpath: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], **options: Any
) -> Any:
    """``outcome_tasks``' partitions as a bag."""
    _, parsed = outcome_tasks(urlpath, **options)
    bags = require("dask.bag")
    if not parsed:
        return bags.from_sequence([], npartitions=1)
    return bags.from_delayed(parsed)


@attrs.frozen
class _Finished:
    finish: Callable[[list[batch._Outcome]], list[Any]]

    def __call__(self, *args: Any) -> list[Any]:
        return self.finish(_outcomes(*args))


def read_pages(
    urlpath: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    blocksize: int | str = "64MB",
    strict: bool = False,
    text_key: str = "text",
    max_page_bytes: int = MAX_PAGE_BYTES,
    on_skip: Callable[[str], None] | None = None,
    storage_options: dict[str, Any] | None = None,
) -> Any:
    """Every page ``urlpath`` names, parsed, as a ``dask.bag.Bag`` of ``Parsed`` and
    ``Failure`` values: the same values as ``iter_parse`` on the same input, in the same
    order, with the same ``PageSource`` (index, line and byte offset as in one pass).

    ``urlpath``: a page file, a dump, a JSON Lines file (page text under ``text_key``), any
    of them gzipped, a directory of them, a glob, or a list of these; local paths or fsspec
    URLs (``s3://bucket/dumps/``; ``storage_options`` go to fsspec). A plain dump bigger
    than ``blocksize`` (``"64MB"``, ``"1GiB"`` or bytes) is cut into blocks at page starts;
    a gzip or JSON Lines file is read whole by one partition; small files share one.
    """
    reading = batch.Reading(strict, text_key, max_page_bytes, on_skip)
    return outcome_bag(
        urlpath,
        blocksize=blocksize,
        reading=reading,
        storage_options=storage_options,
        finish=_results,
    )
