"""The reporting policy of one parse: the one place where the two behaviours part.

A defect is reported through one callable, which in lenient mode appends a ``Diagnostic``
(stamped with the kind of page it was found in) and in strict mode raises ``ParseError``
(WARNING and ERROR levels; INFO never raises).

A page of wreckage can hold a defect on every line; past ``PER_CODE`` diagnostics of one
code the rest are only counted, and one ``diagnostics-capped`` diagnostic carries the count
(the lines themselves are still kept where they belong).
"""

from __future__ import annotations

from ctgov_parse.errors import ParseError
from ctgov_parse.model import Diagnostic, Level, PageKind, new

__all__ = ["CAPPED", "PER_CODE", "Diagnostics"]

PER_CODE = 100  # diagnostics of one code listed per page
CAPPED = "diagnostics-capped"


class Diagnostics:
    """Collect (lenient) or raise (strict) the defects of one page."""

    __slots__ = ("counts", "found", "page", "skipped", "strict")

    def __init__(self, strict: bool, page: PageKind | None = None) -> None:
        self.strict = strict
        self.page = page
        self.found: list[Diagnostic] = []
        self.counts: dict[str, int] = {}
        self.skipped: dict[str, Diagnostic] = {}  # per capped code: its first unlisted one

    def __call__(
        self,
        code: str,
        message: str,
        *,
        line: int | None,
        level: Level = Level.WARNING,
        section: str | None = None,
        field: str | None = None,
    ) -> None:
        if self.strict and level is not Level.INFO:
            raise ParseError(message, code=code, line=line, section=section, field=field)
        seen = self.counts[code] = self.counts.get(code, 0) + 1
        if seen > PER_CODE:
            if seen == PER_CODE + 1:
                self.skipped[code] = new.diagnostic(
                    code=code, message=message, line=line, level=level
                )
            return
        self.found.append(
            new.diagnostic(
                code=code,
                message=message,
                line=line,
                level=level,
                section=section,
                field=field,
                page=self.page,
            )
        )

    def count_only(self, code: str, line: int | None, level: Level = Level.WARNING) -> bool:
        """True (and one more counted) when a diagnostic of ``code`` would no longer be
        listed: a hot loop over wreckage then skips writing its message."""
        seen = self.counts.get(code, 0)
        if seen < PER_CODE:
            return False
        self.counts[code] = seen + 1
        if seen == PER_CODE:
            self.skipped[code] = new.diagnostic(code=code, message="", line=line, level=level)
        return True

    def room(self, code: str) -> int:
        """How many more diagnostics of ``code`` would still be listed."""
        return max(PER_CODE - self.counts.get(code, 0), 0)

    def count_unlisted(
        self, code: str, count: int, line: int | None, level: Level = Level.WARNING
    ) -> None:
        """Count ``count`` diagnostics of ``code`` past the cap in one step, the first at
        ``line`` (for after ``room(code)`` more were reported: a hot loop over wreckage
        then builds no message, nor a call, per line)."""
        if count <= 0:
            return
        self.counts[code] = self.counts.get(code, 0) + count
        if code not in self.skipped:
            self.skipped[code] = new.diagnostic(code=code, message="", line=line, level=level)

    def all(self) -> tuple[Diagnostic, ...]:
        """What was found, then one ``diagnostics-capped`` per code that went over the cap
        (at the line of its first unlisted diagnostic, with the number not listed)."""
        if not self.skipped:
            return tuple(self.found)
        capped = [
            new.diagnostic(
                code=CAPPED,
                message=(
                    f"{self.counts[code] - PER_CODE} more {code!r} diagnostics not listed"
                    f" (the first {PER_CODE} are)"
                ),
                line=first.line,
                level=first.level,
                page=self.page,
                count=self.counts[code] - PER_CODE,
            )
            for code, first in self.skipped.items()
        ]
        return (*self.found, *capped)
