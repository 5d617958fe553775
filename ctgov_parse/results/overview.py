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
    normalize_date,
    normalize_enrollment,
    normalize_phases,
    normalize_token,
)
from ctgov_parse.page.read import read_labelled, stripped_nonblank, text_block
from ctgov_parse.page.readers import BASIC_READERS, store_basic
from ctgov_parse.page.split import NumberedLine, Section
from ctgov_parse.results import grammar
from ctgov_parse.results.common import ResultsContext

_TRIAL_FIELDS = ("status", "phases", "enrollment")


def extract_overview(section: Section, ctx: ResultsContext) -> None:
    values, before = read_labelled(section.lines, grammar.OVERVIEW_LABELS)
    raw: dict[str, str] = {}
    fields: dict[str, object] = {}
    if not values:
        before = _read_by_position(ctx, section.lines, fields, raw)
    for field, labelled in values.items():
        if field != "primary_outcome_time_frame":  # a long time frame may run on
            ctx.keep(labelled.extras)
        if labelled.text is None:
            ctx.report(
                "missing-value",
                f"{grammar.OVERVIEW_LABELS[field]!r} has no value",
                line=labelled.label_line,
                section=ctx.section,
                field=field,
            )
            continue
        if field == "primary_outcome_time_frame":
            lines = [(labelled.line, labelled.text), *labelled.extras]
            _text(fields, raw, field, lines)
        else:
            _value(ctx, fields, raw, field, labelled.text, labelled.line)
    _text(fields, raw, "primary_outcome_description", before)
    fields["raw"] = raw
    ctx.results["overview"] = new.from_fields(ResultsOverview, fields)


def _text(
    fields: dict[str, object], raw: dict[str, str], field: str, lines: Sequence[NumberedLine]
) -> None:
    block = text_block(lines)
    if block is None:
        return
    fields[field] = block[0]
    if block[1] != block[0]:
        raw[field] = block[1]


def _value(
    ctx: ResultsContext,
    fields: dict[str, object],
    raw: dict[str, str],
    field: str,
    text: str,
    line: int,
) -> None:
    if field in _TRIAL_FIELDS:
        store_basic(ctx, field, BASIC_READERS[field](ctx, text, line), text)
    elif field == "results_posted":
        date = ctx.normalized(normalize_date, text, line, field)
        if date is None:
            raw[field] = text
        else:
            fields[field] = date


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
    ctx: ResultsContext,
    lines: Sequence[NumberedLine],
    fields: dict[str, object],
    raw: dict[str, str],
) -> list[NumberedLine]:
    """The values without their labels; returns the description's lines."""
    items = stripped_nonblank(lines)
    anchor = next((index for index, (_, text) in enumerate(items) if _is_status(text)), None)
    if anchor is None:
        return list(lines)
    before = [line for line in lines if line[0] < items[anchor][0]]
    number, text = items[anchor]
    _value(ctx, fields, raw, "status", text, number)
    index = anchor + 1
    for field, reader in (("phases", normalize_phases), ("enrollment", _participants)):
        if index < len(items) and _try(reader, items[index][1]):
            _value(ctx, fields, raw, field, items[index][1], items[index][0])
            index += 1
    end = len(items)
    if end > index and value_grammar.ISO_DATE.fullmatch(items[-1][1]):
        _value(ctx, fields, raw, "results_posted", items[-1][1], items[-1][0])
        end -= 1
    _text(fields, raw, "primary_outcome_time_frame", items[index:end])
    return before
