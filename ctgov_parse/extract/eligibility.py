"""Eligibility Criteria: the criteria text (split into inclusion and exclusion items), then
``Minimum Eligible Age``, ``Maximum Eligible Age``, ``Eligible Sex``, ``Accepts Healthy
Volunteers``. Without those labels (compact scrapes), trailing lines are read by shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ctgov_parse import grammar
from ctgov_parse.extract.common import Context, NumberedLine, read_labelled, text_block
from ctgov_parse.model import Eligibility, Sex
from ctgov_parse.normalize import (
    normalize_age,
    normalize_bool,
    split_criteria,
)
from ctgov_parse.split import Section

_LABELS = frozenset(grammar.ELIGIBILITY_LABELS.values())


def extract_eligibility(section: Section, ctx: Context) -> None:
    lines = list(section.lines)
    first_label = next(
        (index for index, (_, text) in enumerate(lines) if text.strip() in _LABELS), len(lines)
    )
    criteria_lines, tail = lines[:first_label], lines[first_label:]
    fields: dict[str, Any] = {}
    raw: dict[str, str] = {}
    if tail:
        _read_labels(ctx, tail, fields, raw)
    block = text_block(criteria_lines)
    if block is not None:
        fields["criteria_text"], page_text = block
        if page_text != fields["criteria_text"]:
            raw["criteria_text"] = page_text
        fields["inclusion"], fields["exclusion"] = split_criteria(criteria_lines)
    if not fields:
        ctx.fields["eligibility"] = None
        return
    ctx.fields["eligibility"] = Eligibility(**fields, raw=raw)


_READERS: dict[str, Callable[[Context, str, int], Any]] = {
    "minimum_age": lambda ctx, text, line: ctx.normalized(normalize_age, text, line, "minimum_age"),
    "maximum_age": lambda ctx, text, line: ctx.normalized(normalize_age, text, line, "maximum_age"),
    "sex": lambda ctx, text, line: ctx.token(Sex, text, line, "sex"),
    "healthy_volunteers": lambda ctx, text, line: ctx.normalized(
        normalize_bool, text, line, "healthy_volunteers"
    ),
}


def _read_labels(
    ctx: Context, tail: list[NumberedLine], fields: dict[str, Any], raw: dict[str, str]
) -> None:
    values, before = read_labelled(tail, grammar.ELIGIBILITY_LABELS)
    ctx.keep(before)
    for field, labelled in values.items():
        ctx.keep(labelled.extras)
        if labelled.text is None:
            ctx.report(
                "missing-value",
                f"{grammar.ELIGIBILITY_LABELS[field]!r} has no value",
                line=labelled.label_line,
                section=ctx.section,
                field=field,
            )
            continue
        value = _READERS[field](ctx, labelled.text, labelled.line)
        if value is None:  # unreadable, or an age of N/A (no limit): keep what the page says
            raw[field] = labelled.text
            continue
        fields[field] = value
        if (field == "sex" and labelled.text != value.value) or (
            field == "healthy_volunteers" and labelled.text != ("Yes" if value else "No")
        ):
            raw[field] = labelled.text
