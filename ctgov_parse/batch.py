"""Batch parsing: many pages from files, directories, dumps, JSON Lines or iterables, and
the registry's own records (legacy XML, API v2 JSON), loose or in zips.

Strategy: inputs are read as byte streams and cut into pages (``split.split_dump``) without
ever holding more than one page and one read block; pages are parsed in this process or in
worker processes, a bounded window of chunks at a time, and results come back in input
order. A page that fails (undecodable bytes, strict-mode defect, even a crashed worker) is
reported as a ``Failure`` carrying its position; the batch goes on. A registry record
(``.xml``, an API v2 study's ``.json``, either as a member of a ``.zip`` read member by
member) travels as a ``_Record`` and is converted where pages are parsed.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import IO, Any, BinaryIO, TypeAlias

import attrs

from ctgov_parse.build import MAX_PAGE_BYTES, check_page_size, parse
from ctgov_parse.ctgov import from_ctgov
from ctgov_parse.ctgov_xml import from_ctgov_xml
from ctgov_parse.dump import PageChunk, split_dump
from ctgov_parse.errors import ParseError
from ctgov_parse.model import Level, Trial, wire
from ctgov_parse.page.decode import looks_binary, stream_encoding, utf8_stream
from ctgov_parse.pool import run_chunks

__all__ = ["Failure", "PageSource", "Parsed", "iter_pages", "iter_parse"]

_PAGE_SUFFIXES = (".txt", ".txt.gz")
_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
# The registry's records: legacy XML, an API v2 study (one per file), zips of either.
_RECORD_SUFFIXES = (".xml", ".json", ".zip")
_READ = _PAGE_SUFFIXES + _JSONL_SUFFIXES + _RECORD_SUFFIXES
_CHUNK_PAGES = 32  # pages sent to a worker at once


@attrs.frozen(kw_only=True)
class PageSource:
    """Where a page came from: ``path`` (``None`` for in-memory input), its 0-based
    ``index`` in the whole input, its byte ``offset`` and first ``line`` in its file
    (decompressed), and for JSON Lines the object's ``url`` or ``id`` as ``key``."""

    path: str | None
    index: int
    offset: int | None = None
    line: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = [self.path or "<input>"]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.offset is not None:
            where.append(f"byte {self.offset}")
        if self.key is not None:
            where.append(str(self.key))
        return f"page {self.index} ({', '.join(where)})"

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class Parsed:
    """A page that parsed: its ``trial`` (lenient pages may carry diagnostics)."""

    source: PageSource
    trial: Trial
    ok = True


@attrs.frozen(kw_only=True)
class Failure:
    """A page that could not be parsed, with the error and the page's position."""

    source: PageSource
    error: ParseError
    page: bytes | None = attrs.field(default=None, repr=False, eq=False)
    """The page's bytes as read (for a page over the size limit, its first 64 KB)."""
    ok = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.to_dict(),
            "code": self.error.code,
            "message": self.error.message,
            "line": self.error.line,
            "field": self.error.field,
        }


Result: TypeAlias = Parsed | Failure
wire.register([PageSource, Parsed, Failure])


@attrs.frozen
class Reading:
    """How the pages of a run are read: leniently or ``strict``, under which key a JSON
    Lines object holds its page (``text_key``), the largest page (``max_page_bytes``), and
    who hears of each file a directory holds that is not a page file (``on_skip``)."""

    strict: bool = False
    text_key: str = "text"
    max_page_bytes: int = MAX_PAGE_BYTES
    on_skip: Callable[[str], None] | None = None


@attrs.frozen
class _Record:
    """A registry record to convert: ``form`` is ``xml`` (a legacy ``<clinical_study>``) or
    ``json`` (an API v2 study)."""

    form: str
    data: bytes

    def convert(self, strict: bool) -> Trial:
        if self.form == "xml":
            return from_ctgov_xml(self.data, strict=strict)
        try:
            study = json.loads(self.data)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ParseError(f"not a JSON study: {error}", code="bad-json-line") from None
        if not isinstance(study, dict):
            raise ParseError("not a JSON study: not an object", code="bad-json-line")
        return from_ctgov(study)


@attrs.frozen
class _Refused:
    """A page refused before parsing (over the size limit, not JSON, not text), with what
    there is of its bytes."""

    error: ParseError
    data: bytes | None = None


