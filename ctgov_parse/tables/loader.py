"""A load in a process of its own, beside the parse: the command's database writer.

Strategy: the command parses pages and makes their rows; batches of rows go through a pipe
to a loader process that turns them into Arrow data and writes them, one transaction per
batch, while the next batch is parsed. Writing was a third of a load's time; now it runs
on another core. The pipe holds one batch: memory stays at the batch being gathered and
the one being written. A run cut short terminates the loader: its open transaction is
never committed, so the database keeps the batches committed before, never half a study.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import traceback
from multiprocessing.connection import Connection
from typing import Any

import attrs

from ctgov_parse.lifeline import become_helper
from ctgov_parse.tables.load import LoadReport, load_batch
from ctgov_parse.tables.problems import TargetError, explain

__all__ = ["LoaderFailed", "LoaderProcess"]


def _serve(form: str, target: str, connection: Connection, parent: int) -> None:
    from ctgov_parse.tables.targets import open_store

    become_helper(parent)  # ends with the command, even by SIGKILL: nothing half-committed
    gc.disable()  # acyclic rows: collected once per batch, not while they are written
    report = LoadReport()
    try:
        store = open_store(form, target)
        connection.send(("ready", store.stored_digests()))
        try:
            while (batch := connection.recv()) is not None:
                pages = [attrs.evolve(pickle.loads(page), digest=digest) for digest, page in batch]
                load_batch(store, pages, report)
                del batch
                gc.collect()
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


class LoaderFailed(RuntimeError):
    """The loader failed for a reason of ours, not the target's: its traceback."""


class LoaderProcess:
    """Writes batches of ``PageRows`` into the ``form`` target at ``target`` from a child
    process; ``finish`` waits for the last commit and returns the load's report."""

    def __init__(self, form: str, target: str) -> None:
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
        # The target opens, or its problem is told before any page is parsed; it says which
        # pages it holds already (their hashes).
        self.stored: frozenset[str] = self._expect("ready")

    def submit(self, batch: list[tuple[str | None, bytes]]) -> None:
        """Send a batch of pages' hashes and pickled ``PageRows``; waits while the loader is
        still writing the one before."""
        if self._connection.poll():  # the loader stopped early: it failed
            self._finished()
        self._connection.send(batch)

    def finish(self) -> LoadReport:
        self._connection.send(None)
        return self._finished()

    def _finished(self) -> LoadReport:
        report = self._expect("done")
        assert isinstance(report, LoadReport)
        return report

    def _expect(self, word: str) -> Any:
        """The loader's next message, which should be ``word``: a problem with the target
        raises ``TargetError``, any other failure ``LoaderFailed`` with its traceback."""
        try:
            kind, value = self._connection.recv()
        except EOFError:
            self._process.join()
            raise LoaderFailed("the loader process ended without a word") from None
        if kind == word:
            if word == "done":
                self._process.join()
            return value
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
