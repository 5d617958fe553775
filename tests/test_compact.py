"""Compact pages: sections read without their labels, by position and by the vocabulary of
each value; the page shape; truncation decided from the page's own order; and the real
sample studies rendered in the compact shape, read back field by field."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest

import ctgov_parse
from ctgov_parse.ctgov import from_ctgov, to_ctgov
from ctgov_parse.model import (
    Allocation,
    Design,
    InterventionModel,
    MaskedRole,
    Masking,
    ObservationalModel,
    PageShape,
    PrimaryPurpose,
    ResultsStatus,
    Sex,
    SponsorRole,
    TimePerspective,
    Trial,
)
from ctgov_parse.trial import grammar
from tests.conftest import FIXTURES, STUDIES, fixture_pages, needs_sample
from tests.corpus import without_blank_lines

HEADER = "A Study\nNCT ID: NCT01234567\nLast Updated: 2024-01-02\n"
BASIC = (
    "Basic Information\n"
    "Get a concise snapshot of the trial, including recruitment status, study phase,"
    " enrollment targets, and key timeline milestones.\n"
)


def _design_page(study_type: str, lines: list[str]) -> str:
    helper = grammar.SECTION_BY_NAME["study_design"].helper
    body = "\n".join(lines)
    return f"{HEADER}{BASIC}COMPLETED\n{study_type}\nStudy Design\n{helper}\n{body}"


def _codes(trial: Trial) -> list[str]:
    return [d.code for d in trial.diagnostics]


# --- Study Design without labels -------------------------------------------------------------

DESIGNS = [
    pytest.param(
        "INTERVENTIONAL",
        ["RANDOMIZED", "PARALLEL", "TREATMENT", "SINGLE"],
        Design(
            allocation=Allocation.RANDOMIZED,
            intervention_model=InterventionModel.PARALLEL,
            primary_purpose=PrimaryPurpose.TREATMENT,
            masking=Masking.SINGLE,
        ),
        id="four-tokens",
    ),
    pytest.param(
        "INTERVENTIONAL",
        ["NA", "SINGLE_GROUP", "One arm only.", "TREATMENT", "NONE"],
        Design(
            allocation=Allocation.NA,
            intervention_model=InterventionModel.SINGLE_GROUP,
            intervention_model_description="One arm only.",
            primary_purpose=PrimaryPurpose.TREATMENT,
            masking=Masking.NONE,
        ),
        id="na-allocation-and-model-description",
    ),
    pytest.param(
        "INTERVENTIONAL",
        ["RANDOMIZED", "CROSSOVER", "PREVENTION", "DOUBLE", "Participants Investigators",
         "Identical capsules.", "Coded by the pharmacy."],
        Design(
            allocation=Allocation.RANDOMIZED,
            intervention_model=InterventionModel.CROSSOVER,
            primary_purpose=PrimaryPurpose.PREVENTION,
            masking=Masking.DOUBLE,
            who_masked=(MaskedRole.PARTICIPANT, MaskedRole.INVESTIGATOR),
            masking_description="Identical capsules.\nCoded by the pharmacy.",
        ),
        id="masking-roles-and-description",
    ),
    pytest.param(
        "INTERVENTIONAL",
        ["TREATMENT", "NONE"],
        Design(primary_purpose=PrimaryPurpose.TREATMENT, masking=Masking.NONE),
        id="leading-fields-absent",
    ),
    pytest.param(
        "INTERVENTIONAL",
        ["OTHER"],
        Design(primary_purpose=PrimaryPurpose.OTHER),
        id="other-is-a-purpose-in-an-interventional-design",
    ),
    pytest.param(
        "OBSERVATIONAL",
        ["COHORT", "PROSPECTIVE"],
        Design(
            observational_model=ObservationalModel.COHORT,
            time_perspective=TimePerspective.PROSPECTIVE,
        ),
        id="observational",
    ),
    pytest.param(
        "OBSERVATIONAL",
        ["OTHER", "OTHER"],
        Design(
            observational_model=ObservationalModel.OTHER, time_perspective=TimePerspective.OTHER
        ),
        id="other-then-other",
    ),
    pytest.param(
        "OBSERVATIONAL",
        ["CASE_CONTROL", "OTHER"],
        Design(
            observational_model=ObservationalModel.CASE_CONTROL,
            time_perspective=TimePerspective.OTHER,
        ),
        id="other-after-a-model-is-the-perspective",
    ),
    pytest.param(
        "OBSERVATIONAL",
        ["RETROSPECTIVE"],
        Design(time_perspective=TimePerspective.RETROSPECTIVE),
        id="perspective-only",
    ),
    pytest.param(
        "INTERVENTIONAL",
        ["COHORT", "PROSPECTIVE"],
        Design(
            observational_model=ObservationalModel.COHORT,
            time_perspective=TimePerspective.PROSPECTIVE,
        ),
        id="tokens-that-contradict-the-type-win",
    ),
    pytest.param(
        "INTERVENTIONAL",
        ["Randomized", "Parallel Assignment", "Treatment", "None (Open Label)"],
        Design(
            allocation=Allocation.RANDOMIZED,
            intervention_model=InterventionModel.PARALLEL,
            primary_purpose=PrimaryPurpose.TREATMENT,
            masking=Masking.NONE,
            raw={
                "allocation": "Randomized",
                "intervention_model": "Parallel Assignment",
                "primary_purpose": "Treatment",
                "masking": "None (Open Label)",
            },
        ),
        id="plain-english",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("study_type", "lines", "expected"), DESIGNS)
def test_design_without_labels(study_type: str, lines: list[str], expected: Design) -> None:
    trial = ctgov_parse.parse(_design_page(study_type, lines))
    assert trial.design == expected
    assert trial.unparsed == ()
    assert "inferred-field" not in _codes(trial)


def test_lone_other_in_an_observational_design_is_flagged() -> None:
    trial = ctgov_parse.parse(_design_page("OBSERVATIONAL", ["OTHER"]))
    assert trial.design == Design(observational_model=ObservationalModel.OTHER)
    (inferred,) = [d for d in trial.diagnostics if d.code == "inferred-field"]
    assert (inferred.field, inferred.line, inferred.level) == (
        "observational_model",
        10,
        ctgov_parse.Level.WARNING,
    )
    with pytest.raises(ctgov_parse.ParseError, match="inferred-field"):
        ctgov_parse.parse(_design_page("OBSERVATIONAL", ["OTHER"]), strict=True)


def test_design_line_that_fits_no_field_is_kept() -> None:
    trial = ctgov_parse.parse(_design_page("INTERVENTIONAL", ["RANDOMIZED", "SOMETHING_NEW"]))
    assert trial.design == Design(allocation=Allocation.RANDOMIZED)
    assert [(line.number, line.text) for line in trial.unparsed] == [(11, "SOMETHING_NEW")]


# --- Eligibility without labels ----------------------------------------------------------------


def _eligibility_page(lines: list[str]) -> str:
    helper = grammar.SECTION_BY_NAME["eligibility"].helper
    criteria = "Inclusion Criteria:\n* Adults\nExclusion Criteria:\n* Pregnancy\n"
    return f"{HEADER}Eligibility Criteria\n{helper}\n{criteria}" + "\n".join(lines)


ELIGIBILITY = [
    pytest.param(["18 Years", "65 Years", "ALL", "No"], ("18 Years", "65 Years", Sex.ALL, False), id="all-four"),
    pytest.param(["6 Months", "FEMALE"], ("6 Months", None, Sex.FEMALE, None), id="one-age-and-sex"),
    pytest.param(["MALE", "Yes"], (None, None, Sex.MALE, True), id="no-ages"),
    pytest.param(["12 Years", "N/A", "ALL"], ("12 Years", None, Sex.ALL, None), id="no-upper-limit"),
    pytest.param(["Yes"], (None, None, None, True), id="volunteers-only"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), ELIGIBILITY)
def test_eligibility_without_labels(lines: list[str], expected: tuple[Any, ...]) -> None:
    trial = ctgov_parse.parse(_eligibility_page(lines))
    eligibility = trial.eligibility
    assert eligibility is not None
    got = (
        None if eligibility.minimum_age is None else str(eligibility.minimum_age),
        None if eligibility.maximum_age is None else str(eligibility.maximum_age),
        eligibility.sex,
        eligibility.healthy_volunteers,
    )
    assert got == expected
    assert [c.text for c in eligibility.inclusion] == ["Adults"]
    assert [c.text for c in eligibility.exclusion] == ["Pregnancy"]
    assert eligibility.criteria_text == (
        "Inclusion Criteria:\n* Adults\nExclusion Criteria:\n* Pregnancy"
    )
    assert trial.unparsed == ()
    inferred = [d for d in trial.diagnostics if d.code == "inferred-field"]
    assert [(d.field, d.line) for d in inferred] == (
        [("minimum_age", 10)] if lines[1:2] == ["FEMALE"] else []
    )


# --- other sections that lost their type or role lines --------------------------------------


def test_study_results_status_from_the_helper_alone() -> None:
    pending = grammar.SECTION_BY_NAME["study_results"].helper
    page = f"{HEADER}Study Results\n{pending}\n"
    assert ctgov_parse.parse(page).results_status is ResultsStatus.PENDING
    page = f"{HEADER}Study Results\n{grammar.RESULTS_AVAILABLE_HELPER}\nView full results"
    trial = ctgov_parse.parse(page)
    assert (trial.results_status, trial.unparsed) == (ResultsStatus.AVAILABLE, ())


def test_sponsors_without_role_lines_take_the_site_order() -> None:
    helper = grammar.SECTION_BY_NAME["sponsors"].helper
    page = f"{HEADER}Sponsors\n{helper}\nAcme Pharma\nINDUSTRY\nCity Hospital\nOTHER\nState Fund"
    sponsors = ctgov_parse.parse(page).sponsors
    assert [(s.name, s.agency_class, s.role) for s in sponsors] == [
        ("Acme Pharma", ctgov_parse.AgencyClass.INDUSTRY, SponsorRole.LEAD),
        ("City Hospital", ctgov_parse.AgencyClass.OTHER, SponsorRole.COLLABORATOR),
        ("State Fund", None, SponsorRole.COLLABORATOR),
    ]


def test_a_sponsor_class_that_is_no_token_is_still_its_class() -> None:
    helper = grammar.SECTION_BY_NAME["sponsors"].helper
    page = f"{HEADER}Sponsors\n{helper}\nAcme Pharma\nPHARMA_CO\nSponsor Role lead"
    trial = ctgov_parse.parse(page)
    (sponsor,) = trial.sponsors
    assert (sponsor.name, sponsor.agency_class, sponsor.raw) == (
        "Acme Pharma",
        None,
        {"agency_class": "PHARMA_CO"},
    )
    assert "unknown-value" in _codes(trial)


def test_contacts_without_role_lines() -> None:
    helper = grammar.SECTION_BY_NAME["central_contacts"].helper
    page = f"{HEADER}Central Contacts\n{helper}\nAnn Lee, MD\n555-0100\na.lee@example.org\nBo Chen\nb.chen@example.org"
    contacts = ctgov_parse.parse(page).central_contacts
    assert [(c.name, c.role, c.phone, c.email) for c in contacts] == [
        ("Ann Lee, MD", None, "555-0100", "a.lee@example.org"),
        ("Bo Chen", None, None, "b.chen@example.org"),
    ]


def test_bare_intervention_type_line_ends_an_entry() -> None:
    helper = grammar.SECTION_BY_NAME["interventions"].helper
    page = f"{HEADER}Interventions\n{helper}\nDrug A\nFirst.\nIntervention Type\nDrug B\nSecond.\nIntervention Type DRUG"
    trial = ctgov_parse.parse(page)
    assert [(i.name, i.type, i.description, i.raw) for i in trial.interventions] == [
        ("Drug A", None, "First.", {}),
        ("Drug B", ctgov_parse.InterventionType.DRUG, "Second.", {}),
    ]
    assert [(d.code, d.line) for d in trial.diagnostics if d.code == "missing-value"] == [
        ("missing-value", 8)
    ]


# --- shape and truncation ---------------------------------------------------------------------


def test_page_shape() -> None:
    seed = FIXTURES / "seed_NCT06788470.txt"
    compact = FIXTURES / "compact_unlabelled_design.txt"
    assert ctgov_parse.parse_file(seed).page_shape is PageShape.LABELLED
    assert ctgov_parse.parse_file(compact).page_shape is PageShape.COMPACT
    assert ctgov_parse.parse("A Study\n\nNCT ID: NCT01234567").page_shape is PageShape.LABELLED
    assert ctgov_parse.parse(HEADER + "\n\n\n").page_shape is PageShape.COMPACT


def test_the_shape_is_provenance_not_content() -> None:
    trial = ctgov_parse.parse_file(FIXTURES / "compact_unlabelled_design.txt")
    labelled = ctgov_parse.parse(ctgov_parse.render(trial, shape="labelled"))
    assert labelled.page_shape is PageShape.LABELLED
    assert labelled == trial


CUT_ON_PURPOSE = {
    "truncated",
    "compact_cut_mid_section",
    "results_cut_in_table",
    "results_cut_in_outcome",
}


@pytest.mark.parametrize("page", fixture_pages(), ids=[p.stem for p in fixture_pages()])
def test_only_cut_fixtures_are_reported_cut(page: Path) -> None:
    trial = ctgov_parse.parse(page.read_bytes())
    assert ("truncated" in _codes(trial)) == (page.stem in CUT_ON_PURPOSE)


@pytest.mark.parametrize(
    ("tail", "cut"),
    [
        pytest.param("Other Identifiers\n{helper}\nX-1\nIdentifier Type: -\nIdentifier Source: org_study_id", False, id="whole"),
        pytest.param("Other Identifiers\n{helper}\nX-1\nIdentifier Type: -", True, id="identifier-cut"),
        pytest.param("Other Identifiers\n{helper}\nX-1", True, id="identifier-cut-early"),
        pytest.param("Countries\n{countries}\nChina", True, id="before-identifiers"),
    ],
)  # fmt: skip
def test_compact_truncation_from_the_page_order(tail: str, cut: bool) -> None:
    related = f"{grammar.COMPACT_RELATED_HEADING}\n{grammar.COMPACT_RELATED_HELPER}\n"
    summary = grammar.SECTION_BY_NAME["brief_summary"]
    page = f"{HEADER}{summary.headings[0]}\n{summary.helper}\nText.\n{related}" + tail.format(
        helper=grammar.SECTION_BY_NAME["other_identifiers"].helper,
        countries=grammar.SECTION_BY_NAME["countries"].helper,
    )
    assert ("truncated" in _codes(ctgov_parse.parse(page))) is cut


def test_labelled_page_cut_inside_its_last_related_trial() -> None:
    seed = (FIXTURES / "seed_NCT06788470.txt").read_text(encoding="utf-8").rstrip("\n")
    assert "truncated" not in _codes(ctgov_parse.parse(seed + "\n\nA Study\n\nNCT01234567"))
    for cut in ("\n\nA Related Study", "\n\nA Related Study\n\nNCT0123"):
        trial = ctgov_parse.parse(seed + cut)
        assert trial.related_trials[-1].nct_id is None
        assert "truncated" in _codes(trial)


def test_page_cut_after_a_heading_is_cut() -> None:
    seed = (FIXTURES / "seed_NCT06788470.txt").read_text(encoding="utf-8")
    head = seed[: seed.index("More Related Trials") + len("More Related Trials")]
    assert "truncated" in _codes(ctgov_parse.parse(head))


# --- the real sample, rendered in the compact shape ------------------------------------------

_COMPARED = {
    "status": ("statusModule", "overallStatus"),
    "start_date": ("statusModule", "startDateStruct", "date"),
    "completion_date": ("statusModule", "completionDateStruct", "date"),
    "study_type": ("designModule", "studyType"),
    "phases": ("designModule", "phases"),
    "enrollment": ("designModule", "enrollmentInfo", "count"),
    "allocation": ("designModule", "designInfo", "allocation"),
    "intervention_model": ("designModule", "designInfo", "interventionModel"),
    "intervention_model_description": ("designModule", "designInfo", "interventionModelDescription"),
    "primary_purpose": ("designModule", "designInfo", "primaryPurpose"),
    "masking": ("designModule", "designInfo", "maskingInfo", "masking"),
    "who_masked": ("designModule", "designInfo", "maskingInfo", "whoMasked"),
    "masking_description": ("designModule", "designInfo", "maskingInfo", "maskingDescription"),
    "observational_model": ("designModule", "designInfo", "observationalModel"),
    "time_perspective": ("designModule", "designInfo", "timePerspective"),
    "minimum_age": ("eligibilityModule", "minimumAge"),
    "maximum_age": ("eligibilityModule", "maximumAge"),
    "sex": ("eligibilityModule", "sex"),
    "healthy_volunteers": ("eligibilityModule", "healthyVolunteers"),
    "eligibility_criteria": ("eligibilityModule", "eligibilityCriteria"),
}  # fmt: skip
# What a field's value became in each study: agree, missing, wrong or inferred (wrong but
# flagged inferred-field on the page); printed in the test summary (conftest).
COMPACT_AGREEMENT: dict[str, Counter[str]] = {}


def _get(study: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = study.get("protocolSection", {})
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _single_newlines(value: Any) -> Any:
    # The compact shape has no blank lines: a text's paragraphs come back one line apart.
    if isinstance(value, str):
        return "\n".join(
            line.rstrip() for line in value.replace("\r", "").split("\n") if line.strip()
        )
    return value


def _compact(path: Path) -> tuple[Trial, Trial, str]:
    study = json.loads(path.read_text(encoding="utf-8"))
    trial = from_ctgov(study)
    page = ctgov_parse.render(trial, shape="compact")
    return trial, ctgov_parse.parse(page), page


@needs_sample
@pytest.mark.parametrize("path", STUDIES, ids=[p.stem for p in STUDIES])
def test_sample_study_read_back_from_the_compact_shape(path: Path) -> None:
    study = json.loads(path.read_text(encoding="utf-8"))
    _, parsed, page = _compact(path)
    assert "" not in page.split("\n")
    assert parsed.page_shape is PageShape.COMPACT
    assert parsed.unparsed == ()
    assert "truncated" not in _codes(parsed)
    back = to_ctgov(parsed)
    inferred = {d.field for d in parsed.diagnostics if d.code == "inferred-field"}
    wrong = []
    for field, path_in_study in _COMPARED.items():
        expected = _single_newlines(_get(study, path_in_study))
        got = _single_newlines(_get(back, path_in_study))
        if expected is None and got is None:
            continue
        if expected == got:
            outcome = "agree"
        elif got is None:
            outcome = "missing"
        elif field in inferred or (field == "maximum_age" and "minimum_age" in inferred):
            outcome = "inferred"
        else:
            outcome = "wrong"
            wrong.append(field)
        COMPACT_AGREEMENT.setdefault(field, Counter())[outcome] += 1
    assert wrong == []


@needs_sample
def test_sample_agreement_in_the_compact_shape_is_at_least_99_percent() -> None:
    if not COMPACT_AGREEMENT:  # run alone: fill the table first
        for path in STUDIES:
            test_sample_study_read_back_from_the_compact_shape(path)
    totals: Counter[str] = Counter()
    for counts in COMPACT_AGREEMENT.values():
        totals.update(counts)
    assert totals["wrong"] == 0
    assert totals["agree"] / sum(totals.values()) >= 0.99


_LOSSY_LINES = (
    grammar.GROUP_TYPE,
    grammar.SPONSOR_ROLE,
    grammar.SITE_STATUS,
    grammar.CONTACT_ROLE,
    grammar.RESPONSIBILITY_ROLE,
)


def _plain(records: Any) -> Any:
    return without_blank_lines(ctgov_parse.to_dict(attrs.evolve(Trial(), arms=records))["arms"])


@needs_sample
@pytest.mark.parametrize("path", STUDIES, ids=[p.stem for p in STUDIES])
def test_sample_study_that_lost_its_type_and_role_lines(path: Path) -> None:
    """A compact scrape without any Group Type, Sponsor Role, Site Status, Role: or
    Responsibility Role line: every group, sponsor, site and contact still comes back,
    the roles of sponsors from the site's order, the others empty."""
    trial, _, page = _compact(path)
    lossy = "\n".join(line for line in page.split("\n") if not line.startswith(_LOSSY_LINES))
    parsed = ctgov_parse.parse(lossy)
    assert parsed.unparsed == ()
    untyped = tuple(
        attrs.evolve(arm, type=None, raw={k: v for k, v in arm.raw.items() if k != "type"})
        for arm in trial.arms
    )
    assert _plain(parsed.arms) == _plain(untyped)
    assert parsed.sponsors == trial.sponsors
    assert parsed.locations == tuple(attrs.evolve(site, status=None) for site in trial.locations)
    for field in ("central_contacts", "facility_contacts"):
        assert getattr(parsed, field) == tuple(
            attrs.evolve(contact, role=None) for contact in getattr(trial, field)
        )
    party = trial.responsible_party
    if party is not None and party.investigator_name is not None:
        assert parsed.responsible_party == attrs.evolve(party, type=None)


