"""The mapping between a Trial and a ClinicalTrials.gov API v2 study: one table, and
the few rules both directions share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ctgov_parse.ctgov.fields import API_FIELDS
from ctgov_parse.ctgov.results import MAPPING as RESULTS_MAPPING
from ctgov_parse.ctgov.results import OVERVIEW_MAPPING
from ctgov_parse.model import (
    Arm,
    ArmIntervention,
    Intervention,
    InterventionType,
)

ORG_STUDY_ID = "org_study_id"
SECONDARY_ID = "secondary_id"

# Per API module: (field, Trial attribute, how). Paths use [] for list items.
_MODULES: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("identificationModule", (
        ("nctId", "nct_id", ""),
        ("briefTitle", "title", "markdown kept in raw"),
        ("orgStudyIdInfo.id", "identifiers[].id", "source org_study_id"),
        ("orgStudyIdInfo.type", "identifiers[].type", "source org_study_id"),
        ("secondaryIdInfos[].id", "identifiers[].id", "source secondary_id"),
        ("secondaryIdInfos[].type", "identifiers[].type", "source secondary_id"),
    )),
    ("statusModule", (
        ("lastUpdatePostDateStruct.date", "last_updated", "ISO of its precision"),
    )),
    ("sponsorCollaboratorsModule", (
        ("leadSponsor.name", "sponsors[].name", "role LEAD"),
        ("leadSponsor.class", "sponsors[].agency_class", "role LEAD"),
        ("collaborators[].name", "sponsors[].name", "role COLLABORATOR"),
        ("collaborators[].class", "sponsors[].agency_class", "role COLLABORATOR"),
        ("responsibleParty.type", "responsible_party.type", "token"),
        ("responsibleParty.investigatorFullName", "responsible_party.investigator_name", ""),
        ("responsibleParty.investigatorTitle", "responsible_party.investigator_title",
         "page: 'title, affiliation' on one line"),
        ("responsibleParty.investigatorAffiliation", "responsible_party.investigator_affiliation",
         "page: 'title, affiliation' on one line"),
    )),
    ("descriptionModule", (
        ("briefSummary", "brief_summary", "markdown kept in raw"),
        ("detailedDescription", "detailed_description", "markdown kept in raw"),
    )),
    ("conditionsModule", (
        ("conditions[]", "conditions[]", ""),
        ("keywords[]", "keywords[]", ""),
    )),
    ("designModule", (
        ("designInfo.interventionModelDescription", "design.intervention_model_description", ""),
        ("designInfo.maskingInfo.whoMasked[]", "design.who_masked[]", "tokens"),
        ("designInfo.maskingInfo.maskingDescription", "design.masking_description", ""),
    )),
    ("armsInterventionsModule", (
        ("armGroups[].label", "arms[].label", ""),
        ("armGroups[].type", "arms[].type", "token"),
        ("armGroups[].description", "arms[].description", ""),
        ("armGroups[].interventionNames[]", "arms[].interventions[]", "'Type: name'"),
        ("interventions[].type", "interventions[].type", "token"),
        ("interventions[].name", "interventions[].name", ""),
        ("interventions[].description", "interventions[].description", ""),
        ("interventions[].armGroupLabels[]", "arms[].interventions[]", "groups that list it"),
    )),
    ("eligibilityModule", (
        ("eligibilityCriteria", "eligibility.criteria_text", "markdown kept in raw"),
        ("stdAges[]", "eligibility.age_groups", "derived from the ages"),
    )),
    ("contactsLocationsModule", (
        ("centralContacts[].name", "central_contacts[].name", ""),
        ("centralContacts[].role", "central_contacts[].role", "token"),
        ("centralContacts[].phone", "central_contacts[].phone", ""),
        ("centralContacts[].phoneExt", "central_contacts[].phone_ext", ""),
        ("centralContacts[].email", "central_contacts[].email", ""),
        ("locations[].facility", "locations[].facility", ""),
        ("locations[].status", "locations[].status", "token"),
        ("locations[].city", "locations[].city", ""),
        ("locations[].state", "locations[].state", ""),
        ("locations[].country", "locations[].country", "also Trial.countries"),
        ("locations[].contacts[].name", "facility_contacts[].name", "sites it can tell"),
        ("locations[].contacts[].phone", "facility_contacts[].phone", "sites it can tell"),
        ("locations[].contacts[].phoneExt", "facility_contacts[].phone_ext", "sites it can tell"),
        ("locations[].contacts[].email", "facility_contacts[].email", "sites it can tell"),
    )),
)  # fmt: skip


def _declared(module: str) -> list[tuple[str, str, str]]:
    """The rows of a module's declared fields (``trial.fields``), from their declarations."""
    rows = []
    for field in API_FIELDS:
        if field.api is None or field.record == "results.overview":
            continue  # the overview's are among the results rows
        field_module, path = field.api.split(".", 1)
        if field_module == module:
            attribute = f"{field.record}.{field.name}" if field.record else field.name
            rows.append(
                (path + field.kind.api_list, attribute + field.kind.api_list, field.kind.note)
            )
    return rows


