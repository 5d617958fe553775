"""A load in a process of its own, beside the parse: the command's database writer.

Strategy: the command parses pages and makes their rows; parts of a few hundred pages go
through a pipe to a loader process that turns them into Arrow data and writes each part as
it comes, inside the batch's transaction, committed when the command says the batch is
whole. The next part is parsed while one is written; the last commit waits on one part,
not on a whole batch. After each part the loader says so, with how many pages it has
committed (the command's progress shows it). The pipe holds one part: memory stays at the part being
gathered and the one being written. A run cut short terminates the loader: its open
transaction is never committed, so the database keeps the batches committed before,
never half a study.

The loader opens the target while the command starts parsing: a target that does not exist
yet holds no pages, so nothing waits for it to be made; an existing one first says which
pages it holds (their hashes), which are then not parsed again.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import sys
import threading
import time
import traceback
from multiprocessing.connection import Connection
from typing import Any

import attrs

from ctgov_parse.lifeline import become_helper
from ctgov_parse.tables.load import LoadReport, Store, load_part
from ctgov_parse.tables.problems import TargetError, explain

__all__ = ["MERGED_PAGES", "LoaderFailed", "LoaderProcess"]

MERGED_PAGES = 2000  # the most pages parts waiting to go are joined into


def _serve(form: str, target: str, connection: Connection, parent: int) -> None:
    from ctgov_parse.tables.targets import open_store

    become_helper(parent)  # ends with the command, even by SIGKILL: nothing half-committed
    gc.disable()  # acyclic rows: collected once per batch, not while they are written
    report = LoadReport()
    try:
        store = open_store(form, target)
        connection.send(("ready", store.stored_digests()))
        try:
            _write_parts(store, connection, report)
        finally:
            store.close()
    except Exception as error:  # handed to the command, which reports it
        problem = explain(form, target, error)
        if problem is not None:
            connection.send(("target", (str(problem), problem.status)))
        else:
            connection.send(("error", traceback.format_exc()))
        return
    connection.send(("done", report))


def _write_parts(store: Store, connection: Connection, report: LoadReport) -> None:
    """Write parts as they come, each in the open transaction; commit where told."""
    transaction: contextlib.AbstractContextManager[None] | None = None
    committed = 0
    try:
        while (message := connection.recv()) is not None:
            part, commit = message
            if transaction is None:
                transaction = store.transaction()
                transaction.__enter__()
            pages = [attrs.evolve(pickle.loads(page), digest=digest) for digest, page in part]
            del part, message
            load_part(store, pages, report)
            del pages
            if commit:
                transaction.__exit__(None, None, None)
                transaction = None
                report.batches += 1
                committed = report.loaded
                gc.collect()
            connection.send(("written", committed))
    except BaseException:
        if transaction is not None:  # rolled back: the batch is not committed
            transaction.__exit__(*sys.exc_info())
        raise
    if transaction is not None:
        transaction.__exit__(None, None, None)
        report.batches += 1


class LoaderFailed(RuntimeError):
    """The loader failed for a reason of ours, not the target's: its traceback."""


class LoaderProcess:
    """Writes parts of batches of ``PageRows`` into the ``form`` target at ``target`` from
    a child process; ``finish`` waits for the last commit and returns the load's report.
    ``committed`` is the number of pages committed so far, as last heard; ``waited`` the
    seconds this process spent waiting on the loader (a full pipe, the last commit)."""

    def __init__(self, form: str, target: str, *, new: bool = False) -> None:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._connection, child = context.Pipe()
        self._process: Any = context.Process(  # type: ignore[attr-defined]
            target=_serve,
            args=(form, target, child, os.getpid()),
            name="ctgov-parse-load",
            daemon=True,
        )
        self._process.start()
        child.close()
        self.committed = 0
        self.waited = 0.0
        # Parts go out from a thread of their own: a send waits while the loader writes the
        # part before, and this process parses on meanwhile. Parts given while one waits to
        # go join it (up to MERGED_PAGES pages, within its batch): a loader that falls
        # behind gets larger parts, and so fewer statements a page.
        self._turn = threading.Condition()
        self._waiting: list[Any] | None = None  # [pages, commit]: the part next to go
        self._stopping = False
        self._sender = threading.Thread(target=self._send_parts, daemon=True)
        self._sender.start()
        self._ready = False
        # An existing target opens, or its problem is told, before any page is parsed; it
        # says which pages it holds already (their hashes). A new one holds none.
        self.stored: frozenset[str] = frozenset() if new else self._wait_ready()

    def _wait_ready(self) -> frozenset[str]:
        stored = self._expect("ready")
        self._ready = True
        assert isinstance(stored, frozenset)
        return stored

    def submit(self, part: list[tuple[str | None, bytes]], *, commit: bool) -> None:
        """Send a part of a batch (pages' hashes and pickled ``PageRows``), and whether the
        batch ends with it; waits while the loader is still writing the part before."""
        if not self._ready:
            self._wait_ready()
        self._hear()
        started = time.perf_counter()
        with self._turn:
            while self._waiting is not None and (
                self._waiting[1] or len(self._waiting[0]) >= MERGED_PAGES
            ):
                self._turn.wait()  # the loader is behind: this process waits for it
            if self._waiting is None:
                self._waiting = [part, commit]
            else:
                self._waiting[0] += part
                self._waiting[1] = commit
            self._turn.notify_all()
        self.waited += time.perf_counter() - started

    def _send_parts(self) -> None:
        with contextlib.suppress(OSError):  # the loader ended: the command hears why
            while True:
                with self._turn:
                    while self._waiting is None and not self._stopping:
                        self._turn.wait()
                    message, self._waiting = self._waiting, None
                    self._turn.notify_all()
                if message is None:
                    break
                self._connection.send((message[0], message[1]))
                del message
            self._connection.send(None)

    def _hear(self) -> None:
        """Take in what the loader said since: parts written, or that it stopped (it
        failed)."""
        while self._connection.poll():
            kind, value = self._connection.recv()
            if kind != "written":
                self._fail(kind, value)
            self.committed = value

    def finish(self) -> LoadReport:
        started = time.perf_counter()
        if not self._ready:
            self._wait_ready()
        with self._turn:
            self._stopping = True
            self._turn.notify_all()
        self._sender.join()
        report = self._expect("done")
        self.waited += time.perf_counter() - started
        assert isinstance(report, LoadReport)
        self.committed = report.loaded
        return report

    def _expect(self, word: str) -> Any:
        """The loader's next word but commits, which should be ``word``: a problem with the
        target raises ``TargetError``, any other failure ``LoaderFailed`` with its
        traceback."""
        while True:
            try:
                kind, value = self._connection.recv()
            except EOFError:
                self._process.join()
                raise LoaderFailed("the loader process ended without a word") from None
            if kind == "written":
                self.committed = value
                continue
            if kind == word:
                if word == "done":
                    self._process.join()
                return value
            self._fail(kind, value)

    def _fail(self, kind: str, value: Any) -> None:
        self._process.join()
        if kind == "target":
            message, status = value
            raise TargetError(message, status)
        raise LoaderFailed(value)

    def abandon(self) -> None:
        """End the loader now, its open transaction uncommitted."""
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()