_Page = tuple[PageSource, "bytes | str | _Record | _Refused"]
_HEAD = 1 << 12  # bytes looked at to tell a text file from a binary one


# --- reading inputs ------------------------------------------------------------------------------


def _open_binary(path: Path) -> BinaryIO:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _files(path: Path) -> tuple[list[Path], list[Path]]:
    """The files to read under ``path``, and the files of a directory that are skipped
    (neither pages, dumps nor JSON Lines, by their names)."""
    if not path.is_dir():
        return [path], []
    found = sorted(p for p in path.rglob("*") if p.is_file())
    pages = [p for p in found if p.name.endswith(_READ)]
    return pages, [p for p in found if not p.name.endswith(_READ)]


def _dump_pages(
    stream: BinaryIO, name: str | None, max_page_bytes: int
) -> Iterator[tuple[PageSource, bytes | _Refused]]:
    for chunk in split_dump(stream, max_page_bytes=max_page_bytes):
        yield chunk_page(chunk, name, max_page_bytes)


def chunk_page(
    chunk: PageChunk, name: str | None, max_page_bytes: int
) -> tuple[PageSource, bytes | _Refused]:
    """A page cut from a dump, with its position (index -1: numbered by the caller); a page
    over the limit is refused."""
    source = PageSource(path=name, index=-1, offset=chunk.offset, line=chunk.line)
    if chunk.size is not None:
        try:
            check_page_size(chunk.size, max_page_bytes)
        except ParseError as error:
            return source, _Refused(error, chunk.data)
    return source, chunk.data


def _bounded_lines(stream: BinaryIO, max_page_bytes: int) -> Iterator[tuple[bytes, int, bool]]:
    """The lines of ``stream`` with their sizes; a line over the limit comes as its first
    bytes, its whole size and True, and is never held whole."""
    while True:
        line = stream.readline(max_page_bytes + 1)
        if not line:
            return
        if len(line) <= max_page_bytes or line.endswith(b"\n"):
            yield line, len(line), False
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = stream.readline(1 << 20)
            if not line:
                break
            size += len(line)
        yield b"", size, True


def _jsonl_pages(
    stream: BinaryIO, name: str | None, text_key: str, max_page_bytes: int
) -> Iterator[tuple[PageSource, bytes | str | _Refused]]:
    offset = 0
    for number, (raw_line, size, over) in enumerate(
        _bounded_lines(stream, max_page_bytes), start=1
    ):
        line_offset, offset = offset, offset + size
        source = PageSource(path=name, index=-1, offset=line_offset, line=number)
        if over:
            try:
                check_page_size(size, max_page_bytes)
            except ParseError as error:
                yield source, _Refused(error)
            continue
        if not raw_line.strip():
            continue
        try:
            record = json.loads(raw_line)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            failure = ParseError(f"not a JSON object: {error}", code="bad-json-line", line=number)
            yield source, _Refused(failure, raw_line)
            continue
        if not isinstance(record, dict) or not isinstance(record.get(text_key), str):
            problem = f"no string under key {text_key!r}"
            yield source, _Refused(ParseError(problem, code="bad-json-line", line=number), raw_line)
            continue
        key = record.get("url", record.get("id"))
        source = attrs.evolve(source, key=None if key is None else str(key))
        yield source, record[text_key]


def _text_stream(stream: BinaryIO, name: str) -> BinaryIO | ParseError:
    """``stream`` as UTF-8 bytes (a UTF-16 or UTF-32 file is decoded by its mark), or a
    ``not-text`` error for a file that starts like a binary one (one bad page in a dump
    fails alone, as ``undecodable-input``)."""
    head = stream.read(_HEAD)
    if stream_encoding(head) is None and looks_binary(head):
        return ParseError(f"{name} is not text (it holds NUL and control bytes)", code="not-text")
    return utf8_stream(stream, head)


def _path_pages(
    path: Path, text_key: str, max_page_bytes: int, on_skip: Callable[[str], None] | None
) -> Iterator[tuple[PageSource, Any]]:
    files, skipped = _files(path)
    for file in skipped:
        if on_skip is not None:
            on_skip(str(file))
    for file in files:
        yield from file_pages(
            partial(_open_binary, file), str(file), text_key, max_page_bytes, on_skip
        )


