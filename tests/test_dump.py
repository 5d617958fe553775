"""The dump splitter past the page limit: an oversized page comes out as its head, position
and size, the pages after it are cut as before, and memory stays flat on endless input."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Iterator

import pytest

from ctgov_parse.dump import HEAD_BYTES, PageChunk, split_dump
from tests.test_batch import PAGES, dump_of

LIMIT = 20_000


def _oversized(size: int, *, newlines: bool) -> str:
    """A page of ``size`` bytes: a title, its NCT ID line, then filler."""
    head = "A page that looped\n\nNCT ID: NCT09999999\n\n"
    unit = "loop loop loop\n" if newlines else "x"
    return head + unit * ((size - len(head)) // len(unit))


def _split(data: bytes, block_size: int) -> list[PageChunk]:
    return list(split_dump(io.BytesIO(data), block_size=block_size, max_page_bytes=LIMIT))


@pytest.mark.parametrize("block_size", [4096, 1 << 20])
@pytest.mark.parametrize("newlines", [True, False], ids=["lines", "one-line"])
def test_an_oversized_page_comes_out_as_its_head_position_and_size(
    block_size: int, newlines: bool
) -> None:
    before, after = PAGES[:2], PAGES[2:5]
    big = _oversized(300_000, newlines=newlines)
    data = dump_of(before) + dump_of([big]) + dump_of(after)
    chunks = _split(data, block_size)
    assert [c.size is None for c in chunks] == [True, True, False, True, True, True]
    over = chunks[2]
    start = len(dump_of(before))
    assert over.offset == start
    assert over.line == dump_of(before).count(b"\n") + 1
    assert over.size == len(dump_of([big]))
    assert over.data == dump_of([big])[: min(HEAD_BYTES, LIMIT)]
    # the pages after it: the same bytes, offsets and lines as without the oversized page
    for chunk, page in zip(chunks[3:], after, strict=True):
        assert chunk.data == dump_of([page])
        assert data[chunk.offset : chunk.offset + len(chunk.data)] == chunk.data
        assert data[: chunk.offset].count(b"\n") + 1 == chunk.line


def test_an_oversized_last_page() -> None:
    data = dump_of(PAGES[:1]) + _oversized(50_000, newlines=True).encode()
    chunks = _split(data, 4096)
    assert [c.size for c in chunks] == [None, len(data) - len(dump_of(PAGES[:1]))]


def test_a_page_at_the_limit_is_a_page() -> None:
    page = _oversized(LIMIT, newlines=True)
    assert len(page.encode()) <= LIMIT
    (chunk,) = _split(page.encode(), 4096)
    assert chunk.size is None and chunk.data == page.encode()


class _Endless(io.RawIOBase):
    """A page, then ``size`` bytes of one line without an end, made as they are read (like
    a gzip bomb's output), then the rest."""

    def __init__(self, first: bytes, size: int, tail: bytes) -> None:
        self.first = first
        self.left = size
        self.tail = tail

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self.first:
            count = min(len(buffer), len(self.first))
            buffer[:count] = self.first[:count]
            self.first = self.first[count:]
            return count
        if self.left > 0:
            count = min(len(buffer), self.left)
            buffer[:count] = b"x" * count
            self.left -= count
            return count
        count = min(len(buffer), len(self.tail))
        buffer[:count] = self.tail[:count]
        self.tail = self.tail[count:]
        return count


def _chunks_and_peak(stream: io.RawIOBase, limit: int) -> tuple[list[PageChunk], int]:
    tracemalloc.start()
    try:
        reader = io.BufferedReader(stream, 1 << 20)
        found: Iterator[PageChunk] = split_dump(reader, max_page_bytes=limit)  # type: ignore[arg-type]
        chunks = [attrs_free(c) for c in found]
        return chunks, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def attrs_free(chunk: PageChunk) -> PageChunk:
    return PageChunk(chunk.data[:100], chunk.offset, chunk.line, chunk.size)


def test_memory_stays_flat_on_an_endless_line() -> None:
    size = 200 * (1 << 20)
    first, tail = dump_of(PAGES[:1]), dump_of(PAGES[1:2])
    chunks, peak = _chunks_and_peak(_Endless(first, size, b"\n" + tail), 8 << 20)
    # the endless line belongs to the first page, which it takes over the limit
    assert [c.size for c in chunks] == [len(first) + size + 1, None]
    assert chunks[1].offset == len(first) + size + 1
    assert chunks[1].line == first.count(b"\n") + 2
    # one page's limit, one block and the head kept to look at: far below the 200 MB read
    assert peak < 24 << 20, f"peak {peak / (1 << 20):.0f} MB"
