"""Cutting one big dump into byte ranges that begin and end at page starts, in parallel.

Where a page starts depends on what came before (``dump.split_marked``: an ``NCT ID:``
line opens a page only when the page being read already has one), so a block cannot be
split on its own. What can be done on its own, block by block, is this (``probe``): split
from the first line of block j as if the dump began there, split from the first line of
block j+1 the same way, and find the first page start the two splits share (offset and
kind of opening line). From a shared page start both splits go on identically (the
splitter's state after a page start depends on its kind alone), and the split of block 0
is the true one; so by induction the split of block j is true from the page start it
shares with block j-1's, and block j owns the pages from there to the one it shares with
block j+1 (``stitch``). Every page is read by exactly one block, at the same offset and
line as a split of the whole dump. The shared start is usually the second page start after
the cut, so a probe reads its block once and one or two pages of the next.

When blocks are smaller than the pages a shared start may fall past the next one; the
stitch then drops the cut between them (the block is empty) and probes the pair around it
again. All reads are aligned on the splitter's block size from the file's start, as a
split of the whole dump reads, so that even a page over the size limit is cut the same way.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import BinaryIO

import attrs

from ctgov_parse.dump import BLOCK_SIZE, PageChunk, split_marked

__all__ = ["Probe", "Segment", "first_line_at", "probe", "segment_chunks", "stitch"]

OpenAt = Callable[[int], BinaryIO]
"""Opens the dump positioned at a byte offset."""

_SCAN = 1 << 16


@attrs.frozen
class Probe:
    """What the splits from two cuts found: ``handover``, the first page start they share
    (the dump's size when none), and for each split the pages it starts before it and the
    line (counted from 1 at the cut) the handover is on."""

    handover: int
    pages: int
    line: int
    next_pages: int
    next_line: int


@attrs.frozen
class Segment:
    """The pages a block owns: the split from ``start`` (a line start) keeps the pages it
    starts in ``[begin, end)``; ``start_line`` is the dump's line number at ``start``."""

    start: int
    begin: int
    end: int
    start_line: int
    pages: int


class _Aligned(io.RawIOBase):
    """A dump read from ``start`` in blocks aligned from the dump's start."""

    def __init__(self, stream: BinaryIO, start: int) -> None:
        self._stream = stream
        self._position = start

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size < 0 or size > BLOCK_SIZE:
            size = BLOCK_SIZE
        size = min(size, BLOCK_SIZE - self._position % BLOCK_SIZE)
        data = self._stream.read(size)
        self._position += len(data)
        return data

    def close(self) -> None:
        self._stream.close()
        super().close()


def _split(
    open_at: OpenAt, start: int, max_page_bytes: int | None
) -> Iterator[tuple[PageChunk, str | None]]:
    """The split from ``start`` as if the dump began there, offsets made the dump's."""
    with _Aligned(open_at(start), start) as window:
        for chunk, kind in split_marked(
            window,  # type: ignore[arg-type]
            block_size=BLOCK_SIZE,
            max_page_bytes=max_page_bytes,
        ):
            yield attrs.evolve(chunk, offset=chunk.offset + start), kind


def first_line_at(open_at: OpenAt, offset: int) -> int | None:
    """The first line start at or after ``offset`` (None when the dump ends first)."""
    if offset <= 0:
        return 0
    with open_at(offset - 1) as stream:
        position = offset - 1
        while True:
            data = stream.read(_SCAN)
            if not data:
                return None
            found = data.find(b"\n")
            if found >= 0:
                return position + found + 1
            position += len(data)


def probe(
    open_at: OpenAt, start: int, next_start: int | None, size: int, max_page_bytes: int | None
) -> Probe:
    """Split from the line starts ``start`` and ``next_start`` and find the first page start
    the two share at or after ``next_start`` (see the module's account)."""
    run = _split(open_at, start, max_page_bytes)
    if next_start is None:
        return Probe(size, sum(1 for _ in run), 0, 0, 0)
    ahead = _split(open_at, next_start, max_page_bytes)
    pages = next_pages = 0
    mine = next(run, None)
    while mine is not None and mine[0].offset < next_start:
        pages += 1
        mine = next(run, None)
    theirs = next(ahead, None)
    while mine is not None and theirs is not None:
        (chunk, kind), (other, other_kind) = mine, theirs
        if chunk.offset == other.offset and kind == other_kind and kind is not None:
            return Probe(chunk.offset, pages, chunk.line, next_pages, other.line)
        if chunk.offset <= other.offset:
            pages += 1
            mine = next(run, None)
        if other.offset <= chunk.offset:
            next_pages += 1
            theirs = next(ahead, None)
    pages += (mine is not None) + sum(1 for _ in run)
    next_pages += (theirs is not None) + sum(1 for _ in ahead)
    return Probe(size, pages, 0, next_pages, 0)


def stitch(
    starts: list[int | None],
    probes: list[Probe],
    size: int,
    reprobe: Callable[[int, int | None], Probe],
) -> list[Segment | None]:
    """The segment each block owns (None for a block that owns nothing), from the line
    starts of the blocks (``starts[0]`` is 0; None past the dump's last line) and
    ``probes[j]`` of blocks j and j+1. ``reprobe(a, b)`` probes blocks a and b when the
    cuts between them are dropped."""
    count = len(starts)
    segments: list[Segment | None] = [None] * count
    current, begin, before, start_line = 0, 0, 0, 1
    while True:
        following = _next_cut(starts, current)
        probed = starts[current + 1] if current + 1 < count else None
        if (None if following is None else starts[following]) == probed:
            found = probes[current]
        else:
            found = reprobe(current, following)
        while following is not None and found.handover < begin:
            following = _next_cut(starts, following)
            found = reprobe(current, following)
        start = starts[current]
        assert start is not None
        segments[current] = Segment(start, begin, found.handover, start_line, found.pages - before)
        if following is None or found.handover >= size:
            return segments
        handover_line = start_line + found.line - 1
        current, begin, before = following, found.handover, found.next_pages
        start_line = handover_line - found.next_line + 1


def _next_cut(starts: list[int | None], current: int) -> int | None:
    start = starts[current]
    for later in range(current + 1, len(starts)):
        if starts[later] is not None and starts[later] != start:
            return later
    return None


def segment_chunks(
    open_at: OpenAt, segment: Segment, max_page_bytes: int | None
) -> Iterator[PageChunk]:
    """The pages a block owns, with the dump's offsets and line numbers."""
    shift = segment.start_line - 1
    # Read on past the end: a page ends where the next one starts, which may be decided by
    # a line after it (a title's NCT ID line).
    for chunk, _ in _split(open_at, segment.start, max_page_bytes):
        if chunk.offset >= segment.end:
            return
        if chunk.offset >= segment.begin:
            yield attrs.evolve(chunk, line=chunk.line + shift)
