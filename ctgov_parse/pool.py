"""Worker processes for batch parsing: chunks of pages in, results out, in input order.

Strategy: ``jobs`` processes parse: ``jobs - 1`` workers fed through pipes, and this
process, which parses a chunk of its own whenever the chunk due next is not back yet (so
that on two cores two processes parse, not two workers and a parent that mostly waits).
Only the workers' results cross between processes; what this process parses never does.
A worker takes its next chunk as soon as it has sent a result (a thread in the worker
drains its pipe, so neither side can block the other), and holds at most two. A worker
that dies (a crash, not an exception: those come back as results) loses the chunks it
held; they are run again one item at a time in a fresh worker, so only an item that kills
a worker fails. An item that kills the process parsing it when that process is this one
ends the run, as it does with one job.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import queue
import select
import signal
import socket
import struct
import threading
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from ctgov_parse.build import collector_paused

__all__ = ["run_chunks"]

Item = TypeVar("Item")
Result = TypeVar("Result")

WINDOW_PER_JOB = 4  # chunks in flight (or parsed, not yet yielded) per job: bounds memory
_HELD = 2  # chunks a worker holds at once: one being parsed, the next one ready


# A message on a worker's socket: its length (8 bytes, network order), then its bytes; an
# empty message ends the worker. ``sendall`` and ``MSG_WAITALL`` move a whole message in one
# call that waits without the GIL (a loop of partial reads and writes in Python took the
# GIL from the parsing thread at every step: a tenth of the run went on switching).
_LENGTH = struct.Struct("!Q")


_BUFFER = 4 << 20  # room for a whole chunk or its results: one wake-up a message


def _widen(channel: socket.socket) -> None:
    """Ask for socket buffers that hold a whole message (the system may give less: then a
    message takes a few wake-ups, nothing worse)."""
    for option in (socket.SO_SNDBUF, socket.SO_RCVBUF):
        with contextlib.suppress(OSError):
            channel.setsockopt(socket.SOL_SOCKET, option, _BUFFER)


def _send(channel: socket.socket, data: bytes) -> None:
    if len(data) < 1 << 16:
        channel.sendall(_LENGTH.pack(len(data)) + data)
    else:
        channel.sendall(_LENGTH.pack(len(data)))
        channel.sendall(data)


def _read(channel: socket.socket, size: int) -> bytearray:
    buffer = bytearray(size)
    view = memoryview(buffer)
    done = 0
    while done < size:
        count = channel.recv_into(view[done:], size - done, socket.MSG_WAITALL)
        if count == 0:
            raise EOFError("the worker's socket closed")
        done += count
    return buffer


def _receive(channel: socket.socket) -> bytearray:
    (size,) = _LENGTH.unpack(_read(channel, _LENGTH.size))
    return _read(channel, size)


def _serve(channel: socket.socket, work: Callable[[list[Any]], list[Any]]) -> None:
    """A worker's life: chunks in, results out, until the empty message (or a closed socket).

    A thread reads the socket and another writes it, so that the worker parses on while this
    process is busy (a chunk's results are bigger than a socket holds: sending them waits
    for the parent to read)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides, and stops the workers
    inbox: queue.SimpleQueue[bytearray] = queue.SimpleQueue()
    outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()

    def receive() -> None:
        try:
            while True:
                data = _receive(channel)
                inbox.put(data)
                if not data:
                    return
        except (EOFError, OSError):
            inbox.put(bytearray())

    def send() -> None:
        with contextlib.suppress(OSError):
            while (data := outbox.get()) is not None:
                _send(channel, data)

    threading.Thread(target=receive, daemon=True).start()
    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    while True:
        data = inbox.get()
        if not data:
            break
        with collector_paused():
            results = work(pickle.loads(data))
            outbox.put(pickle.dumps(results, pickle.HIGHEST_PROTOCOL))
    outbox.put(None)
    sender.join()


class _Entry(Generic[Item, Result]):
    """A chunk in the window: sent to a worker (``results`` None until it is back) or
    parsed here."""

    __slots__ = ("chunk", "results")

    def __init__(self, chunk: list[Item], results: list[Result] | None = None) -> None:
        self.chunk = chunk
        self.results = results


class _Worker(Generic[Item, Result]):
    """A worker process, our end of its socket, and the chunks it holds, oldest first."""

    def __init__(self, work: Callable[[list[Item]], list[Result]]) -> None:
        self.work = work
        self.held: deque[_Entry[Item, Result]] = deque()
        self._start()

    def _start(self) -> None:
        self.channel, theirs = socket.socketpair()
        for end in (self.channel, theirs):
            _widen(end)
        self.process = multiprocessing.Process(target=_serve, args=(theirs, self.work), daemon=True)
        self.process.start()
        theirs.close()

    def restart(self) -> None:
        """A fresh process in place of one that died; what it held is dropped."""
        self.held.clear()
        self.close(wait=False)
        self._start()

    def send(self, entry: _Entry[Item, Result]) -> None:
        self.held.append(entry)
        _send(self.channel, pickle.dumps(entry.chunk, pickle.HIGHEST_PROTOCOL))

    def ready(self) -> bool:
        return bool(select.select([self.channel], [], [], 0)[0])

    def receive(self) -> None:
        """The oldest held chunk's results (blocks); EOFError when the worker died."""
        data = _receive(self.channel)
        with collector_paused():  # a chunk's records hold no cycles
            self.held.popleft().results = pickle.loads(data)

    def close(self, *, wait: bool) -> None:
        with contextlib.suppress(OSError):
            if wait:
                _send(self.channel, b"")
        self.process.join(timeout=5 if wait else 0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.channel.close()


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

    try:
        while True:
            while len(window) < limit:  # keep every worker holding two chunks
                worker = min(workers, key=lambda w: len(w.held))
                if len(worker.held) >= _HELD:
                    break
                chunk = next_chunk()
                if chunk is None:
                    break
                window.append(entry := _Entry[Item, Result](chunk))
                worker.send(entry)
            if not window:
                finished = True
                return
            head = window[0]
            if head.results is None:
                owner = next(w for w in workers if w.held and w.held[0] is head)
                if in_parent and len(window) < limit and not owner.ready():
                    chunk = next_chunk()
                    if chunk is not None:  # parse here while the worker is busy
                        window.append(_Entry(chunk, work(chunk)))
                        continue
                try:
                    while head.results is None:
                        owner.receive()
                except (EOFError, OSError):
                    lost = list(owner.held)
                    owner.restart()
                    for entry in lost:
                        entry.results = _one_by_one(entry.chunk, owner, crashed)
                    continue
            window.popleft()
            yield from head.results
    finally:
        for worker in workers:
            worker.close(wait=finished)


def _one_by_one(
    chunk: list[Item], worker: _Worker[Item, Result], crashed: Callable[[Item], Result]
) -> list[Result]:
    """The chunk's results, each item sent alone to ``worker`` (restarted when an item
    kills it)."""
    results: list[Result] = []
    for item in chunk:
        entry = _Entry[Item, Result]([item])
        try:
            worker.send(entry)
            worker.receive()
            assert entry.results is not None
            results += entry.results
        except (EOFError, OSError):
            results.append(crashed(item))
            worker.restart()
    return results
