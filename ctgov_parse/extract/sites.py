"""Locations, Other Identifiers and Related Trials."""

from __future__ import annotations

from ctgov_parse import grammar
from ctgov_parse.extract.common import (
    Context,
    after_prefix,
    note_token_raw,
    stripped_nonblank,
)
from ctgov_parse.model import Identifier, Location, RelatedTrial, Status
from ctgov_parse.normalize import split_address, unescape_markdown
from ctgov_parse.split import Section

_STATUS_PREFIX = grammar.SITE_STATUS.rstrip()  # "Site Status", with or without a value


def _is_status(text: str) -> bool:
    return text.startswith(_STATUS_PREFIX) and (
        len(text) == len(_STATUS_PREFIX) or text[len(_STATUS_PREFIX)] == " "
    )


def extract_locations(section: Section, ctx: Context) -> None:
    """Per site: facility, ``City, State, Country``, and an optional ``Site Status X``."""
    items = stripped_nonblank(section.lines)
    countries = ctx.fields.get("countries", ())
    locations: list[Location] = []
    index, count = 0, len(items)
    while index < count:
        number, facility_text = items[index]
        index += 1
        if _is_status(facility_text):  # a status with no site above it
            ctx.keep([(number, facility_text)])
            continue
        raw: dict[str, str] = {}
        facility = unescape_markdown(facility_text)
        if facility != facility_text:
            raw["facility"] = facility_text
        city = state = country = status = None
        if index < count and not _is_status(items[index][1]):
            address = items[index][1]
            index += 1
            city, state, country = split_address(address, countries)
            if address != ", ".join(part for part in (city, state, country) if part):
                raw["address"] = address
        if index < count and _is_status(items[index][1]):
            status_line, status_text = items[index]
            index += 1
            value_text = after_prefix(status_text, grammar.SITE_STATUS) or ""
            status = ctx.token(Status, value_text, status_line, "status") if value_text else None
            if status is None:
                raw["status"] = value_text
            else:
                note_token_raw(raw, "status", value_text, status)
        locations.append(
            Location(
                facility=facility,
                city=city,
                state=state,
                country=country,
                status=status,
                raw=raw,
                line=number,
            )
        )
    ctx.fields["locations"] = tuple(locations)


def extract_other_identifiers(section: Section, ctx: Context) -> None:
    """Per identifier: the id, ``Identifier Type: X`` (``-`` for none), ``Identifier Source: Y``."""
    identifiers: list[dict[str, object]] = []
    for number, text in stripped_nonblank(section.lines):
        kind = after_prefix(text, grammar.IDENTIFIER_TYPE.strip() + " ")
        source = after_prefix(text, grammar.IDENTIFIER_SOURCE.strip() + " ")
        if kind is not None and identifiers and "type_seen" not in identifiers[-1]:
            identifiers[-1]["type_seen"] = True
            identifiers[-1]["type"] = None if kind in ("", grammar.IDENTIFIER_NO_TYPE) else kind
        elif source is not None and identifiers and identifiers[-1].get("source") is None:
            identifiers[-1]["source"] = source or None
        elif kind is not None or source is not None:
            ctx.keep([(number, text)])
        else:
            identifiers.append({"id": text, "line": number})
    ctx.fields["identifiers"] = tuple(
        Identifier(
            id=str(item["id"]),
            type=item.get("type"),  # type: ignore[arg-type]
            source=item.get("source"),  # type: ignore[arg-type]
            line=item["line"],  # type: ignore[arg-type]
        )
        for item in identifiers
    )


def extract_related_trials(section: Section, ctx: Context) -> None:
    """Pairs of a related trial's title and its NCT id."""
    related: list[RelatedTrial] = []
    title: tuple[int, str] | None = None
    for number, text in stripped_nonblank(section.lines):
        if grammar.NCT_ID.fullmatch(text):
            line = title[0] if title else number
            related.append(RelatedTrial(title=title[1] if title else None, nct_id=text, line=line))
            title = None
        else:
            if title is not None:
                related.append(RelatedTrial(title=title[1], nct_id=None, line=title[0]))
            title = (number, text)
    if title is not None:
        related.append(RelatedTrial(title=title[1], nct_id=None, line=title[0]))
    ctx.fields["related_trials"] = tuple(related)