def _record(
    form: str, read: Callable[[int], bytes], size: int | None, max_page_bytes: int
) -> _Record | _Refused:
    """A record read by ``read`` (never more than the limit and a byte), or refused."""
    try:
        if size is not None:
            check_page_size(size, max_page_bytes)
        data = read(max_page_bytes + 1)
        check_page_size(len(data), max_page_bytes)
    except ParseError as error:
        return _Refused(error)
    return _Record(form, data)


def _zip_records(
    stream: BinaryIO, name: str, max_page_bytes: int, on_skip: Callable[[str], None] | None
) -> Iterator[tuple[PageSource, Any]]:
    """The records of a registry zip, member by member (never unpacked to disk): ``.xml``
    and API v2 ``.json`` members, at its root or in folders; other members are skipped."""
    with zipfile.ZipFile(stream) as archive:
        for member in archive.infolist():
            if member.is_dir():
                continue
            source = PageSource(path=name, index=-1, key=member.filename)
            form = _form(member.filename)
            if form is None:
                if on_skip is not None:
                    on_skip(f"{name}: {member.filename}")
                continue
            with archive.open(member) as member_stream:
                record = _record(form, member_stream.read, member.file_size, max_page_bytes)
            if _not_a_study(record):
                if on_skip is not None:
                    on_skip(f"{name}: {member.filename}")
                continue
            yield source, record


def _form(name: str) -> str | None:
    if name.endswith(".xml"):
        return "xml"
    return "json" if name.endswith(".json") else None


def _not_a_study(record: _Record | _Refused) -> bool:
    """A ``.json`` file that is not an API v2 study (an export of ours, expected output):
    skipped as a file that is not the input's, not failed."""
    return (
        isinstance(record, _Record)
        and record.form == "json"
        and b'"protocolSection"' not in record.data
    )


def file_pages(
    open_file: Callable[[], BinaryIO],
    name: str,
    text_key: str,
    max_page_bytes: int,
    on_skip: Callable[[str], None] | None = None,
) -> Iterator[tuple[PageSource, Any]]:
    """The pages of one file (opened, decompressed, by ``open_file``), by its name's rules:
    JSON Lines, a registry record (``.xml``, ``.json``), a zip of records, or a dump; a
    file that cannot be opened or read, or is not text, is one refused page. Positions
    have index -1 (numbered by the caller)."""
    try:
        stream = open_file()
    except OSError as error:
        failure = ParseError(str(error), code="unreadable-file")
        yield PageSource(path=name, index=-1), _Refused(failure)
        return
    with stream:
        try:
            if name.endswith(".zip"):
                yield from _zip_records(stream, name, max_page_bytes, on_skip)
                return
            form = _form(name)
            if form is not None:
                record = _record(form, stream.read, None, max_page_bytes)
                if _not_a_study(record):
                    if on_skip is not None:
                        on_skip(name)
                    return
                yield PageSource(path=name, index=-1), record
                return
            text = _text_stream(stream, name)
            if isinstance(text, ParseError):
                yield PageSource(path=name, index=-1), _Refused(text)
            elif name.endswith(_JSONL_SUFFIXES):
                yield from _jsonl_pages(text, name, text_key, max_page_bytes)
            else:
                yield from _dump_pages(text, name, max_page_bytes)
        except (
            OSError,
            EOFError,
            gzip.BadGzipFile,
            UnicodeDecodeError,
            zipfile.BadZipFile,
        ) as error:
            failure = ParseError(f"cannot read {name}: {error}", code="unreadable-file")
            yield PageSource(path=name, index=-1), _Refused(failure)


def iter_pages(
    source: Any, *, text_key: str = "text", max_page_bytes: int = MAX_PAGE_BYTES
) -> Iterator[tuple[PageSource, Any]]:
    """The pages of ``source`` as (position, page bytes or text) pairs, in input order.

    ``source`` is a path (a page, a dump of pages, a ``.jsonl`` file, any of them gzipped)
    or a directory of such files (recursively, sorted); an open binary or text file (a
    dump); or an iterable of page texts (one page per item). A part that cannot be read,
    or a page over ``max_page_bytes``, yields a ``ParseError`` in place of the page.
    """
    for page_source, page in _numbered([source], text_key, max_page_bytes, None):
        yield page_source, page.error if isinstance(page, _Refused) else page


