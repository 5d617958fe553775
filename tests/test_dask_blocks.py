"""Cutting a dump into page-aligned blocks: whatever the block size and the dump, the blocks'
pages are exactly the pages of a split of the whole dump (bytes, offsets, lines), none lost
and none read twice. Pure code: no Dask needed."""

from __future__ import annotations

import io
from typing import BinaryIO

from hypothesis import given, settings
from hypothesis import strategies as st

from ctgov_parse.dask.blocks import Probe, first_line_at, probe, segment_chunks, stitch
from ctgov_parse.dump import PageChunk, split_dump
from tests.test_batch import PAGES, dump_of

# The lines that decide where pages start, mixed with the lines that do not; blank lines
# and titles that are themselves page-opening lines included.
_LINES = st.sampled_from(
    [
        "A Study of Something",
        "NCT ID: NCT01234567",
        "NCT ID: NCT07654321",
        "Study Results",
        "Study Results   ",
        "Trial Outcomes & Findings for Something",
        "",
        "",
        "Brief Summary",
        "Some words of a section",
        "x" * 150,
    ]
)
# Pages with their own NCT ID line: a dump of them is cut at every page (a page without one,
# after a page whose Study Results heading was glued to a line, stays joined to it: the
# splitter's documented limit, which the blocks share but which is not theirs to test).
TITLED = [page for page in PAGES if "\nNCT ID:" in page]
_DUMPS = st.lists(_LINES, max_size=60).map(lambda lines: "\n".join(lines).encode())


def _opener(data: bytes):  # type: ignore[no-untyped-def]
    def open_at(offset: int) -> BinaryIO:
        stream = io.BytesIO(data)
        stream.seek(offset)
        return stream

    return open_at


def _blocks(data: bytes, block_size: int, limit: int | None) -> list[list[PageChunk]]:
    """What the Dask reader does with one dump, block by block."""
    open_at = _opener(data)
    cuts = range(0, max(len(data), 1), block_size)
    starts = [first_line_at(open_at, cut) for cut in cuts]
    nexts = [*starts[1:], None]

    def probe_of(start: int | None, next_start: int | None) -> Probe:
        assert start is not None
        return probe(open_at, start, next_start, len(data), limit)

    probes = [
        probe_of(start, following) if start is not None else Probe(0, 0, 0, 0, 0)
        for start, following in zip(starts, nexts, strict=True)
    ]
    segments = stitch(
        starts,
        probes,
        len(data),
        lambda a, b: probe_of(starts[a], None if b is None else starts[b]),
    )
    return [[] if s is None else list(segment_chunks(open_at, s, limit)) for s in segments]


def _whole(data: bytes, limit: int | None) -> list[PageChunk]:
    return list(split_dump(io.BytesIO(data), max_page_bytes=limit))


@settings(max_examples=400, deadline=None)
@given(data=_DUMPS, block_size=st.integers(1, 400), limit=st.sampled_from([None, 64, 300]))
def test_blocks_hold_the_pages_of_the_whole_dump(
    data: bytes, block_size: int, limit: int | None
) -> None:
    blocks = _blocks(data, block_size, limit)
    assert [c for block in blocks for c in block] == _whole(data, limit)


@settings(max_examples=100, deadline=None)
@given(
    pages=st.lists(st.sampled_from(TITLED), min_size=1, max_size=12),
    block_size=st.integers(200, 20_000),
    crlf=st.booleans(),
)
def test_blocks_of_a_dump_of_real_pages(pages: list[str], block_size: int, crlf: bool) -> None:
    data = dump_of(pages)
    if crlf:
        data = data.replace(b"\n", b"\r\n")
    blocks = _blocks(data, block_size, None)
    whole = _whole(data, None)
    assert [c for block in blocks for c in block] == whole
    assert len(whole) == len(pages)


def test_a_block_owns_pages_from_the_title_of_its_second_nct_id_line() -> None:
    # The first NCT ID line a block's own split meets may or may not open a page (that
    # depends on the page before the cut); the second one surely does: there the block's
    # split and the previous block's meet.
    data = dump_of(PAGES[:6])
    offsets = _offsets(data)
    block_size = offsets[3] - 20  # the first cut: at the end of the third page
    blocks = _blocks(data, block_size, None)
    assert [c.offset for c in blocks[0]] == offsets[:4]
    assert blocks[1][0].offset == offsets[4]
    assert [c.offset for block in blocks for c in block] == offsets


def _offsets(data: bytes) -> list[int]:
    return [c.offset for c in _whole(data, None)]


def test_first_line_at() -> None:
    data = b"ab\ncd\n\nef"
    open_at = _opener(data)
    assert [first_line_at(open_at, n) for n in range(len(data) + 1)] == [
        0,
        3,
        3,
        3,
        6,
        6,
        6,
        7,
        None,
        None,
    ]
    assert first_line_at(_opener(b"abc"), 1) is None
