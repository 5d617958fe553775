"""Header (title, NCT ID, last update), Study Results and Basic Information."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ctgov_parse import grammar
from ctgov_parse.errors import NormalizeError
from ctgov_parse.model import ResultsStatus, Status, StudyType
from ctgov_parse.normalize import (
    normalize_date,
    normalize_enrollment,
    normalize_phases,
    normalize_token,
)
from ctgov_parse.page.fields import read_fields, store
from ctgov_parse.page.read import Context
from ctgov_parse.page.readers import read_header, read_title
from ctgov_parse.page.split import NumberedLine, Section
from ctgov_parse.trial import grammar as trial_grammar
from ctgov_parse.trial.fields import BASIC_INFORMATION


def extract_header(section: Section, ctx: Context) -> None:
    """``<title>``, ``NCT ID: NCT…``, ``Last Updated: …``."""
    read_header(section, ctx, read_title)


_RESULTS_LINES = {
    trial_grammar.RESULTS_PENDING: ResultsStatus.PENDING,
    trial_grammar.RESULTS_AVAILABLE: ResultsStatus.AVAILABLE,
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
        elif stripped == trial_grammar.VIEW_FULL_RESULTS and not seen_link:
            seen_link = True  # a link on the site, implied by results being available
        else:
            ctx.keep([(number, text)])
    if not seen_status and section.helper is not None:
        for beginning, status in trial_grammar.RESULTS_STATUS_BY_HELPER.items():
            if section.helper.startswith(beginning):
                ctx.fields["results_status"] = status
                break


# --- Basic Information ------------------------------------------------------------------------


def extract_basic_information(section: Section, ctx: Context) -> None:
    """Label/value pairs; in the compact shape the labels are gone and each value is known by
    its shape (a status token, phases, ``N participants``, a study type, dates in order)."""
    found = read_fields(ctx, section.lines, BASIC_INFORMATION)
    if not found.labelled:
        _read_by_shape(ctx, found.before)
        return
    ctx.keep(found.before)
    for read in found.values:
        ctx.keep(read.extras)
        store(ctx.fields, ctx.raw, read.field, read.value, read.text)


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
_BY_NAME = {field.name: field for field in BASIC_INFORMATION}


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
            store(ctx.fields, ctx.raw, _BY_NAME[field], value, stripped)
            break
        else:
            ctx.keep([(number, text)])
