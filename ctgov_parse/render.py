"""Render: a Trial back to page text in the site's layout, by the renderer of the page's
kind (``kinds``) and the shared layout (``page.layout``); it never looks at a source page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from ctgov_parse import kinds
from ctgov_parse.model import PageKind, PageShape, Trial
from ctgov_parse.page.layout import Shape, write
from ctgov_parse.results.render import MeasureRows, Rendering

__all__ = ["render"]

_SHAPES: Mapping[PageShape | None, Shape] = {
    PageShape.LABELLED: "labelled",
    PageShape.COMPACT: "compact",
    None: "labelled",
}


def render(
    trial: Trial,
    *,
    shape: Shape | None = None,
    page: Literal["trial", "results"] | None = None,
    table: Rendering | None = None,
    measures: MeasureRows | None = None,
) -> str:
    """Write ``trial`` as page text in the site's layout.

    ``page`` picks which page of the study to write: ``"trial"`` or ``"results"``; by
    default the page the record was read from (a merged record, or one made by
    ``from_ctgov``, writes its trial page). ``shape="labelled"`` is the blank-line
    separated page with every label; ``shape="compact"`` is the single-newline scrape: no
    blank lines, no labels above values (Basic Information, Study Design, the eligibility
    values, the results overview), no ``Results pending`` line, and Related Clinical
    Trials right after the Brief Summary. By default the page is written in the shape it
    was read from (labelled for a Trial not read from a page). ``table`` picks how a
    results page draws its tables: ``"labelled"`` (one cell per line), ``"pipe-cells"``
    (lone ``|`` lines) or ``"pipe-rows"`` (one-line markdown rows); by default the way the
    page drew them. ``measures`` picks how the baseline and outcome tables draw their rows:
    ``"stated"`` (ours, lossless: a line names each measure's statistic, ``MEAN
    STANDARD_DEVIATION · years``) or ``"site"`` (as the site draws them: no such line, each
    cell a value with its unit, then its dispersion and ``n=``; the param type is then read
    back inferred from the cells); by default the way the page drew them (``"stated"`` for
    a record not read from a page). The text has no final newline, like the pages the site
    serves.
    """
    if shape is None:
        shape = _SHAPES[trial.page_shape]
    if shape not in ("labelled", "compact"):
        raise ValueError(f"unknown shape {shape!r}: use 'labelled' or 'compact'")
    if page is None:
        kind = kinds.BY_PAGE_KIND[trial.page_kind or PageKind.TRIAL]
    elif page in kinds.BY_NAME:
        kind = kinds.BY_NAME[page]
    else:
        names = " or ".join(repr(name) for name in kinds.BY_NAME)
        raise ValueError(f"unknown page {page!r}: use {names}")
    return write(kind.render(trial, shape, table, measures), shape)
