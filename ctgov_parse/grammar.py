"""The page grammar: every heading, helper sentence, label and vocabulary, in one place.

The parser and the renderer both read these tables, so the two directions cannot drift.
Source: ``FORMAT.md`` (the page format note) and the user's seed page; where the note only
gives the beginning of a helper sentence, the full sentence here is ours and the parser
accepts any sentence that begins like it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping

import attrs
import regex

from ctgov_parse.model import (
    AgencyClass,
    Allocation,
    ArmType,
    ContactRole,
    DispersionType,
    FacilityContactRole,
    InterventionModel,
    InterventionType,
    MaskedRole,
    Masking,
    ObservationalModel,
    Phase,
    PrimaryPurpose,
    ResponsiblePartyType,
    ResultsStatus,
    Sex,
    SponsorRole,
    Status,
    StudyType,
    TimePerspective,
)
from ctgov_parse.results.grammar import SECTIONS as RESULTS_SECTIONS

# --- sections -------------------------------------------------------------------------------


@attrs.frozen
class SectionSpec:
    """A known section: canonical ``name``, its heading texts (first is canonical), and its
    helper sentence (canonical text, plus the beginnings that identify it)."""

    name: str
    headings: tuple[str, ...]
    helper: str
    helper_prefixes: tuple[str, ...]


# Trial-page sections in page order. "header" (title, NCT ID, Last Updated) has no heading.
SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "study_results",
        ("Study Results",),
        "The study team has not published outcome measurements, participant flow, or safety"
        " data for this trial yet. Check back later for updates.",
        ("The study team has not published", "Outcome measurements, participant flow"),
    ),
    SectionSpec(
        "basic_information",
        ("Basic Information",),
        "Get a concise snapshot of the trial, including recruitment status, study phase,"
        " enrollment targets, and key timeline milestones.",
        ("Get a concise snapshot of the trial",),
    ),
    SectionSpec(
        "brief_summary",
        ("Brief Summary",),
        "Review the sponsor-provided synopsis that highlights what the study is about and why"
        " it is being conducted.",
        ("Review the sponsor-provided synopsis",),
    ),
    SectionSpec(
        "detailed_description",
        ("Detailed Description",),
        "Dive into the extended narrative that explains the scientific background, objectives,"
        " and procedures in greater depth.",
        ("Dive into the extended narrative",),
    ),
    SectionSpec(
        "conditions",
        ("Conditions",),
        "See the medical conditions and disease areas that this research is targeting or"
        " investigating.",
        ("See the medical conditions and disease areas",),
    ),
    SectionSpec(
        "keywords",
        ("Keywords",),
        "Explore important study keywords that help describe the focus of this trial.",
        ("Explore important study keywords",),
    ),
    SectionSpec(
        "study_design",
        ("Study Design",),
        "Understand how the trial is structured, including allocation methods, masking"
        " strategies, primary purpose, and other design elements.",
        ("Understand how the trial is structured",),
    ),
    SectionSpec(
        "study_groups",
        ("Study Groups",),
        "Review each arm or cohort in the study, along with the interventions and objectives"
        " associated with them.",
        ("Review each arm or cohort in the study",),
    ),
    SectionSpec(
        "interventions",
        ("Interventions",),
        "Learn about the drugs, procedures, or behavioral strategies being tested and how they"
        " are applied within this trial.",
        ("Learn about the drugs, procedures, or behavioral strategies",),
    ),
    SectionSpec(
        "eligibility",
        ("Eligibility Criteria",),
        "Check the participation requirements, including inclusion and exclusion rules, age"
        " limits, and whether healthy volunteers are accepted.",
        ("Check the participation requirements",),
    ),
    SectionSpec(
        "sponsors",
        ("Sponsors",),
        "Meet the organizations funding or collaborating on the study and learn about their roles.",
        ("Meet the organizations funding or collaborating",),
    ),
    SectionSpec(
        "responsible_party",
        ("Responsible Party",),
        "Identify the individual or organization who holds primary responsibility for the"
        " study information submitted to regulators.",
        ("Identify the individual or organization",),
    ),
    SectionSpec(
        "locations",
        ("Locations",),
        "Explore where the study is taking place and check the recruitment status at each"
        " participating site.",
        ("Explore where the study is taking place",),
    ),
    SectionSpec(
        "countries",
        ("Countries",),
        "Review the countries where the study has at least one active or historical site.",
        ("Review the countries where the study has",),
    ),
    SectionSpec(
        "central_contacts",
        ("Central Contacts",),
        "Reach out to these primary contacts for questions about participation or study logistics.",
        ("Reach out to these primary contacts",),
    ),
    SectionSpec(
        "facility_contacts",
        ("Facility Contacts",),
        "Find local site contact details for specific facilities participating in the trial.",
        ("Find local site contact details",),
    ),
    SectionSpec(
        "other_identifiers",
        ("Other Identifiers",),
        "Review additional registry numbers or institutional identifiers associated with this"
        " trial.",
        ("Review additional registry numbers",),
    ),
    SectionSpec(
        "related_trials",
        ("More Related Trials", "Related Clinical Trials"),
        "Additional clinical trials that may be relevant based on similarity analysis.",
        ("Additional clinical trials that may be relevant", "Explore similar clinical trials"),
    ),
)

SECTION_BY_NAME: Mapping[str, SectionSpec] = {spec.name: spec for spec in SECTIONS}

# Compact scrapes put the related trials right after the summary, under the other heading.
COMPACT_RELATED_HEADING = "Related Clinical Trials"
COMPACT_RELATED_HELPER = "Explore similar clinical trials that may also be of interest to you."
SECTION_ORDER: Mapping[str, tuple[str, ...]] = {
    "labelled": tuple(spec.name for spec in SECTIONS),
    "compact": (
        *(spec.name for spec in SECTIONS[: SECTIONS.index(SECTION_BY_NAME["brief_summary"]) + 1]),
        "related_trials",
        *(
            spec.name
            for spec in SECTIONS[SECTIONS.index(SECTION_BY_NAME["brief_summary"]) + 1 :]
            if spec.name != "related_trials"
        ),
    ),
}
# The section a complete page ends with, by the order its sections came in: the related
# trials close a labelled page; a compact page closes with the identifiers (every
# registration has its organization's study id).
LAST_SECTION: Mapping[str, str] = {"labelled": "related_trials", "compact": "other_identifiers"}
SECTION_BY_HEADING: Mapping[str, SectionSpec] = {
    heading: spec for spec in SECTIONS for heading in spec.headings
}

# Headings of the results page's sections (its own grammar is ``results.grammar``).
RESULTS_HEADINGS: tuple[str, ...] = tuple(heading for _, heading in RESULTS_SECTIONS)

HEADER_SECTION = "header"

# An unknown section is a short Title Case heading followed by a sentence shaped like the
# site's helper sentences: an invitation that starts with one of these words.
HELPER_OPENING_WORDS = frozenset(
    [
        "Review",
        "Explore",
        "See",
        "Learn",
        "Check",
        "Meet",
        "Identify",
        "Reach",
        "Find",
        "Understand",
        "Dive",
        "Get",
        "Discover",
        "Browse",
        "View",
        "Read",
        "Additional",
        "Compare",
        "Track",
        "Access",
    ]
)
UNKNOWN_HEADING_MAX_WORDS = 6
UNKNOWN_HEADING_SMALL_WORDS = frozenset(
    ["of", "and", "&", "or", "for", "the", "in", "to", "on", "with", "a", "an", "by"]
)


# The lines the splitter must look at: headings, helper sentences (by their beginnings), and
# sentences shaped like a helper (which may follow an unknown heading). All else is content.
# The splitter reads each line's first character, then the tables below: a heading is a
# whole line (a dict lookup), a helper sentence a line that begins with one of the
# beginnings filed under its first character.
HEADING_MAX_LENGTH = max(len(text) for text in (*SECTION_BY_HEADING, *RESULTS_HEADINGS))
RESULTS_HEADING_SET = frozenset(RESULTS_HEADINGS)
HELPER_BY_PREFIX: Mapping[str, SectionSpec] = {
    prefix: spec for spec in SECTIONS for prefix in spec.helper_prefixes
}
# Beginnings by first character, longest first (no beginning is another's prefix, so at
# most one matches a line).
HELPER_PREFIXES_BY_LETTER: Mapping[str, tuple[str, ...]] = {
    letter: tuple(sorted((p for p in HELPER_BY_PREFIX if p[0] == letter), key=len, reverse=True))
    for letter in {prefix[0] for prefix in HELPER_BY_PREFIX}
}
# The first characters of every line the splitter must look at.
CANDIDATE_FIRST_LETTERS = frozenset(
    text[0]
    for text in (*SECTION_BY_HEADING, *HELPER_BY_PREFIX, *RESULTS_HEADINGS, *HELPER_OPENING_WORDS)
)


# --- labels ---------------------------------------------------------------------------------

HEADER_NCT_ID = "NCT ID:"
RESULTS_TITLE_PREFIX = "Trial Outcomes & Findings for "
HEADER_LAST_UPDATED = "Last Updated:"
RESULTS_PAGE_TITLE = regex.compile(
    r"Trial Outcomes & Findings for (?P<title>.*) \(NCT(?:\s+ID:?)?\s*(?P<id>NCT\d{8}|\d{8})\)"
)
NCT_ID = re.compile(r"NCT\d{8}")

RESULTS_PENDING = "Results pending"
RESULTS_AVAILABLE = "Results available"
VIEW_FULL_RESULTS = "View full results"
# The Study Results helper when results are posted (SECTIONS holds the "pending" one).
RESULTS_AVAILABLE_HELPER = (
    "Outcome measurements, participant flow, baseline characteristics, and adverse events have"
    " been published for this study."
)
# The helper sentence tells pending from available on its own (the compact shape drops the
# status line): keyed by the beginning of each helper.
RESULTS_STATUS_BY_HELPER: Mapping[str, ResultsStatus] = {
    "The study team has not published": ResultsStatus.PENDING,
    "Outcome measurements, participant flow": ResultsStatus.AVAILABLE,
}
# Lines a section puts between its heading and its helper sentence.
LINES_ABOVE_HELPER: Mapping[str, frozenset[str]] = {
    "study_results": frozenset({RESULTS_PENDING, RESULTS_AVAILABLE}),
}

# Label-above-value sections: field name -> label, in page order.
BASIC_LABELS: Mapping[str, str] = {
    "status": "Recruitment Status",
    "phases": "Clinical Phase",
    "enrollment": "Total Enrollment",
    "study_type": "Study Classification",
    "start_date": "Study Start Date",
    "completion_date": "Study Completion Date",
}
DESIGN_LABELS: Mapping[str, str] = {
    "allocation": "Allocation Method",
    "intervention_model": "Intervention Model",
    "primary_purpose": "Primary Study Purpose",
    "masking": "Blinding Strategy",
    "observational_model": "Observational Model Type",
    "time_perspective": "Study Time Perspective",
}
# Without its labels (compact scrapes) a design is read by position: these fields in this
# order, each optionally followed by free text (and masking by its masked-roles line).
INTERVENTIONAL_DESIGN: tuple[str, ...] = (
    "allocation",
    "intervention_model",
    "primary_purpose",
    "masking",
)
OBSERVATIONAL_DESIGN: tuple[str, ...] = ("observational_model", "time_perspective")
DESIGN_TEXT_AFTER: Mapping[str, str] = {
    "intervention_model": "intervention_model_description",
    "masking": "masking_description",
}
ELIGIBILITY_LABELS: Mapping[str, str] = {
    "minimum_age": "Minimum Eligible Age",
    "maximum_age": "Maximum Eligible Age",
    "sex": "Eligible Sex",
    "healthy_volunteers": "Accepts Healthy Volunteers",
}

# Label-and-value-on-one-line prefixes.
GROUP_TYPE = "Group Type "
INTERVENTION_TYPE = "Intervention Type "
NO_INTERVENTIONS = "No interventions assigned to this group"
SPONSOR_ROLE = "Sponsor Role "
RESPONSIBILITY_ROLE = "Responsibility Role "
SITE_STATUS = "Site Status "
CONTACT_ROLE = "Role: "
IDENTIFIER_TYPE = "Identifier Type: "
IDENTIFIER_SOURCE = "Identifier Source: "
IDENTIFIER_NO_TYPE = "-"
# Every "Label value" prefix, for tools that account for page lines.
INLINE_LABELS: tuple[str, ...] = (
    HEADER_NCT_ID + " ",
    HEADER_LAST_UPDATED + " ",
    GROUP_TYPE,
    INTERVENTION_TYPE,
    SPONSOR_ROLE,
    RESPONSIBILITY_ROLE,
    SITE_STATUS,
    CONTACT_ROLE,
    IDENTIFIER_TYPE,
    IDENTIFIER_SOURCE,
)

INCLUSION_HEADING = "Inclusion Criteria"
EXCLUSION_HEADING = "Exclusion Criteria"
CRITERIA_HEADING = regex.compile(
    r"(?i)(?:key\s+|main\s+|general\s+)?(?P<kind>inclusion|exclusion)\s+criteria\b\s*:?\s*(?P<rest>.*)"
)
# A criterion line: indentation, then a number/letter/roman marker or a bullet, then text.
CRITERION_MARKER = re.compile(
    r"(?P<indent>[ \t]*)(?P<marker>(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)]|\(\d{1,3}\)|[*\-•·+])"
    r"[ \t]+(?P<text>\S.*)"
)
INDENT_WIDTH = 2

# --- value shapes ---
# Patterns matched once per line or value use the standard library's engine: its per-call
# cost is about half the regex module's (measured: 240 vs 550 ns for a criterion line).

ISO_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
DATE_SUFFIX = regex.compile(r"\s*\((?:actual|anticipated|estimated|expected)\)\s*$", regex.I)
ENROLLMENT = re.compile(
    r"(?P<count>\d[\d,]*)(?:\s+(?:participants?|patients?|subjects?))?(?:\s+\((?:actual|anticipated|estimated)\))?",
    re.I,
)
AGE = re.compile(r"(?P<value>\d+)\s*(?P<unit>[A-Za-z]+)")
PHONE = re.compile(r"(?P<phone>[+(\d][\d\s().\-/+]*\d)(?:\s*(?:ext\.?|x)\s*(?P<ext>\S+))?", re.I)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# CommonMark: a backslash before any ASCII punctuation character escapes it.
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")

AGE_UNITS: Mapping[str, str] = {
    "year": "YEARS", "years": "YEARS", "yr": "YEARS", "yrs": "YEARS",
    "month": "MONTHS", "months": "MONTHS", "mo": "MONTHS",
    "week": "WEEKS", "weeks": "WEEKS", "wk": "WEEKS", "wks": "WEEKS",
    "day": "DAYS", "days": "DAYS",
    "hour": "HOURS", "hours": "HOURS", "hr": "HOURS", "hrs": "HOURS",
    "minute": "MINUTES", "minutes": "MINUTES", "min": "MINUTES", "mins": "MINUTES",
}  # fmt: skip
# Registry country names that contain a comma, so that "City, State, Korea, Republic of"
# splits right (the page's Countries section is consulted too).
COMMA_COUNTRIES: tuple[str, ...] = (
    "Korea, Republic of",
    "Korea, Democratic People's Republic of",
    "Iran, Islamic Republic of",
    "Congo, The Democratic Republic of the",
    "Moldova, Republic of",
    "Macedonia, The Former Yugoslav Republic of",
    "Micronesia, Federated States of",
    "Tanzania, United Republic of",
    "Virgin Islands, U.S.",
    "Virgin Islands, British",
    "Palestinian Territory, occupied",
    "Bolivia, Plurinational State of",
    "Venezuela, Bolivarian Republic of",
)
NOT_APPLICABLE = frozenset({"N/A", "NA", "n/a", "Not Applicable", "None", "none", ""})

BOOLEANS: Mapping[str, bool] = {"yes": True, "no": False, "true": True, "false": False}

# Phase parts after upper-casing and dropping "PHASE", spaces, underscores and hyphens.
PHASE_PARTS: Mapping[str, Phase] = {
    "EARLY1": Phase.EARLY_PHASE1, "EARLYI": Phase.EARLY_PHASE1, "0": Phase.EARLY_PHASE1,
    "1": Phase.PHASE1, "I": Phase.PHASE1,
    "2": Phase.PHASE2, "II": Phase.PHASE2,
    "3": Phase.PHASE3, "III": Phase.PHASE3,
    "4": Phase.PHASE4, "IV": Phase.PHASE4,
}  # fmt: skip
PHASE_NOT_APPLICABLE = frozenset({"NA", "N/A", "NOT APPLICABLE", "NOTAPPLICABLE"})
PHASE_SEPARATOR = regex.compile(r"\s*(?:/|,|\band\b|\|)\s*", regex.I)

# Plain-English and legacy spellings of registry tokens, keyed by the token form of the text
# (upper case, runs of other characters as one underscore).
TOKEN_ALIASES: Mapping[type[enum.Enum], Mapping[str, enum.Enum]] = {
    Status: {"UNKNOWN_STATUS": Status.UNKNOWN},
    StudyType: {
        "OBSERVATIONAL_PATIENT_REGISTRY": StudyType.OBSERVATIONAL,
        "EXPANDED": StudyType.EXPANDED_ACCESS,
    },
    Allocation: {
        "N_A": Allocation.NA,
        "NON_RANDOMISED": Allocation.NON_RANDOMIZED,
        "RANDOMISED": Allocation.RANDOMIZED,
    },
    InterventionModel: {
        "SINGLE_GROUP_ASSIGNMENT": InterventionModel.SINGLE_GROUP,
        "PARALLEL_ASSIGNMENT": InterventionModel.PARALLEL,
        "CROSSOVER_ASSIGNMENT": InterventionModel.CROSSOVER,
        "CROSS_OVER": InterventionModel.CROSSOVER,
        "FACTORIAL_ASSIGNMENT": InterventionModel.FACTORIAL,
        "SEQUENTIAL_ASSIGNMENT": InterventionModel.SEQUENTIAL,
    },
    PrimaryPurpose: {"EDUCATIONAL_COUNSELING_TRAINING": PrimaryPurpose.ECT},
    Masking: {"NONE_OPEN_LABEL": Masking.NONE, "OPEN_LABEL": Masking.NONE},
    MaskedRole: {
        "PARTICIPANTS": MaskedRole.PARTICIPANT,
        "CARE_PROVIDERS": MaskedRole.CARE_PROVIDER,
        "INVESTIGATORS": MaskedRole.INVESTIGATOR,
        "OUTCOME_ASSESSOR": MaskedRole.OUTCOMES_ASSESSOR,
        "OUTCOME_ASSESSORS": MaskedRole.OUTCOMES_ASSESSOR,
        "OUTCOMES_ASSESSORS": MaskedRole.OUTCOMES_ASSESSOR,
    },
    Sex: {"BOTH": Sex.ALL},
    ResponsiblePartyType: {"SPONSOR_INVESTIGATOR": ResponsiblePartyType.SPONSOR_INVESTIGATOR},
    # Outcome measures spell their dispersion in plain English ("95% Confidence Interval").
    DispersionType: {
        "80_CONFIDENCE_INTERVAL": DispersionType.CONFIDENCE_80,
        "90_CONFIDENCE_INTERVAL": DispersionType.CONFIDENCE_90,
        "95_CONFIDENCE_INTERVAL": DispersionType.CONFIDENCE_95,
        "97_5_CONFIDENCE_INTERVAL": DispersionType.CONFIDENCE_975,
        "99_CONFIDENCE_INTERVAL": DispersionType.CONFIDENCE_99,
        "OTHER_CONFIDENCE_INTERVAL_LEVEL": DispersionType.CONFIDENCE_OTHER,
        "OTHER_CONFIDENCE_INTERVAL": DispersionType.CONFIDENCE_OTHER,
        "GEOMETRIC_COEFFICIENT_OF_VARIATION": DispersionType.GEOMETRIC_COEFFICIENT,
        "NOT_APPLICABLE": DispersionType.NA,
    },
}

# How the site spells a token on the page when it is not the token itself.
PAGE_SPELLING: Mapping[enum.Enum, str] = {
    SponsorRole.LEAD: "lead",
    SponsorRole.COLLABORATOR: "collaborator",
    FacilityContactRole.PRIMARY: "primary",
    FacilityContactRole.BACKUP: "backup",
    MaskedRole.PARTICIPANT: "Participants",
    MaskedRole.CARE_PROVIDER: "Care Providers",
    MaskedRole.INVESTIGATOR: "Investigators",
    MaskedRole.OUTCOMES_ASSESSOR: "Outcome Assessors",
}

# The masked-roles line is the roles' plain names run together ("Participants Outcome
# Assessors"), so it is read by scanning for these phrases.
MASKED_ROLE_PHRASE = regex.compile(
    r"(?i)\b(?:(?P<PARTICIPANT>participants?)|(?P<CARE_PROVIDER>care[ _]providers?)"
    r"|(?P<INVESTIGATOR>investigators?)|(?P<OUTCOMES_ASSESSOR>outcomes?[ _]assessors?))\b"
)
MASKED_ROLE_SEPARATORS = regex.compile(r"[\s,;/&]+|\band\b", regex.I)

ENUMS_BY_FIELD: Mapping[str, type[enum.Enum]] = {
    "status": Status,
    "study_type": StudyType,
    "allocation": Allocation,
    "intervention_model": InterventionModel,
    "primary_purpose": PrimaryPurpose,
    "masking": Masking,
    "observational_model": ObservationalModel,
    "time_perspective": TimePerspective,
    "sex": Sex,
    "arm_type": ArmType,
    "intervention_type": InterventionType,
    "agency_class": AgencyClass,
    "sponsor_role": SponsorRole,
    "responsible_party_type": ResponsiblePartyType,
    "contact_role": ContactRole,
    "facility_contact_role": FacilityContactRole,
}


def page_spelling(value: enum.Enum) -> str:
    """How the site writes a normalized token on the page."""
    return PAGE_SPELLING.get(value, value.value)


def looks_like_heading(stripped: str) -> bool:
    """A short Title Case line without closing punctuation: the shape of a heading or label."""
    words = stripped.split()
    if not 0 < len(words) <= UNKNOWN_HEADING_MAX_WORDS or len(stripped) > 60:
        return False
    if not stripped[-1].isalnum() or not stripped[0].isupper():
        return False
    return all(
        word[0].isupper() or word[0].isdigit() or word in UNKNOWN_HEADING_SMALL_WORDS
        for word in words
    )
