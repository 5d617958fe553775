"""JSON text for every exporter: orjson where it can, the standard encoder where it cannot.

orjson (a well-kept encoder with wheels for every major platform) writes the same data
several times faster than ``json``: keys in insertion order, non-ASCII as UTF-8, compact
separators. The standard encoder takes over for what orjson refuses (an ``indent`` other
than 2, a lone surrogate in a string, an integer past 64 bits), so every value that encoded
before still encodes, to the same data.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import orjson

__all__ = ["dumps", "dumps_bytes"]

_INDENTED = orjson.OPT_INDENT_2


def _default(value: Any) -> Any:
    """What orjson does not know natively: exact numbers keep their digits as text."""
    if isinstance(value, Decimal | Fraction):
        return str(value)
    if isinstance(value, tuple | frozenset | set):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(value: Any, *, indent: int | None = None) -> str:
    """``value`` as JSON text: compact (``{"a":1}``), or indented by ``indent`` spaces."""
    if indent is None or indent == 2:
        try:
            return orjson.dumps(value, default=_default, option=_INDENTED if indent else 0).decode()
        except (orjson.JSONEncodeError, TypeError):
            pass  # the standard encoder decides, and raises what it always raised
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(
        value, ensure_ascii=False, indent=indent, separators=separators, default=_default
    )


def dumps_bytes(value: Any) -> bytes:
    """``value`` as compact JSON in UTF-8 bytes, as orjson writes it (no text in between:
    what a worker process sends and the command writes). Text that cannot be UTF-8 (a lone
    surrogate) comes out with ASCII escapes, still valid JSON of the same data."""
    try:
        return orjson.dumps(value, default=_default)
    except (orjson.JSONEncodeError, TypeError):
        pass
    try:
        return dumps(value).encode("utf-8")
    except UnicodeEncodeError:
        escaped = json.dumps(value, ensure_ascii=True, separators=(",", ":"), default=_default)
        return escaped.encode("ascii")
