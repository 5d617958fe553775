"""Worker processes for batch parsing: chunks of pages in, results out, in input order.

Strategy: ``jobs`` processes parse: ``jobs - 1`` workers, and this process, which parses
pages of its own whenever the chunk due next is not back yet (so that on two cores two
processes parse, not two workers and a parent that mostly waits). Only the workers'
results cross between processes; what this process parses never does.

A worker is one thread doing one thing at a time: read a chunk, parse it, send the results
(threads to read and write beside the parsing thread took the GIL from it at every message,
and cost a tenth of the run in switching). This process never blocks on a write: what a
worker's socket cannot take yet waits in a buffer of ours, and between the pages it parses
itself this process sends what it can and takes in what has come, so a worker neither waits
long for its next chunk nor for its results to be read, and neither side can block the
other. A worker holds at most two chunks.

A worker that dies (a crash, not an exception: those come back as results) loses the chunks
it held; they run again one item at a time in a fresh worker, so only an item that kills a
worker fails. An item that kills the process parsing it when that process is this one ends
the run, as it does with one job.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import select
import socket
import struct
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from ctgov_parse.build import collector_paused
from ctgov_parse.lifeline import become_helper

__all__ = ["run_chunks"]

Item = TypeVar("Item")
Result = TypeVar("Result")

WINDOW_PER_JOB = 4  # chunks in flight (or parsed, not yet yielded) per job: bounds memory
_HELD = 2  # chunks a worker holds at once: one being parsed, the next one ready
# A message: its length (8 bytes, network order), then its bytes; an empty one ends a worker.
_LENGTH = struct.Struct("!Q")
_BUFFER = 4 << 20  # socket buffers asked for: room for a whole chunk or its results
_READ = 1 << 20
# Pages this process parses between two looks at its workers (a millisecond or so: far
# less than the two chunks a worker holds take it).
_PAGES_BETWEEN_SERVICE = 4


def _widen(channel: socket.socket) -> None:
    """Ask for socket buffers that hold a whole message (the system may give less: then a
    message takes a few reads and writes, nothing worse)."""
    for option in (socket.SO_SNDBUF, socket.SO_RCVBUF):
        with contextlib.suppress(OSError):
            channel.setsockopt(socket.SOL_SOCKET, option, _BUFFER)


def _read(channel: socket.socket, size: int) -> bytearray:
    buffer = bytearray(size)
    view = memoryview(buffer)
    done = 0
    while done < size:
        count = channel.recv_into(view[done:], size - done, socket.MSG_WAITALL)
        if count == 0:
            raise EOFError("the socket closed")
        done += count
    return buffer


def _serve(channel: socket.socket, work: Callable[[list[Any]], list[Any]], parent: int) -> None:
    """A worker's life: read a chunk, parse it, send its results; until the empty message,
    a closed socket or its parent's death."""
    become_helper(parent)  # the parent decides, and stops the workers; dies with it
    with contextlib.suppress(EOFError, OSError):
        while True:
            (size,) = _LENGTH.unpack(_read(channel, _LENGTH.size))
            if size == 0:
                return
            with collector_paused():  # a chunk's records hold no cycles
                results = work(pickle.loads(_read(channel, size)))
                reply = pickle.dumps(results, pickle.HIGHEST_PROTOCOL)
            channel.sendall(_LENGTH.pack(len(reply)))
            channel.sendall(reply)


class _Entry(Generic[Item, Result]):
    """A chunk in the window: sent to a worker (``results`` None until it is back) or
    parsed here."""

    __slots__ = ("chunk", "results")

    def __init__(self, chunk: list[Item], results: list[Result] | None = None) -> None:
        self.chunk = chunk
        self.results = results


