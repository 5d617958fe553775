"""The ClinicalTrials.gov API v2 study shape, both ways: ``to_ctgov`` and ``from_ctgov``.

``MAPPING`` is the one table of what maps to what; the documentation table is generated
from it (``mapping_table()``). Fields the page does not carry are never
invented by ``to_ctgov``; fields of a study that the Trial does not model are kept by
``from_ctgov`` in ``Trial.extras`` (the study with the mapped values taken out) and merged
back by ``to_ctgov``, so an API study survives ``to_ctgov(from_ctgov(study))`` whole.
"""

from __future__ import annotations

import copy
import enum
from collections.abc import Iterable, Mapping
from typing import Any

from ctgov_parse.model import (
    AgencyClass,
    Allocation,
    Arm,
    ArmIntervention,
    ArmType,
    Contact,
    ContactRole,
    Design,
    Eligibility,
    FacilityContactRole,
    Identifier,
    Intervention,
    InterventionModel,
    InterventionType,
    Location,
    MaskedRole,
    Masking,
    ObservationalModel,
    Phase,
    PrimaryPurpose,
    ResponsibleParty,
    ResponsiblePartyType,
    ResultsStatus,
    Sex,
    Sponsor,
    SponsorRole,
    Status,
    StudyType,
    TimePerspective,
    Trial,
)
from ctgov_parse.normalize import (
    normalize_age,
    normalize_date,
    split_criteria,
    unescape_markdown,
)
from ctgov_parse.split import clean_lines

__all__ = [
    "CARRIED",
    "MAPPING",
    "PAGE_ONLY",
    "PARTLY_CARRIED",
    "from_ctgov",
    "location_contacts",
    "mapping_table",
    "to_ctgov",
]

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
        ("overallStatus", "status", "token"),
        ("startDateStruct.date", "start_date", "ISO of its precision"),
        ("completionDateStruct.date", "completion_date", "ISO of its precision"),
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
        ("studyType", "study_type", "token"),
        ("phases[]", "phases[]", "tokens"),
        ("designInfo.allocation", "design.allocation", "token"),
        ("designInfo.interventionModel", "design.intervention_model", "token"),
        ("designInfo.interventionModelDescription", "design.intervention_model_description", ""),
        ("designInfo.primaryPurpose", "design.primary_purpose", "token"),
        ("designInfo.maskingInfo.masking", "design.masking", "token"),
        ("designInfo.maskingInfo.whoMasked[]", "design.who_masked[]", "tokens"),
        ("designInfo.maskingInfo.maskingDescription", "design.masking_description", ""),
        ("designInfo.observationalModel", "design.observational_model", "token"),
        ("designInfo.timePerspective", "design.time_perspective", "token"),
        ("enrollmentInfo.count", "enrollment", ""),
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
        ("healthyVolunteers", "eligibility.healthy_volunteers", ""),
        ("sex", "eligibility.sex", "token"),
        ("minimumAge", "eligibility.minimum_age", "'18 Years'"),
        ("maximumAge", "eligibility.maximum_age", "'18 Years'"),
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

