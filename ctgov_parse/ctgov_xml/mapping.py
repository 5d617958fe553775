"""The legacy registry XML (``<clinical_study>``) in the API v2 study's names: one
declaration, read by the converter and written out as ``docs/ctgov-xml-mapping.md``.

Strategy: a ``Field`` takes one element's text (or attribute, ``element@name``) to one API v2
path through a ``Convert`` (the registry's wording to its API token, a date to ISO at its
precision, a hard-wrapped text block to the API's text). A ``Group`` makes one API object of
each element it names (``location[]``: every ``location``) from fields relative to it. An
element declared with no API path (``api=None``) has no place in the API v2 shape: it is
kept, with its element path, and reported. Paths are relative to ``clinical_study``; ``[]``
marks a repeated element, or an API list.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import attrs
import regex

__all__ = ["FIELDS", "PERSON", "PERSON_PARTS", "Convert", "Field", "Group", "mapping_table"]


@attrs.frozen
class Convert:
    """How an element's text becomes an API value: ``read`` returns it (None: absent) or
    raises ``ValueError`` for text it cannot read; ``note`` says what it does."""

    read: Callable[[str], Any] = attrs.field(eq=False)
    note: str


@attrs.frozen
class Field:
    """One element (``path``, relative to its group; ``""`` the group's element itself,
    ``element@attribute`` an attribute) to one API path (relative to its group's object;
    None: no API place)."""

    xml: str
    api: str | None
    convert: Convert | None = None
    note: str = ""
    # Read, and the element kept as well: it says more than the API fields it fills.
    keep: bool = False


@attrs.frozen
class Group:
    """Each element at ``xml`` (``name[]``: all of them) made one object of the API list at
    ``api`` from ``fields``; ``constant`` values are set on every object."""

    xml: str
    api: str
    fields: tuple[Field | Group, ...]
    constant: tuple[tuple[str, Any], ...] = ()
    note: str = ""


# --- how text becomes API values -------------------------------------------------------------

_SPACES = re.compile(r"[ \t]+")
_ITEM = re.compile(r"^(?:[-*•·]|\d{1,3}[.)]|[a-zA-Z][.)]|\(\w{1,4}\))\s")


def _line(text: str) -> str | None:
    """A one-line value: its whitespace runs one space."""
    value = " ".join(text.split())
    return value or None


def _block(text: str) -> str | None:
    """A text block as the API writes it: the registry hard-wrapped and indented it, so
    lines are joined back into paragraphs (blank lines part them), and each list item
    (``-``, ``1.``, ``a)``) starts a line of its own, its ``-`` bullet written ``*``."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        stripped = _SPACES.sub(" ", line).strip()
        if not stripped:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        current = paragraphs[-1]
        if current and not _ITEM.match(stripped):
            current[-1] += " " + stripped
        else:
            if stripped.startswith(("- ", "-  ")):
                stripped = "* " + stripped[1:].lstrip()
            current.append(stripped)
    return "\n\n".join("\n".join(p) for p in paragraphs if p) or None


def _tokens(table: dict[str, str]) -> Convert:
    """The registry's wording to its API token (case and spacing aside)."""
    folded = {key.casefold(): value for key, value in table.items()}

    def read(text: str) -> str | None:
        words = _line(text)
        if words is None:
            return None
        found = folded.get(words.casefold())
        if found is None:
            raise ValueError(f"not a known value: {words!r}")
        return found

    shown = ", ".join(f"{k} -> {v}" for k, v in table.items())
    return Convert(read, f"tokens: {shown}")


_MONTH_DAY_YEAR = ("%B %d, %Y", "%b %d, %Y")
_MONTH_YEAR = ("%B %Y", "%b %Y")


def _date(text: str) -> str | None:
    """``June 5, 2013`` -> ``2013-06-05``; ``May 2011`` -> ``2011-05`` (month precision)."""
    words = _line(text)
    if words is None:
        return None
    for pattern in _MONTH_DAY_YEAR:
        try:
            return datetime.datetime.strptime(words, pattern).date().isoformat()
        except ValueError:
            pass
    for pattern in _MONTH_YEAR:
        try:
            return datetime.datetime.strptime(words, pattern).strftime("%Y-%m")
        except ValueError:
            pass
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}", words):
        return words
    raise ValueError(f"not a date: {words!r}")


