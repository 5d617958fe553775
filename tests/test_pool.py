"""The worker processes: results in input order, this process parsing while its workers are
busy, a dying worker failing only its item, and no process left behind."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from ctgov_parse.pool import run_chunks

PARENT = os.getpid()


def where(chunk: list[int]) -> list[tuple[int, int]]:
    """Each item with the process that took it; the workers are slow."""
    if os.getpid() != PARENT:
        time.sleep(0.02)
    return [(item, os.getpid()) for item in chunk]


def dies_on_13(chunk: list[int]) -> list[tuple[int, int]]:
    if 13 in chunk and os.getpid() != PARENT:
        os._exit(1)
    return [(item, os.getpid()) for item in chunk]


def crashed(item: int) -> tuple[int, int]:
    return (item, -1)


def chunks(count: int, size: int) -> list[list[int]]:
    return [list(range(start, min(start + size, count))) for start in range(0, count, size)]


@pytest.mark.parametrize("jobs", [2, 3])
def test_results_come_in_input_order_and_this_process_takes_a_share(jobs: int) -> None:
    results = list(run_chunks(iter(chunks(120, 4)), jobs, where, crashed))
    assert [item for item, _ in results] == list(range(120))
    by = {pid for _, pid in results}
    assert PARENT in by and len(by - {PARENT}) >= 1  # slow workers: this process helped


def test_without_the_parent_only_workers_parse() -> None:
    results = list(run_chunks(iter(chunks(40, 4)), 2, where, crashed, in_parent=False))
    assert [item for item, _ in results] == list(range(40))
    assert PARENT not in {pid for _, pid in results}


def test_a_dying_worker_fails_only_its_item() -> None:
    results = list(run_chunks(iter(chunks(30, 4)), 2, dies_on_13, crashed, in_parent=False))
    assert [item for item, _ in results] == list(range(30))
    assert [item for item, pid in results if pid == -1] == [13]


def test_stopping_early_leaves_no_worker_behind() -> None:
    others = set(multiprocessing.active_children())  # other tests' (a Dask cluster's)
    results = run_chunks(iter(chunks(400, 4)), 3, where, crashed)
    assert next(results)[0] == 0
    ours = set(multiprocessing.active_children()) - others
    assert len(ours) == 2
    results.close()
    deadline = time.monotonic() + 10
    while ours & set(multiprocessing.active_children()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not ours & set(multiprocessing.active_children())
    assert not any(process.is_alive() for process in ours)


def echo_big(chunk: list[bytes]) -> list[bytes]:
    return [item[::-1] * 2 for item in chunk]


def test_messages_far_bigger_than_the_sockets_buffers(monkeypatch: pytest.MonkeyPatch) -> None:
    # Buffers of a few kilobytes (the system's least): every chunk and every reply takes
    # many partial writes and reads, and neither side may block the other.
    monkeypatch.setattr("ctgov_parse.pool._BUFFER", 4096)
    items = [bytes([n]) * 200_000 for n in range(24)]
    chunked = [items[start : start + 3] for start in range(0, len(items), 3)]
    results = list(run_chunks(iter(chunked), 2, echo_big, lambda item: b""))
    assert results == [item * 2 for item in items]
    assert (
        list(run_chunks(iter(chunked), 3, echo_big, lambda item: b"", in_parent=False)) == results
    )
