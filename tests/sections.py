"""One table, two directions (as h11's reader and writer cases): a section's page lines in
each shape and the record fragment they give. Each case is read by the section's extractor
and must give exactly that fragment with no diagnostic and no line left over; the fragment's
record is written back by the section's renderer and must give exactly those lines."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import pytest

from ctgov_parse.diagnose import Diagnostics
from ctgov_parse.model import Trial, new
from ctgov_parse.page.layout import Item, Shape, write
from ctgov_parse.page.read import Context
from ctgov_parse.page.split import Section
from ctgov_parse.results.common import ResultsContext
from ctgov_parse.results.overview import extract_overview
from ctgov_parse.results.render import overview_items
from ctgov_parse.trial.extract import EXTRACTORS
from ctgov_parse.trial.render import SECTION_RENDERERS
from tests.expected import sparse

__all__ = ["SectionCase", "cases", "check_both_ways"]


@attrs.frozen(kw_only=True)
class SectionCase:
    """A section's content (heading and helper left out) in both page shapes, the Trial
    fields it gives (as ``to_dict`` writes them, defaults left out), and what earlier
    sections gave (``given``: record values, left out of the comparison). ``compact`` is
    None where the compact shape cannot carry the record (it has no blank lines, and so no
    paragraph breaks)."""

    id: str
    section: str
    labelled: Sequence[str]
    compact: Sequence[str] | None
    record: Mapping[str, Any]
    given: Mapping[str, Any] = attrs.field(factory=dict)


def cases(*table: SectionCase) -> Any:
    """The cases as pytest parameters, with their ids."""
    return pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in table])


def _overview_items(trial: Trial) -> list[Item] | None:
    assert trial.results is not None and trial.results.overview is not None
    return overview_items(trial, trial.results.overview)


# The results page's sections that read and write on their own, by name.
RESULTS_EXTRACTORS: Mapping[str, Any] = {"results_overview": extract_overview}
RESULTS_RENDERERS: Mapping[str, Callable[[Trial], list[Item] | None]] = {
    "results_overview": _overview_items
}


def read(case: SectionCase, lines: Sequence[str]) -> Trial:
    """The case's lines through its section's extractor (strict: any defect raises)."""
    results = case.section in RESULTS_EXTRACTORS
    ctx = ResultsContext(Diagnostics(strict=True)) if results else Context(Diagnostics(strict=True))
    ctx.fields.update(case.given)
    ctx.section = case.section
    numbered = tuple(enumerate(lines, start=1))
    extract = RESULTS_EXTRACTORS[case.section] if results else EXTRACTORS[case.section]
    extract(Section(case.section, None, 1, numbered), ctx)
    assert ctx.unparsed(None) == (), "lines no field took"
    assert ctx.report.found == [], "diagnostics"
    fields = {key: value for key, value in ctx.fields.items() if value is not None}
    if isinstance(ctx, ResultsContext):
        fields["results"] = new.results(**ctx.results)
    return new.from_fields(Trial, {**fields, "raw": ctx.raw})


def fragment(trial: Trial, case: SectionCase) -> dict[str, Any]:
    """What the section gave the Trial, defaults left out."""
    return {key: value for key, value in sparse(trial.to_dict()).items() if key not in case.given}


def check_both_ways(case: SectionCase) -> None:
    shapes: list[tuple[Shape, Sequence[str]]] = [("labelled", case.labelled)]
    if case.compact is not None:
        shapes.append(("compact", case.compact))
    for shape, lines in shapes:
        trial = read(case, lines)
        assert fragment(trial, case) == dict(case.record), f"read ({shape})"
        renderers = RESULTS_RENDERERS if case.section in RESULTS_RENDERERS else SECTION_RENDERERS
        items = renderers[case.section](trial) or []
        assert write(items, shape).split("\n") == list(lines), f"written ({shape})"