def _yes_no(text: str) -> bool | None:
    words = (_line(text) or "").casefold()
    if words in ("yes", "true", "accepts healthy volunteers"):
        return True
    if words in ("no", "false"):
        return False
    if not words:
        return None
    raise ValueError(f"not yes or no: {text.strip()!r}")


def _age(text: str) -> str | None:
    """``18 Years`` as the API writes it; ``N/A`` (no limit) is no age."""
    words = _line(text)
    if words is None or words.casefold() in ("n/a", "none"):
        return None
    if not re.fullmatch(r"\d+ (?:Year|Month|Week|Day|Hour|Minute)s?", words, re.IGNORECASE):
        raise ValueError(f"not an age: {words!r}")
    return words


def _count(text: str) -> int | None:
    words = _line(text)
    return None if words is None else int(words)


_PHASES = {
    "n/a": ["NA"],
    "early phase 1": ["EARLY_PHASE1"],
    "phase 0": ["EARLY_PHASE1"],
    "phase 1": ["PHASE1"],
    "phase 2": ["PHASE2"],
    "phase 3": ["PHASE3"],
    "phase 4": ["PHASE4"],
    "phase 1/phase 2": ["PHASE1", "PHASE2"],
    "phase 2/phase 3": ["PHASE2", "PHASE3"],
}


def _phases(text: str) -> list[str] | None:
    words = (_line(text) or "").casefold()
    if not words:
        return None
    if words not in _PHASES:
        raise ValueError(f"not a phase: {text.strip()!r}")
    return list(_PHASES[words])


_MASKING = {"none": "NONE", "single": "SINGLE", "double": "DOUBLE", "triple": "TRIPLE",
            "quadruple": "QUADRUPLE"}  # fmt: skip
_MASKED = {"participant": "PARTICIPANT", "care provider": "CARE_PROVIDER",
           "investigator": "INVESTIGATOR", "outcomes assessor": "OUTCOMES_ASSESSOR"}  # fmt: skip


def _masking(text: str) -> str | None:
    """``Double (Participant, Investigator)`` -> ``DOUBLE``; ``None (Open Label)`` -> ``NONE``."""
    words = (_line(text) or "").split(" (")[0].casefold()
    if not words:
        return None
    if words not in _MASKING:
        raise ValueError(f"not a masking: {text.strip()!r}")
    return _MASKING[words]


def _masked_by(roles: dict[str, str]) -> Callable[[str], list[str] | None]:
    """A reader of the masked roles in parentheses, ``Double (Participant, Investigator)``
    -> ``[PARTICIPANT, INVESTIGATOR]``, by the layout's names of them (``roles``)."""

    def read(text: str) -> list[str] | None:
        found = re.search(r"\((.*)\)", text)
        if found is None or found.group(1).casefold() == "open label":
            return None
        who = []
        for name in found.group(1).split(","):
            token = roles.get(name.strip().casefold())
            if token is None:
                raise ValueError(f"not a masked role: {name.strip()!r}")
            who.append(token)
        return who

    return read


def _study_type(text: str) -> str | None:
    """``Observational [Patient Registry]`` is an observational study (see patientRegistry)."""
    words = (_line(text) or "").split(" [")[0]
    return _STUDY_TYPES.read(words) if words else None


def _patient_registry(text: str) -> bool | None:
    return True if "[patient registry]" in text.casefold() else None


_DESIGN_KEYS = regex.compile(
    r"(?:^|,\s*)(Allocation|Endpoint Classification|Intervention Model|Masking|Primary Purpose"
    r"|Observational Model|Time Perspective):\s*"
)
_OLD_MASKING = {"open label": "NONE", "single blind": "SINGLE", "double blind": "DOUBLE",
                "double-blind": "DOUBLE", "triple blind": "TRIPLE", "quadruple blind": "QUADRUPLE",
                "single-blind": "SINGLE", "triple-blind": "TRIPLE"}  # fmt: skip
_OLD_MASKED = {"subject": "PARTICIPANT", "caregiver": "CARE_PROVIDER",
               "investigator": "INVESTIGATOR",
               "outcomes assessor": "OUTCOMES_ASSESSOR"}  # fmt: skip


