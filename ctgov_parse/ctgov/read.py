"""ClinicalTrials.gov API v2 study -> Trial, as ``parse`` would make it from the study's
page; what the Trial does not model is kept in ``Trial.extras``."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

from ctgov_parse.ctgov.fields import read_api_fields
from ctgov_parse.ctgov.mapping import (
    ORG_STUDY_ID,
    SECONDARY_ID,
    arm_intervention_name,
    groups_of,
    intervention_label,
)
from ctgov_parse.ctgov.reader import (
    StudyReader,
    read_line,
    read_normalized,
    read_text,
)
from ctgov_parse.ctgov.results import results_from_ctgov
from ctgov_parse.model import (
    AgencyClass,
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
    InterventionType,
    Location,
    MaskedRole,
    ResponsibleParty,
    ResponsiblePartyType,
    ResultsStatus,
    Sponsor,
    SponsorRole,
    Status,
    Trial,
)
from ctgov_parse.normalize import (
    normalize_date,
    split_criteria,
    unescape_markdown,
)
from ctgov_parse.trial.fields import BASIC_INFORMATION, DESIGN, ELIGIBILITY

# --- API v2 -> Trial ------------------------------------------------------------------------------


def _date(reader: StudyReader, *path: Any) -> Any:
    return read_normalized(reader, normalize_date, *path)


_P = "protocolSection"


def _read_identifiers(reader: StudyReader) -> tuple[Identifier, ...]:
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
    """An identifier on one line, as a page gives it: its line breaks become spaces, its
    other spacing stays."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def _read_sponsors(reader: StudyReader) -> tuple[Sponsor, ...]:
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
                name=read_line(raw, "name", reader.get(*path, "name")),
                agency_class=reader.token(AgencyClass, *path, "class"),
                role=role,
                raw=raw,
            )
        )
    return tuple(sponsors)


def _read_party(reader: StudyReader) -> ResponsibleParty | None:
    path = (_P, "sponsorCollaboratorsModule", "responsibleParty")
    if reader.get(*path) is None:
        return None
    raw: dict[str, str] = {}
    name = reader.get(*path, "investigatorFullName")
    party = ResponsibleParty(
        type=reader.token(ResponsiblePartyType, *path, "type"),
        investigator_name=read_line(raw, "investigator_name", name)
        if isinstance(name, str)
        else None,
        investigator_title=_plain(reader.get(*path, "investigatorTitle")),
        investigator_affiliation=_plain(reader.get(*path, "investigatorAffiliation")),
        raw=raw,
    )
    return None if party == ResponsibleParty() else party


def _plain(text: Any) -> str | None:
    return _one_line(text) or None if isinstance(text, str) else None


def _read_design(reader: StudyReader) -> Design | None:
    info = (_P, "designModule", "designInfo")
    raw: dict[str, str] = {}
    design = Design(
        **read_api_fields(reader, DESIGN),
        intervention_model_description=read_text(
            raw, "intervention_model_description", reader.get(*info, "interventionModelDescription")
        ),
        who_masked=tuple(
            role
            for index, _ in reader.items(*info, "maskingInfo", "whoMasked")
            if (role := reader.token(MaskedRole, *info, "maskingInfo", "whoMasked", index))
        ),
        masking_description=read_text(
            raw, "masking_description", reader.get(*info, "maskingInfo", "maskingDescription")
        ),
        raw=raw,
    )
    return None if design == Design() else design


def _titled(
    reader: StudyReader, path: tuple[Any, ...], title: str, kind: type[enum.Enum]
) -> dict[str, Any]:
    """A group's or an intervention's title (its ``label`` or ``name``), type token and
    description, with their page spellings."""
    raw: dict[str, str] = {}
    return {
        title: read_line(raw, title, reader.get(*path, title)),
        "type": reader.token(kind, *path, "type"),
        "description": read_text(raw, "description", reader.get(*path, "description")),
        "raw": raw,
    }


def _read_interventions(reader: StudyReader) -> tuple[Intervention, ...]:
    module = (_P, "armsInterventionsModule", "interventions")
    interventions = []
    for index, _ in reader.items(*module):
        interventions.append(
            Intervention(**_titled(reader, (*module, index), "name", InterventionType))
        )
    return tuple(interventions)


