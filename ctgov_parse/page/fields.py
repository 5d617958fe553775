"""Field declarations: a labelled field is declared once, as data (its label, the kind of
value it holds, its place in the API v2 study), and that declaration drives both
directions: ``read_fields`` reads a section's label/value lines with it, ``field_text``
writes a value back as its page text, and ``ctgov`` maps it to and from API v2.

A ``ValueKind`` says how one kind of value goes between page text and the record: how it is
read (reporting what it cannot read), how the site spells it, and its API v2 form (``api``
names the form; ``ctgov.fields`` holds the readers and writers of each). Where a field
needs more than its value (free text after it, a list), the section's own code does that
part, next to the one loop here.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from ctgov_parse import grammar
from ctgov_parse.errors import NormalizeError
from ctgov_parse.normalize import (
    normalize_age,
    normalize_bool,
    normalize_date,
    normalize_enrollment,
    normalize_phases,
    normalize_token,
    unescape_markdown,
)
from ctgov_parse.page.read import Context, Labelled, read_labelled
from ctgov_parse.page.split import NumberedLine

__all__ = [
    "AGE",
    "DATE",
    "ENROLLMENT",
    "PHASES",
    "TEXT",
    "YES_NO",
    "Field",
    "FieldsRead",
    "ReadValue",
    "ValueKind",
    "field_text",
    "labels",
    "read_fields",
    "store",
    "token_of",
]


@attrs.frozen
class ValueKind:
    """How one kind of value goes between page text and the record: ``read`` (the value of
    a page text, or None with a diagnostic), ``write`` (how the site writes a value), its
    API v2 form (``api``, for ``ctgov.fields``; ``note`` and ``api_list``, ``"[]"`` for a
    list, for the mapping's documentation), ``keeps_text`` for a value that keeps its own
    page text (a date, an age) and so needs no page spelling beside it, and the enum of a
    token (``enum_type``)."""

    read: Callable[[Context, str, int, str], Any]
    write: Callable[[Any], str | None]
    api: str = "text"
    note: str = ""
    api_list: str = ""
    keeps_text: bool = False
    enum_type: type[enum.Enum] | None = None

    def page_text(self, value: Any) -> str | None:
        """How the site writes ``value`` (None: it writes nothing for it)."""
        return self.write(value)

    def spelled(self, value: Any, text: str) -> bool:
        """Whether ``text`` is how the site writes ``value`` (else the record keeps
        ``text`` as the page spelling)."""
        return self.keeps_text or text == self.write(value)


def token_of(enum_type: type[enum.Enum]) -> ValueKind:
    """A registry token of ``enum_type`` (``RECRUITING``), or a spelling of it the
    vocabulary knows (reported ``unknown-value`` when it is neither)."""
    return ValueKind(
        lambda ctx, text, line, field: ctx.token(enum_type, text, line, field),
        grammar.page_spelling,
        api="token",
        note="token",
        enum_type=enum_type,
    )


def _normalized(
    normalizer: Callable[[str], Any], write: Callable[[Any], str | None], **form: Any
) -> ValueKind:
    """A value one normalizer reads (``ctx.normalized`` reports what it cannot)."""
    return ValueKind(
        lambda ctx, text, line, field: ctx.normalized(normalizer, text, line, field), write, **form
    )


# Free text (markdown): its escapes removed, the page text kept where they were.
TEXT = ValueKind(lambda ctx, text, line, field: unescape_markdown(text), lambda value: value)
# A date of any precision (it keeps its page text).
DATE = _normalized(
    normalize_date,
    lambda date: date.raw or date.isoformat(),
    api="date",
    note="ISO of its precision",
    keeps_text=True,
)
# Phases joined by "/" (PHASE1/PHASE2).
PHASES = _normalized(
    normalize_phases,
    lambda phases: "/".join(phase.value for phase in phases) or None,
    api="phases",
    note="tokens",
    api_list="[]",
)
# A count of participants: "120 participants".
ENROLLMENT = _normalized(normalize_enrollment, lambda count: f"{count} participants", api="count")
# An age limit ("18 Years"; "N/A" is no limit; it keeps its page text).
AGE = _normalized(
    normalize_age, lambda age: age.raw or str(age), api="age", note="'18 Years'", keeps_text=True
)
# "Yes" or "No".
YES_NO = _normalized(normalize_bool, lambda value: "Yes" if value else "No", api="boolean")


@attrs.frozen
class Field:
    """A labelled field: the record attribute ``name``, the ``label`` line above its value,
    the ``kind`` of value it holds, where API v2 keeps it (``api``, a dotted path under
    ``protocolSection``; None where the API has no place for it), which record holds it
    (``record``: None for the Trial itself, else the Trial's attribute holding the record),
    and how a compact scrape that lost the label tells the value by its shape alone
    (``shape``: the value, or ``NormalizeError`` when the text is not shaped like one; None
    where the section reads it by position)."""

    name: str
    label: str
    kind: ValueKind
    api: str | None = None
    record: str | None = None
    shape: Callable[[str], Any] | None = None


# --- shapes: values known without their label ---------------------------------------------


def token_shape(enum_type: type[enum.Enum]) -> Callable[[str], Any]:
    """A token of ``enum_type`` (or a spelling of it the vocabulary knows)."""
    return lambda text: normalize_token(enum_type, text)


def iso_date_shape(text: str) -> Any:
    """An ISO date of any precision (a bare number could be anything else)."""
    if grammar.ISO_DATE.fullmatch(text) is None:
        raise NormalizeError("date", text)
    return normalize_date(text)


def participants_shape(text: str) -> int:
    """A count with its unit: a bare number could be a year."""
    if not text.endswith("participants"):
        raise NormalizeError("enrollment", text)
    return normalize_enrollment(text)


def age_shape(text: str) -> Any:
    """An age (``18 Years``) or ``N/A``."""
    if grammar.AGE.fullmatch(text) is None and text != "N/A":
        raise NormalizeError("age", text)
    return normalize_age(text)


def labels(fields: Sequence[Field]) -> dict[str, str]:
    """Field name -> label, in page order."""
    return {field.name: field.label for field in fields}


class ReadValue:
    """A field read from its label's value line: the value (None when unreadable), its page
    text and line, and the lines that followed it before the next label."""

    __slots__ = ("extras", "field", "line", "text", "value")

    def __init__(self, field: Field, labelled: Labelled, value: Any) -> None:
        self.field = field
        self.value = value
        self.text: str = labelled.text or ""
        self.line = labelled.line
        self.extras = labelled.extras


class FieldsRead:
    """What ``read_fields`` found: each labelled value in page order, the lines that stood
    before any label, and whether any label was there at all (a label without a value
    counts: a compact section has none)."""

    __slots__ = ("before", "labelled", "values")

    def __init__(self, values: list[ReadValue], before: list[NumberedLine], labelled: bool) -> None:
        self.values = values
        self.before = before
        self.labelled = labelled


def read_fields(ctx: Context, lines: Sequence[NumberedLine], fields: Sequence[Field]) -> FieldsRead:
    """Read a label/value section with its declarations: each label's value, in page order
    (a label with no value is reported ``missing-value`` and left out)."""
    by_name = {field.name: field for field in fields}
    found, before = read_labelled(lines, labels(fields))
    values = []
    for name, labelled in found.items():
        field = by_name[name]
        if labelled.text is None:
            ctx.report(
                "missing-value",
                f"{field.label!r} has no value",
                line=labelled.label_line,
                section=ctx.section,
                field=name,
            )
            continue
        value = field.kind.read(ctx, labelled.text, labelled.line, name)
        values.append(ReadValue(field, labelled, value))
    return FieldsRead(values, before, bool(found))


def store(values: dict[str, Any], raw: dict[str, str], field: Field, value: Any, text: str) -> None:
    """Keep a field's value, and its page text where that is not how the site writes the
    value; a value that could not be read keeps only its page text."""
    if value is None:
        raw[field.name] = text
        return
    values[field.name] = value
    if not field.kind.spelled(value, text):
        raw[field.name] = text


def field_text(field: Field, value: Any, raw: Mapping[str, str]) -> str | None:
    """A field's page text: its page spelling where the record kept one, else how the site
    writes its value (None for no value)."""
    page = raw.get(field.name)
    if page is not None:
        return page
    if value is None or value == ():
        return None
    return field.kind.page_text(value)
