"""What a user can get wrong about a load's target, each told in one line with the
command's exit status (the BSD ``sysexits`` numbers): a database locked by another process,
a file that is not a database of that engine (left untouched), a directory that does not
exist, no permission, a full disk (or a file size limit), a PostgreSQL server that cannot
be reached or refuses the login. Anything else is our bug, and is reported as one.
"""

from __future__ import annotations

import errno
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

__all__ = [
    "EXIT_CANNOT_CREATE",
    "EXIT_DISK",
    "EXIT_LOCKED",
    "EXIT_NOT_A_DATABASE",
    "EXIT_NO_PERMISSION",
    "EXIT_UNREACHABLE",
    "TargetError",
    "explain",
]

EXIT_NOT_A_DATABASE = 65  # EX_DATAERR
EXIT_UNREACHABLE = 69  # EX_UNAVAILABLE
EXIT_CANNOT_CREATE = 73  # EX_CANTCREAT
EXIT_DISK = 74  # EX_IOERR
EXIT_LOCKED = 75  # EX_TEMPFAIL: try again once the other process is done
EXIT_NO_PERMISSION = 77  # EX_NOPERM

_DISK_FULL = frozenset({errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)})
_ENGINES = {"duckdb": "DuckDB", "sqlite": "SQLite", "postgres": "PostgreSQL"}
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


class TargetError(Exception):
    """A load's target cannot be used: ``str(error)`` is one line for the user, ``status``
    the command's exit status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def explain(form: str, target: str, error: BaseException) -> TargetError | None:
    """The user's-side problem ``error`` is, with the target named, or None (our bug)."""
    text = str(error)
    if form == "postgres":
        return _postgres(target, text)
    name = target
    engine = _ENGINES.get(form, form)
    holder = _LOCK_HOLDER.search(text)
    if holder is not None:
        program = Path(holder["program"]).name
        return TargetError(
            f"{name} is locked by another process ({program}, PID {holder['pid']}):"
            " wait for it to end, or end it",
            EXIT_LOCKED,
        )
    if "database is locked" in text:
        return TargetError(
            f"{name} is locked by another process: wait for it to end, or end it", EXIT_LOCKED
        )
    if "not a valid DuckDB database file" in text or "file is not a database" in text:
        return TargetError(
            f"{name} exists but is not a {engine} database; it was left as it was",
            EXIT_NOT_A_DATABASE,
        )
    number = getattr(error, "errno", None)
    if number in _DISK_FULL or any(
        words in text
        for words in (
            "No space left on device",
            "File too large",
            "database or disk is full",
            "disk I/O error",
        )
    ):
        return TargetError(
            f"{name}: the disk is full (or a file size limit was reached); the open batch was"
            " rolled back",
            EXIT_DISK,
        )
    if any(words in text for words in ("Permission denied", "readonly database")) or number in (
        errno.EACCES,
        errno.EPERM,
        errno.EROFS,
    ):
        return TargetError(f"{name}: permission denied", EXIT_NO_PERMISSION)
    if "No such file or directory" in text or "unable to open database file" in text:
        return _cannot_open(name)
    return None


def _cannot_open(target: str) -> TargetError:
    """A file that cannot be opened or made: its directory missing, or not ours to write."""
    directory = Path(target).parent
    if not directory.is_dir():
        return TargetError(
            f"{target}: the directory {directory} does not exist", EXIT_CANNOT_CREATE
        )
    try:  # what the system says of writing there (a probe that leaves nothing behind)
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as probe:
        if probe.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return TargetError(f"{target}: permission denied", EXIT_NO_PERMISSION)
        return TargetError(f"{target}: cannot be made ({probe.strerror})", EXIT_CANNOT_CREATE)
    return TargetError(f"{target}: cannot be opened", EXIT_CANNOT_CREATE)


def _postgres(url: str, text: str) -> TargetError | None:
    where = f"PostgreSQL at {shown_url(url)}"
    reason = " ".join(text.split("\n", 1)[0].split()) or "no reason given"
    if any(
        words in text
        for words in ("password authentication failed", "does not exist", "no password supplied",
                      "authentication failed", "permission denied")
    ):  # fmt: skip
        return TargetError(f"{where} refused the login: {reason}", EXIT_NO_PERMISSION)
    if any(
        words in text
        for words in ("Connection refused", "could not connect", "connection failed",
                      "timeout expired", "Name or service not known", "No route to host")
    ):  # fmt: skip
        return TargetError(f"{where} cannot be reached: {reason}", EXIT_UNREACHABLE)
    return None


def shown_url(url: str) -> str:
    """A database URL as it may be shown: without its password."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<the --db URL>"
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))