def _read_arms(reader: StudyReader, interventions: tuple[Intervention, ...]) -> tuple[Arm, ...]:
    module = (_P, "armsInterventionsModule", "armGroups")
    by_name = {arm_intervention_name(_given(i)): i for i in interventions}
    arms = []
    for index, _ in reader.items(*module):
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
            kind = next((t for t in InterventionType if intervention_label(t) == label), None)
            name_raw: dict[str, str] = {}
            given.append(
                ArmIntervention(
                    name=read_line(name_raw, "name", plain if kind else name),
                    type=kind,
                    raw=name_raw,
                )
            )
        fields = _titled(reader, (*module, index), "label", ArmType)
        arms.append(Arm(**fields, interventions=tuple(given)))
    return tuple(arms)


def _check_group_labels(
    reader: StudyReader, arms: tuple[Arm, ...], interventions: tuple[Intervention, ...]
) -> None:
    """An intervention's ``armGroupLabels`` are derived again from the groups that list it;
    where the study says otherwise, its own list is kept in extras."""
    module = (_P, "armsInterventionsModule", "interventions")
    for index, intervention in enumerate(interventions):
        labels = [
            reader.get(*module, index, "armGroupLabels", label_index)
            for label_index, _ in reader.items(*module, index, "armGroupLabels")
        ]
        if labels != groups_of(intervention, arms):
            reader.forget((*module, index, "armGroupLabels"))


def _given(intervention: Intervention) -> ArmIntervention:
    return ArmIntervention(
        name=intervention.name,
        type=intervention.type,
        description=intervention.description,
        raw=intervention.raw,
    )


def _read_eligibility(reader: StudyReader) -> Eligibility | None:
    module = (_P, "eligibilityModule")
    if reader.get(*module) is None:
        return None
    raw: dict[str, str] = {}
    criteria = read_text(raw, "criteria_text", reader.get(*module, "eligibilityCriteria"))
    page = raw.get("criteria_text", criteria)
    inclusion, exclusion = (
        split_criteria(list(enumerate(page.split("\n"), start=1))) if page else ((), ())
    )
    for index, _ in reader.items(*module, "stdAges"):
        reader.get(*module, "stdAges", index)  # derived again from the ages
    eligibility = Eligibility(
        inclusion=inclusion,
        exclusion=exclusion,
        criteria_text=criteria,
        **read_api_fields(reader, ELIGIBILITY),
        raw=raw,
    )
    return None if eligibility == Eligibility() else eligibility


def _read_contact(reader: StudyReader, path: tuple[Any, ...], role: Any) -> Contact:
    raw: dict[str, str] = {}
    phone = reader.get(*path, "phone")
    ext = reader.get(*path, "phoneExt")
    email = reader.get(*path, "email")
    return Contact(
        name=read_line(raw, "name", reader.get(*path, "name")),
        role=role,
        phone=_plain(phone),
        phone_ext=_plain(ext) if phone else None,
        email=_plain(email),
        raw=raw,
    )


def _read_places(
    reader: StudyReader,
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
                facility=read_line(raw, "facility", reader.get(*path, "facility")) or None,
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
    reader = StudyReader(study)
    raw: dict[str, str] = {}
    ident = (_P, "identificationModule")
    status = (_P, "statusModule")
    interventions = _read_interventions(reader)
    arms = _read_arms(reader, interventions)
    _check_group_labels(reader, arms, interventions)
    locations, central, facility = _read_places(reader)
    has_results = reader.get("hasResults")
    title = reader.get(*ident, "briefTitle")
    fields: dict[str, Any] = {
        "nct_id": reader.get(*ident, "nctId"),
        "title": read_line(raw, "title", title) if isinstance(title, str) else None,
        "last_updated": _date(reader, *status, "lastUpdatePostDateStruct", "date"),
        "results_status": None
        if not isinstance(has_results, bool)
        else ResultsStatus.AVAILABLE
        if has_results
        else ResultsStatus.PENDING,
        **read_api_fields(reader, BASIC_INFORMATION),
        "brief_summary": read_text(
            raw, "brief_summary", reader.get(_P, "descriptionModule", "briefSummary")
        ),
        "detailed_description": read_text(
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
    fields["results"] = results_from_ctgov(reader)
    return Trial(**fields, raw=raw, extras=reader.leftover())


def _texts(reader: StudyReader, raw: dict[str, str], field: str) -> tuple[str, ...]:
    pages = []
    for index, _ in reader.items(_P, "conditionsModule", field):
        value = reader.get(_P, "conditionsModule", field, index)
        if isinstance(value, str) and value.strip():
            pages.append(_one_line(value))
    values = tuple(unescape_markdown(page) for page in pages)
    if list(values) != pages:
        raw[field] = "\n".join(pages)
    return values
