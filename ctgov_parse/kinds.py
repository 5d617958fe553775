"""The page kinds: the one place that names them.

Each kind of page is a sibling package (``trial``, ``results``) with its grammar, its
extractors, its build (a ``PageReader``) and its renderer; here each gets one entry: how a
page of that kind is told, the headings its splitter is told, its reader and its renderer.
``parse``, ``render``, batch and the report read these entries and never branch on a kind.
A new kind is a new sibling package and one entry in ``KINDS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from ctgov_parse.model import PageKind, Trial
from ctgov_parse.page.assemble import PageReader
from ctgov_parse.page.layout import Item, Shape
from ctgov_parse.page.split import Headings
from ctgov_parse.results import grammar as results_grammar
from ctgov_parse.results.build import RESULTS_READER
from ctgov_parse.results.render import Rendering, results_page
from ctgov_parse.trial import grammar as trial_grammar
from ctgov_parse.trial.build import TRIAL_READER
from ctgov_parse.trial.render import trial_page

__all__ = ["BY_NAME", "BY_PAGE_KIND", "KINDS", "Kind", "kind_of"]

PageRenderer = Callable[[Trial, Shape, Rendering | None], list[Item]]


@attrs.frozen(kw_only=True)
class Kind:
    """One kind of page: ``page_kind`` (the records' name for it), ``name`` (as
    ``render(page=...)`` and the command spell it), ``opens`` (whether a page whose first
    non-blank line is this is of this kind), the ``headings`` its splitter is told, its
    ``reader``, its ``render``er (the page's items, in a shape and a table rendering), and
    ``missing`` (why a record has no such page to write, or None when it has one)."""

    page_kind: PageKind
    name: str
    opens: Callable[[str], bool]
    headings: Headings
    reader: PageReader
    render: PageRenderer
    missing: Callable[[Trial], str | None]


TRIAL = Kind(
    page_kind=PageKind.TRIAL,
    name="trial",
    opens=lambda first_line: True,  # what a page is when no other kind claims it
    headings=Headings(trial_grammar.SECTIONS),
    reader=TRIAL_READER,
    render=trial_page,
    missing=lambda trial: None,  # every study has its trial page
)
RESULTS = Kind(
    page_kind=PageKind.RESULTS,
    name="results",
    opens=lambda first_line: first_line.startswith(results_grammar.TITLE_PREFIX),
    # A results page has headings of its own (no helper sentences); a scrape can carry the
    # trial page's sections too (its related trials close the page): they are cut at as well.
    headings=Headings(trial_grammar.SECTIONS, bare=results_grammar.SECTIONS),
    reader=RESULTS_READER,
    render=results_page,
    missing=lambda trial: None if trial.results is not None else "it has no resultsSection",
)

# Tried in this order: the first that opens the page is its kind.
KINDS: tuple[Kind, ...] = (RESULTS, TRIAL)
BY_PAGE_KIND: Mapping[PageKind, Kind] = {kind.page_kind: kind for kind in KINDS}
BY_NAME: Mapping[str, Kind] = {kind.name: kind for kind in (TRIAL, RESULTS)}


def kind_of(lines: list[str]) -> Kind:
    """The kind of a page, told by its first non-blank line (``clean_lines``' lines)."""
    first = next((line.lstrip() for line in lines if line), "")
    for kind in KINDS:
        if kind.opens(first):
            return kind
    return TRIAL
