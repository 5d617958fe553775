"""Helpers for corpus tests: what a record holds, as text, to account for every page line."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import Any

import attrs

from ctgov_parse import kinds
from ctgov_parse.grammar import page_spelling
from ctgov_parse.model import Age, Contact, Location, PartialDate, ResponsibleParty, Trial
from ctgov_parse.page.fields import labels
from ctgov_parse.page.split import clean_lines
from ctgov_parse.results import grammar as results_grammar
from ctgov_parse.results.fields import OVERVIEW
from ctgov_parse.trial import grammar
from ctgov_parse.trial.fields import BASIC_INFORMATION, DESIGN, ELIGIBILITY

_TRIAL_HEADINGS = kinds.TRIAL.headings
assert _TRIAL_HEADINGS is not None
# Helper sentences, whole or cut short (a page or a scrape can cut one anywhere).
HELPER_SENTENCES = tuple(
    sentence for spec in grammar.SECTIONS for sentence in spec.helper_sentences
)
# "Label value" lines: the label is grammar, the value must be in the record.
INLINE_LABELS = tuple(label.rstrip() for label in grammar.INLINE_LABELS)
FIXED_LINES = frozenset(
    [
        *grammar.SECTION_BY_HEADING,
        *labels(BASIC_INFORMATION).values(),
        *labels(DESIGN).values(),
        *labels(ELIGIBILITY).values(),
        grammar.RESULTS_PENDING,
        grammar.RESULTS_AVAILABLE,
        grammar.VIEW_FULL_RESULTS,
        grammar.NO_INTERVENTIONS,
        *results_grammar.SECTION_BY_HEADING,
        *labels(OVERVIEW).values(),
        *results_grammar.CAPTIONS,
        results_grammar.WITHDRAWALS_NOT_REPORTED,
        results_grammar.MEASURE_HEADER,
        results_grammar.PIPE,
        f"| {results_grammar.MEASURE_HEADER} |",
        *(label for label, _, _ in results_grammar.EVENT_TOTALS),
    ]
)
# Words of a results table's lines that are its grammar, not its values.
_TABLE_WORDS = frozenset(
    [
        "•",
        "to",
        "-",
        "·",
        results_grammar.MEASURE_HEADER,
        *results_grammar.FLOW_LABEL_HEADERS,
        *results_grammar.WITHDRAWAL_LABEL_HEADERS,
        *results_grammar.PARAM_TYPES,
        *results_grammar.DISPERSION_TYPES,
        *(word.strip(":") for word in results_grammar.MEASURE_DESCRIPTION.split()),
        *(word.strip(":") for word in results_grammar.POPULATION_DESCRIPTION.split()),
        "/",
        "ext",
        *(
            word.strip(":")
            for labels in (
                results_grammar.OUTCOME_LABELS,
                results_grammar.ANALYSIS_LABELS,
                results_grammar.ADVERSE_LABELS,
                results_grammar.MORE_INFO_LABELS,
            )
            for label in labels.values()
            for word in label.split()
        ),
        results_grammar.EVENT_NOTES.strip(" :"),
        *results_grammar.ANALYSIS_HEADING_TEXT.split(),
        *results_grammar.EVENT_LABEL_HEADERS,
        *(word for label, _, _ in results_grammar.EVENT_TOTALS for word in label.split()),
    ]
)


def _table_line_accounted(line: str, joined: str) -> bool:
    """A results table line (a pipe row, a cell, a kind line) is accounted for when each of
    its words that is not table grammar stands in the record's strings."""
    if results_grammar.PIPE_DIVIDER.fullmatch(line):
        return True
    text = line.replace(results_grammar.CELL_BREAK, " ").replace("|", " ")
    for word in text.split():
        word = word.removeprefix("n=").strip("():,")
        if word and word not in _TABLE_WORDS and word not in joined:
            return False
    return True


def record_strings(value: Any) -> Iterator[str]:
    """Every string a record holds, with the page spellings of its numbers and tokens."""
    if value is None:
        return
    if isinstance(value, bool):
        yield "Yes" if value else "No"
    elif isinstance(value, enum.Enum):
        yield str(value.value)
        yield page_spelling(value)
    elif isinstance(value, str):
        yield value
    elif isinstance(value, int):
        yield str(value)
        yield f"{value} participants"
    elif isinstance(value, PartialDate | Age):
        yield value.raw
        yield str(value)
    elif isinstance(value, tuple | list):
        if value and all(isinstance(item, enum.Enum) for item in value):
            yield "/".join(item.value for item in value)
            yield " ".join(page_spelling(item) for item in value)
        for item in value:
            yield from record_strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from record_strings(item)
    elif attrs.has(type(value)):
        if isinstance(value, Location):
            yield ", ".join(part for part in (value.city, value.state, value.country) if part)
        if isinstance(value, ResponsibleParty):
            parts = (value.investigator_title, value.investigator_affiliation)
            yield ", ".join(part for part in parts if part)
        if isinstance(value, Contact) and value.phone_ext:
            yield f"{value.phone} ext {value.phone_ext}"
        for field in attrs.fields(type(value)):
            if field.name not in ("diagnostics",):
                yield from record_strings(getattr(value, field.name))


def unaccounted_lines(text: str, trial: Trial) -> list[tuple[int, str]]:
    """Non-blank page lines that are neither grammar nor found in the record."""
    strings = set(record_strings(trial))
    joined = "\n".join(strings)
    unparsed = {line.number for line in trial.unparsed}
    missing = []
    for number, line in enumerate(clean_lines(text), start=1):
        stripped = line.strip()
        if (
            not stripped
            or number in unparsed
            or _TRIAL_HEADINGS.match_helper(stripped) is not None
            or any(sentence.startswith(stripped) for sentence in HELPER_SENTENCES)
        ):
            continue
        for heading in grammar.SECTION_BY_HEADING:  # a heading run together with text
            if stripped.endswith(heading):
                stripped = stripped[: -len(heading)].strip()
                break
        if not stripped or stripped in FIXED_LINES:
            continue
        for label in INLINE_LABELS:
            if stripped.startswith(label):
                stripped = stripped[len(label) :].strip()
                break
        if not stripped or stripped in strings or stripped in joined:
            continue
        title_line = results_grammar.PAGE_TITLE.fullmatch(stripped)
        if title_line is not None and {title_line["title"], title_line["id"]} <= strings:
            continue
        if trial.results is not None and _table_line_accounted(stripped, joined):
            continue
        missing.append((number, line))
    return missing


def without_blank_lines(value: Any) -> Any:
    """Plain data as the compact shape can carry it: text paragraphs one line apart."""
    if isinstance(value, str):
        while "\n\n" in value:
            value = value.replace("\n\n", "\n")
        return value
    if isinstance(value, list):
        return [without_blank_lines(item) for item in value]
    if isinstance(value, dict):
        return {key: without_blank_lines(item) for key, item in value.items()}
    return value


def leaves(value: Any, path: str = "") -> dict[str, Any]:
    """Nested JSON data as concrete path (with list indices) -> leaf value."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(leaves(item, f"{path}.{key}" if path else key))
        return out
    if isinstance(value, list):
        out = {}
        for index, item in enumerate(value):
            out.update(leaves(item, f"{path}[{index}]"))
        return out
    return {path: value}
