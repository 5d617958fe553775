"""``from_ctgov_xml``: legacy registry records into the same records as pages and API JSON;
nothing dropped; hostile XML refused fast.

``examples/legacy/NCT09000017.xml`` is a record written for these tests (and the docs) in
the legacy layout, its study made up; its expected API v2 study and kept lines are in
``tests/ctgov_xml/NCT09000017.json``, each value read against its element. The registry's own records are in
``../shared/ctgov-xml-sample`` (skipped where absent)."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import attrs
import pytest

import ctgov_parse
from ctgov_parse import ParseError, from_ctgov_xml
from ctgov_parse.ctgov_xml import FIELDS, MAX_DEPTH, Field, Group, mapping_table
from ctgov_parse.ctgov_xml.mapping import PERSON, PERSON_PARTS
from ctgov_parse.model import Level, Masking, Phase, Status
from tests.conftest import ROOT, skip_or_fail

HERE = Path(__file__).resolve().parent / "ctgov_xml"
OWN = ROOT / "examples" / "legacy" / "NCT09000017.xml"
SAMPLE = ROOT.parent / "shared" / "ctgov-xml-sample"
SAMPLES = sorted(SAMPLE.glob("*.xml")) if SAMPLE.is_dir() else []
needs_samples = pytest.mark.skipif(
    not SAMPLES, reason="../shared/ctgov-xml-sample is not beside the project (a user's clone)"
)


def test_our_record_gives_the_expected_study() -> None:
    trial = from_ctgov_xml(OWN.read_bytes())
    expected = json.loads((HERE / "NCT09000017.json").read_text(encoding="utf-8"))
    assert ctgov_parse.to_ctgov(trial) == expected["study"]
    assert [[line.number, line.text] for line in trial.unparsed] == expected["kept"]
    assert [[d.code, d.line, d.field] for d in trial.diagnostics] == expected["diagnostics"]
    assert all(d.level is Level.INFO for d in trial.diagnostics)
    # the record's own fields, normalized as everywhere else
    assert trial.nct_id == "NCT09000017"
    assert trial.status is Status.ACTIVE_NOT_RECRUITING
    assert trial.phases == (Phase.PHASE1, Phase.PHASE2)
    assert str(trial.completion_date) == "2020-05"  # May 2020: a month, not its first day
    assert trial.completion_date is not None and trial.completion_date.day is None
    assert trial.eligibility is not None
    assert trial.eligibility.minimum_age is not None and trial.eligibility.maximum_age is None
    assert [c.text for c in trial.eligibility.inclusion] == [
        "Registered nurse working at least four night shifts a month",
        "Score of 10 or more on the depression rating scale at screening",
    ]
    assert trial.design is not None and trial.design.masking is Masking.DOUBLE


def test_the_same_record_as_text_and_in_utf16() -> None:
    data = OWN.read_bytes()
    as_bytes = from_ctgov_xml(data)
    # a str whose declaration names another encoding is text already
    text = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    assert from_ctgov_xml(text) == as_bytes
    utf16 = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert from_ctgov_xml(utf16.encode("utf-16")) == as_bytes


def _leaves(path: Path) -> list[tuple[str, str]]:
    """Every element with text of a record, by an independent reader: (path, text)."""
    out = []
    stack = [(ElementTree.parse(path).getroot(), "")]
    while stack:
        element, where = stack.pop()
        for child in element:
            child_path = f"{where}/{child.tag}" if where else child.tag
            stack.append((child, child_path))
        if where and (element.text or "").strip():
            out.append((where, " ".join(element.text.split())))  # type: ignore[union-attr]
    return out


def _declared() -> set[str]:
    """The element paths the declaration gives an API place (``[]`` dropped)."""
    paths: set[str] = set()

    def walk(specs: tuple[Field | Group, ...], base: str) -> None:
        for spec in specs:
            where = "/".join(p for p in (base, spec.xml.removesuffix("[]")) if p)
            where = where.replace("[]", "")
            if isinstance(spec, Group):
                walk(spec.fields, where)
            elif spec.api is not None and "@" not in spec.xml:
                paths.add(where)
                if spec.convert is PERSON:  # a name made of its parts' elements
                    paths.update(f"{where}/{part}" for part in PERSON_PARTS)

    walk(FIELDS, "")
    return paths


@pytest.mark.parametrize("path", [OWN, *SAMPLES], ids=lambda p: p.name)
def test_nothing_is_lost(path: Path) -> None:
    """Each element with text is either read into the study (its path declared, its value
    read without a diagnostic) or kept in ``unparsed`` with its path and line."""
    trial = from_ctgov_xml(path.read_bytes())
    kept = {line.text.split(": ", 1)[0] for line in trial.unparsed}
    plain_kept = {_plain(k) for k in kept}
    unread = {d.line for d in trial.diagnostics if d.code == "xml-value"}
    declared = _declared()
    for where, _ in _leaves(path):
        assert where in declared or where in plain_kept, where
    assert all(line.number > 0 for line in trial.unparsed)
    assert not unread, "a value the converter could not read"


def _plain(path: str) -> str:
    import re

    return re.sub(r"\[\d+\]", "", path)


@needs_samples
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_round_trip_through_the_api_shape(path: Path) -> None:
    trial = from_ctgov_xml(path.read_bytes())
    again = ctgov_parse.from_ctgov(ctgov_parse.to_ctgov(trial))
    assert again == attrs.evolve(trial, unparsed=(), diagnostics=())


@needs_samples
def test_sample_records_give_their_values() -> None:
    read = {p.name: from_ctgov_xml(p.read_bytes()) for p in SAMPLES}
    bypass = read["NCT02041234.xml"]
    assert (bypass.nct_id, bypass.status, bypass.phases) == (
        "NCT02041234", Status.RECRUITING, (Phase.PHASE4,)
    )  # fmt: skip
    assert [s.name for s in bypass.sponsors] == ["Khoo Teck Puat Hospital"]
    assert bypass.eligibility is not None
    assert str(bypass.last_updated) == "2017-08-22"
    assert len(read["NCT02348489.xml"].locations) == 135
    # the 2013 layout: its dates, its one-line design read, the line kept
    old = read["NCT00000102_2013.xml"]
    assert str(old.last_updated) == "2005-06-23"
    assert old.design is not None and old.design.masking is Masking.DOUBLE
    assert any(line.text.startswith("study_design: ") for line in old.unparsed)
    # results are not mapped yet: kept whole and reported once
    results = read["NCT01101477.xml"]
    unmapped = [d for d in results.diagnostics if d.code == "xml-unmapped"]
    assert "clinical_results" in {d.field for d in unmapped}
    assert sum(line.text.startswith("clinical_results/") for line in results.unparsed) > 50


@needs_samples
def test_two_versions_of_a_study_compared() -> None:
    """The registry's 2013 and 2021 files of NCT00000102: what the registry changed."""
    old = from_ctgov_xml((SAMPLE / "NCT00000102_2013.xml").read_bytes())
    new = from_ctgov_xml((SAMPLE / "NCT00000102_2021.xml").read_bytes())
    changes = {(c.kind.value, c.path) for c in ctgov_parse.diff(old, new)}
    ident = "protocolSection.identificationModule.secondaryIdInfos"
    assert ("removed", f"{ident}[M01RR01070]") in changes
    assert ("added", f"{ident}[M01RR001070]") in changes
    assert ("changed", "protocolSection.statusModule.lastUpdatePostDateStruct.date") in changes
    # the design the 2013 layout wrote on one line is the same design
    assert not any("designInfo" in path for _, path in changes)


