"""Results Overview: the first primary outcome's description, then ``Recruitment status``,
``Study phase``, ``Target enrollment``, ``Primary outcome timeframe``, ``Results posted on``.

Status, phases and enrollment are the Trial's own fields; the rest goes to the results
overview. The compact shape drops the five labels and keeps the values in that order: the
status token anchors them (the description is what stands above it), phases and an
enrollment count may follow it, the posting date is the last line, and the time frame is
what stands between.
"""

from __future__ import annotations

from collections.abc import Sequence

from ctgov_parse import grammar as value_grammar
from ctgov_parse.errors import NormalizeError
from ctgov_parse.model import ResultsOverview, Status, new
from ctgov_parse.normalize import (
    normalize_enrollment,
    normalize_phases,
    normalize_token,
)
from ctgov_parse.page.fields import TEXT, Field, read_fields, store
from ctgov_parse.page.read import store_text, stripped_nonblank
from ctgov_parse.page.split import NumberedLine, Section
from ctgov_parse.results.common import ResultsContext
from ctgov_parse.results.fields import OVERVIEW

_BY_NAME = {field.name: field for field in OVERVIEW}


def extract_overview(section: Section, ctx: ResultsContext) -> None:
    found = read_fields(ctx, section.lines, OVERVIEW)
    raw: dict[str, str] = {}
    fields: dict[str, object] = {}
    before = found.before
    if not found.labelled:
        before = _read_by_position(ctx, section.lines, (fields, raw))
    for read in found.values:
        field = read.field
        if field.kind is TEXT:  # a long time frame may run on
            store_text(fields, raw, field.name, [(read.line, read.text), *read.extras])
            continue
        ctx.keep(read.extras)
        _store(ctx, (fields, raw), field, read.value, read.text)
    store_text(fields, raw, "primary_outcome_description", before)
    fields["raw"] = raw
    ctx.results["overview"] = new.from_fields(ResultsOverview, fields)


# Where the overview's own values go: its fields and its page spellings.
_Overview = tuple[dict[str, object], dict[str, str]]


def _store(
    ctx: ResultsContext, overview: _Overview, field: Field, value: object, text: str
) -> None:
    """A value into the Trial's fields (status, phases, enrollment) or the overview's."""
    values, raw = (ctx.fields, ctx.raw) if field.record is None else overview
    store(values, raw, field, value, text)


def _read(ctx: ResultsContext, overview: _Overview, name: str, item: NumberedLine) -> None:
    """A value without its label, read as field ``name``."""
    field = _BY_NAME[name]
    number, text = item
    _store(ctx, overview, field, field.kind.read(ctx, text, number, name), text)


def _participants(text: str) -> int:
    # Without its label an enrollment is known by its unit: a bare number could be a year.
    if not text.endswith("participants"):
        raise NormalizeError("enrollment", text)
    return normalize_enrollment(text)


def _is_status(text: str) -> bool:
    try:
        normalize_token(Status, text)
    except NormalizeError:
        return False
    return len(text) <= 40


def _try(reader: object, text: str) -> bool:
    try:
        reader(text)  # type: ignore[operator]
    except NormalizeError:
        return False
    return True


def _read_by_position(
    ctx: ResultsContext, lines: Sequence[NumberedLine], overview: _Overview
) -> list[NumberedLine]:
    """The values without their labels; returns the description's lines."""
    items = stripped_nonblank(lines)
    anchor = next((index for index, (_, text) in enumerate(items) if _is_status(text)), None)
    if anchor is None:
        return list(lines)
    before = [line for line in lines if line[0] < items[anchor][0]]
    _read(ctx, overview, "status", items[anchor])
    index = anchor + 1
    for field, reader in (("phases", normalize_phases), ("enrollment", _participants)):
        if index < len(items) and _try(reader, items[index][1]):
            _read(ctx, overview, field, items[index])
            index += 1
    end = len(items)
    if end > index and value_grammar.ISO_DATE.fullmatch(items[-1][1]):
        _read(ctx, overview, "results_posted", items[-1])
        end -= 1
    store_text(*overview, "primary_outcome_time_frame", items[index:end])
    return before
