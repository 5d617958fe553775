"""Free-text sections (Brief Summary, Detailed Description) and one-item-a-line lists
(Conditions, Keywords, Countries)."""

from __future__ import annotations

from collections.abc import Callable

from ctgov_parse.page.read import Context, read_list, read_text
from ctgov_parse.page.split import Section


def _text_section(field: str) -> Callable[[Section, Context], None]:
    def extract(section: Section, ctx: Context) -> None:
        ctx.fields[field] = read_text(ctx, section.lines, field, ctx.raw)

    extract.__name__ = f"extract_{field}"
    extract.__doc__ = f"Paragraphs of markdown -> ``Trial.{field}`` (escapes removed)."
    return extract


def _list_section(field: str) -> Callable[[Section, Context], None]:
    def extract(section: Section, ctx: Context) -> None:
        ctx.fields[field] = read_list(section.lines, field, ctx.raw)

    extract.__name__ = f"extract_{field}"
    extract.__doc__ = f"One item a line -> ``Trial.{field}``."
    return extract


extract_brief_summary = _text_section("brief_summary")
extract_detailed_description = _text_section("detailed_description")
extract_conditions = _list_section("conditions")
extract_keywords = _list_section("keywords")
extract_countries = _list_section("countries")
