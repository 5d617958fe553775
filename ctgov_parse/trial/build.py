"""How a trial page is read: its extractor table (``trial.extract``) and when it is whole."""

from __future__ import annotations

from ctgov_parse.model import PageKind, PageShape
from ctgov_parse.page.assemble import PageReader
from ctgov_parse.page.read import Context
from ctgov_parse.page.readers import related_trials_cut
from ctgov_parse.page.split import Section
from ctgov_parse.trial import grammar
from ctgov_parse.trial.extract import EXTRACTORS

__all__ = ["TRIAL_READER"]


def _where_cut(sections: list[Section], shape: PageShape, ctx: Context) -> str | None:
    """Why the page looks cut, or None when it ends where its own order says it ends.

    A labelled page closes with its related trials. Compact scrapes put the related trials
    right after the summary (the section before them is the summary or earlier): such a
    page, or a compact page without them, closes with its identifiers. The closing section
    must be whole: its helper sentence there, and its last entry complete (a related trial
    with its NCT id, an identifier with its type and source lines).
    """
    known = [s for s in sections if s.name in EXTRACTORS and s.name != "header"]
    if not known:
        return "after its header"
    names = [s.name for s in known]
    order = "labelled"
    if "related_trials" in names:
        at = names.index("related_trials")
        before = names[at - 1] if at else "header"
        if at < len(names) - 1 or before in _BEFORE_EARLY_RELATED:
            order = "compact"
    elif shape is PageShape.COMPACT:
        order = "compact"
    last = grammar.LAST_SECTION[order]
    if names[-1] != last:
        return f"before its last section ({grammar.SECTION_BY_NAME[last].headings[0]})"
    if last == "related_trials":
        return related_trials_cut(known[-1], ctx)
    if known[-1].helper_line is None:
        return "inside its last section, before its helper sentence"
    if not ctx.facts.get("last_identifier_whole", False):
        return "inside its identifiers (every registration has one, with type and source)"
    return None


# Sections that stand before the related trials when a compact scrape moves them up.
_BEFORE_EARLY_RELATED = frozenset(
    grammar.SECTION_ORDER["compact"][: grammar.SECTION_ORDER["compact"].index("related_trials")]
)


TRIAL_READER = PageReader(
    kind=PageKind.TRIAL,
    extractors=EXTRACTORS,
    context=Context,
    where_cut=_where_cut,
)
