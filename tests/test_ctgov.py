"""The ClinicalTrials.gov API v2 shape: mapping docs, hypothesis round trips, and the real
sample studies through a page and back."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import example, given

import ctgov_parse
from ctgov_parse.ctgov import (
    CARRIED,
    from_ctgov,
    location_contacts,
    mapping_table,
    page_text,
    to_ctgov,
)
from ctgov_parse.model import FacilityContactRole, Identifier, Trial
from tests import strategies
from tests.conftest import FIXTURES, ROOT, STUDIES, needs_sample
from tests.corpus import leaves

# Per-field agreement of the sample round trip, printed in the test summary (conftest).
AGREEMENT: dict[str, Counter[str]] = {}


def test_mapping_docs_are_generated_from_the_table() -> None:
    assert (ROOT / "docs" / "ctgov-mapping.md").read_text(encoding="utf-8") == mapping_table()


def test_seed_in_the_api_shape(seed_text: str) -> None:
    study = to_ctgov(ctgov_parse.parse(seed_text))
    protocol = study["protocolSection"]
    assert protocol["identificationModule"] == {
        "nctId": "NCT06788470",
        "orgStudyIdInfo": {"id": "2019-SC-001"},
        "briefTitle": ctgov_parse.parse(seed_text).title,
    }
    assert protocol["statusModule"] == {
        "overallStatus": "RECRUITING",
        "startDateStruct": {"date": "2024-08-09"},
        "completionDateStruct": {"date": "2027-08-09"},
        "lastUpdatePostDateStruct": {"date": "2025-01-23"},
    }
    assert protocol["designModule"]["phases"] == ["PHASE1", "PHASE2"]
    assert protocol["designModule"]["enrollmentInfo"] == {"count": 10}
    assert protocol["designModule"]["designInfo"]["maskingInfo"] == {"masking": "NONE"}
    arm = protocol["armsInterventionsModule"]["armGroups"][0]
    assert arm["interventionNames"] == ["Drug: MSC"]
    assert (
        arm["description"]
        == "MSCs (1×10\\^7/kg) are administered intratracheally to participators."
    )
    assert protocol["armsInterventionsModule"]["interventions"][0]["armGroupLabels"] == [
        "MSC transplantation"
    ]
    eligibility = protocol["eligibilityModule"]
    assert (eligibility["minimumAge"], eligibility["sex"], eligibility["healthyVolunteers"]) == (
        "36 Weeks",
        "ALL",
        False,
    )
    assert "maximumAge" not in eligibility
    assert eligibility["stdAges"] == ["CHILD", "ADULT", "OLDER_ADULT"]
    site = protocol["contactsLocationsModule"]["locations"][0]
    assert site["contacts"] == [{"name": "Ruoqiong Huang, Postdoc", "phone": "0571-86670704"}]
    assert study["hasResults"] is False


def test_unattributable_facility_contacts_are_left_out() -> None:
    text = (FIXTURES / "interventional_multi_arm.txt").read_text(encoding="utf-8")
    trial = ctgov_parse.parse(text)
    assert location_contacts(trial) is None  # 3 sites, 1 primary contact
    sites = to_ctgov(trial)["protocolSection"]["contactsLocationsModule"]["locations"]
    assert all("contacts" not in site for site in sites)


_BACKUP = FacilityContactRole.BACKUP


def _api_carried(trial: Trial) -> Trial:
    """What the API shape keeps of a Trial (see PAGE_ONLY in ctgov.py)."""
    per_site = location_contacts(trial)
    org = [i for i in trial.identifiers if i.source == "org_study_id"][:1]
    secondary = [i for i in trial.identifiers if i.source == "secondary_id"]
    countries = tuple(dict.fromkeys(s.country for s in trial.locations if s.country))
    facility = tuple(
        attrs.evolve(
            contact, role=FacilityContactRole.BACKUP if index else FacilityContactRole.PRIMARY
        )
        for run in per_site or ()
        for index, contact in enumerate(run)
    )
    return attrs.evolve(
        trial,
        # The API lists a lead sponsor and collaborators: one without a role has no place.
        sponsors=tuple(s for s in trial.sponsors if s.role is not None),
        identifiers=tuple(org + secondary),
        countries=countries,
        facility_contacts=facility,
        related_trials=(),
        extra_sections={},
        raw={key: value for key, value in trial.raw.items() if key != "countries"},
    )


@given(strategies.trials())
@example(  # an identifier's inner spacing is its own (hypothesis found it collapsed)
    Trial(nct_id="NCT00000000", identifiers=(Identifier(id="0  0", source="org_study_id"),))
)
def test_from_ctgov_inverts_to_ctgov(trial: Trial) -> None:
    assert from_ctgov(to_ctgov(trial)) == _api_carried(trial)


@given(strategies.trials())
def test_to_ctgov_is_json(trial: Trial) -> None:
    study = to_ctgov(trial)
    assert json.loads(json.dumps(study)) == study


def test_from_ctgov_tolerates_missing_and_odd_modules() -> None:
    assert from_ctgov({}) == Trial()
    odd = {
        "protocolSection": {
            "statusModule": {"overallStatus": "SOMETHING_NEW", "startDateStruct": {"date": "soon"}},
            "designModule": {"phases": ["PHASE9", "PHASE2"]},
        },
        "annotationSection": {"x": 1},
    }
    trial = from_ctgov(odd)
    assert trial.status is None
    assert trial.phases == (ctgov_parse.Phase.PHASE2,)
    assert trial.extras == {
        "protocolSection": {
            "statusModule": {"overallStatus": "SOMETHING_NEW", "startDateStruct": {"date": "soon"}},
            "designModule": {"phases": ["PHASE9", {}]},
        },
        "annotationSection": {"x": 1},
    }


# --- the real sample -----------------------------------------------------------------------------


def _template(path: str) -> str:
    return re.sub(r"\[\d+\]", "[]", path)


def _comparable(value: Any) -> Any:
    # A page cannot hold trailing blanks, CR line ends, or blank lines around a text.
    return page_text(value) if isinstance(value, str) else value


def _by_field(study: dict[str, Any]) -> dict[str, dict[str, Any]]:
    study = json.loads(json.dumps(study))
    for item in (
        study.get("protocolSection", {}).get("armsInterventionsModule", {}).get("interventions", [])
    ):
        if "armGroupLabels" in item:  # the page carries which groups, not their order
            item["armGroupLabels"] = sorted(item["armGroupLabels"])
    fields: dict[str, dict[str, Any]] = {}
    for path, value in leaves(study).items():
        fields.setdefault(_template(path), {})[path] = _comparable(value)
    return fields


_SITE_CONTACTS = tuple(
    f"protocolSection.contactsLocationsModule.locations[].contacts[].{name}"
    for name in ("name", "phone", "phoneExt", "email")
)
_GROUP_LABELS = "protocolSection.armsInterventionsModule.interventions[].armGroupLabels[]"


def _compared_fields(parsed: Trial, study: dict[str, Any]) -> set[str]:
    """The carried fields, plus the two that a page carries only in some studies: site
    contacts when the page can tell their sites, and an intervention's groups when no two
    interventions share a type and name (NCT05286957 has such a pair, with other groups)."""
    fields = set(CARRIED)
    if location_contacts(parsed) is not None or not parsed.facility_contacts:
        fields.update(_SITE_CONTACTS)
    items = study["protocolSection"].get("armsInterventionsModule", {}).get("interventions", [])
    if len({(i.get("type"), i.get("name")) for i in items}) < len(items):
        fields.discard(_GROUP_LABELS)
    return fields


@needs_sample
@pytest.mark.parametrize("path", STUDIES, ids=[p.stem for p in STUDIES])
def test_sample_study_survives_a_page(path: Path) -> None:
    study = json.loads(path.read_text(encoding="utf-8"))
    trial = from_ctgov(study)
    page = ctgov_parse.render(trial)
    parsed = ctgov_parse.parse(page)
    assert parsed.unparsed == ()
    back = to_ctgov(parsed)
    expected, got = _by_field(study), _by_field(back)
    failures = []
    for field in sorted(set(expected) | set(got)):
        if field not in _compared_fields(parsed, study):
            continue
        agree = expected.get(field, {}) == got.get(field, {})
        AGREEMENT.setdefault(field, Counter())["agree" if agree else "differ"] += 1
        if not agree:
            failures.append(field)
    assert failures == []


@needs_sample
def test_sample_study_api_round_trip_is_lossless() -> None:
    for path in STUDIES:
        study = json.loads(path.read_text(encoding="utf-8"))
        assert to_ctgov(from_ctgov(study)) == study, path.stem
