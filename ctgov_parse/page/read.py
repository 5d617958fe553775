"""The reading primitives every extractor of every page kind shares: the per-page context,
and the shapes sections have in common (label above value, blocks closed or opened by an
anchor line, free text, one item a line)."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from ctgov_parse import grammar
from ctgov_parse.diagnose import Diagnostics
from ctgov_parse.errors import NormalizeError
from ctgov_parse.model import Line, PageKind, new
from ctgov_parse.normalize import normalize_token, unescape_markdown
from ctgov_parse.page.split import NumberedLine

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)


# The one reporting policy (lenient or strict) every extractor reports through: a concrete
# class rather than a Protocol, so that compiled extractors call it natively.
Reporter = Diagnostics


class Context:
    """The state of one page while its sections are read.

    ``fields`` collects the Trial's fields (extractors read earlier sections from it),
    ``raw`` the page spellings of top-level fields, ``kept`` the lines no field used (as
    each section's reader handed them over: ``unparsed`` turns them into records once),
    ``facts`` what an extractor saw that is no field but matters to the page as a whole
    (whether its last entry was whole, for truncation); ``ends_page`` says whether the
    section being read is where the page ends (what ends there may have been cut).
    """

    __slots__ = ("ends_page", "facts", "fields", "kept", "raw", "report", "section")

    def __init__(self, report: Reporter) -> None:
        self.fields: dict[str, Any] = {}
        self.facts: dict[str, bool] = {}
        self.raw: dict[str, str] = {}
        self.kept: list[tuple[str | None, list[NumberedLine]]] = []
        self.report = report
        self.section: str | None = None
        self.ends_page = False

    def keep(self, lines: Iterable[NumberedLine]) -> None:
        """Lines that no field took: they go to ``Trial.unparsed``."""
        if lines:
            self.kept.append((self.section, list(lines)))

    def unparsed(self, page: PageKind | None) -> tuple[Line, ...]:
        """The kept lines that are not blank, as records, in page order."""
        found = [
            new.line(number=number, text=text, section=section, page=page)
            for section, lines in self.kept
            for number, text in lines
            if text
        ]
        found.sort(key=_line_number)
        return tuple(found)

    def normalized(self, reader: Callable[[str], T], text: str, line: int, field: str) -> T | None:
        """``reader(text)``, or ``None`` and a ``bad-<kind>`` diagnostic when it fails."""
        try:
            return reader(text)
        except NormalizeError as error:
            self.report(
                f"bad-{_code_kind(error.kind)}",
                f"cannot read {error.kind} from {text.strip()!r}",
                line=line,
                section=self.section,
                field=field,
            )
            return None

    def token(self, enum_type: type[E], text: str, line: int, field: str) -> E | None:
        member = enum_type._value2member_map_.get(text)  # the usual case: the token itself
        if member is not None:
            return member  # type: ignore[return-value]
        try:
            return normalize_token(enum_type, text)
        except NormalizeError:
            self.report(
                "unknown-value",
                f"{text.strip()!r} is not a known {enum_type.__name__} value",
                line=line,
                section=self.section,
                field=field,
            )
            return None


def _code_kind(kind: str) -> str:
    return kind.lower().replace(" ", "-").replace("/", "-")


def note_raw(raw: dict[str, str], field: str, page_text: str, canonical: str) -> None:
    """Remember the page spelling of ``field`` when it is not the canonical one."""
    if page_text != canonical:
        raw[field] = page_text


def note_token_raw(
    raw: dict[str, str], field: str, page_text: str, value: enum.Enum | None
) -> None:
    # The token itself is by far the most common spelling: compare with it first.
    if value is not None and page_text != value._value_:
        note_raw(raw, field, page_text, grammar.page_spelling(value))


def plain_text(raw: dict[str, str], field: str, page_text: str) -> str:
    """A one-line text value with its escapes removed; the page spelling is noted if needed."""
    value = unescape_markdown(page_text)
    note_raw(raw, field, page_text, value)
    return value


def read_token(
    ctx: Context,
    raw: dict[str, str],
    field: str,
    enum_type: type[E],
    number: int,
    page_text: str,
) -> E | None:
    """A token value; when it cannot be read its page text stays in ``raw``. An empty value
    (a label with nothing after it) is a missing value."""
    if not page_text:
        ctx.report(
            "missing-value",
            f"the {field.replace('_', ' ')} label has no value",
            line=number,
            section=ctx.section,
            field=field,
        )
        return None
    value = ctx.token(enum_type, page_text, number, field)
    if value is None:
        raw[field] = page_text
    else:
        note_token_raw(raw, field, page_text, value)
    return value


def stripped_nonblank(lines: Iterable[NumberedLine]) -> list[NumberedLine]:
    return [(number, text.strip()) for number, text in lines if text]


# --- free text ------------------------------------------------------------------------------


def text_block(lines: Sequence[NumberedLine]) -> tuple[str, str] | None:
    """Free text from lines (blank lines are paragraph breaks): (normalized, raw), or None."""
    start, end = 0, len(lines)
    while start < end and not lines[start][1]:
        start += 1
    while end > start and not lines[end - 1][1]:
        end -= 1
    if start == end:
        return None
    raw = "\n".join(text for _, text in lines[start:end])
    return unescape_markdown(raw), raw


def read_text(
    ctx: Context, lines: Sequence[NumberedLine], field: str, raw: dict[str, str]
) -> str | None:
    block = text_block(lines)
    if block is None:
        return None
    text, page_text = block
    note_raw(raw, field, page_text, text)
    return text


def store_text(
    fields: dict[str, Any], raw: dict[str, str], field: str, lines: Sequence[NumberedLine]
) -> None:
    """Free text into ``fields[field]``, its page text into ``raw`` where it differs (no
    text, nothing stored)."""
    block = text_block(lines)
    if block is not None:
        fields[field] = block[0]
        note_raw(raw, field, block[1], block[0])


def read_list(lines: Sequence[NumberedLine], field: str, raw: dict[str, str]) -> tuple[str, ...]:
    """One item a line; the page spelling of the whole list is kept if any item had escapes."""
    items = stripped_nonblank(lines)
    values = tuple(unescape_markdown(text) for _, text in items)
    page_texts = [text for _, text in items]
    if list(values) != page_texts:
        raw[field] = "\n".join(page_texts)
    return values


# --- labels above values ----------------------------------------------------------------------


class Labelled:
    """A label's value line and the free lines that follow it before the next label."""

    __slots__ = ("extras", "label_line", "line", "text")

    def __init__(self, label_line: int) -> None:
        self.label_line = label_line
        self.line = label_line  # the value's line once one is read
        self.text: str | None = None
        self.extras: list[NumberedLine] = []


def read_labelled(
    lines: Sequence[NumberedLine], labels: Mapping[str, str]
) -> tuple[dict[str, Labelled], list[NumberedLine]]:
    """Pair each label line with the value line below it.

    Returns the values by field name and the lines that stood before any label. A repeated
    label keeps its first value; the repeat and its lines count as free lines of the field
    before it (they end up unparsed unless the caller uses them).
    """
    field_by_label = {label: field for field, label in labels.items()}
    values: dict[str, Labelled] = {}
    before: list[NumberedLine] = []
    current: Labelled | None = None
    for number, text in lines:
        if not text:
            if current is not None and current.text is not None:
                current.extras.append((number, text))
            continue
        stripped = text.strip()
        field = field_by_label.get(stripped)
        if field is not None and field not in values:
            current = values[field] = Labelled(number)
            continue
        if current is None:
            before.append((number, text))
        elif current.text is None:
            current.line, current.text = number, stripped
        else:
            current.extras.append((number, text))
    return values, before


# --- blocks -----------------------------------------------------------------------------------


def blocks_closed_by(
    lines: Sequence[NumberedLine], is_anchor: Callable[[str], bool]
) -> list[tuple[list[NumberedLine], NumberedLine | None]]:
    """Cut lines into blocks, each closed by an anchor line: (lines before it, anchor). Lines
    after the last anchor, when not all blank, form a last block with no anchor (a page cut
    inside a block keeps what is there)."""
    blocks: list[tuple[list[NumberedLine], NumberedLine | None]] = []
    current: list[NumberedLine] = []
    for number, text in lines:
        if text and is_anchor(text.strip()):
            blocks.append((current, (number, text)))
            current = []
        else:
            current.append((number, text))
    if any(text for _, text in current):
        blocks.append((current, None))
    return blocks


def blocks_opened_before(
    lines: Sequence[NumberedLine], is_anchor: Callable[[str], bool]
) -> tuple[list[list[NumberedLine]], list[NumberedLine]]:
    """Cut non-blank lines into blocks, each starting one line above an anchor line (a name
    above its ``Role:`` line). Returns the blocks and the lines before the first block."""
    items = stripped_nonblank(lines)
    anchors = [is_anchor(text) for _, text in items]
    # An anchor right below another anchor cannot have a name above it: it stays a detail.
    starts = [
        index - 1 for index in range(1, len(items)) if anchors[index] and not anchors[index - 1]
    ]
    if not starts:
        return [], items
    blocks = [
        items[start:end] for start, end in zip(starts, [*starts[1:], len(items)], strict=True)
    ]
    return blocks, items[: starts[0]]


def after_prefix(text: str, prefix: str) -> str | None:
    """The value of a ``Label value`` line, or None when the line has another label."""
    if text.startswith(prefix):
        return text[len(prefix) :].strip()
    if text == prefix.strip():
        return ""
    return None


def _line_number(line: Line) -> int:
    return line.number
