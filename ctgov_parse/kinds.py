"""The page kinds: the one place that names them.

Each kind of page is a sibling package (``trial``, ``results``, ``unsupported``) with its
grammar, its extractors, its build (a ``PageReader``) and its renderer; here each gets one
entry: how a page of that kind is told, how it is read, and its renderer. ``parse``,
``render``, batch and the report read these entries and never branch on a kind. A new kind
is a new sibling package and one entry in ``KINDS``.

How a page is told this site's: it opens with the results title line (``Trial Outcomes &
Findings for ...``), or has an ``NCT ID:`` line among its first few lines, or a line that
begins one of the site's helper sentences (a heading's fixed invitation, which no other
site writes; a stray heading word such as ``Conditions`` does not count). A page with none
of these marks is another site's: ``unsupported``. A page of this site cut short keeps its
marks (they are at its top), so it is read as this site's and said to be cut.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from ctgov_parse.model import PageKind, Trial
from ctgov_parse.page.assemble import PageReader, assemble
from ctgov_parse.page.decode import Note
from ctgov_parse.page.grammar import HEADER_NCT_ID, RELATED_TRIALS
from ctgov_parse.page.layout import Item, Shape
from ctgov_parse.page.split import Headings, split_lines
from ctgov_parse.results import grammar as results_grammar
from ctgov_parse.results.build import RESULTS_READER
from ctgov_parse.results.render import MeasureRows, Rendering, results_page
from ctgov_parse.trial import grammar as trial_grammar
from ctgov_parse.trial.build import TRIAL_READER
from ctgov_parse.trial.render import trial_page
from ctgov_parse.unsupported import read_unsupported, unsupported_page

__all__ = ["BY_NAME", "BY_PAGE_KIND", "KINDS", "Kind", "kind_of"]

PageRenderer = Callable[[Trial, Shape, Rendering | None, MeasureRows | None], list[Item]]
PageParser = Callable[[list[str], bool, tuple[Note, ...]], Trial]
# How far down a page its NCT ID: line may stand (after the title; a title can wrap).
NCT_ID_WITHIN = 4


@attrs.frozen(kw_only=True)
class Kind:
    """One kind of page: ``page_kind`` (the records' name for it), ``name`` (as
    ``render(page=...)`` and the command spell it), ``opens`` (whether a page of these
    lines is of this kind), ``parse`` (its lines, strict, the decoder's notes -> its
    Trial), its ``render``er (the page's items, in a shape and a table rendering), and
    ``missing`` (why a record has no such page to write, or None when it has one)."""

    page_kind: PageKind
    name: str
    opens: Callable[[list[str]], bool]
    parse: PageParser
    render: PageRenderer
    missing: Callable[[Trial], str | None]
    headings: Headings | None = None  # the headings its splitter is told, if it is split


def _first_line(lines: list[str]) -> str:
    return next((line.lstrip() for line in lines if line), "")


def _read_as(headings: Headings, reader: PageReader) -> PageParser:
    """A kind read by the engine: cut at ``headings``, assembled by ``reader``."""
    return lambda lines, strict, notes: assemble(
        split_lines(lines, headings), reader, strict, notes
    )


_TRIAL_HEADINGS = Headings(trial_grammar.SECTIONS)
# A results page has headings of its own (no helper sentences), in a fixed order, and closes
# with the related trials: registry text that says another heading of either page, or one
# of these out of their order, is text.
_RESULTS_HEADINGS = Headings(
    (RELATED_TRIALS,),
    bare=results_grammar.SECTIONS,
    order=results_grammar.SECTION_ORDER,
    fits=results_grammar.heading_fits,
    unknown_sections=False,
)


def _has_site_marks(lines: list[str]) -> bool:
    """An ``NCT ID:`` line among the first lines, or a line that begins one of the site's
    helper sentences (a compact scrape can start at a heading, or lose one)."""
    seen = 0
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if seen <= NCT_ID_WITHIN and stripped.startswith(HEADER_NCT_ID):
            return True
        if _TRIAL_HEADINGS.helper_prefix(stripped) is not None:
            return True
    return False


TRIAL = Kind(
    page_kind=PageKind.TRIAL,
    name="trial",
    opens=_has_site_marks,
    parse=_read_as(_TRIAL_HEADINGS, TRIAL_READER),
    render=trial_page,
    missing=lambda trial: None,  # every study has its trial page
    headings=_TRIAL_HEADINGS,
)
RESULTS = Kind(
    page_kind=PageKind.RESULTS,
    name="results",
    opens=lambda lines: _first_line(lines).startswith(results_grammar.TITLE_PREFIX),
    parse=_read_as(_RESULTS_HEADINGS, RESULTS_READER),
    render=results_page,
    missing=lambda trial: None if trial.results is not None else "it has no resultsSection",
    headings=_RESULTS_HEADINGS,
)
UNSUPPORTED = Kind(
    page_kind=PageKind.UNSUPPORTED,
    name="unsupported",
    opens=lambda lines: True,  # what a page is when no kind of this site claims it
    parse=read_unsupported,
    render=unsupported_page,
    missing=lambda trial: (
        None if trial.page_kind is PageKind.UNSUPPORTED else "it was not read from such a page"
    ),
)

# Tried in this order: the first that opens the page is its kind.
KINDS: tuple[Kind, ...] = (RESULTS, TRIAL, UNSUPPORTED)
BY_PAGE_KIND: Mapping[PageKind, Kind] = {kind.page_kind: kind for kind in KINDS}
# The pages a record can be written as (``render(page=...)``, the command's ``--page``).
BY_NAME: Mapping[str, Kind] = {kind.name: kind for kind in (TRIAL, RESULTS)}


def kind_of(lines: list[str]) -> Kind:
    """The kind of a page, told by its marks (``clean_lines``' lines)."""
    for kind in KINDS:
        if kind.opens(lines):
            return kind
    return UNSUPPORTED