def _design_part(key: str) -> Callable[[str], str | None]:
    """A reader of one part of the 2013 layout's one-line design (``Allocation:
    Randomized, Intervention Model: Parallel Assignment, Masking: Double Blind (Subject,
    Caregiver), Primary Purpose: Treatment``)."""

    def read(text: str) -> str | None:
        pieces = _DESIGN_KEYS.split(" ".join(text.split()))
        parts = dict(zip(pieces[1::2], pieces[2::2], strict=True))
        return parts.get(key)

    return read


def _old_design(key: str, convert: Convert | None) -> Convert:
    part = _design_part(key)

    def read(text: str) -> Any:
        value = part(text)
        return None if value is None or convert is None else convert.read(value)

    return Convert(read, f"the 2013 one-line design's `{key}:` part")


def _old_masking(text: str) -> str | None:
    words = text.split(" (")[0].strip().casefold()
    if words not in _OLD_MASKING:
        raise ValueError(f"not a masking: {text!r}")
    return _OLD_MASKING[words]


_STUDY_TYPES = _tokens({"Interventional": "INTERVENTIONAL", "Observational": "OBSERVATIONAL",
                        "Expanded Access": "EXPANDED_ACCESS"})  # fmt: skip
LINE = Convert(_line, "one line, whitespace runs one space")
BLOCK = Convert(_block, "text block: wrapped lines joined, list items one a line")
DATE = Convert(_date, "`June 5, 2013` -> `2013-06-05`, `May 2011` -> `2011-05`")
DATE_TYPE = _tokens({"Actual": "ACTUAL", "Anticipated": "ESTIMATED", "Estimated": "ESTIMATED",
                     "Estimate": "ESTIMATED"})  # fmt: skip
YES_NO = Convert(_yes_no, "`Yes` (`true`) true, `No` (`false`) false")
AGE = Convert(_age, "`18 Years` as is; `N/A` no age")
COUNT = Convert(_count, "a whole number")
PHASES = Convert(_phases, "`Phase 1/Phase 2` -> `[PHASE1, PHASE2]`, `N/A` -> `[NA]`")
STATUS = _tokens({
    "Not yet recruiting": "NOT_YET_RECRUITING", "Recruiting": "RECRUITING",
    "Enrolling by invitation": "ENROLLING_BY_INVITATION",
    "Active, not recruiting": "ACTIVE_NOT_RECRUITING", "Suspended": "SUSPENDED",
    "Terminated": "TERMINATED", "Completed": "COMPLETED", "Withdrawn": "WITHDRAWN",
    "Unknown status": "UNKNOWN", "Available": "AVAILABLE",
    "No longer available": "NO_LONGER_AVAILABLE",
    "Temporarily not available": "TEMPORARILY_NOT_AVAILABLE",
    "Approved for marketing": "APPROVED_FOR_MARKETING", "Withheld": "WITHHELD",
})  # fmt: skip
AGENCY_CLASS = _tokens({"NIH": "NIH", "U.S. Fed": "FED", "Industry": "INDUSTRY",
                        "Other": "OTHER", "Individual": "INDIV", "Network": "NETWORK",
                        "Other Gov": "OTHER_GOV", "Ambig": "AMBIG",
                        "Unknown": "UNKNOWN"})  # fmt: skip
PARTY = _tokens({"Sponsor": "SPONSOR", "Principal Investigator": "PRINCIPAL_INVESTIGATOR",
                 "Sponsor-Investigator": "SPONSOR_INVESTIGATOR"})  # fmt: skip
ALLOCATION = _tokens({"Randomized": "RANDOMIZED", "Non-Randomized": "NON_RANDOMIZED",
                      "N/A": "NA"})  # fmt: skip
MODEL = _tokens({"Single Group Assignment": "SINGLE_GROUP", "Parallel Assignment": "PARALLEL",
                 "Crossover Assignment": "CROSSOVER", "Factorial Assignment": "FACTORIAL",
                 "Sequential Assignment": "SEQUENTIAL"})  # fmt: skip
