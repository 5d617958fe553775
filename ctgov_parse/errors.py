"""The one exception type of ctgov_parse, carrying where the problem is."""

from __future__ import annotations

__all__ = ["NormalizeError", "ParseError"]


class ParseError(ValueError):
    """A page could not be read, or (with ``strict=True``) it had a defect.

    ``line`` is the 1-based line number in the page (``None`` when the problem is not tied to a
    line, such as undecodable bytes), ``section`` the canonical section name and ``field`` the
    record field concerned, when known. ``code`` is the stable diagnostic code.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "parse-error",
        line: int | None = None,
        section: str | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.code = code
        self.line = line
        self.section = section
        self.field = field
        where = f"line {line}: " if line is not None else ""
        what = f" [{field}]" if field else ""
        super().__init__(f"{where}{message}{what} ({code})")

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments do not survive the default pickling, and batch workers
        # send these across processes.
        return (
            _rebuild_parse_error,
            (self.message, self.code, self.line, self.section, self.field),
        )


def _rebuild_parse_error(
    message: str, code: str, line: int | None, section: str | None, field: str | None
) -> ParseError:
    return ParseError(message, code=code, line=line, section=section, field=field)


class NormalizeError(ValueError):
    """A normalizer was given text it cannot read; ``text`` is the offending input.

    Internal to the pipeline: the builder turns it into a diagnostic or a ``ParseError``.
    """

    def __init__(self, kind: str, text: str) -> None:
        self.kind = kind
        self.text = text
        super().__init__(f"not a valid {kind}: {text!r}")
