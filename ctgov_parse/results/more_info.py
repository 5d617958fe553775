"""More Information: inline labels only: limitations and caveats, the agreement on
publishing results (``PI Is Sponsor Employee: No``, ``Restrictive Agreement: Yes``,
``Restriction Type: GT60``, ``Other Details:``), and the results' point of contact (title,
organization, email, phone with an optional `` ext 123``)."""

from __future__ import annotations

from typing import Any

from ctgov_parse.model import MoreInfo, RestrictionType, new
from ctgov_parse.normalize import normalize_bool
from ctgov_parse.page.split import Section
from ctgov_parse.results import grammar
from ctgov_parse.results.common import ResultsContext, inline_text, read_inline

__all__ = ["extract_more_info"]

_BOOLEANS = ("pi_sponsor_employee", "restrictive_agreement")


def extract_more_info(section: Section, ctx: ResultsContext) -> None:
    values, stray = read_inline(section.lines, grammar.MORE_INFO_LABELS)
    ctx.keep(stray)
    raw: dict[str, str] = {}
    fields: dict[str, Any] = {}
    for field in grammar.MORE_INFO_LABELS:
        value = values.get(field)
        text = inline_text(raw, field, value)
        if value is None or text is None:
            continue
        if field in _BOOLEANS:
            fields[field] = ctx.normalized(normalize_bool, text, value.line, field)
            if fields[field] is None:
                raw[field] = text
        elif field == "restriction_type":
            fields[field] = ctx.token(RestrictionType, text, value.line, field)
            if fields[field] is None:
                raw[field] = text
        elif field == "contact_phone" and grammar.PHONE_EXT in text:
            fields[field], fields["contact_phone_ext"] = text.rsplit(grammar.PHONE_EXT, 1)
        else:
            fields[field] = text
    if fields or raw:
        fields["raw"] = raw
        ctx.results["more_info"] = new.from_fields(MoreInfo, fields)