# (API v2 path, Trial attribute, how): the one mapping table.
MAPPING: tuple[tuple[str, str, str], ...] = (
    *(
        (f"protocolSection.{module}.{field}", attribute, note)
        for module, rows in _MODULES
        for field, attribute, note in (*rows, *_declared(module))
    ),
    ("hasResults", "results_status", "AVAILABLE is true"),
)

# Mapped fields that a page carries only in some studies, and when.
PARTLY_CARRIED: Mapping[str, str] = {
    "protocolSection.armsInterventionsModule.interventions[].armGroupLabels[]": (
        "a page names an intervention by type and name under each group, so an intervention's"
        " groups are derived from the groups; exact unless two interventions share a type and"
        " name (or the study's two lists disagree, which the API keeps in extras)"
    ),
    "protocolSection.contactsLocationsModule.locations[].contacts[].name": (
        "a page lists facility contacts apart from the sites, each site's first as 'primary':"
        " they go back to their sites when there is one site or one 'primary' per site; their"
        " registry role is not shown"
    ),
    "protocolSection.contactsLocationsModule.locations[].contacts[].phone": "as contacts[].name",
    "protocolSection.contactsLocationsModule.locations[].contacts[].phoneExt": "as contacts[].name",
    "protocolSection.contactsLocationsModule.locations[].contacts[].email": "as contacts[].name",
}
# Trial attributes that a page has and the API v2 study shape has not.
PAGE_ONLY: Mapping[str, str] = {
    "countries": "derived from the sites' countries by from_ctgov",
    "related_trials": "the site's similarity links",
    "extra_sections": "sections the parser did not know",
    "facility_contacts": "written to locations[].contacts only where attributable",
    "identifiers (beyond one org_study_id and the secondary_id ones)": "no API field",
}
CARRIED: tuple[str, ...] = tuple(path for path, _, _ in MAPPING if path not in PARTLY_CARRIED)


def mapping_table() -> str:
    """The mapping as a Markdown document: ``docs/ctgov-mapping.md`` is this text."""
    rows = [
        "# ClinicalTrials.gov API v2 mapping",
        "",
        "Generated from `ctgov_parse.ctgov.MAPPING` by `ctgov_parse.ctgov.mapping_table()`;",
        "a test keeps this file equal to it. `to_ctgov(trial)` writes these fields,",
        "`from_ctgov(study)` reads them; every other field of a study is kept in",
        "`Trial.extras` and written back.",
        "",
        "| API v2 field | Trial attribute | notes |",
        "| --- | --- | --- |",
    ]
    for path, attribute, note in MAPPING:
        rows.append(f"| `{path}` | `{attribute}` | {note} |")
    rows += [
        "",
        "## Results pages: `resultsSection` and the overview",
        "",
        'A results page (`render(trial, page="results")`, `parse` of such a page) carries',
        "these; `docs/results-format.md` shows where each stands on the page. Paths below",
        "`resultsSection.`; record attributes below `Trial.results.`.",
        "",
        "| API v2 field | record attribute | on the page |",
        "| --- | --- | --- |",
    ]
    for path, attribute, note in OVERVIEW_MAPPING:
        rows.append(f"| `{path}` | `{attribute}` | {note} |")
    for path, attribute, note in RESULTS_MAPPING:
        rows.append(f"| `{path}` | `{attribute}` | {note} |")
    rows += ["", "## Carried by a page only in some studies", ""]
    for path, reason in PARTLY_CARRIED.items():
        rows.append(f"- `{path}`: {reason}")
    rows += ["", "## Carried by a page, not by the API shape", ""]
    for attribute, reason in PAGE_ONLY.items():
        rows.append(f"- `{attribute}`: {reason}")
    return "\n".join(rows) + "\n"


def intervention_label(kind: InterventionType | None) -> str:
    """The registry's label of an intervention type in ``interventionNames``: ``Drug``."""
    return "" if kind is None else kind.value.replace("_", " ").title()


def arm_intervention_name(given: ArmIntervention) -> str:
    """An arm's intervention as the registry names it: ``Drug: MSC``."""
    label = intervention_label(given.type)
    return f"{label}: {given.name}" if label else given.name


def same_intervention(given: ArmIntervention, intervention: Intervention) -> bool:
    return given.name == intervention.name and given.type == intervention.type


def groups_of(intervention: Intervention, arms: Iterable[Arm]) -> list[str]:
    """The labels of the groups given ``intervention`` (its ``armGroupLabels``), in page order."""
    return [
        arm.raw.get("label", arm.label)
        for arm in arms
        if any(same_intervention(given, intervention) for given in arm.interventions)
    ]