# --- hostile input ---------------------------------------------------------------------------


def _refused(data: bytes | str, code: str) -> ParseError:
    start = time.perf_counter()
    with pytest.raises(ParseError) as raised:
        from_ctgov_xml(data)
    assert time.perf_counter() - start < 1.0
    assert raised.value.code == code, raised.value
    return raised.value


def test_entity_bombs_and_external_entities_are_refused(tmp_path: Path) -> None:
    bomb = ['<?xml version="1.0"?>\n<!DOCTYPE clinical_study [\n<!ENTITY a "aaaaaaaaaa">']
    for level in range(1, 10):
        bomb.append(f'<!ENTITY {"a" * (level + 1)} "{("&" + "a" * level + ";") * 10}">')
    bomb.append(f"]>\n<clinical_study>&{'a' * 10};</clinical_study>")
    _refused("\n".join(bomb).encode(), "xml-doctype")
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me", encoding="utf-8")
    external = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "{secret.as_uri()}">]>'
        "<clinical_study><brief_title>&e;</brief_title></clinical_study>"
    )
    error = _refused(external.encode(), "xml-doctype")
    assert "do not read me" not in str(error)
    # an entity never declared is not read either: the XML is not well-formed
    _refused(b"<clinical_study><brief_title>&e;</brief_title></clinical_study>", "xml-malformed")


def test_deep_nesting_and_huge_records_fail_fast() -> None:
    deep = b"<clinical_study>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</clinical_study>"
    error = _refused(deep, "xml-too-deep")
    assert str(MAX_DEPTH) in error.message
    huge = b"<clinical_study><brief_title>" + b"x" * (9 * 1024 * 1024) + b"</brief_title>"
    _refused(huge + b"</clinical_study>", "page-too-large")


def test_broken_and_foreign_documents() -> None:
    whole = OWN.read_bytes()
    cut = whole[: whole.index(b"<eligibility>") + 40]
    error = _refused(cut, "xml-malformed")
    assert error.line == cut.count(b"\n") + 1  # where the file ends
    _refused(b"NCT ID: NCT06788470\nnot xml at all", "xml-malformed")
    _refused(b"", "xml-malformed")
    error = _refused(b'<?xml version="1.0"?>\n<study><id>1</id></study>', "xml-not-a-study")
    assert error.line == 2


def test_strict_raises_on_a_value_it_cannot_read() -> None:
    odd = OWN.read_text(encoding="utf-8").replace(
        "<phase>Phase 1/Phase 2</phase>", "<phase>Phase 9</phase>"
    )
    lenient = from_ctgov_xml(odd)
    found = [d for d in lenient.diagnostics if d.code == "xml-value"]
    assert [(d.field, d.level) for d in found] == [
        ("protocolSection.designModule.phases", Level.WARNING)
    ]
    assert any(line.text == "phase: Phase 9" for line in lenient.unparsed)  # kept
    with pytest.raises(ParseError) as raised:
        from_ctgov_xml(odd, strict=True)
    assert raised.value.code == "xml-value"


def test_the_mapping_document_is_current() -> None:
    document = ROOT / "docs" / "ctgov-xml-mapping.md"
    if not document.is_file():
        skip_or_fail("docs/ctgov-xml-mapping.md is missing")
    assert document.read_text(encoding="utf-8") == mapping_table()
