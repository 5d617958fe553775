"""Trial -> ClinicalTrials.gov API v2 study. Fields the page does not carry are left out;
unmodelled fields kept in ``Trial.extras`` are merged back."""

from __future__ import annotations

import copy
import enum
from typing import Any

from ctgov_parse.ctgov.fields import put_fields
from ctgov_parse.ctgov.mapping import (
    ORG_STUDY_ID,
    SECONDARY_ID,
    arm_intervention_name,
    groups_of,
)
from ctgov_parse.ctgov.results import overview_to_ctgov, results_to_ctgov
from ctgov_parse.model import (
    Contact,
    Design,
    FacilityContactRole,
    ResultsStatus,
    Sponsor,
    Trial,
)

# --- Trial -> API v2 ------------------------------------------------------------------------------


def _prune(value: Any) -> Any:
    """Drop empty containers and Nones: fields the page does not carry are left out."""
    if isinstance(value, dict):
        pruned = {key: _prune(item) for key, item in value.items()}
        return {key: item for key, item in pruned.items() if item not in (None, {}, [])}
    if isinstance(value, list):
        return [item for item in (_prune(item) for item in value) if item not in (None, {})]
    return value


def _token(value: enum.Enum | None) -> str | None:
    return None if value is None else str(value.value)


def _page(record: Any, field: str) -> Any:
    """A text field in the registry's markdown: the page spelling where one was kept."""
    return record.raw.get(field, getattr(record, field))


def _contact(contact: Contact, *, with_role: bool) -> dict[str, Any]:
    return {
        "name": _page(contact, "name"),
        "role": _token(contact.role) if with_role else None,
        "phone": contact.phone,
        "phoneExt": contact.phone_ext,
        "email": contact.email,
    }


def location_contacts(trial: Trial) -> tuple[tuple[Contact, ...], ...] | None:
    """The facility contacts of each site, or None when the page cannot tell which site a
    contact belongs to. The site lists them apart, each site's first as ``primary``."""
    if not trial.facility_contacts or not trial.locations:
        return None
    if len(trial.locations) == 1:
        return (trial.facility_contacts,)
    runs: list[list[Contact]] = []
    for contact in trial.facility_contacts:
        if contact.role is FacilityContactRole.PRIMARY or not runs:
            runs.append([])
        runs[-1].append(contact)
    if len(runs) != len(trial.locations):
        return None
    return tuple(tuple(run) for run in runs)


def _identification(trial: Trial) -> dict[str, Any]:
    org = next((i for i in trial.identifiers if i.source == ORG_STUDY_ID), None)
    secondary = [i for i in trial.identifiers if i.source == SECONDARY_ID]
    return {
        "nctId": trial.nct_id,
        "orgStudyIdInfo": None if org is None else {"id": org.id, "type": org.type},
        "secondaryIdInfos": [{"id": i.id, "type": i.type} for i in secondary],
        "briefTitle": trial.raw.get("title", trial.title),
    }


def _status(trial: Trial) -> dict[str, Any]:
    def date(value: Any) -> dict[str, Any] | None:
        return None if value is None else {"date": value.isoformat()}

    return {"lastUpdatePostDateStruct": date(trial.last_updated)}


def _sponsors(trial: Trial) -> dict[str, Any]:
    def organization(sponsor: Sponsor) -> dict[str, Any]:
        return {"name": _page(sponsor, "name"), "class": _token(sponsor.agency_class)}

    party = trial.responsible_party
    return {
        "responsibleParty": None
        if party is None
        else {
            "type": _token(party.type),
            "investigatorFullName": _page(party, "investigator_name"),
            "investigatorTitle": party.investigator_title,
            "investigatorAffiliation": party.investigator_affiliation,
        },
        "leadSponsor": None if trial.lead_sponsor is None else organization(trial.lead_sponsor),
        "collaborators": [organization(s) for s in trial.collaborators],
    }


