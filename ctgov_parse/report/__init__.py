"""A quality report of a scrape: what kinds and shapes of page a dump holds, which fields
they cover, which diagnostics they raise, what values they carry and how long each took.

``quality_report`` streams any source ``iter_parse`` takes and returns the numbers as plain
data (the ``--format json`` report); ``render_html`` turns them into one self-contained
HTML page. Memory stays flat: each page is reduced to a ``PageFacts`` in the worker that
parsed it, counted, and dropped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from ctgov_parse import batch
from ctgov_parse.build import MAX_PAGE_BYTES
from ctgov_parse.report.facts import FIELDS, PageFacts, page_facts
from ctgov_parse.report.html import render_html
from ctgov_parse.report.tally import EXAMPLES, FAILURES_LISTED, Tally

__all__ = [
    "EXAMPLES",
    "FAILURES_LISTED",
    "FIELDS",
    "PageFacts",
    "Tally",
    "page_facts",
    "quality_report",
    "render_html",
]


def quality_report(
    sources: Iterable[Any],
    *,
    jobs: int = 1,
    text_key: str = "text",
    max_page_bytes: int = MAX_PAGE_BYTES,
    on_skip: Callable[[str], None] | None = None,
    on_page: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """The report's numbers for every page of ``sources`` (each anything ``iter_parse``
    takes), parsed leniently with ``jobs`` workers; ``on_page`` is called after each page
    (a progress bar). Parse times are each page's own parse, timed where it ran."""
    tally = Tally()
    started = time.perf_counter()
    reading = batch.Reading(False, text_key, max_page_bytes, on_skip)
    for outcome in batch._outcomes(list(sources), jobs=jobs, reading=reading, convert=page_facts):
        if outcome.error is not None:
            tally.add_failure(outcome.source, outcome.error, outcome.seconds)
        else:
            tally.add_page(outcome.value, outcome.seconds)
        if on_page is not None:
            on_page()
    return tally.to_dict(time.perf_counter() - started)