def _glue_headings(page: str) -> str:
    """Run every heading together with the text of the line above it."""
    headings = {*grammar.SECTION_BY_HEADING, grammar.COMPACT_RELATED_HEADING}
    out: list[str] = []
    for line in page.split("\n"):
        while out and not out[-1] and line in headings:
            out.pop()  # the labelled shape's blank line above a heading goes too
        if line in headings and out:
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


@needs_sample
@pytest.mark.parametrize("shape", ["labelled", "compact"])
def test_sample_headings_glued_to_the_line_above_in_every_section(shape: str) -> None:
    for path in STUDIES:
        page = ctgov_parse.render(from_ctgov(json.loads(path.read_text("utf-8"))), shape=shape)  # type: ignore[arg-type]
        glued = _glue_headings(page)
        assert glued.count("\n") < page.count("\n")
        assert ctgov_parse.parse(glued) == ctgov_parse.parse(page), path.stem


@needs_sample
@pytest.mark.parametrize("shape", ["labelled", "compact"])
def test_sample_pages_cut_anywhere_after_the_summary_are_reported_cut(shape: str) -> None:
    for path in STUDIES[::5]:
        trial = from_ctgov(json.loads(path.read_text("utf-8")))
        lines = ctgov_parse.render(trial, shape=shape).split("\n")  # type: ignore[arg-type]
        last = len(lines) - 1
        while not lines[last]:
            last -= 1
        start = lines.index("Detailed Description")
        for cut in range(start, last, 7):
            assert "truncated" in _codes(ctgov_parse.parse("\n".join(lines[:cut]))), (
                path.stem,
                cut,
            )


@needs_sample
def test_sections_in_another_order_read_the_same() -> None:
    """Detailed Description moved to the end of a compact page (after the identifiers)."""
    spec = grammar.SECTION_BY_NAME["detailed_description"]
    for path in STUDIES[::10]:
        _, parsed, page = _compact(path)
        lines = page.split("\n")
        start = lines.index(spec.headings[0])
        end = (
            lines.index(grammar.SECTION_BY_NAME["conditions"].headings[0], start)
            if "Conditions" in lines[start:]
            else start + 2
        )
        moved = lines[:start] + lines[end:] + lines[start:end]
        again = ctgov_parse.parse("\n".join(moved))
        assert again == parsed, path.stem
