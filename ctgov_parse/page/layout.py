"""Page layout shared by the renderers: a page is a list of *items* (lines shown together);
the labelled shape puts a blank line between items (unless an item is ``tight``), the compact
shape drops blank lines and the items marked ``label``.

Every renderer prefers the page spelling kept in a record's ``raw`` to the canonical one.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal

from ctgov_parse import grammar
from ctgov_parse.model import Line, PageKind, PartialDate, Trial
from ctgov_parse.page.grammar import HEADER_LAST_UPDATED, HEADER_NCT_ID, HEADER_SECTION

__all__ = [
    "Item",
    "Shape",
    "date_text",
    "extra_items",
    "header_items",
    "labelled",
    "page_items",
    "paragraphs",
    "related_trial_items",
    "stray_items",
    "text",
    "title_text",
    "token",
    "write",
]

Shape = Literal["labelled", "compact"]


class Item:
    """Lines shown together; ``tight`` when the next item follows with no blank line;
    ``label`` for a label (or status line) that the compact shape leaves out."""

    __slots__ = ("label", "lines", "tight")

    def __init__(self, lines: Iterable[str], *, tight: bool = False, label: bool = False) -> None:
        self.lines = list(lines)
        self.tight = tight
        self.label = label


def token(value: enum.Enum | None, raw: Mapping[str, str], field: str) -> str | None:
    if field in raw:
        return raw[field]
    return None if value is None else grammar.page_spelling(value)


def text(value: str | None, raw: Mapping[str, str], field: str) -> str | None:
    return raw.get(field, value)


def date_text(value: PartialDate | None, raw: Mapping[str, str], field: str) -> str | None:
    if value is None:
        return raw.get(field)
    return value.raw or value.isoformat()


def labelled(label: str, value: str | None) -> list[Item]:
    return [] if value is None else [Item([label], label=True), Item([value])]


def paragraphs(value: str | None, *, tight: bool = False) -> list[Item]:
    return [] if not value else [Item(value.split("\n"), tight=tight)]


def write(items: Sequence[Item], shape: Shape) -> str:
    """The page text of ``items`` in ``shape`` (no final newline, like the site's pages)."""
    lines: list[str] = []
    is_labelled = shape == "labelled"
    for index, item in enumerate(items):
        if not is_labelled and item.label:
            continue
        lines.extend(item.lines if is_labelled else (line for line in item.lines if line))
        if is_labelled and not item.tight and index + 1 < len(items):
            lines.append("")
    return "\n".join(lines)


# --- what both pages have -----------------------------------------------------------------


def header_items(trial: Trial, title: str | None) -> list[Item]:
    """The title line (as the page's kind writes it), the ``NCT ID:`` and ``Last Updated:``
    lines."""
    items = [] if title is None else [Item([title])]
    nct_id = trial.raw.get("nct_id", trial.nct_id)
    if nct_id is not None:
        items.append(Item([HEADER_NCT_ID + " " + nct_id]))
    updated = date_text(trial.last_updated, trial.raw, "last_updated")
    if updated is not None:
        items.append(Item([HEADER_LAST_UPDATED + " " + updated]))
    return items


def title_text(trial: Trial) -> str | None:
    """The title as the page spelled it, or None for a record with no title."""
    if trial.title is None and "title" not in trial.raw:
        return None
    return trial.raw.get("title", trial.title or "")


def related_trial_items(trial: Trial) -> list[Item] | None:
    items = []
    for related in trial.related_trials:
        items += [Item([value]) for value in (related.title, related.nct_id) if value]
    return items


def page_items(
    trial: Trial,
    page: PageKind,
    title: str | None,
    sections: Callable[[dict[str | None, list[Item]]], list[Item]],
) -> list[Item]:
    """A page's items: its header (``title`` as the kind writes it), its ``sections`` (told
    the lines no field took, by section, to put back where they stood), then its unknown
    sections and the stray lines of sections not written."""
    stray = stray_items(trial, page)
    items = header_items(trial, title) + stray.pop(HEADER_SECTION, [])
    items += sections(stray)
    return items + extra_items(trial, page, stray)


def stray_items(trial: Trial, page: PageKind) -> dict[str | None, list[Item]]:
    """The lines no field took (of this page, after a merge), by the section they stood in:
    they go back where they were."""
    stray: dict[str | None, list[Item]] = {}
    for line in trial.unparsed:
        if line.page in (None, page):
            stray.setdefault(line.section, []).append(Item([line.text]))
    return stray


def extra_items(trial: Trial, page: PageKind, stray: Mapping[str | None, list[Item]]) -> list[Item]:
    """Unknown sections (of this page), then the stray lines of sections not written."""
    items: list[Item] = []
    for heading, lines in trial.extra_sections.items():
        own = [line for line in lines if line.page in (None, page)]
        if own or not lines:
            items += [Item([heading]), *(Item([line.text]) for line in own)]
    for rest in stray.values():
        items += rest
    return items


def _lines(lines: Iterable[Line]) -> list[str]:
    return [line.text for line in lines]
