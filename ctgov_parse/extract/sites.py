"""Locations, Other Identifiers and Related Trials."""

from __future__ import annotations

import attrs

from ctgov_parse import grammar
from ctgov_parse.extract.common import (
    Context,
    after_prefix,
    note_raw,
    note_token_raw,
    stripped_nonblank,
)
from ctgov_parse.model import Identifier, Location, RelatedTrial, Status
from ctgov_parse.normalize import split_address, unescape_markdown
from ctgov_parse.split import Section


def extract_locations(section: Section, ctx: Context) -> None:
    """Per site: facility, ``City, State, Country``, and an optional ``Site Status X``."""
    locations: list[Location] = []
    pending: tuple[int, str] | None = None  # a facility line waiting for its address

    def close(address: tuple[int, str] | None) -> None:
        nonlocal pending
        if pending is None:
            return
        number, facility_text = pending
        raw: dict[str, str] = {}
        facility = unescape_markdown(facility_text)
        note_raw(raw, "facility", facility_text, facility)
        city = state = country = None
        if address is not None:
            city, state, country = split_address(address[1], ctx.fields.get("countries", ()))
            canonical = ", ".join(part for part in (city, state, country) if part)
            note_raw(raw, "address", address[1], canonical)
        locations.append(
            Location(
                facility=facility, city=city, state=state, country=country, raw=raw, line=number
            )
        )
        pending = None

    expect_address = False
    for number, text in stripped_nonblank(section.lines):
        status_text = after_prefix(text, grammar.SITE_STATUS)
        if status_text is not None:
            close(None)
            expect_address = False
            if locations and locations[-1].status is None and "status" not in locations[-1].raw:
                raw = dict(locations[-1].raw)
                status = ctx.token(Status, status_text, number, "status") if status_text else None
                if status is None:
                    raw["status"] = status_text
                else:
                    note_token_raw(raw, "status", status_text, status)
                locations[-1] = attrs.evolve(locations[-1], status=status, raw=raw)
            else:
                ctx.keep([(number, text)])
            continue
        if expect_address:
            close((number, text))
            expect_address = False
        else:
            pending = (number, text)
            expect_address = True
    close(None)
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
