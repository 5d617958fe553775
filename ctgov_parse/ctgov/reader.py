"""Reading an API v2 study while remembering which values were used, so that everything
else can be kept (``Trial.extras``) and written back; and the text rules both readers share."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any

from ctgov_parse.normalize import unescape_markdown
from ctgov_parse.page.split import clean_lines

__all__ = ["StudyReader", "page_text", "read_line", "read_normalized", "read_text"]


def page_text(text: str | None) -> str | None:
    """Text as a page can hold it: LF lines without trailing blanks, no blank lines around."""
    if text is None:
        return None
    lines = clean_lines(text)
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return "\n".join(lines[start:end]) or None


def read_text(raw: dict[str, str], field: str, text: Any) -> str | None:
    page = page_text(text) if isinstance(text, str) else None
    if page is None:
        return None
    value = unescape_markdown(page)
    if value != page:
        raw[field] = page
    return value


def read_line(raw: dict[str, str], field: str, text: Any) -> str:
    """A one-line page value (a name or label): its lines joined by spaces."""
    joined = " ".join((page_text(text) or "").split("\n")) if isinstance(text, str) else ""
    return read_text(raw, field, joined) or ""


class StudyReader:
    """Reads a study, remembering which values it used, so the rest can be kept."""

    def __init__(self, study: Mapping[str, Any]) -> None:
        self.study = study
        self.used: set[tuple[Any, ...]] = set()

    def get(self, *path: Any) -> Any:
        node: Any = self.study
        for key in path:
            if (isinstance(node, dict) and key in node) or (
                isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)
            ):
                node = node[key]
            else:
                return None
        if not isinstance(node, dict | list):
            self.used.add(path)
        return node

    def items(self, *path: Any) -> list[tuple[int, Any]]:
        node = self.get(*path)
        return list(enumerate(node)) if isinstance(node, list) else []

    def token(self, enum_type: type[enum.Enum], *path: Any) -> Any:
        value = self.get(*path)
        try:
            return enum_type(value) if value is not None else None
        except ValueError:
            self.used.discard(path)  # an unknown token stays in extras
            return None

    def forget(self, path: tuple[Any, ...]) -> None:
        """Keep the values under ``path`` in extras although they were read."""
        self.used = {used for used in self.used if used[: len(path)] != path}

    def leftover(self) -> dict[str, Any]:
        rest = _without(self.study, self.used, ())
        return {} if rest is _USED else rest


def _without(node: Any, used: set[tuple[Any, ...]], path: tuple[Any, ...]) -> Any:
    if isinstance(node, dict):
        kept = {}
        for key, value in node.items():
            rest = _without(value, used, (*path, key))
            if rest is not _USED:
                kept[key] = rest
        return kept if kept or not node else _USED
    if isinstance(node, list):
        items = [_without(value, used, (*path, index)) for index, value in enumerate(node)]
        if all(item is _USED for item in items):
            return _USED
        return [{} if item is _USED else item for item in items]
    return _USED if path in used else node


_USED: Any = object()


def read_normalized(reader: StudyReader, normalizer: Callable[[str], Any], *path: Any) -> Any:
    """A value read with a page normalizer; text it cannot read stays in extras."""
    text = reader.get(*path)
    if not isinstance(text, str):
        return None
    try:
        return normalizer(text)
    except ValueError:
        reader.used.discard(path)
        return None
