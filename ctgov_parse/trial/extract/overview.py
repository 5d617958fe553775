"""Header (title, NCT ID, last update), Study Results and Basic Information."""

from __future__ import annotations

from ctgov_parse.errors import NormalizeError
from ctgov_parse.model import ResultsStatus
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


_BY_NAME = {field.name: field for field in BASIC_INFORMATION}
# Without labels a line is given to the first field, in this order, whose shape it has and
# which is still empty: the strictest shapes first, phases (which reads "1" or "II") last.
_BY_SHAPE = tuple(
    _BY_NAME[name]
    for name in ("status", "study_type", "enrollment", "start_date", "completion_date", "phases")
)


def _read_by_shape(ctx: Context, lines: list[NumberedLine]) -> None:
    for number, text in lines:
        stripped = text.strip()
        for field in _BY_SHAPE:
            if field.name in ctx.fields or field.shape is None:
                continue
            try:
                value = field.shape(stripped)
            except NormalizeError:
                continue
            store(ctx.fields, ctx.raw, field, value, stripped)
            break
        else:
            ctx.keep([(number, text)])
