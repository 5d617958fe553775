"""Bytes to page text: the first stage of the pipeline.

The rules, in order:

1. A byte-order mark decides: UTF-8, UTF-16 or UTF-32 (little or big endian).
2. Without one, the page is UTF-8. An incomplete UTF-8 sequence at the very end is a scrape
   cut mid-character: the text before it is the page, with a ``truncated`` note; it is never
   a reason to read the whole page in another encoding.
3. Bytes holding a NUL are binary (``undecodable-input``), whatever else they are. Text
   that is not UTF-8 is binary too when it holds other control characters; otherwise it is
   read as Windows-1252, the usual encoding of a page saved by a Windows tool, with a
   ``decoded-as-cp1252`` note (a warning: strict parsing refuses it).

A dump is decoded by its mark before it is cut into pages (``utf8_stream``): a UTF-16 dump
becomes a UTF-8 stream, and every page is then read by rule 2 or 3.
"""

from __future__ import annotations

import codecs
import io
from typing import BinaryIO, NamedTuple

import regex

from ctgov_parse.errors import ParseError

__all__ = ["Decoded", "Note", "decode_page", "looks_binary", "stream_encoding", "utf8_stream"]

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_MARKS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UNIT = {"utf-32-le": 4, "utf-32-be": 4, "utf-16-le": 2, "utf-16-be": 2, "utf-8": 1}
# Control characters that no text page holds (tab, newlines, form feed and escape may).
_BINARY = regex.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")


class Note(NamedTuple):
    """Something decoding found that the page's diagnostics should say."""

    code: str
    message: str
    line: int | None


class Decoded(NamedTuple):
    text: str
    encoding: str
    notes: tuple[Note, ...] = ()


def _marked(data: bytes | memoryview) -> tuple[str, int] | None:
    head = bytes(data[:4])
    for mark, encoding in _MARKS:
        if head.startswith(mark):
            return encoding, len(mark)
    return None


def looks_binary(head: bytes) -> bool:
    """Whether the first bytes of a file (without a UTF-16/32 mark) are a binary file's: a
    NUL byte, and control bytes for one in a hundred or more (random bytes have one in
    nine; a text dump with one damaged page has a few in thousands)."""
    if b"\x00" not in head:
        return False
    return 100 * len(_BINARY.findall(head)) >= len(head)


def _last_line(text: str) -> int:
    return text.count("\n") + 1


def _undecodable(data: bytes, position: int, what: str) -> ParseError:
    line = data.count(b"\n", 0, position) + 1
    byte = data[position : position + 1]
    return ParseError(
        f"input is not {what}: byte {position} ({byte!r})", code="undecodable-input", line=line
    )


def _cut_note(text: str, encoding: str) -> Note:
    return Note(
        "truncated",
        f"the page ends inside a {encoding.upper()} character: it was probably cut",
        _last_line(text),
    )


def decode_page(data: bytes) -> Decoded:
    """Decode one page by the rules above; ``ParseError`` (``undecodable-input``, naming the
    line) when the bytes are not text."""
    marked = _marked(data)
    if marked is not None and marked[0] != "utf-8":
        encoding, skip = marked
        body = data[skip:]
        whole = len(body) - len(body) % _UNIT[encoding]
        try:
            text = body[:whole].decode(encoding)
        except UnicodeDecodeError as error:
            raise _undecodable(data, skip + error.start, encoding.upper()) from None
        notes = (_cut_note(text, encoding),) if whole < len(body) else ()
        return Decoded(text, encoding, notes)
    if marked is not None:
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data:  # valid UTF-8 or not, no text page holds a NUL byte
        raise _undecodable(data, data.index(b"\x00"), "text (it holds NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        first = error
    if first.reason == "unexpected end of data" and first.end == len(data):
        text = data[: first.start].decode("utf-8")  # valid up to the cut, by the error's word
        return Decoded(text, "utf-8", (_cut_note(text, "utf-8"),))
    binary = _BINARY.search(data)
    if binary is not None:
        raise _undecodable(data, binary.start(), "text (it holds control bytes)")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise _undecodable(data, first.start, "UTF-8 or Windows-1252") from None
    line = data.count(b"\n", 0, first.start) + 1
    note = Note(
        "decoded-as-cp1252",
        f"the page is not UTF-8 (byte {first.start}, line {line}): read as Windows-1252",
        line,
    )
    return Decoded(text, "cp1252", (note,))


def stream_encoding(head: bytes) -> str | None:
    """The encoding a stream's byte-order mark names, when it is not UTF-8."""
    marked = _marked(head)
    if marked is None or marked[0] == "utf-8":
        return None
    return marked[0]


_CUT_UTF8 = b"\xe2\x80"  # the first two bytes of a three-byte UTF-8 character


class _Transcoded(io.RawIOBase):
    """A stream in a marked encoding read as UTF-8 bytes, one block at a time."""

    def __init__(self, stream: BinaryIO, encoding: str, skip: int, head: bytes) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder(encoding)()
        self._pending = self._decoder.decode(head[skip:]).encode("utf-8")
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._pending and not self._done:
            block = self._stream.read(1 << 16)
            if not block:
                self._done = True
                try:
                    self._pending = self._decoder.decode(b"", final=True).encode("utf-8")
                except UnicodeDecodeError:
                    # The stream ends inside a character. Its last page is written ending
                    # inside a UTF-8 character instead, which the page's decoding reports
                    # as a cut (rule 2), where a dropped byte would say nothing.
                    self._pending = _CUT_UTF8
            else:
                self._pending = self._decoder.decode(block).encode("utf-8")
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count

    def close(self) -> None:
        self._stream.close()
        super().close()


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were read to look at them, given back in front."""

    def __init__(self, stream: BinaryIO, head: bytes) -> None:
        self._stream = stream
        self._head = head

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


def utf8_stream(stream: BinaryIO, head: bytes) -> BinaryIO:
    """``stream`` (whose first bytes, ``head``, were already read) as UTF-8 bytes: a UTF-16
    or UTF-32 stream is transcoded by its mark, any other is given back as it is."""
    encoding = stream_encoding(head)
    if encoding is None:
        return io.BufferedReader(_Prefixed(stream, head), 1 << 16)
    skip = _marked(head)[1]  # type: ignore[index]
    return io.BufferedReader(_Transcoded(stream, encoding, skip, head), 1 << 16)
