"""The reporting policy of one parse: the one place where the two behaviours part.

A defect is reported through one callable, which in lenient mode appends a ``Diagnostic``
(stamped with the kind of page it was found in) and in strict mode raises ``ParseError``
(WARNING and ERROR levels; INFO never raises).
"""

from __future__ import annotations

from ctgov_parse.errors import ParseError
from ctgov_parse.model import Diagnostic, Level, PageKind

__all__ = ["Diagnostics"]


class Diagnostics:
    """Collect (lenient) or raise (strict) the defects of one page."""

    __slots__ = ("found", "page", "strict")

    def __init__(self, strict: bool, page: PageKind | None = None) -> None:
        self.strict = strict
        self.page = page
        self.found: list[Diagnostic] = []

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
        self.found.append(
            Diagnostic(
                code=code,
                message=message,
                line=line,
                level=level,
                section=section,
                field=field,
                page=self.page,
            )
        )
