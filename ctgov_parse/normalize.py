"""Normalizers: pure ``str -> value`` functions, each raising ``NormalizeError`` on bad text.

Strategy: the exact shape the site writes (an ISO date, an upper-case token) is matched first
with a dict lookup or one compiled pattern; only text that misses the fast path reaches the
general readers (dateutil for free-form dates, token folding for plain-English enums).
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import re
from collections.abc import Iterable, Sequence
from typing import TypeVar

import regex
from dateutil import parser as _dateutil_parser

from ctgov_parse import grammar
from ctgov_parse.errors import NormalizeError
from ctgov_parse.model import (
    Age,
    AgeUnit,
    Criterion,
    MaskedRole,
    PartialDate,
    Phase,
    new,
)

__all__ = [
    "normalize_age",
    "normalize_bool",
    "normalize_date",
    "normalize_enrollment",
    "normalize_masked_roles",
    "normalize_phases",
    "normalize_token",
    "split_address",
    "split_criteria",
    "split_phone",
    "token_key",
    "unescape_markdown",
]

E = TypeVar("E", bound=enum.Enum)

_MAX_VALUE_LENGTH = 200  # longer "values" are prose, not dates/ages/tokens: refuse early
_NON_WORD = re.compile(r"[^0-9A-Za-z]+")
_FOUR_DIGITS = regex.compile(r"(?<!\d)\d{4}(?!\d)")
_DEFAULTS = (_dt.datetime(2000, 1, 1), _dt.datetime(2004, 2, 2))


def _bounded(kind: str, text: str) -> str:
    """Values are short; a longer "value" is prose or damage. Refusing it early keeps every
    normalizer linear (no huge integer conversions, no long regex scans)."""
    if len(text) > _MAX_VALUE_LENGTH:
        raise NormalizeError(kind, text[:_MAX_VALUE_LENGTH] + "...")
    return text.strip()


def unescape_markdown(text: str) -> str:
    """Remove the registry's markdown backslash escapes: ``1×10\\^7`` -> ``1×10^7``."""
    if "\\" not in text:
        return text
    return grammar.MARKDOWN_ESCAPE.sub(r"\1", text)


def normalize_date(text: str) -> PartialDate:
    """Read a date of year, month or day precision; the precision is kept, never invented.

    ISO shapes (``2024``, ``2024-08``, ``2024-08-09``) take a fast path; other spellings
    (``August 2024``, ``Aug 9, 2024``, with or without ``(Actual)``) go through dateutil,
    parsed with two different defaults so that a part the text does not give is detected
    rather than filled in.
    """
    raw = text
    text = _bounded("date", text)
    parts = iso_date_parts(text)
    if parts is not None:
        year, month, day = parts
        _check_calendar(raw, year, month, day)
        return new.partial_date(year=year, month=month, day=day, raw=raw)
    match = grammar.ISO_DATE.fullmatch(text)
    if match is None:
        text = grammar.DATE_SUFFIX.sub("", text)
        match = grammar.ISO_DATE.fullmatch(text)
    if match is not None:
        year = int(match["year"])
        month = int(match["month"]) if match["month"] else None
        day = int(match["day"]) if match["day"] else None
        _check_calendar(raw, year, month, day)
        return new.partial_date(year=year, month=month, day=day, raw=raw)
    return _parse_free_date(raw, text)


def iso_date_parts(text: str) -> tuple[int, int | None, int | None] | None:
    """``2024``, ``2024-08`` or ``2024-08-09`` taken apart (what ``grammar.ISO_DATE`` matches
    whole, read without a pattern: compiled, a tenth of the cost), or None."""
    size = len(text)
    if size != 4 and size != 7 and size != 10:
        return None
    if not text[:4].isdecimal():
        return None
    if size == 4:
        return int(text), None, None
    if text[4] != "-" or not text[5:7].isdecimal():
        return None
    if size == 7:
        return int(text[:4]), int(text[5:7]), None
    if text[7] != "-" or not text[8:].isdecimal():
        return None
    return int(text[:4]), int(text[5:7]), int(text[8:])


def _check_calendar(raw: str, year: int, month: int | None, day: int | None) -> None:
    try:
        _dt.date(year, month or 1, day or 1)
    except ValueError:
        raise NormalizeError("date", raw) from None


