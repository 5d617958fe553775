"""Parse a page: decode it, tell its kind (``kinds``), cut it at that kind's headings
(``page.split``) and assemble its Trial with that kind's reader (``page.assemble``).
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import os
from collections.abc import Iterator
from pathlib import Path

from ctgov_parse import kinds
from ctgov_parse.diagnose import Diagnostics
from ctgov_parse.errors import ParseError
from ctgov_parse.model import Level, Trial
from ctgov_parse.page.assemble import report_notes
from ctgov_parse.page.decode import Note, decode_page
from ctgov_parse.page.split import clean_lines

__all__ = ["MAX_PAGE_BYTES", "check_page_size", "collector_paused", "parse", "parse_file"]


MAX_PAGE_BYTES = 8 * 1024 * 1024  # the biggest real pages are well under 1 MB


def check_page_size(size: int, max_page_bytes: int) -> None:
    """``ParseError`` (``page-too-large``) for a page of ``size`` bytes over the limit."""
    if size > max_page_bytes:
        raise ParseError(
            f"the page is {size:,} bytes, over the limit of {max_page_bytes:,} (max_page_bytes)",
            code="page-too-large",
        )


def _utf8_size(text: str, limit: int) -> int:
    """The UTF-8 size of ``text``, computed only when its length leaves it in doubt."""
    if len(text) > limit or 4 * len(text) <= limit:
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


def parse(
    text: str | bytes, *, strict: bool = False, max_page_bytes: int = MAX_PAGE_BYTES
) -> Trial:
    """Parse one page (a trial page or a results page) into a ``Trial``.

    ``text`` is the page as ``str`` or ``bytes`` (decoded by ``ctgov_parse.decode``'s
    rules: a byte-order mark decides, else UTF-8, else Windows-1252 with a warning). Lenient
    by default: defects are recorded in ``Trial.diagnostics``. With ``strict=True`` the
    first defect of WARNING or ERROR level raises ``ParseError`` naming its line and field.
    Bytes that are not text, and a page over ``max_page_bytes``, always raise
    ``ParseError`` (``undecodable-input``, ``page-too-large``). ``Trial.page_kind`` says
    which kind of page it was; a results page's tables are in ``Trial.results``.
    """
    notes: tuple[Note, ...] = ()
    if isinstance(text, bytes | bytearray | memoryview):
        data = bytes(text)
        check_page_size(len(data), max_page_bytes)
        text, _, notes = decode_page(data)
    elif isinstance(text, str):
        check_page_size(_utf8_size(text, max_page_bytes), max_page_bytes)
    else:
        raise TypeError(f"parse() takes str or bytes, not {type(text).__name__}")
    if not text.strip():
        report = Diagnostics(strict)
        report_notes(report, notes)
        report("empty-input", "the page is empty", line=None, level=Level.ERROR)
        return Trial(diagnostics=report.all())
    with collector_paused():
        lines = clean_lines(text)
        return kinds.kind_of(lines).parse(lines, strict, notes)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a page is parsed (or its table rows made).
    A page makes many small tuples and no reference cycles; on a page of wreckage (a million
    short lines) the collector's passes over them were a third of the time, and over a batch
    of table rows 40% of the time taken to make them."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def parse_file(
    path: str | os.PathLike[str], *, strict: bool = False, max_page_bytes: int = MAX_PAGE_BYTES
) -> Trial:
    """Read and parse one page file (``.gz`` files are decompressed, never past the limit)."""
    path = Path(path)
    try:
        with gzip.open(path) if path.suffix == ".gz" else path.open("rb") as stream:
            data = stream.read(max_page_bytes + 1)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise ParseError(f"cannot read {path}: {error}", code="unreadable-file") from None
    if len(data) > max_page_bytes:
        raise ParseError(
            f"{path} is over the page limit of {max_page_bytes:,} bytes (max_page_bytes)",
            code="page-too-large",
        )
    return parse(data, strict=strict, max_page_bytes=max_page_bytes)