# (API v2 path, Trial attribute, how): the one mapping table.
MAPPING: tuple[tuple[str, str, str], ...] = (
    *(
        (f"protocolSection.{module}.{field}", attribute, note)
        for module, rows in _MODULES
        for field, attribute, note in rows
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
    rows += ["", "## Carried by a page only in some studies", ""]
    for path, reason in PARTLY_CARRIED.items():
        rows.append(f"- `{path}`: {reason}")
    rows += ["", "## Carried by a page, not by the API shape", ""]
    for attribute, reason in PAGE_ONLY.items():
        rows.append(f"- `{attribute}`: {reason}")
    return "\n".join(rows) + "\n"


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


def _intervention_label(kind: InterventionType | None) -> str:
    return "" if kind is None else kind.value.replace("_", " ").title()


def _arm_intervention_name(given: ArmIntervention) -> str:
    label = _intervention_label(given.type)
    return f"{label}: {given.name}" if label else given.name


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

    return {
        "overallStatus": _token(trial.status),
        "startDateStruct": date(trial.start_date),
        "completionDateStruct": date(trial.completion_date),
        "lastUpdatePostDateStruct": date(trial.last_updated),
    }


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
        "studyType": _token(trial.study_type),
        "phases": [phase.value for phase in trial.phases],
        "designInfo": {
            "allocation": _token(design.allocation),
            "interventionModel": _token(design.intervention_model),
            "interventionModelDescription": _page(design, "intervention_model_description"),
            "primaryPurpose": _token(design.primary_purpose),
            "observationalModel": _token(design.observational_model),
            "timePerspective": _token(design.time_perspective),
            "maskingInfo": {
                "masking": _token(design.masking),
                "maskingDescription": _page(design, "masking_description"),
                "whoMasked": [role.value for role in design.who_masked],
            },
        },
        "enrollmentInfo": None if trial.enrollment is None else {"count": trial.enrollment},
    }


def _arms_interventions(trial: Trial) -> dict[str, Any]:
    return {
        "armGroups": [
            {
                "label": _page(arm, "label"),
                "type": _token(arm.type),
                "description": _page(arm, "description"),
                "interventionNames": [_arm_intervention_name(g) for g in arm.interventions],
            }
            for arm in trial.arms
        ],
        "interventions": [
            {
                "type": _token(item.type),
                "name": _page(item, "name"),
                "description": _page(item, "description"),
                "armGroupLabels": _groups_of(item, trial.arms),
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
        "healthyVolunteers": eligibility.healthy_volunteers,
        "sex": _token(eligibility.sex),
        "minimumAge": None if eligibility.minimum_age is None else str(eligibility.minimum_age),
        "maximumAge": None if eligibility.maximum_age is None else str(eligibility.maximum_age),
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
    """The Trial as a ClinicalTrials.gov API v2 study (``{"protocolSection": ...}``)."""
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
    study: dict[str, Any] = {"protocolSection": protocol}
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


# --- API v2 -> Trial ------------------------------------------------------------------------------


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


def _text(raw: dict[str, str], field: str, text: Any) -> str | None:
    page = page_text(text) if isinstance(text, str) else None
    if page is None:
        return None
    value = unescape_markdown(page)
    if value != page:
        raw[field] = page
    return value


def _line(raw: dict[str, str], field: str, text: Any) -> str:
    """A one-line page value (a name or label): its lines joined by spaces."""
    joined = " ".join((page_text(text) or "").split("\n")) if isinstance(text, str) else ""
    return _text(raw, field, joined) or ""


class _Reader:
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


def _age(reader: _Reader, *path: Any) -> Any:
    text = reader.get(*path)
    if not isinstance(text, str):
        return None
    try:
        return normalize_age(text)
    except ValueError:
        reader.used.discard(path)
        return None


def _date(reader: _Reader, *path: Any) -> Any:
    text = reader.get(*path)
    if not isinstance(text, str):
        return None
    try:
        return normalize_date(text)
    except ValueError:
        reader.used.discard(path)
        return None


_P = "protocolSection"


def _read_identifiers(reader: _Reader) -> tuple[Identifier, ...]:
    identifiers = []
    org_id = reader.get(_P, "identificationModule", "orgStudyIdInfo", "id")
    if isinstance(org_id, str):
        kind = reader.get(_P, "identificationModule", "orgStudyIdInfo", "type")
        identifiers.append(Identifier(id=_one_line(org_id), type=kind, source=ORG_STUDY_ID))
    for index, _ in reader.items(_P, "identificationModule", "secondaryIdInfos"):
        ident = reader.get(_P, "identificationModule", "secondaryIdInfos", index, "id")
        kind = reader.get(_P, "identificationModule", "secondaryIdInfos", index, "type")
        if isinstance(ident, str):
            identifiers.append(Identifier(id=_one_line(ident), type=kind, source=SECONDARY_ID))
    return tuple(identifiers)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _read_sponsors(reader: _Reader) -> tuple[Sponsor, ...]:
    module = (_P, "sponsorCollaboratorsModule")
    sponsors = []
    entries = [((*module, "leadSponsor"), SponsorRole.LEAD)] + [
        ((*module, "collaborators", index), SponsorRole.COLLABORATOR)
        for index, _ in reader.items(*module, "collaborators")
    ]
    for path, role in entries:
        if reader.get(*path) is None:
            continue
        raw: dict[str, str] = {}
        sponsors.append(
            Sponsor(
                name=_line(raw, "name", reader.get(*path, "name")),
                agency_class=reader.token(AgencyClass, *path, "class"),
                role=role,
                raw=raw,
            )
        )
    return tuple(sponsors)


def _read_party(reader: _Reader) -> ResponsibleParty | None:
    path = (_P, "sponsorCollaboratorsModule", "responsibleParty")
    if reader.get(*path) is None:
        return None
    raw: dict[str, str] = {}
    name = reader.get(*path, "investigatorFullName")
    party = ResponsibleParty(
        type=reader.token(ResponsiblePartyType, *path, "type"),
        investigator_name=_line(raw, "investigator_name", name) if isinstance(name, str) else None,
        investigator_title=_plain(reader.get(*path, "investigatorTitle")),
        investigator_affiliation=_plain(reader.get(*path, "investigatorAffiliation")),
        raw=raw,
    )
    return None if party == ResponsibleParty() else party


def _plain(text: Any) -> str | None:
    return _one_line(text) or None if isinstance(text, str) else None


def _read_design(reader: _Reader) -> Design | None:
    info = (_P, "designModule", "designInfo")
    raw: dict[str, str] = {}
    design = Design(
        allocation=reader.token(Allocation, *info, "allocation"),
        intervention_model=reader.token(InterventionModel, *info, "interventionModel"),
        intervention_model_description=_text(
            raw, "intervention_model_description", reader.get(*info, "interventionModelDescription")
        ),
        primary_purpose=reader.token(PrimaryPurpose, *info, "primaryPurpose"),
        masking=reader.token(Masking, *info, "maskingInfo", "masking"),
        who_masked=tuple(
            role
            for index, _ in reader.items(*info, "maskingInfo", "whoMasked")
            if (role := reader.token(MaskedRole, *info, "maskingInfo", "whoMasked", index))
        ),
        masking_description=_text(
            raw, "masking_description", reader.get(*info, "maskingInfo", "maskingDescription")
        ),
        observational_model=reader.token(ObservationalModel, *info, "observationalModel"),
        time_perspective=reader.token(TimePerspective, *info, "timePerspective"),
        raw=raw,
    )
    return None if design == Design() else design


def _read_interventions(reader: _Reader) -> tuple[Intervention, ...]:
    module = (_P, "armsInterventionsModule", "interventions")
    interventions = []
    for index, _ in reader.items(*module):
        raw: dict[str, str] = {}
        interventions.append(
            Intervention(
                name=_line(raw, "name", reader.get(*module, index, "name")),
                type=reader.token(InterventionType, *module, index, "type"),
                description=_text(raw, "description", reader.get(*module, index, "description")),
                raw=raw,
            )
        )
    return tuple(interventions)


def _read_arms(reader: _Reader, interventions: tuple[Intervention, ...]) -> tuple[Arm, ...]:
    module = (_P, "armsInterventionsModule", "armGroups")
    by_name = {_arm_intervention_name(_given(i)): i for i in interventions}
    arms = []
    for index, _ in reader.items(*module):
        raw: dict[str, str] = {}
        given = []
        for name_index, _ in reader.items(*module, index, "interventionNames"):
            name = reader.get(*module, index, "interventionNames", name_index)
            if not isinstance(name, str):
                continue
            known = by_name.get(name)
            if known is not None:
                given.append(_given(known))
                continue
            label, _, plain = name.partition(": ")
            kind = next((t for t in InterventionType if _intervention_label(t) == label), None)
            name_raw: dict[str, str] = {}
            given.append(
                ArmIntervention(
                    name=_line(name_raw, "name", plain if kind else name), type=kind, raw=name_raw
                )
            )
        arms.append(
            Arm(
                label=_line(raw, "label", reader.get(*module, index, "label")),
                type=reader.token(ArmType, *module, index, "type"),
                description=_text(raw, "description", reader.get(*module, index, "description")),
                interventions=tuple(given),
                raw=raw,
            )
        )
    return tuple(arms)


def _check_group_labels(
    reader: _Reader, arms: tuple[Arm, ...], interventions: tuple[Intervention, ...]
) -> None:
    """An intervention's ``armGroupLabels`` are derived again from the groups that list it;
    where the study says otherwise, its own list is kept in extras."""
    module = (_P, "armsInterventionsModule", "interventions")
    for index, intervention in enumerate(interventions):
        labels = [
            reader.get(*module, index, "armGroupLabels", label_index)
            for label_index, _ in reader.items(*module, index, "armGroupLabels")
        ]
        if labels != _groups_of(intervention, arms):
            reader.forget((*module, index, "armGroupLabels"))


def _groups_of(intervention: Intervention, arms: Iterable[Arm]) -> list[str]:
    return [
        arm.raw.get("label", arm.label)
        for arm in arms
        if any(
            g.name == intervention.name and g.type == intervention.type for g in arm.interventions
        )
    ]


def _same(given: ArmIntervention, intervention: Intervention) -> bool:
    return given.name == intervention.name and given.type == intervention.type


def _given(intervention: Intervention) -> ArmIntervention:
    return ArmIntervention(
        name=intervention.name,
        type=intervention.type,
        description=intervention.description,
        raw=intervention.raw,
    )


def _read_eligibility(reader: _Reader) -> Eligibility | None:
    module = (_P, "eligibilityModule")
    if reader.get(*module) is None:
        return None
    raw: dict[str, str] = {}
    criteria = _text(raw, "criteria_text", reader.get(*module, "eligibilityCriteria"))
    page = raw.get("criteria_text", criteria)
    inclusion, exclusion = (
        split_criteria(list(enumerate(page.split("\n"), start=1))) if page else ((), ())
    )
    healthy = reader.get(*module, "healthyVolunteers")
    for index, _ in reader.items(*module, "stdAges"):
        reader.get(*module, "stdAges", index)  # derived again from the ages
    eligibility = Eligibility(
        inclusion=inclusion,
        exclusion=exclusion,
        criteria_text=criteria,
        minimum_age=_age(reader, *module, "minimumAge"),
        maximum_age=_age(reader, *module, "maximumAge"),
        sex=reader.token(Sex, *module, "sex"),
        healthy_volunteers=healthy if isinstance(healthy, bool) else None,
        raw=raw,
    )
    return None if eligibility == Eligibility() else eligibility


def _read_contact(reader: _Reader, path: tuple[Any, ...], role: Any) -> Contact:
    raw: dict[str, str] = {}
    phone = reader.get(*path, "phone")
    ext = reader.get(*path, "phoneExt")
    email = reader.get(*path, "email")
    return Contact(
        name=_line(raw, "name", reader.get(*path, "name")),
        role=role,
        phone=_plain(phone),
        phone_ext=_plain(ext) if phone else None,
        email=_plain(email),
        raw=raw,
    )


def _read_places(
    reader: _Reader,
) -> tuple[tuple[Location, ...], tuple[Contact, ...], tuple[Contact, ...]]:
    module = (_P, "contactsLocationsModule")
    central = tuple(
        _read_contact(
            reader,
            (*module, "centralContacts", index),
            reader.token(ContactRole, *module, "centralContacts", index, "role"),
        )
        for index, _ in reader.items(*module, "centralContacts")
    )
    locations, facility = [], []
    sites = reader.items(*module, "locations")
    with_contacts = [
        bool(reader.items(*module, "locations", index, "contacts")) for index, _ in sites
    ]
    # The page lists facility contacts apart from the sites: they can be given back to their
    # sites only if every site has some (or there is one site); else they stay in extras.
    attributable = len(sites) == 1 or all(with_contacts)
    for index, _ in sites:
        path = (*module, "locations", index)
        raw: dict[str, str] = {}
        locations.append(
            Location(
                facility=_line(raw, "facility", reader.get(*path, "facility")) or None,
                city=_plain(reader.get(*path, "city")),
                state=_plain(reader.get(*path, "state")),
                country=_plain(reader.get(*path, "country")),
                status=reader.token(Status, *path, "status"),
                raw=raw,
            )
        )
        for contact_index, _ in reader.items(*path, "contacts"):
            role = FacilityContactRole.PRIMARY if contact_index == 0 else FacilityContactRole.BACKUP
            contact_path = (*path, "contacts", contact_index)
            facility.append(_read_contact(reader, contact_path, role))
            if not attributable:
                reader.forget(contact_path)
    return tuple(locations), central, tuple(facility)


def _countries(locations: Iterable[Location]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for site in locations:
        if site.country:
            seen.setdefault(site.country)
    return tuple(seen)


def from_ctgov(study: Mapping[str, Any]) -> Trial:
    """A Trial from a ClinicalTrials.gov API v2 study, as ``parse`` would make it from the
    study's page. Missing modules are missing fields; unmodelled fields go to ``extras``."""
    reader = _Reader(study)
    raw: dict[str, str] = {}
    ident = (_P, "identificationModule")
    status = (_P, "statusModule")
    interventions = _read_interventions(reader)
    arms = _read_arms(reader, interventions)
    _check_group_labels(reader, arms, interventions)
    locations, central, facility = _read_places(reader)
    has_results = reader.get("hasResults")
    enrollment = reader.get(_P, "designModule", "enrollmentInfo", "count")
    title = reader.get(*ident, "briefTitle")
    fields: dict[str, Any] = {
        "nct_id": reader.get(*ident, "nctId"),
        "title": _line(raw, "title", title) if isinstance(title, str) else None,
        "last_updated": _date(reader, *status, "lastUpdatePostDateStruct", "date"),
        "results_status": None
        if not isinstance(has_results, bool)
        else ResultsStatus.AVAILABLE
        if has_results
        else ResultsStatus.PENDING,
        "status": reader.token(Status, *status, "overallStatus"),
        "phases": tuple(
            phase
            for index, _ in reader.items(_P, "designModule", "phases")
            if (phase := _phase(reader, index))
        ),
        "enrollment": enrollment if isinstance(enrollment, int) else None,
        "study_type": reader.token(StudyType, _P, "designModule", "studyType"),
        "start_date": _date(reader, *status, "startDateStruct", "date"),
        "completion_date": _date(reader, *status, "completionDateStruct", "date"),
        "brief_summary": _text(
            raw, "brief_summary", reader.get(_P, "descriptionModule", "briefSummary")
        ),
        "detailed_description": _text(
            raw, "detailed_description", reader.get(_P, "descriptionModule", "detailedDescription")
        ),
        "conditions": _texts(reader, raw, "conditions"),
        "keywords": _texts(reader, raw, "keywords"),
        "design": _read_design(reader),
        "arms": arms,
        "interventions": interventions,
        "eligibility": _read_eligibility(reader),
        "sponsors": _read_sponsors(reader),
        "responsible_party": _read_party(reader),
        "locations": locations,
        "countries": _countries(locations),
        "central_contacts": central,
        "facility_contacts": facility,
        "identifiers": _read_identifiers(reader),
    }
    if fields["nct_id"] is not None and not isinstance(fields["nct_id"], str):
        fields["nct_id"] = None
    return Trial(**fields, raw=raw, extras=reader.leftover())


def _phase(reader: _Reader, index: int) -> Any:
    return reader.token(Phase, _P, "designModule", "phases", index)


def _texts(reader: _Reader, raw: dict[str, str], field: str) -> tuple[str, ...]:
    pages = []
    for index, _ in reader.items(_P, "conditionsModule", field):
        value = reader.get(_P, "conditionsModule", field, index)
        if isinstance(value, str) and value.strip():
            pages.append(_one_line(value))
    values = tuple(unescape_markdown(page) for page in pages)
    if list(values) != pages:
        raw[field] = "\n".join(pages)
    return values