PURPOSE = _tokens({
    "Treatment": "TREATMENT", "Prevention": "PREVENTION", "Diagnostic": "DIAGNOSTIC",
    "Supportive Care": "SUPPORTIVE_CARE", "Screening": "SCREENING",
    "Health Services Research": "HEALTH_SERVICES_RESEARCH", "Basic Science": "BASIC_SCIENCE",
    "Device Feasibility": "DEVICE_FEASIBILITY", "Educational/Counseling/Training": "OTHER",
    "Other": "OTHER",
})  # fmt: skip
OBSERVATIONAL_MODEL = _tokens({
    "Cohort": "COHORT", "Case-Control": "CASE_CONTROL", "Case-Only": "CASE_ONLY",
    "Case-Crossover": "CASE_CROSSOVER", "Ecologic or Community": "ECOLOGIC_OR_COMMUNITY",
    "Family-Based": "FAMILY_BASED", "Defined Population": "DEFINED_POPULATION",
    "Natural History": "NATURAL_HISTORY", "Other": "OTHER",
})  # fmt: skip
TIME_PERSPECTIVE = _tokens({"Prospective": "PROSPECTIVE", "Retrospective": "RETROSPECTIVE",
                            "Cross-Sectional": "CROSS_SECTIONAL", "Other": "OTHER"})  # fmt: skip
RETENTION = _tokens({"None Retained": "NONE_RETAINED", "Samples With DNA": "SAMPLES_WITH_DNA",
                     "Samples Without DNA": "SAMPLES_WITHOUT_DNA"})  # fmt: skip
SEX = _tokens({"All": "ALL", "Both": "ALL", "Female": "FEMALE", "Male": "MALE"})
SAMPLING = _tokens({"Probability Sample": "PROBABILITY_SAMPLE",
                    "Non-Probability Sample": "NON_PROBABILITY_SAMPLE"})  # fmt: skip
ARM_TYPE = _tokens({
    "Experimental": "EXPERIMENTAL", "Active Comparator": "ACTIVE_COMPARATOR",
    "Placebo Comparator": "PLACEBO_COMPARATOR", "Sham Comparator": "SHAM_COMPARATOR",
    "No Intervention": "NO_INTERVENTION", "Other": "OTHER",
})  # fmt: skip
INTERVENTION_TYPE = _tokens({
    "Drug": "DRUG", "Device": "DEVICE", "Biological": "BIOLOGICAL", "Procedure": "PROCEDURE",
    "Procedure/Surgery": "PROCEDURE", "Radiation": "RADIATION", "Behavioral": "BEHAVIORAL",
    "Genetic": "GENETIC", "Dietary Supplement": "DIETARY_SUPPLEMENT",
    "Combination Product": "COMBINATION_PRODUCT", "Diagnostic Test": "DIAGNOSTIC_TEST",
    "Other": "OTHER",
})  # fmt: skip
OFFICIAL_ROLE = _tokens({"Principal Investigator": "PRINCIPAL_INVESTIGATOR",
                         "Study Director": "STUDY_DIRECTOR",
                         "Study Chair": "STUDY_CHAIR"})  # fmt: skip
SITE_ROLE = _tokens({"Principal Investigator": "PRINCIPAL_INVESTIGATOR",
                     "Sub-Investigator": "SUB_INVESTIGATOR", "Study Director": "STUDY_DIRECTOR",
                     "Study Chair": "STUDY_CHAIR"})  # fmt: skip
IPD = _tokens({"Yes": "YES", "No": "NO", "Undecided": "UNDECIDED"})
IPD_INFO = _tokens({
    "Study Protocol": "STUDY_PROTOCOL", "Statistical Analysis Plan (SAP)": "SAP",
    "Informed Consent Form (ICF)": "ICF", "Clinical Study Report (CSR)": "CSR",
    "Analytic Code": "ANALYTIC_CODE",
})  # fmt: skip
MASKING = Convert(_masking, "`Double (Participant, Investigator)` -> `DOUBLE`")
WHO_MASKED = Convert(_masked_by(_MASKED), "the roles in parentheses, as tokens")
STUDY_TYPE = Convert(_study_type, "`Interventional`, `Observational [Patient Registry]`, ...")
PATIENT_REGISTRY = Convert(_patient_registry, "true for `[Patient Registry]`")
PERSON = Convert(_line, "the person's name (`first_name middle_name last_name, degrees`)")
# The elements a person's name is made of (``PERSON`` reads them from the person's element).
PERSON_PARTS = ("first_name", "middle_name", "last_name", "degrees")


