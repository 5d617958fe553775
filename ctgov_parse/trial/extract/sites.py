"""Locations and Other Identifiers."""

from __future__ import annotations

from typing import Any

from ctgov_parse.model import Location, Status, new
from ctgov_parse.normalize import split_address
from ctgov_parse.page.read import (
    Context,
    after_prefix,
    plain_text,
    read_token,
    stripped_nonblank,
)
from ctgov_parse.page.split import Section
from ctgov_parse.trial import grammar

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
    addresses: dict[str, tuple[str | None, str | None, str | None, bool]] = {}
    index, count = 0, len(items)
    while index < count:
        number, facility_text = items[index]
        index += 1
        if _is_status(facility_text):  # a status with no site above it
            ctx.keep([(number, facility_text)])
            continue
        raw: dict[str, str] = {}
        facility = plain_text(raw, "facility", facility_text)
        city = state = country = status = None
        if index < count and not _is_status(items[index][1]):
            address = items[index][1]
            index += 1
            parts = addresses.get(address)
            if parts is None:  # sites share cities: read each address once per page
                city, state, country = split_address(address, countries)
                canonical = ", ".join(part for part in (city, state, country) if part)
                parts = addresses[address] = (city, state, country, address == canonical)
            city, state, country, canonical_spelling = parts
            if not canonical_spelling:
                raw["address"] = address
        if index < count and _is_status(items[index][1]):
            status_line, status_text = items[index]
            index += 1
            value_text = after_prefix(status_text, grammar.SITE_STATUS) or ""
            status = read_token(ctx, raw, "status", Status, status_line, value_text)
        locations.append(
            new.location(
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
    drafts: list[list[Any]] = []  # [line, id, type text, source text], filled as lines come
    for number, text in stripped_nonblank(section.lines):
        kind = after_prefix(text, grammar.IDENTIFIER_TYPE)
        source = after_prefix(text, grammar.IDENTIFIER_SOURCE)
        if kind is None and source is None:
            drafts.append([number, text, None, None])
            continue
        slot, value = (2, kind) if kind is not None else (3, source)
        if drafts and drafts[-1][slot] is None:
            drafts[-1][slot] = value
        else:
            ctx.keep([(number, text)])  # a type or source line with no id above it
    if drafts:
        ctx.facts["last_identifier_whole"] = drafts[-1][2] is not None and drafts[-1][3] is not None
    ctx.fields["identifiers"] = tuple(
        new.identifier(
            id=ident,
            type=None if kind in (None, "", grammar.IDENTIFIER_NO_TYPE) else kind,
            source=source or None,
            line=number,
        )
        for number, ident, kind, source in drafts
    )