def _design(trial: Trial) -> dict[str, Any]:
    design = trial.design or Design()
    return {
        "designInfo": {
            "interventionModelDescription": _page(design, "intervention_model_description"),
            "maskingInfo": {
                "maskingDescription": _page(design, "masking_description"),
                "whoMasked": [role.value for role in design.who_masked],
            },
        },
    }


def _arms_interventions(trial: Trial) -> dict[str, Any]:
    return {
        "armGroups": [
            {
                "label": _page(arm, "label"),
                "type": _token(arm.type),
                "description": _page(arm, "description"),
                "interventionNames": [arm_intervention_name(g) for g in arm.interventions],
            }
            for arm in trial.arms
        ],
        "interventions": [
            {
                "type": _token(item.type),
                "name": _page(item, "name"),
                "description": _page(item, "description"),
                "armGroupLabels": groups_of(item, trial.arms),
            }
            for item in trial.interventions
        ],
    }


def _eligibility(trial: Trial) -> dict[str, Any]:
    eligibility = trial.eligibility
    if eligibility is None:
        return {}
    return {
        "eligibilityCriteria": _page(eligibility, "criteria_text"),
        "stdAges": [group.value for group in eligibility.age_groups],
    }


def _contacts_locations(trial: Trial) -> dict[str, Any]:
    per_site = location_contacts(trial)
    locations = []
    for index, site in enumerate(trial.locations):
        contacts = per_site[index] if per_site is not None else ()
        locations.append(
            {
                "facility": _page(site, "facility"),
                "status": _token(site.status),
                "city": site.city,
                "state": site.state,
                "country": site.country,
                "contacts": [_contact(c, with_role=False) for c in contacts],
            }
        )
    return {
        "centralContacts": [_contact(c, with_role=True) for c in trial.central_contacts],
        "locations": locations,
    }


def to_ctgov(trial: Trial) -> dict[str, Any]:
    """The Trial as a ClinicalTrials.gov API v2 study (``{"protocolSection": ...}``, and
    ``resultsSection`` for a Trial with results)."""
    protocol = {
        "identificationModule": _identification(trial),
        "statusModule": _status(trial),
        "sponsorCollaboratorsModule": _sponsors(trial),
        "descriptionModule": {
            "briefSummary": _page(trial, "brief_summary"),
            "detailedDescription": _page(trial, "detailed_description"),
        },
        "conditionsModule": {
            "conditions": _page_list(trial, "conditions"),
            "keywords": _page_list(trial, "keywords"),
        },
        "designModule": _design(trial),
        "armsInterventionsModule": _arms_interventions(trial),
        "eligibilityModule": _eligibility(trial),
        "contactsLocationsModule": _contacts_locations(trial),
    }
    protocol["outcomesModule"] = overview_to_ctgov(trial)
    study: dict[str, Any] = {"protocolSection": protocol}
    put_fields(study, trial)
    if trial.results is not None:
        study["resultsSection"] = results_to_ctgov(trial.results)
    if trial.results_status is not None:
        study["hasResults"] = trial.results_status is ResultsStatus.AVAILABLE
    study = _prune(study)
    return _merge(study, trial.extras) if trial.extras else study


def _page_list(trial: Trial, field: str) -> list[str]:
    if field in trial.raw:
        return trial.raw[field].split("\n")
    return list(getattr(trial, field))


def _merge(mapped: Any, extra: Any) -> Any:
    """Put the unmodelled fields of a study back beside the mapped ones. A value kept in
    extras wins over a mapped one: it is there because the mapping could not reproduce it
    (an ``armGroupLabels`` order the groups do not imply, contacts no site can claim)."""
    if isinstance(mapped, dict) and isinstance(extra, dict):
        merged = dict(mapped)
        for key, value in extra.items():
            merged[key] = _merge(mapped[key], value) if key in mapped else copy.deepcopy(value)
        return merged
    if isinstance(mapped, list) and isinstance(extra, list) and len(mapped) == len(extra):
        return [_merge(m, e) for m, e in zip(mapped, extra, strict=True)]
    return copy.deepcopy(extra)