# --- the declaration -------------------------------------------------------------------------

_P = "protocolSection."
_DATES = tuple(
    field
    for element, api in (
        ("start_date", "startDateStruct"),
        ("completion_date", "completionDateStruct"),
        ("primary_completion_date", "primaryCompletionDateStruct"),
        ("study_first_posted", "studyFirstPostDateStruct"),
        ("results_first_posted", "resultsFirstPostDateStruct"),
        ("disposition_first_posted", "dispFirstPostDateStruct"),
        ("last_update_posted", "lastUpdatePostDateStruct"),
    )
    for field in (
        Field(element, f"{_P}statusModule.{api}.date", DATE),
        Field(f"{element}@type", f"{_P}statusModule.{api}.type", DATE_TYPE),
    )
)


def _person(xml: str, api: str, fields: tuple[Field | Group, ...], **kw: Any) -> Group:
    return Group(xml, api, (Field("", "name", PERSON), *fields), **kw)


_CONTACT_FIELDS = (
    Field("phone", "phone", LINE),
    Field("phone_ext", "phoneExt", LINE),
    Field("email", "email", LINE),
)
_OUTCOME = (
    Field("measure", "measure", LINE),
    Field("time_frame", "timeFrame", LINE),
    Field("description", "description", BLOCK),
    Field("safety_issue", None, note="no API v2 place (asked until 2017)"),
)

