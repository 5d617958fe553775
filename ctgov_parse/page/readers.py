"""The readers both page kinds share: the header (title, NCT ID, last update) and the
related trials that close both pages."""

from __future__ import annotations

from collections.abc import Callable

from ctgov_parse import grammar
from ctgov_parse.model import Level, RelatedTrial, new
from ctgov_parse.normalize import (
    normalize_date,
    unescape_markdown,
)
from ctgov_parse.page.grammar import HEADER_LAST_UPDATED, HEADER_NCT_ID
from ctgov_parse.page.read import (
    Context,
    after_prefix,
    note_raw,
    stripped_nonblank,
)
from ctgov_parse.page.split import NumberedLine, Section

__all__ = [
    "ID_IN_TITLE",
    "extract_related_trials",
    "read_header",
    "read_title",
    "related_trials_cut",
]

# A fact a title reader leaves when its title line named the page's id.
ID_IN_TITLE = "id_in_title"


TitleReader = Callable[[Context, str, int], None]


def read_header(section: Section, ctx: Context, read_title: TitleReader) -> None:
    """``<title>``, ``NCT ID: NCT…``, ``Last Updated: …``: the header of every page kind.
    ``read_title`` reads the title line (a kind's title line may carry more than the title:
    the id, which the ``NCT ID:`` line below then repeats)."""
    leftover: list[NumberedLine] = []
    for line in section.lines:
        number, text = line
        if not text:
            continue
        stripped = text.strip()
        if "title" in ctx.fields and not stripped.startswith(_LABEL_INITIALS):
            leftover.append(line)  # no header label: kept (wreckage can be long)
            continue
        nct_id = after_prefix(stripped, HEADER_NCT_ID)
        if nct_id is not None and "nct_id" not in ctx.fields:
            _read_nct_id(ctx, nct_id, number)
            continue
        if nct_id is not None and nct_id == ctx.fields["nct_id"] and ctx.facts.get(ID_IN_TITLE):
            continue  # the id again, after a title line that named it
        updated = after_prefix(stripped, HEADER_LAST_UPDATED)
        if updated is not None and "last_updated" not in ctx.fields:
            date = ctx.normalized(normalize_date, updated, number, "last_updated")
            ctx.fields["last_updated"] = date
            if date is None:  # said by a bad-date diagnostic; the line is kept as it was
                ctx.keep([(number, text)])
            continue
        if "title" not in ctx.fields:
            read_title(ctx, stripped, number)
            continue
        leftover.append((number, text))
    ctx.keep(leftover)


# The first letters of the header's labels (``NCT ID:``, ``Last Updated:``).
_LABEL_INITIALS = (HEADER_NCT_ID[0], HEADER_LAST_UPDATED[0])


def read_title(ctx: Context, text: str, number: int) -> None:
    """A title line that is the title alone."""
    title = unescape_markdown(text)
    ctx.fields["title"] = title
    note_raw(ctx.raw, "title", text, title)


def _read_nct_id(ctx: Context, text: str, number: int) -> None:
    if grammar.NCT_ID.fullmatch(text):
        ctx.fields["nct_id"] = text
        return
    found = grammar.NCT_ID.search(text)
    ctx.report(
        "bad-nct-id",
        f"{text!r} is not an NCT id (NCT and 8 digits)",
        line=number,
        level=Level.ERROR,
        section=ctx.section,
        field="nct_id",
    )
    if found is not None:
        ctx.fields["nct_id"] = found.group()
        ctx.raw["nct_id"] = text


# --- related trials ---------------------------------------------------------------------------


def extract_related_trials(section: Section, ctx: Context) -> None:
    """Pairs of a related trial's title and its NCT id."""
    related: list[RelatedTrial] = []
    title: tuple[int, str] | None = None
    for number, text in stripped_nonblank(section.lines):
        if grammar.NCT_ID.fullmatch(text):
            line = title[0] if title else number
            related.append(
                new.related_trial(title=title[1] if title else None, nct_id=text, line=line)
            )
            title = None
        else:
            if title is not None:
                related.append(new.related_trial(title=title[1], nct_id=None, line=title[0]))
            title = (number, text)
    if title is not None:
        related.append(new.related_trial(title=title[1], nct_id=None, line=title[0]))
    ctx.fields["related_trials"] = tuple(related)


def related_trials_cut(section: Section, ctx: Context) -> str | None:
    """Why a page that closes with its related trials (``section``) looks cut there, or
    None when that section is whole: its helper sentence there and its last entry complete
    (a related trial with its NCT id)."""
    if section.helper_line is None:
        return "inside its last section, before its helper sentence"
    related = ctx.fields.get("related_trials", ())
    if related and related[-1].nct_id is None:
        return "inside its last related trial (no NCT id)"
    return None