def _parse_free_date(raw: str, text: str) -> PartialDate:
    # A four-digit year must be written out: dateutil would otherwise take it from the
    # default ("Mar 05") or guess the century of a two-digit year.
    if not text or not _FOUR_DIGITS.search(text):
        raise NormalizeError("date", raw)
    try:
        first, second = (_dateutil_parser.parse(text, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError):
        raise NormalizeError("date", raw) from None
    if first.year != second.year:
        raise NormalizeError("date", raw)
    month = first.month if first.month == second.month else None
    day = first.day if month is not None and first.day == second.day else None
    return new.partial_date(year=first.year, month=month, day=day, raw=raw)


def normalize_phases(text: str) -> tuple[Phase, ...]:
    """``PHASE1/PHASE2``, ``Phase 1/Phase 2``, ``Phase I/II``, ``Early Phase 1``, ``N/A``."""
    stripped = _bounded("phase", text)
    if stripped.upper() in grammar.PHASE_NOT_APPLICABLE:
        return (Phase.NA,)
    phases: list[Phase] = []
    for part in grammar.PHASE_SEPARATOR.split(stripped):
        if part in Phase.__members__:
            phase = Phase[part]
        else:
            key = part.upper().replace("PHASE", "").replace(" ", "").replace("_", "")
            phase = grammar.PHASE_PARTS.get(key.replace("-", ""))  # type: ignore[assignment]
            if phase is None:
                raise NormalizeError("phase", text)
        if phase not in phases:
            phases.append(phase)
    if not phases:
        raise NormalizeError("phase", text)
    return tuple(phases)


def normalize_age(text: str) -> Age | None:
    """``18 Years``, ``36 Weeks``, ``1 Year``, ``30 Minutes``; ``N/A`` means no limit (None)."""
    stripped = _bounded("age", text)
    if stripped in grammar.NOT_APPLICABLE:
        return None
    match = grammar.AGE.fullmatch(stripped)
    if match is None:
        raise NormalizeError("age", text)
    unit = grammar.AGE_UNITS.get(match["unit"].lower())
    if unit is None:
        raise NormalizeError("age", text)
    return new.age(value=int(match["value"]), unit=AgeUnit(unit), raw=text)


def normalize_enrollment(text: str) -> int:
    """``10 participants`` -> 10 (also a bare number, ``1,200``, ``(Actual)``)."""
    match = grammar.ENROLLMENT.fullmatch(_bounded("enrollment", text))
    if match is None:
        raise NormalizeError("enrollment", text)
    return int(match["count"].replace(",", ""))


def normalize_bool(text: str) -> bool:
    """``Yes``/``No`` (any case, also true/false)."""
    value = grammar.BOOLEANS.get(_bounded("yes/no", text).lower())
    if value is None:
        raise NormalizeError("yes/no", text)
    return value


def token_key(text: str) -> str:
    """Token form of plain English: ``Active, not recruiting`` -> ``ACTIVE_NOT_RECRUITING``."""
    return _NON_WORD.sub("_", text).strip("_").upper()


_TOKEN_TABLES: dict[type[enum.Enum], dict[str, enum.Enum]] = {}


def _token_table(enum_type: type[enum.Enum]) -> dict[str, enum.Enum]:
    table = _TOKEN_TABLES.get(enum_type)
    if table is None:
        table = {member.value: member for member in enum_type}
        table.update(grammar.TOKEN_ALIASES.get(enum_type, {}))
        for member, spelling in grammar.PAGE_SPELLING.items():
            if isinstance(member, enum_type):
                table[spelling] = member
        _TOKEN_TABLES[enum_type] = table
    return table


def normalize_token(enum_type: type[E], text: str) -> E:
    """A registry token (``RECRUITING``) or its plain-English form (``Recruiting``)."""
    table = _token_table(enum_type)
    member = table.get(text)
    if member is None:
        stripped = _bounded(enum_type.__name__, text)
        member = table.get(stripped) or table.get(token_key(stripped))
        if member is None:
            raise NormalizeError(enum_type.__name__, text)
        table[text] = member  # later pages usually repeat the same spelling
    return member  # type: ignore[return-value]


def normalize_masked_roles(text: str) -> tuple[MaskedRole, ...]:
    """``Participants Outcome Assessors`` -> (PARTICIPANT, OUTCOMES_ASSESSOR).

    The line must consist of role names only (any separators); otherwise it is not a roles
    line and ``NormalizeError`` is raised.
    """
    text = _bounded("masked roles", text)
    roles: list[MaskedRole] = []
    for match in grammar.MASKED_ROLE_PHRASE.finditer(text):
        role = MaskedRole[match.lastgroup]
        if role not in roles:
            roles.append(role)
    leftover = grammar.MASKED_ROLE_PHRASE.sub(" ", text)
    if not roles or grammar.MASKED_ROLE_SEPARATORS.sub("", leftover):
        raise NormalizeError("masked roles", text)
    return tuple(roles)


def split_phone(text: str) -> tuple[str, str | None]:
    """``0571-86670704 ext 123`` -> (``0571-86670704``, ``123``)."""
    match = grammar.PHONE.fullmatch(_bounded("phone", text))
    if match is None:
        raise NormalizeError("phone", text)
    return match["phone"], match["ext"]


def split_address(
    text: str, countries: Iterable[str] = ()
) -> tuple[str | None, str | None, str | None]:
    """``City, State, Country`` -> parts; with two parts the state is absent, with one only
    the country is given. A country whose name holds a comma (``Korea, Republic of``) is
    recognized from ``grammar.COMMA_COUNTRIES`` and ``countries``; commas beyond three parts
    belong to the city."""
    country = None
    if "," in text:
        known = _comma_countries(tuple(countries))
        if text.endswith(known):
            country = next((c for c in known if text == c or text.endswith(", " + c)), None)
            if country is not None:
                text = text[: -len(country)].rstrip(", ")
    parts = [part.strip() for part in text.split(",")] if text else []
    if country is None:
        if not parts:
            return None, None, None
        country = parts.pop() or None
    if not parts:
        return None, None, country
    if len(parts) == 1:
        return parts[0] or None, None, country
    return ", ".join(parts[:-1]) or None, parts[-1] or None, country


@functools.lru_cache(maxsize=64)
def _comma_countries(page_countries: tuple[str, ...]) -> tuple[str, ...]:
    names = [c for c in (*grammar.COMMA_COUNTRIES, *page_countries) if "," in c]
    return tuple(dict.fromkeys(names))


def split_criteria(
    lines: Sequence[tuple[int, str]],
) -> tuple[tuple[Criterion, ...], tuple[Criterion, ...]]:
    """Split criteria lines into inclusion and exclusion items, markers removed.

    Items follow an ``Inclusion Criteria`` or ``Exclusion Criteria`` line; a marked line
    (``1.``, ``a)``, ``*``, ``-``) is an item at the depth of its indentation; an unmarked line
    ending with ``:`` is a sub-heading that groups the items after it; other unmarked lines
    are items of their own (some registrations use no markers). Lines before the first
    criteria heading are free text, kept only in the criteria text.
    """
    inclusion: list[Criterion] = []
    exclusion: list[Criterion] = []
    target: list[Criterion] | None = None
    group: str | None = None
    for number, line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        heading = (
            grammar.CRITERIA_HEADING.fullmatch(stripped)
            if "riteria" in stripped or "RITERIA" in stripped
            else None
        )
        if heading is not None and _is_criteria_heading(stripped, heading["rest"]):
            target = inclusion if heading["kind"].lower() == "inclusion" else exclusion
            group = None
            rest = heading["rest"].strip()
            if rest:
                target.append(_criterion(rest, rest, None, 0, None, number))
            continue
        if target is None:
            continue
        marked = criterion_parts(line)
        if marked is not None:
            indent, marker, text = marked
            depth = _depth(indent) if indent else 0
            target.append(_criterion(text, stripped, marker, depth, group, number))
        elif stripped.endswith(":"):
            group = unescape_markdown(stripped[:-1].strip())
        else:
            depth = _depth(line[: len(line) - len(line.lstrip())])
            target.append(_criterion(stripped, stripped, None, depth, group, number))
    return tuple(inclusion), tuple(exclusion)


_BULLETS = frozenset("*-•·+")
_ROMAN = frozenset("ivxIVX")


def criterion_parts(line: str) -> tuple[str, str, str] | None:
    """(indentation, marker, text) of a marked criterion line, or None: what
    ``grammar.CRITERION_MARKER`` matches whole (``1.``, ``a)``, ``iv.``, ``(12)``, a
    bullet; then spaces or tabs, then the text), read a character at a time (compiled, a
    fraction of the pattern's cost; a property test holds the two equal)."""
    size = len(line)
    start = 0
    while start < size and (line[start] == " " or line[start] == "\t"):
        start += 1
    if start == size:
        return None
    first = line[start]
    end = -1  # where the marker ends
    if first in _BULLETS:
        end = start + 1
    elif first == "(":
        digits = _decimals(line, start + 1, 3)
        if digits and start + 1 + digits < size and line[start + 1 + digits] == ")":
            end = start + digits + 2
    elif first.isdecimal():
        digits = _decimals(line, start, 4)
        if digits <= 3 and start + digits < size and line[start + digits] in ".)":
            end = start + digits + 1
    elif first.isascii() and first.isalpha():
        if start + 1 < size and line[start + 1] in ".)":
            end = start + 2
        else:
            count = start
            while count < size and count - start < 6 and line[count] in _ROMAN:
                count += 1
            if 0 < count - start <= 5 and count < size and line[count] in ".)":
                end = count + 1
    if end < 0 or end >= size or (line[end] != " " and line[end] != "\t"):
        return None
    text_at = end
    while text_at < size and (line[text_at] == " " or line[text_at] == "\t"):
        text_at += 1
    if text_at == size or line[text_at].isspace():
        return None
    return line[:start], line[start:end], line[text_at:]


def _decimals(text: str, start: int, most: int) -> int:
    """How many decimal digits stand at ``start`` (counting no further than ``most``)."""
    count = 0
    while count < most and start + count < len(text) and text[start + count].isdecimal():
        count += 1
    return count


def _is_criteria_heading(stripped: str, rest: str) -> bool:
    # "Inclusion criteria for cohort A:" is a heading; "Inclusion criteria were met by ..."
    # inside a sentence is not, so text after the words must follow a colon.
    return not rest or stripped[: len(stripped) - len(rest)].rstrip().endswith(":")


def _depth(indent: str) -> int:
    return len(indent.expandtabs(4)) // grammar.INDENT_WIDTH


def _criterion(
    text: str, raw: str, marker: str | None, depth: int, group: str | None, line: int
) -> Criterion:
    return new.criterion(
        text=unescape_markdown(text), marker=marker, depth=depth, group=group, raw=raw, line=line
    )