FIELDS: tuple[Field | Group, ...] = (
    Field("required_header/download_date", None, note="when the registry wrote the file"),
    Field("required_header/link_text", None, note="the file's boilerplate"),
    Field("required_header/url", None, note="the study's address on the registry"),
    Field("id_info/org_study_id", _P + "identificationModule.orgStudyIdInfo.id", LINE),
    Group("id_info/secondary_id[]", _P + "identificationModule.secondaryIdInfos[]",
          (Field("", "id", LINE),)),
    Field("id_info/nct_id", _P + "identificationModule.nctId", LINE),
    Field("id_info/nct_alias[]", _P + "identificationModule.nctIdAliases[]", LINE),
    Field("brief_title", _P + "identificationModule.briefTitle", LINE),
    Field("acronym", _P + "identificationModule.acronym", LINE),
    Field("official_title", _P + "identificationModule.officialTitle", LINE),
    Field("source", _P + "identificationModule.organization.fullName", LINE),
    Field("sponsors/lead_sponsor/agency", _P + "sponsorCollaboratorsModule.leadSponsor.name",
          LINE),
    Field("sponsors/lead_sponsor/agency_class",
          _P + "sponsorCollaboratorsModule.leadSponsor.class", AGENCY_CLASS),
    Group("sponsors/collaborator[]", _P + "sponsorCollaboratorsModule.collaborators[]",
          (Field("agency", "name", LINE), Field("agency_class", "class", AGENCY_CLASS))),
    Field("responsible_party/responsible_party_type",
          _P + "sponsorCollaboratorsModule.responsibleParty.type", PARTY),
    Field("responsible_party/investigator_full_name",
          _P + "sponsorCollaboratorsModule.responsibleParty.investigatorFullName", LINE),
    Field("responsible_party/investigator_title",
          _P + "sponsorCollaboratorsModule.responsibleParty.investigatorTitle", LINE),
    Field("responsible_party/investigator_affiliation",
          _P + "sponsorCollaboratorsModule.responsibleParty.investigatorAffiliation", LINE),
    Field("responsible_party/name_title",
          _P + "sponsorCollaboratorsModule.responsibleParty.oldNameTitle", LINE),
    Field("responsible_party/organization",
          _P + "sponsorCollaboratorsModule.responsibleParty.oldOrganization", LINE),
    Field("oversight_info/has_dmc", _P + "oversightModule.oversightHasDmc", YES_NO),
    Field("oversight_info/is_fda_regulated_drug", _P + "oversightModule.isFdaRegulatedDrug",
          YES_NO),
    Field("oversight_info/is_fda_regulated_device", _P + "oversightModule.isFdaRegulatedDevice",
          YES_NO),
    Field("oversight_info/is_unapproved_device", _P + "oversightModule.isUnapprovedDevice",
          YES_NO),
    Field("oversight_info/is_ppsd", _P + "oversightModule.isPpsd", YES_NO),
    Field("oversight_info/is_us_export", _P + "oversightModule.isUsExport", YES_NO),
    Field("oversight_info/authority[]", None, note="no API v2 place (the 2013 layout)"),
    Field("is_fda_regulated", None, note="no API v2 place (an older flag)"),
    Field("is_section_801", None, note="no API v2 place (an older flag)"),
    Field("brief_summary/textblock", _P + "descriptionModule.briefSummary", BLOCK),
    Field("detailed_description/textblock", _P + "descriptionModule.detailedDescription",
          BLOCK),
    Field("overall_status", _P + "statusModule.overallStatus", STATUS),
    Field("last_known_status", _P + "statusModule.lastKnownStatus", STATUS),
    Field("why_stopped", _P + "statusModule.whyStopped", LINE),
    Field("verification_date", _P + "statusModule.statusVerifiedDate", DATE),
    Field("study_first_submitted", _P + "statusModule.studyFirstSubmitDate", DATE),
    Field("study_first_submitted_qc", _P + "statusModule.studyFirstSubmitQcDate", DATE),
    Field("results_first_submitted", _P + "statusModule.resultsFirstSubmitDate", DATE),
    Field("results_first_submitted_qc", _P + "statusModule.resultsFirstSubmitQcDate", DATE),
    Field("disposition_first_submitted", _P + "statusModule.dispFirstSubmitDate", DATE),
    Field("disposition_first_submitted_qc", _P + "statusModule.dispFirstSubmitQcDate", DATE),
    Field("last_update_submitted", _P + "statusModule.lastUpdateSubmitDate", DATE),
    Field("last_update_submitted_qc", None, note="no API v2 place"),
    *_DATES,
    # The 2013 layout's dates: its last change is the version's date (as last_update_posted).
    Field("firstreceived_date", _P + "statusModule.studyFirstSubmitDate", DATE,
          note="the 2013 layout"),
    Field("lastchanged_date", _P + "statusModule.lastUpdatePostDateStruct.date", DATE,
          note="the 2013 layout: the record's last change"),
    Field("firstreceived_results_date", _P + "statusModule.resultsFirstSubmitDate", DATE,
          note="the 2013 layout"),
    Field("has_expanded_access", _P + "statusModule.expandedAccessInfo.hasExpandedAccess",
          YES_NO),
    Field("expanded_access_info/expanded_access_type_individual",
          _P + "designModule.expandedAccessTypes.individual", YES_NO),
    Field("expanded_access_info/expanded_access_type_intermediate",
          _P + "designModule.expandedAccessTypes.intermediate", YES_NO),
    Field("expanded_access_info/expanded_access_type_treatment",
          _P + "designModule.expandedAccessTypes.treatment", YES_NO),
    Field("phase", _P + "designModule.phases", PHASES),
    Field("study_type", _P + "designModule.studyType", STUDY_TYPE),
    Field("study_type", _P + "designModule.patientRegistry", PATIENT_REGISTRY),
    # The 2013 layout's one-line design: its parts read, the line kept (its endpoint
    # classification has no API v2 place).
    *(
        Field("study_design", _P + f"designModule.designInfo.{api}", _old_design(key, convert),
              keep=True)
        for key, api, convert in (
            ("Allocation", "allocation", ALLOCATION),
            ("Intervention Model", "interventionModel", MODEL),
            ("Masking", "maskingInfo.masking", Convert(_old_masking, "")),
            ("Masking", "maskingInfo.whoMasked", Convert(_masked_by(_OLD_MASKED), "")),
            ("Primary Purpose", "primaryPurpose", PURPOSE),
            ("Observational Model", "observationalModel", OBSERVATIONAL_MODEL),
            ("Time Perspective", "timePerspective", TIME_PERSPECTIVE),
        )
    ),
    Field("study_design_info/allocation", _P + "designModule.designInfo.allocation",
          ALLOCATION),
    Field("study_design_info/intervention_model",
          _P + "designModule.designInfo.interventionModel", MODEL),
    Field("study_design_info/intervention_model_description",
          _P + "designModule.designInfo.interventionModelDescription", BLOCK),
    Field("study_design_info/primary_purpose", _P + "designModule.designInfo.primaryPurpose",
          PURPOSE),
    Field("study_design_info/observational_model",
          _P + "designModule.designInfo.observationalModel", OBSERVATIONAL_MODEL),
    Field("study_design_info/time_perspective", _P + "designModule.designInfo.timePerspective",
          TIME_PERSPECTIVE),
    Field("study_design_info/masking", _P + "designModule.designInfo.maskingInfo.masking",
          MASKING),
    Field("study_design_info/masking", _P + "designModule.designInfo.maskingInfo.whoMasked",
          WHO_MASKED),
    Field("study_design_info/masking_description",
          _P + "designModule.designInfo.maskingInfo.maskingDescription", BLOCK),
    Field("target_duration", _P + "designModule.targetDuration", LINE),
    Field("number_of_arms", None, note="no API v2 place (the count of the groups)"),
    Field("number_of_groups", None, note="no API v2 place (the count of the groups)"),
    Field("enrollment", _P + "designModule.enrollmentInfo.count", COUNT),
    Field("enrollment@type", _P + "designModule.enrollmentInfo.type", DATE_TYPE),
    Field("biospec_retention", _P + "designModule.bioSpec.retention", RETENTION),
    Field("biospec_descr/textblock", _P + "designModule.bioSpec.description", BLOCK),
    Field("condition[]", _P + "conditionsModule.conditions[]", LINE),
    Field("keyword[]", _P + "conditionsModule.keywords[]", LINE),
    Group("arm_group[]", _P + "armsInterventionsModule.armGroups[]", (
        Field("arm_group_label", "label", LINE),
        Field("arm_group_type", "type", ARM_TYPE),
        Field("description", "description", BLOCK),
    ), note="each group's interventionNames from the interventions' arm_group_label"),
    Group("intervention[]", _P + "armsInterventionsModule.interventions[]", (
        Field("intervention_type", "type", INTERVENTION_TYPE),
        Field("intervention_name", "name", LINE),
        Field("description", "description", BLOCK),
        Field("arm_group_label[]", "armGroupLabels[]", LINE),
        Field("other_name[]", "otherNames[]", LINE),
    )),
    Group("primary_outcome[]", _P + "outcomesModule.primaryOutcomes[]", _OUTCOME),
    Group("secondary_outcome[]", _P + "outcomesModule.secondaryOutcomes[]", _OUTCOME),
    Group("other_outcome[]", _P + "outcomesModule.otherOutcomes[]", _OUTCOME),
    Field("eligibility/criteria/textblock", _P + "eligibilityModule.eligibilityCriteria",
          BLOCK),
    Field("eligibility/gender", _P + "eligibilityModule.sex", SEX),
    Field("eligibility/gender_based", _P + "eligibilityModule.genderBased", YES_NO),
    Field("eligibility/gender_description", _P + "eligibilityModule.genderDescription", BLOCK),
    Field("eligibility/minimum_age", _P + "eligibilityModule.minimumAge", AGE),
    Field("eligibility/maximum_age", _P + "eligibilityModule.maximumAge", AGE),
    Field("eligibility/healthy_volunteers", _P + "eligibilityModule.healthyVolunteers", YES_NO),
    Field("eligibility/study_pop/textblock", _P + "eligibilityModule.studyPopulation", BLOCK),
    Field("eligibility/sampling_method", _P + "eligibilityModule.samplingMethod", SAMPLING),
    _person("overall_official[]", _P + "contactsLocationsModule.overallOfficials[]", (
        Field("affiliation", "affiliation", LINE),
        Field("role", "role", OFFICIAL_ROLE),
    )),
    _person("overall_contact", _P + "contactsLocationsModule.centralContacts[]",
            _CONTACT_FIELDS, constant=(("role", "CONTACT"),)),
    _person("overall_contact_backup", _P + "contactsLocationsModule.centralContacts[]",
            _CONTACT_FIELDS, constant=(("role", "CONTACT"),)),
    Group("location[]", _P + "contactsLocationsModule.locations[]", (
        Field("facility/name", "facility", LINE),
        Field("status", "status", STATUS),
        Field("facility/address/city", "city", LINE),
        Field("facility/address/state", "state", LINE),
        Field("facility/address/zip", "zip", LINE),
        Field("facility/address/country", "country", LINE),
        _person("contact", "contacts[]", _CONTACT_FIELDS, constant=(("role", "CONTACT"),)),
        _person("contact_backup", "contacts[]", _CONTACT_FIELDS,
                constant=(("role", "CONTACT"),)),
        _person("investigator[]", "contacts[]", (Field("role", "role", SITE_ROLE),)),
    )),
    Field("location_countries/country[]", None,
          note="derived from the sites (`Trial.countries`); kept where it says more"),
    Field("removed_countries/country[]", "derivedSection.miscInfoModule.removedCountries[]",
          LINE),
    Group("reference[]", _P + "referencesModule.references[]",
          (Field("citation", "citation", BLOCK), Field("PMID", "pmid", LINE)),
          constant=(("type", "BACKGROUND"),)),
    Group("results_reference[]", _P + "referencesModule.references[]",
          (Field("citation", "citation", BLOCK), Field("PMID", "pmid", LINE)),
          constant=(("type", "RESULT"),)),
    Group("link[]", _P + "referencesModule.seeAlsoLinks[]",
          (Field("url", "url", LINE), Field("description", "label", LINE))),
    Field("patient_data/sharing_ipd", _P + "ipdSharingStatementModule.ipdSharing", IPD),
    Field("patient_data/ipd_description", _P + "ipdSharingStatementModule.description", BLOCK),
    Field("patient_data/ipd_info_type[]", _P + "ipdSharingStatementModule.infoTypes[]",
          IPD_INFO),
    Field("patient_data/ipd_time_frame", _P + "ipdSharingStatementModule.timeFrame", BLOCK),
    Field("patient_data/ipd_access_criteria", _P + "ipdSharingStatementModule.accessCriteria",
          BLOCK),
    Field("patient_data/ipd_url", _P + "ipdSharingStatementModule.url", LINE),
    Group("condition_browse/mesh_term[]", "derivedSection.conditionBrowseModule.meshes[]",
          (Field("", "term", LINE),)),
    Group("intervention_browse/mesh_term[]", "derivedSection.interventionBrowseModule.meshes[]",
          (Field("", "term", LINE),)),
    Field("provided_document_section", None, note="not mapped yet: kept and reported"),
    Field("clinical_results", None, note="not mapped yet: kept and reported"),
    Field("pending_results", None, note="no API v2 place"),
)  # fmt: skip


