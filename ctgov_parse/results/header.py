"""The results page's header: its title line ``Trial Outcomes & Findings for <title> (NCT
<id>)``, which names the page's id and tells that results are posted, then the ``NCT ID:``
and ``Last Updated:`` lines every page has."""

from __future__ import annotations

from ctgov_parse.model import ResultsStatus
from ctgov_parse.page.read import Context, note_raw
from ctgov_parse.page.readers import ID_IN_TITLE, read_header, read_title
from ctgov_parse.page.split import Section
from ctgov_parse.results import grammar

__all__ = ["extract_header"]


def extract_header(section: Section, ctx: Context) -> None:
    """The header's lines, the title line read as this page writes it."""
    read_header(section, ctx, _read_title)


def _read_title(ctx: Context, text: str, number: int) -> None:
    found = grammar.PAGE_TITLE.fullmatch(text)
    if found is None:  # a title line in another shape: the title alone
        read_title(ctx, text, number)
        return
    read_title(ctx, found["title"], number)
    nct_id = found["id"] if found["id"].startswith("NCT") else f"NCT{found['id']}"
    ctx.fields["nct_id"] = nct_id
    ctx.fields["results_status"] = ResultsStatus.AVAILABLE
    ctx.facts[ID_IN_TITLE] = True
    # Kept as written unless it is the line the renderer writes from the title and the id.
    note_raw(ctx.raw, "header", text, title_line(found["title"], nct_id))


def title_line(title: str, nct_id: str) -> str:
    """The title line as the site writes it."""
    return f"{grammar.TITLE_PREFIX}{title} (NCT {nct_id})"
