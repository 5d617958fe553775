"""``from_ctgov_xml``: a legacy registry record (``<clinical_study>``) as a ``Trial``.

Strategy: the record is read safely into an element tree (``safe``), the declaration
(``mapping.FIELDS``) writes each element it names into an API v2 study, and ``from_ctgov``
makes the record of that study, so a legacy record is the same record ``parse`` and
``from_ctgov`` give and everything downstream works unchanged. Every element no declaration
took (no API place, not mapped yet, unknown, or a value that could not be read) is kept in
``Trial.unparsed`` as ``path: text`` with its line, and reported.
"""

from __future__ import annotations

from typing import Any

import attrs

from ctgov_parse.ctgov import from_ctgov
from ctgov_parse.ctgov_xml.mapping import FIELDS, PERSON, PERSON_PARTS, Field, Group
from ctgov_parse.ctgov_xml.safe import Element, read_xml
from ctgov_parse.errors import ParseError
from ctgov_parse.model import Diagnostic, Level, Line, Trial

__all__ = ["SECTION", "from_ctgov_xml"]

SECTION = "legacy_xml"  # the section named by the kept lines of a legacy record


class _Reading:
    """What one conversion gathers: the study, the elements taken, the diagnostics."""

    def __init__(self) -> None:
        self.study: dict[str, Any] = {}
        self.taken: set[int] = set()
        self.diagnostics: list[Diagnostic] = []


def from_ctgov_xml(data: bytes | str, *, strict: bool = False) -> Trial:
    """A Trial from a legacy registry XML record (bytes as read from a file or a zip, or
    text). ``ParseError`` for what is not such a record (not XML, a DOCTYPE or entities,
    nesting too deep, too large, another root); with ``strict=True`` also for any value
    that could not be read."""
    root = read_xml(data)
    if root.tag != "clinical_study":
        raise ParseError(
            f"the root element is <{root.tag}>, not <clinical_study>: not a registry record",
            code="xml-not-a-study",
            line=root.line,
        )
    reading = _Reading()
    _apply(root, FIELDS, reading.study, reading)
    _intervention_names(reading.study)
    reading.study["hasResults"] = root.find("clinical_results") is not None
    trial = from_ctgov(reading.study)
    kept, reported = _kept(root, reading.taken)
    diagnostics = (*trial.diagnostics, *reading.diagnostics, *reported)
    if strict:
        for diagnostic in diagnostics:
            if diagnostic.level is not Level.INFO:
                raise ParseError(diagnostic.message, code=diagnostic.code, line=diagnostic.line)
    return attrs.evolve(trial, unparsed=(*trial.unparsed, *kept), diagnostics=diagnostics)


def _elements(element: Element, path: str) -> list[Element]:
    """The elements at ``path`` below ``element`` (``a/b[]``: every ``b`` of the first
    ``a``; ``""``: the element itself)."""
    if not path:
        return [element]
    found = [element]
    for step in path.split("/"):
        tag = step.removesuffix("[]")
        if step.endswith("[]"):
            found = [child for parent in found[:1] for child in parent.all(tag)]
        else:
            child = found[0].find(tag) if found else None
            found = [] if child is None else [child]
    return found