def mapping_table() -> str:
    """The declaration as Markdown: ``docs/ctgov-xml-mapping.md`` is this text."""
    rows = [
        "# Legacy registry XML mapping",
        "",
        "Generated from `ctgov_parse.ctgov_xml.FIELDS` by `ctgov_parse.ctgov_xml.mapping_table()`;",
        "a test keeps this file equal to it. `from_ctgov_xml(data)` reads a `<clinical_study>`",
        "record by these rows into an API v2 study, then into a record as `from_ctgov` does.",
        "Element paths are below `clinical_study`, API paths below the study; `[]` marks a",
        "repeated element or an API list; `@` an attribute. An element with no API v2 place,",
        "or one no row names, is kept in `Trial.unparsed` as `path: text` with its line and",
        "reported (`xml-unmapped`, INFO).",
        "",
        "| element | API v2 field | how |",
        "| --- | --- | --- |",
    ]
    for xml, api, how in _rows(FIELDS, "", ""):
        rows.append(f"| `{xml}` | {f'`{api}`' if api else '(none)'} | {how} |")
    return "\n".join(rows) + "\n"


def _rows(specs: tuple[Field | Group, ...], xml: str, api: str) -> list[tuple[str, str, str]]:
    out = []
    for spec in specs:
        where = "/".join(part for part in (xml, spec.xml) if part) or xml
        if isinstance(spec, Group):
            target = f"{api}.{spec.api}" if api else spec.api
            constant = ", ".join(f"`{name}` = `{value}`" for name, value in spec.constant)
            how = "; ".join(part for part in ("one object each", constant, spec.note) if part)
            out.append((where, target, how))
            out += _rows(spec.fields, where, target)
        else:
            target = "" if spec.api is None else (f"{api}.{spec.api}" if api else spec.api)
            how = "; ".join(
                part for part in (spec.convert.note if spec.convert else "", spec.note) if part
            )
            out.append((where, target, how.replace("|", "\\|")))
    return out
