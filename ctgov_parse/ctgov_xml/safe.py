"""Registry XML read safely into a small element tree: the standard library's expat, with
every construct a registry record never has refused before it can do harm.

Why expat through ``xml.parsers.expat`` and not lxml or defusedxml: a registry record never
carries a DOCTYPE, so refusing the DOCTYPE at its first token stops entity bombs and external
entities whatever the expat version (expat's own amplification limits arrived in 2.4.1),
and a reference to a local file is refused, never read nor silently dropped (lxml reads it
with entities resolved and drops it without); the depth of nesting is counted as elements
open, so 100,000 levels fail at the limit, with no recursion; the size is bounded before
parsing (``MAX_PAGE_BYTES``); and a ``str`` is parsed as UTF-8 whatever its declaration
names. It needs no extra dependency and reads a record in about the time a page is parsed.
"""

from __future__ import annotations

from typing import Any
from xml.parsers import expat

import attrs

from ctgov_parse.build import MAX_PAGE_BYTES
from ctgov_parse.errors import ParseError

__all__ = ["MAX_DEPTH", "Element", "read_xml"]

# Registry records nest eight levels deep at most; anything far deeper is not one.
MAX_DEPTH = 64


@attrs.define
class Element:
    """An element: its tag, attributes, text (its direct text, joined) and children in
    order, with the line it starts on."""

    tag: str
    attributes: dict[str, str]
    line: int
    children: list[Element] = attrs.field(factory=list)
    text: str = ""

    def find(self, tag: str) -> Element | None:
        for child in self.children:
            if child.tag == tag:
                return child
        return None

    def all(self, tag: str) -> list[Element]:
        return [child for child in self.children if child.tag == tag]


class _Refused(Exception):
    """Raised inside an expat handler to stop the parse (expat passes it through)."""

    def __init__(self, error: ParseError) -> None:
        self.error = error


def read_xml(data: bytes | str, *, max_bytes: int = MAX_PAGE_BYTES) -> Element:
    """The root element of an XML document; ``ParseError`` for anything that is not a
    well-formed document within the limits, or that declares a DOCTYPE or entities."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > max_bytes:
        raise ParseError(
            f"the record is {len(raw):,} bytes, over the limit of {max_bytes:,}",
            code="page-too-large",
        )
    # A str is text already: parse it as UTF-8, overriding what its declaration names.
    parser = expat.ParserCreate("utf-8" if isinstance(data, str) else None)
    parser.buffer_text = True
    stack: list[Element] = []
    texts: list[list[str]] = []
    root: list[Element] = []

    def refuse(code: str, message: str) -> Any:
        def handler(*_: Any) -> Any:
            raise _Refused(ParseError(message, code=code, line=parser.CurrentLineNumber))

        return handler

    def start(tag: str, attributes: dict[str, str]) -> None:
        if len(stack) >= MAX_DEPTH:
            raise _Refused(
                ParseError(
                    f"elements nested deeper than {MAX_DEPTH} levels: not a registry record",
                    code="xml-too-deep",
                    line=parser.CurrentLineNumber,
                )
            )
        element = Element(tag, attributes, parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(element)
        else:
            root.append(element)
        stack.append(element)
        texts.append([])

    def end(tag: str) -> None:
        stack.pop().text = "".join(texts.pop())

    def characters(text: str) -> None:
        if texts:
            texts[-1].append(text)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = refuse(
        "xml-doctype", "a DOCTYPE declaration (registry records have none): refused"
    )
    parser.EntityDeclHandler = refuse("xml-entity", "an entity declaration: refused")
    parser.ExternalEntityRefHandler = refuse("xml-entity", "an external entity: refused")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(raw, True)
    except _Refused as refused:
        raise refused.error from None
    except expat.ExpatError as error:
        raise ParseError(
            f"not well-formed XML: {expat.ErrorString(error.code)}",
            code="xml-malformed",
            line=error.lineno,
        ) from None
    if not root:
        raise ParseError("no element: not an XML record", code="xml-malformed")
    return root[0]
