"""Header (title, NCT ID, last update), Study Results and Basic Information."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ctgov_parse import grammar
from ctgov_parse.errors import NormalizeError
from ctgov_parse.extract.common import (
    Context,
    NumberedLine,
    after_prefix,
    note_raw,
    note_token_raw,
    read_labelled,
)
from ctgov_parse.model import Level, ResultsStatus, Status, StudyType
from ctgov_parse.normalize import (
    normalize_date,
    normalize_enrollment,
    normalize_phases,
    normalize_token,
    unescape_markdown,
)
from ctgov_parse.split import Section


def extract_header(section: Section, ctx: Context) -> None:
    """``<title>``, ``NCT ID: NCT…``, ``Last Updated: …``; or the results-page title line."""
    for number, text in section.lines:
        if not text:
            continue
        stripped = text.strip()
        nct_id = after_prefix(stripped, grammar.HEADER_NCT_ID)
        if nct_id is not None and "nct_id" not in ctx.fields:
            _read_nct_id(ctx, nct_id, number)
            continue
        if nct_id is not None and nct_id == ctx.fields["nct_id"] and ctx.facts.get("results_title"):
            continue  # a results page repeats the id of its title line
        updated = after_prefix(stripped, grammar.HEADER_LAST_UPDATED)
        if updated is not None and "last_updated" not in ctx.fields:
            ctx.fields["last_updated"] = ctx.normalized(
                normalize_date, updated, number, "last_updated"
            )
            continue
        if "title" not in ctx.fields:
            results = grammar.RESULTS_PAGE_TITLE.fullmatch(stripped)
            if results is not None:
                _set_title(ctx, results["title"], number)
                found = results["id"]
                ctx.fields["nct_id"] = found if found.startswith("NCT") else f"NCT{found}"
                ctx.fields["results_status"] = ResultsStatus.AVAILABLE
                ctx.facts["results_title"] = True
                canonical = f"{grammar.RESULTS_TITLE_PREFIX}{results['title']} (NCT {found})"
                note_raw(ctx.raw, "header", stripped, canonical)
                continue
            _set_title(ctx, stripped, number)
            continue
        ctx.keep([(number, text)])


def _set_title(ctx: Context, text: str, number: int) -> None:
    title = unescape_markdown(text)
    ctx.fields["title"] = title
    note_raw(ctx.raw, "title", text, title)


def _read_nct_id(ctx: Context, text: str, number: int) -> None:
    if grammar.NCT_ID.fullmatch(text):
        ctx.fields["nct_id"] = text
        return
    found = grammar.NCT_ID.search(text)
    ctx.report(
        "bad-nct-id",
        f"{text!r} is not an NCT id (NCT and 8 digits)",
        line=number,
        level=Level.ERROR,
        section=ctx.section,
        field="nct_id",
    )
    if found is not None:
        ctx.fields["nct_id"] = found.group()
        ctx.raw["nct_id"] = text


_RESULTS_LINES = {
    grammar.RESULTS_PENDING: ResultsStatus.PENDING,
    grammar.RESULTS_AVAILABLE: ResultsStatus.AVAILABLE,
}


def extract_study_results(section: Section, ctx: Context) -> None:
    """``Results pending`` or ``Results available`` (then ``View full results``); the
    compact shape drops that line, and then the helper sentence says which it is."""
    seen_status = seen_link = False
    for number, text in section.lines:
        stripped = text.strip()
        if not stripped:
            continue
        status = _RESULTS_LINES.get(stripped)
        if status is not None and not seen_status:
            ctx.fields["results_status"] = status
            seen_status = True
        elif stripped == grammar.VIEW_FULL_RESULTS and not seen_link:
            seen_link = True  # a link on the site, implied by results being available
        else:
            ctx.keep([(number, text)])
    if not seen_status and section.helper is not None:
        for beginning, status in grammar.RESULTS_STATUS_BY_HELPER.items():
            if section.helper.startswith(beginning):
                ctx.fields["results_status"] = status
                break


# --- Basic Information ------------------------------------------------------------------------

BASIC_READERS: dict[str, Callable[[Context, str, int], Any]] = {
    "status": lambda ctx, text, line: ctx.token(Status, text, line, "status"),
    "phases": lambda ctx, text, line: ctx.normalized(normalize_phases, text, line, "phases"),
    "enrollment": lambda ctx, text, line: ctx.normalized(
        normalize_enrollment, text, line, "enrollment"
    ),
    "study_type": lambda ctx, text, line: ctx.token(StudyType, text, line, "study_type"),
    "start_date": lambda ctx, text, line: ctx.normalized(normalize_date, text, line, "start_date"),
    "completion_date": lambda ctx, text, line: ctx.normalized(
        normalize_date, text, line, "completion_date"
    ),
}


def extract_basic_information(section: Section, ctx: Context) -> None:
    """Label/value pairs; in the compact shape the labels are gone and each value is known by
    its shape (a status token, phases, ``N participants``, a study type, dates in order)."""
    values, unlabelled = read_labelled(section.lines, grammar.BASIC_LABELS)
    if not values:
        _read_by_shape(ctx, unlabelled)
        return
    ctx.keep(unlabelled)
    for field, labelled in values.items():
        ctx.keep(labelled.extras)
        if labelled.text is None:
            ctx.report(
                "missing-value",
                f"{grammar.BASIC_LABELS[field]!r} has no value",
                line=labelled.label_line,
                section=ctx.section,
                field=field,
            )
            continue
        store_basic(
            ctx, field, BASIC_READERS[field](ctx, labelled.text, labelled.line), labelled.text
        )


def store_basic(ctx: Context, field: str, value: Any, text: str) -> None:
    """Keep a Basic Information value (status, phases, enrollment, type, dates) in the
    Trial's fields, with its page spelling where that is not the canonical one."""
    if value is None:
        ctx.raw[field] = text
        return
    ctx.fields[field] = value
    if field in ("status", "study_type"):
        note_token_raw(ctx.raw, field, text, value)
    elif field == "phases":
        note_raw(ctx.raw, field, text, "/".join(value))
    elif field == "enrollment":
        note_raw(ctx.raw, field, text, f"{value} participants")


def _shape_readers() -> tuple[tuple[str, Callable[[str], Any]], ...]:
    def strict_enrollment(text: str) -> int:
        if not text.endswith("participants"):
            raise NormalizeError("enrollment", text)
        return normalize_enrollment(text)

    def iso_date(text: str) -> Any:
        if grammar.ISO_DATE.fullmatch(text) is None:
            raise NormalizeError("date", text)
        return normalize_date(text)

    return (
        ("status", lambda text: normalize_token(Status, text)),
        ("study_type", lambda text: normalize_token(StudyType, text)),
        ("enrollment", strict_enrollment),
        ("start_date", iso_date),
        ("completion_date", iso_date),
        ("phases", normalize_phases),
    )


_SHAPE_READERS = _shape_readers()


def _read_by_shape(ctx: Context, lines: list[NumberedLine]) -> None:
    for number, text in lines:
        stripped = text.strip()
        for field, reader in _SHAPE_READERS:
            if field in ctx.fields:
                continue
            try:
                value = reader(stripped)
            except NormalizeError:
                continue
            store_basic(ctx, field, value, stripped)
            break
        else:
            ctx.keep([(number, text)])
