"""Eligibility Criteria: the criteria text (split into inclusion and exclusion items), then
``Minimum Eligible Age``, ``Maximum Eligible Age``, ``Eligible Sex``, ``Accepts Healthy
Volunteers``.

Compact scrapes drop those four labels and keep the values in label order at the end of the
section: read backwards from the last line, an optional ``Yes``/``No``, an optional sex
token, then up to two ages, which are the minimum then the maximum. One age alone cannot say
which bound it is: it is read as the minimum (the registry's common case) and reported as
``inferred-field``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ctgov_parse.errors import NormalizeError
from ctgov_parse.model import Eligibility, new
from ctgov_parse.normalize import (
    split_criteria,
)
from ctgov_parse.page.fields import labels, read_fields, store
from ctgov_parse.page.read import Context, text_block
from ctgov_parse.page.split import NumberedLine, Section
from ctgov_parse.trial.fields import ELIGIBILITY

_LABELS = frozenset(labels(ELIGIBILITY).values())
_BY_NAME = {field.name: field for field in ELIGIBILITY}


def extract_eligibility(section: Section, ctx: Context) -> None:
    lines = list(section.lines)
    first_label = next(
        (index for index, (_, text) in enumerate(lines) if text.strip() in _LABELS), None
    )
    fields: dict[str, Any] = {}
    raw: dict[str, str] = {}
    if first_label is None:
        first_label = _unlabelled_tail(ctx, lines, fields, raw)
    else:
        _read_labels(ctx, lines[first_label:], fields, raw)
    criteria_lines = lines[:first_label]
    block = text_block(criteria_lines)
    if block is not None:
        fields["criteria_text"], page_text = block
        if page_text != fields["criteria_text"]:
            raw["criteria_text"] = page_text
        fields["inclusion"], fields["exclusion"] = split_criteria(criteria_lines)
    if not fields:
        ctx.fields["eligibility"] = None
        return
    fields["raw"] = raw
    ctx.fields["eligibility"] = new.from_fields(Eligibility, fields)


def _read_labels(
    ctx: Context, tail: list[NumberedLine], fields: dict[str, Any], raw: dict[str, str]
) -> None:
    found = read_fields(ctx, tail, ELIGIBILITY)
    ctx.keep(found.before)
    for read in found.values:
        ctx.keep(read.extras)
        store(fields, raw, read.field, read.value, read.text)


# --- without labels ---------------------------------------------------------------------------


def _shape(name: str) -> Callable[[str], Any]:
    shape = _BY_NAME[name].shape
    assert shape is not None, name
    return shape


# From the end of the section backwards: (field, reader, how many such lines at most).
_TAIL: tuple[tuple[str, Callable[[str], Any], int], ...] = (
    ("healthy_volunteers", _shape("healthy_volunteers"), 1),
    ("sex", _shape("sex"), 1),
    ("ages", _shape("minimum_age"), 2),
)


def _unlabelled_tail(
    ctx: Context, lines: list[NumberedLine], fields: dict[str, Any], raw: dict[str, str]
) -> int:
    """Read the values at the end of a section that lost its labels; returns where the
    criteria text ends."""
    end = len(lines)
    ages: list[tuple[int, str, Any]] = []
    for field, reader, most in _TAIL:
        for _ in range(most):
            index = end - 1
            while index >= 0 and not lines[index][1]:
                index -= 1
            if index < 0:
                break
            number, text = lines[index]
            stripped = text.strip()
            if len(stripped) > _MAX_VALUE_LENGTH:
                break
            try:
                value = reader(stripped)
            except NormalizeError:
                break
            end = index
            if field == "ages":
                ages.insert(0, (number, stripped, value))
            else:
                store(fields, raw, _BY_NAME[field], value, stripped)
    for (number, text, value), field in zip(ages, ("minimum_age", "maximum_age"), strict=False):
        store(fields, raw, _BY_NAME[field], value, text)
        if len(ages) == 1:
            ctx.report(
                "inferred-field",
                f"one age without its label ({text!r}): read as the minimum age",
                line=number,
                section=ctx.section,
                field=field,
            )
    return end


_MAX_VALUE_LENGTH = 40
