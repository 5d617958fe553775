"""Helper processes end with the process that started them, however it ends.

A worker or a loader blocked on a read never sees its parent die when another process (a
sibling forked later) still holds the other end of its pipe: it would wait forever, holding
the database's lock. So each child asks the kernel to kill it when its parent dies
(``PR_SET_PDEATHSIG`` on Linux), and where that is not to be had, a thread watches the
parent's id and ends the process once it changes. What such a child had not committed is
never committed: a database transaction left open by a killed process is rolled back.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

__all__ = ["become_helper"]

_PR_SET_PDEATHSIG = 1
_WATCH_SECONDS = 0.5


def become_helper(parent: int) -> None:
    """Make this (child) process a helper of ``parent``, the process that started it:
    called first thing in the child. It dies when the parent does; Ctrl-C is the parent's
    to answer (it then ends its helpers); SIGTERM, which the parent sends to end it, ends it
    at once and without a word (not through a handler the parent had installed, which a
    forked child inherits)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGXFSZ"):  # a write past a file size limit fails, and is told
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    if not _death_signal():
        threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent died before we could ask
        os._exit(1)


def _death_signal() -> bool:
    """Ask the kernel for SIGKILL when the parent dies; False where it cannot be asked."""
    if not sys.platform.startswith("linux"):
        return False
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_SECONDS)
    os._exit(1)
