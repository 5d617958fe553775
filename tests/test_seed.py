"""The user's example page: every field the core issue names, asserted one by one."""

from __future__ import annotations

from fractions import Fraction

import pytest

import ctgov_parse
from ctgov_parse import (
    AgencyClass,
    AgeUnit,
    Allocation,
    ArmType,
    ContactRole,
    DatePrecision,
    FacilityContactRole,
    InterventionModel,
    InterventionType,
    Level,
    Masking,
    Phase,
    PrimaryPurpose,
    ResponsiblePartyType,
    ResultsStatus,
    Sex,
    SponsorRole,
    Status,
    StudyType,
)


@pytest.fixture(scope="module")
def trial(seed_text: str) -> ctgov_parse.Trial:
    return ctgov_parse.parse(seed_text)


def test_header(trial: ctgov_parse.Trial) -> None:
    assert trial.nct_id == "NCT06788470"
    assert trial.title.startswith("Safety and Efficacy of Umbilical Cord-derived")
    assert trial.last_updated.isoformat() == "2025-01-23"
    assert trial.results_status is ResultsStatus.PENDING


def test_basic_information(trial: ctgov_parse.Trial) -> None:
    assert trial.status is Status.RECRUITING
    assert trial.phases == (Phase.PHASE1, Phase.PHASE2)
    assert trial.enrollment == 10
    assert trial.study_type is StudyType.INTERVENTIONAL
    assert trial.start_date.isoformat() == "2024-08-09"
    assert trial.start_date.precision is DatePrecision.DAY
    assert trial.completion_date.isoformat() == "2027-08-09"
    assert trial.completion_date.precision is DatePrecision.DAY


def test_texts(trial: ctgov_parse.Trial) -> None:
    assert trial.brief_summary.count("\n\n") == 1
    assert trial.brief_summary.endswith("prognosis of severe BPD.")
    assert trial.detailed_description is None
    assert trial.conditions == ("BPD - Bronchopulmonary Dysplasia",)
    assert trial.keywords == ()


def test_design(trial: ctgov_parse.Trial) -> None:
    design = trial.design
    assert design.allocation is Allocation.NA
    assert design.intervention_model is InterventionModel.SINGLE_GROUP
    assert design.intervention_model_description.startswith("Intratracheal administration")
    assert design.primary_purpose is PrimaryPurpose.TREATMENT
    assert design.masking is Masking.NONE
    assert design.who_masked == ()


def test_groups_and_interventions(trial: ctgov_parse.Trial) -> None:
    (arm,) = trial.arms
    assert arm.label == "MSC transplantation"
    assert arm.type is ArmType.EXPERIMENTAL
    assert "1×10^7/kg" in arm.description
    assert (
        arm.raw["description"]
        == "MSCs (1×10\\^7/kg) are administered intratracheally to participators."
    )
    (given,) = arm.interventions
    assert (given.name, given.type) == ("MSC", InterventionType.DRUG)
    (intervention,) = trial.interventions
    assert (intervention.name, intervention.type) == ("MSC", InterventionType.DRUG)
    assert intervention.description == given.description


def test_eligibility(trial: ctgov_parse.Trial) -> None:
    eligibility = trial.eligibility
    assert len(eligibility.inclusion) == 4
    assert len(eligibility.exclusion) == 8
    assert eligibility.inclusion[0].text == "23-29 weeks of gestation, birth weight 500-1500g;"
    assert eligibility.inclusion[0].marker == "1."
    assert eligibility.exclusion[-1].text.startswith("Intracranial and extracranial")
    assert eligibility.minimum_age.value == 36
    assert eligibility.minimum_age.unit is AgeUnit.WEEKS
    assert eligibility.minimum_age.days == 252
    assert eligibility.minimum_age.years == Fraction(252 * 4, 1461)
    assert eligibility.maximum_age is None
    assert eligibility.sex is Sex.ALL
    assert eligibility.healthy_volunteers is False


def test_parties(trial: ctgov_parse.Trial) -> None:
    lead = trial.lead_sponsor
    assert lead.name == "The Children's Hospital of Zhejiang University School of Medicine"
    assert lead.agency_class is AgencyClass.OTHER
    assert lead.role is SponsorRole.LEAD
    assert trial.collaborators == ()
    party = trial.responsible_party
    assert party.type is ResponsiblePartyType.PRINCIPAL_INVESTIGATOR
    assert party.investigator_name == "Shu Qiang"


def test_sites_and_contacts(trial: ctgov_parse.Trial) -> None:
    (site,) = trial.locations
    assert (site.city, site.state, site.country) == ("Hangzhou", "Zhejiang", "China")
    assert site.status is Status.RECRUITING
    assert trial.countries == ("China",)
    (central,) = trial.central_contacts
    assert central.name == "Yaoqin Hu, MD"
    assert central.role is ContactRole.CONTACT
    assert central.phone == "0571-86670704"
    (facility,) = trial.facility_contacts
    assert facility.name == "Ruoqiong Huang, Postdoc"
    assert facility.role is FacilityContactRole.PRIMARY
    (identifier,) = trial.identifiers
    assert (identifier.id, identifier.type, identifier.source) == (
        "2019-SC-001",
        None,
        "org_study_id",
    )
    assert trial.related_trials == ()


def test_nothing_left_over(trial: ctgov_parse.Trial) -> None:
    assert [d for d in trial.diagnostics if d.level is not Level.INFO] == []
    assert trial.unparsed == ()
    assert trial.extra_sections == {}


def test_strict_accepts_the_seed(seed_text: str) -> None:
    assert ctgov_parse.parse(seed_text, strict=True) == ctgov_parse.parse(seed_text)


def test_bytes_and_str_agree(seed_text: str) -> None:
    assert ctgov_parse.parse(seed_text.encode("utf-8")) == ctgov_parse.parse(seed_text)
