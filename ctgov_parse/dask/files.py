"""The files a path, a glob or a URL names, and how they are shared out among partitions.

A local path is read by ``iter_parse``'s own rules (a directory recursively, sorted, its
non-page files skipped), so that both name and order the same files the same way; a URL
(``s3://``, ``memory://``, any fsspec protocol) is listed through fsspec by the same rules.
Small files share a partition up to the block size; a big plain dump is cut into blocks
(``blocks``); a gzip file, a JSON Lines file and a dump that is not plain UTF-8 (UTF-16 or
UTF-32 by its mark, or not text at all) are read whole by one partition each.
"""

from __future__ import annotations

import contextlib
import glob
import gzip
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from ctgov_parse import batch
from ctgov_parse.page.decode import looks_binary, stream_encoding

__all__ = ["Block", "FileRef", "Files", "Part", "list_files", "parts"]

_GLOB = ("*", "?", "[")


@attrs.frozen
class FileRef:
    """One file: the name pages are reported under, and how to open it."""

    name: str
    path: str
    size: int
    fs: Any = attrs.field(eq=False, repr=False)  # an fsspec filesystem (None: local)

    @property
    def gzipped(self) -> bool:
        return self.name.endswith(".gz")

    def open_raw(self) -> BinaryIO:
        if self.fs is None:
            return open(self.path, "rb")
        return self.fs.open(self.path, "rb")  # type: ignore[no-any-return]

    def open(self) -> BinaryIO:
        """The file's bytes, decompressed."""
        raw = self.open_raw()
        if not self.gzipped:
            return raw
        return _Closing(gzip.GzipFile(fileobj=raw, mode="rb"), raw)  # type: ignore[return-value]

    def open_at(self, offset: int) -> BinaryIO:
        stream = self.open_raw()
        stream.seek(offset)
        return stream


class _Closing(contextlib.AbstractContextManager["_Closing"]):
    """A gzip reader that closes the file under it too."""

    def __init__(self, reader: gzip.GzipFile, raw: BinaryIO) -> None:
        self._reader, self._raw = reader, raw

    def read(self, size: int = -1) -> bytes:
        return self._reader.read(size)

    def readline(self, size: int = -1) -> bytes:
        return self._reader.readline(size)

    def close(self) -> None:
        try:
            self._reader.close()
        finally:
            self._raw.close()

    def __exit__(self, *exc: object) -> None:
        self.close()


@attrs.frozen
class Files:
    """A partition that reads whole files, one after another."""

    files: tuple[FileRef, ...]


@attrs.frozen
class Block:
    """A partition that reads the pages of one dump starting in block ``number`` of
    ``count`` (``blocksize`` bytes each)."""

    file: FileRef
    number: int
    count: int
    blocksize: int


Part = Files | Block


def _sort_key(path: str) -> tuple[str, ...]:
    return tuple(path.split("/"))  # the order of sorted Paths: part by part


def _local(path: str, on_skip: Callable[[str], None] | None) -> list[FileRef]:
    if not os.path.exists(path) and any(c in path for c in _GLOB):
        found: list[str] = []
        for match in sorted(glob.glob(path, recursive=True), key=_sort_key):
            found += (
                [str(p) for p in batch._files(Path(match))[0]] if os.path.isdir(match) else [match]
            )
        names = found
    else:
        files, skipped = batch._files(Path(path))
        for file in skipped:
            if on_skip is not None:
                on_skip(str(file))
        names = [str(file) for file in files]
    return [FileRef(name, name, _size(name), None) for name in names]


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # read as one partition, which reports the file as unreadable


def _remote(
    url: str, storage_options: dict[str, Any], on_skip: Callable[[str], None] | None
) -> list[FileRef]:
    import fsspec

    fs, path = fsspec.core.url_to_fs(url, **storage_options)
    directory = fs.isdir(path)  # asked once: on an object store each call is a request
    if directory:
        details = fs.find(path, detail=True)
        names = sorted(details, key=_sort_key)
    elif any(c in path for c in _GLOB):
        details = fs.glob(path, detail=True)
        names = sorted((n for n, d in details.items() if d.get("type") == "file"), key=_sort_key)
    else:
        details = {path: fs.info(path)} if fs.exists(path) else {path: {"size": 0}}
        names = [path]
    out = []
    pages = batch._PAGE_SUFFIXES + batch._JSONL_SUFFIXES
    for name in names:
        full = fs.unstrip_protocol(name)
        if directory and not name.endswith(pages):
            if on_skip is not None:
                on_skip(full)
            continue
        out.append(FileRef(full, name, int(details[name].get("size") or 0), fs))
    return out


def list_files(
    urlpath: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    storage_options: dict[str, Any] | None = None,
    on_skip: Callable[[str], None] | None = None,
) -> list[FileRef]:
    """The files ``urlpath`` names (one path, glob or URL, or a list of them), in order."""
    paths = [urlpath] if isinstance(urlpath, str | os.PathLike) else list(urlpath)
    files: list[FileRef] = []
    for path in (os.fspath(p) for p in paths):
        if "://" in path and not path.startswith("file://"):
            files += _remote(path, storage_options or {}, on_skip)
        else:
            files += _local(path.removeprefix("file://"), on_skip)
    return files


def _cuttable(file: FileRef, blocksize: int) -> bool:
    """A plain dump bigger than a block, whose bytes are its pages' bytes (UTF-8 text)."""
    if file.size <= blocksize or file.gzipped or file.name.endswith(batch._JSONL_SUFFIXES):
        return False
    try:
        with file.open_raw() as stream:
            head = stream.read(batch._HEAD)
    except OSError:
        return False
    return stream_encoding(head) is None and not looks_binary(head)


def parts(files: list[FileRef], blocksize: int) -> Iterator[Part]:
    """The partitions that read ``files``, in order: blocks of each big plain dump, whole
    files for the others, small ones together up to ``blocksize`` bytes."""
    pending: list[FileRef] = []
    pending_size = 0
    for file in files:
        if _cuttable(file, blocksize):
            if pending:
                yield Files(tuple(pending))
                pending, pending_size = [], 0
            count = -(-file.size // blocksize)
            for number in range(count):
                yield Block(file, number, count, blocksize)
            continue
        if pending and pending_size + file.size > blocksize:
            yield Files(tuple(pending))
            pending, pending_size = [], 0
        pending.append(file)
        pending_size += file.size
    if pending:
        yield Files(tuple(pending))