def _pages_of(
    source: Any, text_key: str, max_page_bytes: int, on_skip: Callable[[str], None] | None
) -> Iterable[tuple[PageSource, Any]]:
    if isinstance(source, str | os.PathLike):
        return _path_pages(Path(source), text_key, max_page_bytes, on_skip)
    if hasattr(source, "read"):
        stream = _binary_view(source)
        name = getattr(source, "name", None)
        return _dump_pages(utf8_stream(stream, stream.read(_HEAD)), name, max_page_bytes)
    return ((PageSource(path=None, index=-1), text) for text in source)


def _numbered(
    sources: Iterable[Any],
    text_key: str,
    max_page_bytes: int,
    on_skip: Callable[[str], None] | None,
) -> Iterator[tuple[PageSource, Any]]:
    index = 0
    for source in sources:
        for page_source, page in _pages_of(source, text_key, max_page_bytes, on_skip):
            yield _numbered_source(page_source, index), page
            index += 1


def _numbered_source(source: PageSource, index: int) -> PageSource:
    """``attrs.evolve(source, index=index)``, a page at a time: filled slot by slot."""
    return wire.rebuild_record(
        PageSource, (source.path, index, source.offset, source.line, source.key)
    )


def _binary_view(stream: IO[Any]) -> BinaryIO:
    if isinstance(stream, io.TextIOBase):
        buffer = getattr(stream, "buffer", None)
        return buffer if buffer is not None else _EncodedText(stream)
    return stream  # type: ignore[return-value]


class _EncodedText(io.RawIOBase):
    """A text stream seen as UTF-8 bytes (for ``io.StringIO`` and the like)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._pending = b""

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._pending) < size:
            text = self._stream.read(size if size > 0 else -1)
            if not text:
                break
            self._pending += text.encode("utf-8")
            if size < 0:
                break
        data, self._pending = (
            (self._pending, b"") if size < 0 else (self._pending[:size], self._pending[size:])
        )
        return data


# --- parsing -----------------------------------------------------------------------------------


@attrs.frozen
class _Outcome:
    """What a worker sends back: the converted trial or the error, and the diagnostic codes
    and worst level (for batch summaries)."""

    source: PageSource
    value: Any
    error: ParseError | None
    codes: tuple[str, ...] = ()
    warned: bool = False
    page: bytes | None = None  # a failed page's bytes, for whoever keeps the wreckage
    seconds: float = 0.0  # the parse's own time, for the quality report
    digest: str | None = None  # page_digest of the page, when a load asked for it
    unchanged: bool = False  # a page the load already holds (its digest): not parsed


wire.register([_Record, _Refused, _Outcome])


def _identity(trial: Trial, source: PageSource) -> Trial:
    return trial


def _bytes_of(page: bytes | str | _Record) -> bytes:
    if isinstance(page, _Record):
        return page.data
    return page if isinstance(page, bytes) else page.encode("utf-8", "surrogatepass")


def page_digest(page: bytes | str | _Record) -> str:
    """A page's hash: BLAKE2b-128 of its bytes (a ``str`` page as UTF-8), in hex; the blank
    lines after it are the dump's, not the page's (a page last in one dump and followed by
    another in the next is the same page)."""
    return hashlib.blake2b(_bytes_of(page).rstrip(), digest_size=16).hexdigest()


def _parse_one(
    source: PageSource,
    page: Any,
    strict: bool,
    convert: Callable[[Trial, PageSource], Any],
    max_page_bytes: int = MAX_PAGE_BYTES,
    known: frozenset[str] | None = None,
) -> _Outcome:
    if isinstance(page, _Refused):
        return _Outcome(source, None, page.error, page=page.data)
    digest = None
    if known is not None:  # a load that may already hold this page: hashed before parsing
        digest = page_digest(page)
        if digest in known:
            return _Outcome(source, None, None, digest=digest, unchanged=True)
    started = time.perf_counter()
    try:
        if isinstance(page, _Record):
            trial = page.convert(strict)
        else:
            trial = parse(page, strict=strict, max_page_bytes=max_page_bytes)
        seconds = time.perf_counter() - started
        value = convert(trial, source)
    except ParseError as error:
        seconds = time.perf_counter() - started
        return _Outcome(source, None, error, page=_bytes_of(page), seconds=seconds)
    except Exception as error:  # our bug, not the page's: report it, keep the batch going
        message = f"internal error ({type(error).__name__}: {error})"
        failure = ParseError(message, code="internal-error")
        return _Outcome(source, None, failure, page=_bytes_of(page))
    warned = any(d.level is not Level.INFO for d in trial.diagnostics)
    codes = tuple(d.code for d in trial.diagnostics)
    return _Outcome(source, value, None, codes, warned, seconds=seconds, digest=digest)


def _parse_chunk(
    chunk: list[_Page],
    strict: bool,
    convert: Callable[[Trial, PageSource], Any],
    max_page_bytes: int = MAX_PAGE_BYTES,
    known: frozenset[str] | None = None,
) -> list[_Outcome]:
    return [
        _parse_one(source, page, strict, convert, max_page_bytes, known) for source, page in chunk
    ]


def _chunks(pages: Iterator[_Page], size: int) -> Iterator[list[_Page]]:
    chunk: list[_Page] = []
    for page in pages:
        chunk.append(page)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _crashed(page: _Page) -> _Outcome:
    error = ParseError("the worker process died while parsing this page", code="worker-crashed")
    return _Outcome(page[0], None, error)


class _Bound:
    """A chunk worker with its options bound (picklable, for the worker processes)."""

    __slots__ = ("args", "worker")

    def __init__(self, worker: Callable[..., list[_Outcome]], args: tuple[Any, ...]) -> None:
        self.worker = worker
        self.args = args

    def __call__(self, chunk: list[_Page]) -> list[_Outcome]:
        return self.worker(chunk, *self.args)


def _run_parallel(
    chunks: Iterator[list[_Page]],
    jobs: int,
    args: tuple[Any, ...],
    worker: Callable[..., list[_Outcome]] = _parse_chunk,
    *,
    in_parent: bool = True,
) -> Iterator[_Outcome]:
    return run_chunks(chunks, jobs, _Bound(worker, args), _crashed, in_parent=in_parent)


def _outcomes(
    sources: list[Any],
    *,
    jobs: int,
    reading: Reading,
    convert: Callable[[Trial, PageSource], Any] = _identity,
    known: frozenset[str] | None = None,
) -> Iterator[_Outcome]:
    """Each page's outcome, in input order; with ``known`` (the digests of the pages a load
    already holds), each outcome has its page's digest, and a known page is not parsed."""
    if jobs < 0:
        raise ValueError("jobs must be 0 (all cores) or more")
    if reading.max_page_bytes < 1:
        raise ValueError("max_page_bytes must be 1 or more")
    jobs = jobs or os.cpu_count() or 1
    pages = _numbered(sources, reading.text_key, reading.max_page_bytes, reading.on_skip)
    if jobs == 1:
        for page_source, page in pages:
            yield _parse_one(
                page_source, page, reading.strict, convert, reading.max_page_bytes, known
            )
        return
    args = (reading.strict, convert, reading.max_page_bytes, known)
    yield from _run_parallel(_chunks(pages, _CHUNK_PAGES), jobs, args)