class _Worker(Generic[Item, Result]):
    """A worker process, our end of its socket (non-blocking), what is still to be written
    to it and what has come from it, and the chunks it holds, oldest first."""

    def __init__(self, work: Callable[[list[Item]], list[Result]]) -> None:
        self.work = work
        self.held: deque[_Entry[Item, Result]] = deque()
        self._start()

    def _start(self) -> None:
        self.channel, theirs = socket.socketpair()
        for end in (self.channel, theirs):
            _widen(end)
        self.process = multiprocessing.Process(
            target=_serve, args=(theirs, self.work, os.getpid()), daemon=True
        )
        self.process.start()
        theirs.close()
        self.channel.setblocking(False)
        self.outgoing = bytearray()
        self.incoming = bytearray()

    def restart(self) -> None:
        """A fresh process in place of one that died; what it held is dropped."""
        self.held.clear()
        self.close(wait=False)
        self._start()

    def send(self, entry: _Entry[Item, Result]) -> None:
        self.held.append(entry)
        data = pickle.dumps(entry.chunk, pickle.HIGHEST_PROTOCOL)
        self.outgoing += _LENGTH.pack(len(data))
        self.outgoing += data
        self.flush()

    def flush(self) -> None:
        """Write what the socket takes now."""
        while self.outgoing:
            try:
                sent = self.channel.send(self.outgoing)
            except (BlockingIOError, InterruptedError):
                return
            del self.outgoing[:sent]

    def take(self) -> None:
        """Read what has come; each whole message is the results of the oldest chunk held.
        EOFError when the worker died."""
        while True:
            try:
                data = self.channel.recv(_READ)
            except (BlockingIOError, InterruptedError):
                break
            if not data:
                raise EOFError("the worker's socket closed")
            self.incoming += data
        while len(self.incoming) >= _LENGTH.size:
            (size,) = _LENGTH.unpack_from(self.incoming)
            end = _LENGTH.size + size
            if len(self.incoming) < end:
                return
            with memoryview(self.incoming) as view, collector_paused():
                results = pickle.loads(view[_LENGTH.size : end])
            del self.incoming[:end]
            self.held.popleft().results = results

    def close(self, *, wait: bool) -> None:
        if wait:
            with contextlib.suppress(OSError):
                self.channel.setblocking(True)
                self.channel.sendall(bytes(self.outgoing) + _LENGTH.pack(0))
        self.process.join(timeout=5 if wait else 0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.channel.close()


class _Died(Exception):
    """A worker's socket closed: the process died."""

    def __init__(self, worker: _Worker[Any, Any]) -> None:
        super().__init__("a worker process died")
        self.worker = worker


def _service(workers: list[_Worker[Item, Result]], *, wait: bool) -> None:
    """Write to every worker what its socket takes and read what has come: at once, or
    (``wait``) after waiting for any of them to be ready."""
    readers = [worker.channel for worker in workers]
    writers = [worker.channel for worker in workers if worker.outgoing]
    readable, writable, _ = select.select(readers, writers, [], None if wait else 0)
    for worker in workers:
        try:
            if worker.channel in writable:
                worker.flush()
            if worker.channel in readable:
                worker.take()
        except (EOFError, OSError) as error:
            raise _Died(worker) from error


def _send(worker: _Worker[Item, Result], entry: _Entry[Item, Result]) -> None:
    try:
        worker.send(entry)
    except OSError as error:  # the socket's other end is gone
        raise _Died(worker) from error


def run_chunks(
    chunks: Iterator[list[Item]],
    jobs: int,
    work: Callable[[list[Item]], list[Result]],
    crashed: Callable[[Item], Result],
    *,
    in_parent: bool = True,
) -> Iterator[Result]:
    """``work(chunk)`` for every chunk, in ``jobs`` processes (this one included when
    ``in_parent``), each chunk's results yielded in input order. ``work`` must return one
    result per item and not raise; ``crashed(item)`` stands for an item whose worker died
    parsing it."""
    count = max(1, jobs - 1 if in_parent else jobs)
    workers = [_Worker(work) for _ in range(count)]
    window: deque[_Entry[Item, Result]] = deque()
    limit = max(jobs, 2) * WINDOW_PER_JOB
    exhausted = False
    finished = False

    def next_chunk() -> list[Item] | None:
        nonlocal exhausted
        chunk = None if exhausted else next(chunks, None)
        exhausted = chunk is None
        return chunk

    def service(*, wait: bool) -> None:
        try:
            _service(workers, wait=wait)
        except _Died as died:
            _recover(died.worker, crashed)

    def feed() -> None:
        """Send chunks until every worker holds two (as far as the window allows)."""
        while len(window) < limit:
            worker = min(workers, key=lambda w: len(w.held))
            if len(worker.held) >= _HELD:
                return
            chunk = next_chunk()
            if chunk is None:
                return
            window.append(entry := _Entry[Item, Result](chunk))
            try:
                _send(worker, entry)
            except _Died as died:
                _recover(died.worker, crashed)

    def parse_here(entry: _Entry[Item, Result]) -> None:
        """A chunk parsed in this process a page at a time, the workers served and fed
        between pages."""
        results: list[Result] = []
        chunk = entry.chunk
        for start in range(0, len(chunk), _PAGES_BETWEEN_SERVICE):
            results += work(chunk[start : start + _PAGES_BETWEEN_SERVICE])
            service(wait=False)
            feed()
        entry.results = results

    try:
        while True:
            feed()
            if not window:
                finished = True
                return
            head = window[0]
            if head.results is None:
                service(wait=False)
            if head.results is None and in_parent and len(window) < limit:
                chunk = next_chunk()
                if chunk is not None:  # parse here while the workers are busy
                    window.append(entry := _Entry[Item, Result](chunk))
                    parse_here(entry)
                    continue
            while head.results is None:
                service(wait=True)
            window.popleft()
            yield from head.results
    finally:
        for worker in workers:
            worker.close(wait=finished)


def _recover(worker: _Worker[Item, Result], crashed: Callable[[Item], Result]) -> None:
    """After a worker died: the chunks it held, run again one item at a time in a fresh
    worker (restarted whenever an item kills it)."""
    lost = list(worker.held)
    worker.restart()
    for entry in lost:
        results: list[Result] = []
        for item in entry.chunk:
            one = _Entry[Item, Result]([item])
            try:
                _send(worker, one)
                while one.results is None:
                    _service([worker], wait=True)
                results += one.results
            except _Died:
                results.append(crashed(item))
                worker.restart()
        entry.results = results