def _set(target: dict[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at a dotted path (``x[]`` at the end: append to the list ``x``)."""
    *parents, last = path.split(".")
    for name in parents:
        target = target.setdefault(name, {})
    if last.endswith("[]"):
        target.setdefault(last[:-2], []).append(value)
    else:
        target[last] = value


def _apply(element: Element, specs: tuple[Field | Group, ...], target: dict[str, Any],
           reading: _Reading) -> None:  # fmt: skip
    for spec in specs:
        if isinstance(spec, Group):
            for found in _elements(element, spec.xml):
                item: dict[str, Any] = dict(spec.constant)
                _apply(found, spec.fields, item, reading)
                if len(item) > len(spec.constant):
                    _set(target, spec.api, item)
                reading.taken.add(id(found))
            continue
        if spec.api is None or spec.convert is None:
            continue  # no API place: kept (see _kept)
        path, _, attribute = spec.xml.partition("@")
        for found in _elements(element, path):
            text = _text(found, spec, attribute, reading)
            if text is None:
                continue
            try:
                value = spec.convert.read(text)
            except ValueError as error:
                reading.diagnostics.append(
                    Diagnostic(code="xml-value", message=f"<{found.tag}>: {error}",
                               line=found.line, section=SECTION, field=spec.api)
                )  # fmt: skip
                continue
            if not attribute and not spec.keep:
                reading.taken.add(id(found))
            if value is not None:
                _set(target, spec.api, value)


def _text(element: Element, spec: Field, attribute: str, reading: _Reading) -> str | None:
    if attribute:
        return element.attributes.get(attribute)
    if spec.convert is PERSON and element.children:
        parts = {child.tag: child for child in element.children}
        names = [parts[tag] for tag in PERSON_PARTS[:3] if tag in parts]
        reading.taken.update(id(name) for name in names)
        name = " ".join(" ".join(part.text.split()) for part in names)
        if "degrees" in parts:
            reading.taken.add(id(parts["degrees"]))
            name = f"{name}, {' '.join(parts['degrees'].text.split())}"
        return name
    return element.text


def _label(token: str) -> str:
    return token.replace("_", " ").title()


def _intervention_names(study: dict[str, Any]) -> None:
    """Each group's ``interventionNames`` (``Drug: name``), from the interventions'
    ``armGroupLabels``: the legacy record lists them on the interventions only."""
    module = study.get("protocolSection", {}).get("armsInterventionsModule", {})
    groups = {group.get("label"): group for group in module.get("armGroups", [])}
    for intervention in module.get("interventions", []):
        name = intervention.get("name")
        kind = intervention.get("type")
        named = f"{_label(kind)}: {name}" if kind else name
        for label in intervention.get("armGroupLabels", []):
            if label in groups:
                groups[label].setdefault("interventionNames", []).append(named)


def _kept(root: Element, taken: set[int]) -> tuple[list[Line], list[Diagnostic]]:
    """The lines of every element no declaration took (``path: text``), and one diagnostic
    for each outermost such part: an element none of whose elements was taken (a whole
    ``clinical_results``, an unknown element), not a container some of whose were."""
    partly = _partly_taken(root, taken)
    lines: list[Line] = []
    diagnostics: list[Diagnostic] = []

    def visit(element: Element, path: str, reported: bool) -> None:
        if id(element) not in taken:
            said = " ".join(
                part
                for part in (
                    " ".join(element.text.split()),
                    " ".join(f"@{k}={v}" for k, v in element.attributes.items()),
                )
                if part
            )
            if not reported and id(element) not in partly and (said or element.children):
                diagnostics.append(
                    Diagnostic(code="xml-unmapped", level=Level.INFO, line=element.line,
                               section=SECTION, field=path,
                               message=f"<{path}> has no place in the API v2 study: kept")
                )  # fmt: skip
                reported = True
            if said:
                lines.append(Line(number=element.line, text=f"{path}: {said}", section=SECTION))
        for child, child_path in _named(element.children, path):
            visit(child, child_path, reported)  # recursion bounded: safe.MAX_DEPTH

    if root.attributes:  # the search rank a dump gave the record: not the study's
        said = " ".join(f"@{k}={v}" for k, v in root.attributes.items())
        lines.append(Line(number=root.line, text=f"{root.tag}: {said}", section=SECTION))
    for child, path in _named(root.children, ""):
        visit(child, path, False)
    return lines, diagnostics


def _partly_taken(root: Element, taken: set[int]) -> set[int]:
    """The elements some element below which was taken (post-order, bounded depth)."""
    partly: set[int] = set()

    def visit(element: Element) -> bool:
        below = False
        for child in element.children:
            if visit(child) or id(child) in taken:
                below = True
        if below:
            partly.add(id(element))
        return below

    visit(root)
    return partly


def _named(children: list[Element], parent: str) -> list[tuple[Element, str]]:
    """Children with their paths, ``tag[n]`` (1-based) where the tag repeats."""
    counts: dict[str, int] = {}
    for child in children:
        counts[child.tag] = counts.get(child.tag, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for child in children:
        step = child.tag
        if counts[child.tag] > 1:
            seen[child.tag] = seen.get(child.tag, 0) + 1
            step = f"{child.tag}[{seen[child.tag]}]"
        out.append((child, f"{parent}/{step}" if parent else step))
    return out