def iter_parse(
    source: Any,
    *,
    jobs: int = 1,
    strict: bool = False,
    text_key: str = "text",
    max_page_bytes: int = MAX_PAGE_BYTES,
    on_skip: Callable[[str], None] | None = None,
) -> Iterator[Result]:
    """Parse every page of ``source``, yielding one ``Parsed`` or ``Failure`` per page, in
    input order.

    ``source``: a path to a page, a dump of pages back to back, a JSON Lines file (page text
    under ``text_key``; ``url`` or ``id`` kept as the source key), any of these gzipped; a
    registry record (a legacy ``.xml`` record, an API v2 study's ``.json``) or a ``.zip`` of
    them (as the registry published them: read member by member, the member's name kept as
    the source key); a directory of any of these (recursive; a ``.json`` that is not an API
    v2 study is skipped); an open file (a dump), or an iterable of page texts.
    ``jobs``: processes that parse (1: this one only; N: N - 1 workers and this one, which
    parses while its workers are busy; 0: one per core). A page over
    ``max_page_bytes`` fails (``page-too-large``) without ever being held whole; memory stays
    bounded whatever the input; one bad page never stops the batch. ``on_skip`` is called
    with the path of every file a directory holds that is not a page file (by its name).
    """
    reading = Reading(strict, text_key, max_page_bytes, on_skip)
    for outcome in _outcomes([source], jobs=jobs, reading=reading):
        if outcome.error is not None:
            yield Failure(source=outcome.source, error=outcome.error, page=outcome.page)
        else:
            yield Parsed(source=outcome.source, trial=outcome.value)
