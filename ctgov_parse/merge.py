"""One record of a study from its two pages: the trial page and the results page.

The trial page gives every protocol field; the results page gives ``results`` (and fills a
protocol field the trial page lacks). Where both pages give a field and they disagree (a
status that changed between two scrapes), the trial page wins and the disagreement becomes
a ``merge-conflict`` diagnostic. Every diagnostic and every kept line says which page it
came from (``page``); the line numbers of protocol records point into the trial page,
those of results records into the results page.
"""

from __future__ import annotations

from typing import Any

import attrs

from ctgov_parse.model import Diagnostic, Level, Line, PageKind, ResultsStatus, Trial

__all__ = ["merge"]

# The protocol fields a results page also shows (in its overview and header).
_SHARED = ("title", "last_updated", "status", "phases", "enrollment")


def _stamped(trial: Trial, page: PageKind) -> tuple[tuple[Diagnostic, ...], tuple[Line, ...]]:
    diagnostics = tuple(
        d if d.page is not None else attrs.evolve(d, page=page) for d in trial.diagnostics
    )
    unparsed = tuple(
        line if line.page is not None else attrs.evolve(line, page=page) for line in trial.unparsed
    )
    return diagnostics, unparsed


def merge(trial_page: Trial, results_page: Trial) -> Trial:
    """Combine the records of one study's trial page and results page.

    Raises ``ValueError`` when the two pages are of another kind or another study (a
    caller's mix-up, not a defect of either page).
    """
    if trial_page.page_kind is PageKind.RESULTS or results_page.page_kind is PageKind.TRIAL:
        raise ValueError("merge() takes a trial page's record, then a results page's record")
    if trial_page.nct_id != results_page.nct_id:
        raise ValueError(
            f"the pages are of two studies: {trial_page.nct_id!r} and {results_page.nct_id!r}"
        )
    fields: dict[str, Any] = {}
    conflicts: list[Diagnostic] = []
    for name in _SHARED:
        mine, theirs = getattr(trial_page, name), getattr(results_page, name)
        if theirs in (None, ()) or mine == theirs:
            continue
        if mine in (None, ()):
            fields[name] = theirs  # the results page fills what the trial page lacks
            continue
        conflicts.append(
            Diagnostic(
                code="merge-conflict",
                message=f"{name}: the trial page says {_shown(mine)}, the results page"
                f" {_shown(theirs)}; the trial page's value is kept",
                level=Level.WARNING,
                field=name,
                page=PageKind.RESULTS,
            )
        )
    trial_diagnostics, trial_unparsed = _stamped(trial_page, PageKind.TRIAL)
    results_diagnostics, results_unparsed = _stamped(results_page, PageKind.RESULTS)
    extra = dict(trial_page.extra_sections)
    for heading, lines in results_page.extra_sections.items():
        extra[heading] = extra.get(heading, ()) + lines
    raw = dict(trial_page.raw)
    if "header" in results_page.raw:
        raw["header"] = results_page.raw["header"]
    return attrs.evolve(
        trial_page,
        **fields,
        results_status=ResultsStatus.AVAILABLE,
        results=results_page.results,
        extra_sections=extra,
        raw=raw,
        diagnostics=trial_diagnostics + results_diagnostics + tuple(conflicts),
        unparsed=trial_unparsed + results_unparsed,
        page_kind=None,
    )


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        return "/".join(str(item) for item in value) or "nothing"
    return repr(str(value))
